"""A unit's worklist in plain SQL: the disjoint parts of the list (held by the unit; waiting for
the applicant, received or decided there; an open joint-procedure part at the unit), each read in
due-time order from its own index, and the tab counts in one round trip.

The ORM built the same queries in ~10 ms of Python per page; these strings are built once.
Same SQL on SQLite and PostgreSQL (``NULLS LAST`` is PostgreSQL's own index order)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import datetime

from django.db import DatabaseError, connection

from motcua import sql_rows
from motcua.dossiers.joined import FROM
from motcua.dossiers.models import Dossier, DossierTask
from motcua.rules.lifecycle import State
from motcua.text import fold
from motcua.units.models import Unit

T, TASKS = Dossier._meta.db_table, DossierTask._meta.db_table


def _states(*states: State) -> str:
    return "(" + ", ".join(f"'{s.value}'" for s in states) + ")"


ACTIVE = f"state IN {_states(State.FILED, State.RECEIVED, State.PROCESSING, State.CORRECTING)}"
WAITING = f"state IN {_states(State.AWAITING_INTAKE_SUPPLEMENT, State.AWAITING_SUPPLEMENT)}"
NEW = f"(state IN {_states(State.FILED, State.RECEIVED)} OR (state = '{State.PROCESSING.value}' AND holder_officer_id IS NULL))"
NOT_SOON = "NOT (due_at IS NOT NULL AND due_at <= %(soon)s)"

#: bucket -> SQL condition (parameters ``now`` and ``soon``); mirrors ``worklists._conditions``.
BUCKETS = {
    "new": f"{ACTIVE} AND {NEW} AND {NOT_SOON}",
    "in_progress": f"{ACTIVE} AND NOT {NEW} AND {NOT_SOON}",
    "due_soon": f"{ACTIVE} AND due_at >= %(now)s AND due_at <= %(soon)s",
    "overdue": f"{ACTIVE} AND due_at < %(now)s",
    "waiting": WAITING,
}
NOT_HELD = "(holder_unit_id IS NULL OR holder_unit_id <> %(unit)s)"
PARTS = [
    "holder_unit_id = %(unit)s",
    # waiting for the applicant, received here or decided here (two parts: each side is read in
    # due-time order from its own index, dossier_waiting_*_due_idx)
    f"{WAITING} AND receiving_unit_id = %(unit)s AND {NOT_HELD}",
    f"{WAITING} AND competent_unit_id = %(unit)s AND receiving_unit_id <> %(unit)s AND {NOT_HELD}",
    f"state = '{State.PROCESSING.value}' AND {NOT_HELD} AND id IN "
    f"(SELECT dossier_id FROM {TASKS} WHERE agency_id = %(unit)s AND done_at IS NULL)",
]
_TAB = dict(zip(BUCKETS, range(len(BUCKETS))))
#: the one tab a dossier falls in (the tabs are disjoint: waiting, or active and then overdue, due
#: soon, new or in progress), as its place in ``BUCKETS``; NULL for an ended dossier. One CASE a
#: row that stops at its first match, where five sums tested every condition on every row: the
#: counts of a unit holding 700-2,800 dossiers took 0.5-1 ms less on the bench database.
TAB = (f"CASE WHEN {WAITING} THEN {_TAB['waiting']} WHEN NOT ({ACTIVE}) THEN NULL "
       f"WHEN due_at < %(now)s THEN {_TAB['overdue']} WHEN due_at <= %(soon)s THEN {_TAB['due_soon']} "
       f"WHEN {NEW} THEN {_TAB['new']} ELSE {_TAB['in_progress']} END")
COUNTS = " UNION ALL ".join(f"SELECT {TAB} AS tab, COUNT(*) FROM {T} WHERE {part} GROUP BY 1" for part in PARTS)


def _params(unit_id: int, now: datetime, soon: datetime, **extra) -> dict:
    adapt = connection.ops.adapt_datetimefield_value
    return {"unit": unit_id, "now": adapt(now), "soon": adapt(soon), **extra}


_GENERIC: ContextVar[bool] = ContextVar("motcua_generic_plans", default=False)


@contextlib.contextmanager
def generic_plans() -> Iterator[None]:
    """PostgreSQL: within, prepared statements run on their generic plan. The worklist's statements
    are prepared (settings.database_from_url), but seeing how unevenly dossiers and open tasks
    spread over units, PostgreSQL would plan them anew for every unit (~0.6-1.3 ms each, more
    than running them); the same plan serves all. Reentrant: a page sets it once around all its
    statements (``views.worklist``), and the mode is reset afterwards (also after an error)."""
    if connection.vendor != "postgresql" or _GENERIC.get():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
    token = _GENERIC.set(True)
    try:
        yield
    finally:
        _GENERIC.reset(token)
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:  # an aborted
            cursor.execute("RESET plan_cache_mode")  # transaction undoes the SET itself


def _run(sql: str, params: dict) -> list[tuple]:
    """Named parameters on both backends (SQLite's driver wants ``:name``)."""
    if connection.vendor == "sqlite":
        import re

        sql = re.sub(r"%\((\w+)\)s", r":\1", sql)
    with generic_plans(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def counts(unit_id: int, now: datetime, soon: datetime) -> dict[str, int]:
    totals = dict.fromkeys(BUCKETS, 0)
    names = list(BUCKETS)
    for tab, n in _run(COUNTS, _params(unit_id, now, soon)):
        if tab is not None:
            totals[names[int(tab)]] += int(n)
    return totals


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _keys(unit_id: int, now: datetime, soon: datetime, *, limit: int, bucket: str | None = None,
          q: str = "", procedure_id: int | None = None, channel: str | None = None,
          officer_id: int | None = None) -> tuple[str, dict]:
    """The first ``limit`` (due_at, id) of each part, filtered: SQL and its parameters."""
    extra, params = [], {}
    if bucket:
        extra.append(BUCKETS[bucket])
    for n, word in enumerate(fold(q).split()[:8]):
        extra.append(f"(applicant_name_folded LIKE %(w{n})s ESCAPE '\\' OR LOWER(code) LIKE %(w{n})s ESCAPE '\\')")
        params[f"w{n}"] = _like(word)
    if procedure_id is not None:
        extra.append("procedure_id = %(procedure)s")
        params["procedure"] = procedure_id
    if channel:
        extra.append("channel = %(channel)s")
        params["channel"] = channel
    if officer_id is not None:
        extra.append("holder_officer_id = %(officer)s")
        params["officer"] = officer_id
    where = "".join(f" AND ({e})" for e in extra)
    sql = " UNION ALL ".join(
        f"SELECT * FROM (SELECT due_at, id FROM {T} WHERE ({part}){where} "
        f"ORDER BY due_at ASC NULLS LAST, id ASC LIMIT {int(limit)}) AS p{n}" for n, part in enumerate(PARTS))
    return sql, _params(unit_id, now, soon, **params)


def page_rows(unit_id: int, now: datetime, soon: datetime, *, skip: int, take: int, **filters) -> list[tuple]:
    """Lines ``skip`` to ``skip + take`` of the unit's list in due-time order (``worklists.Row``'s
    fields, in no particular order), ``filters`` as ``_keys`` takes them. One statement: each part
    yields its first keys from its index, their union is ordered and cut to the page, and only the
    page's rows are read in full (as separate statements, keys then rows, one more round trip)."""
    keys, params = _keys(unit_id, now, soon, limit=skip + take, **filters)
    sql = (f"WITH k AS ({keys}) {_ROWS}(SELECT id FROM k ORDER BY due_at ASC NULLS LAST, id ASC "
           f"LIMIT {int(take)} OFFSET {int(skip)})")
    return _lines(_run(sql, params))


_ROW_OWN = ("id", "code", "state", "channel", "applicant_name", "applicant_id_number", "filed_at", "received_at",
            "due_at", "event_count")
#: ``worklists.Row``: the dossier's own columns, then the names it shows of what it joins
_ROWS = (f"SELECT {sql_rows.columns(Dossier, _ROW_OWN, 'd')}, p.code, p.name, hu.name, ru.name, cu.name, "
         f"o.first_name, o.last_name, o.username{FROM} WHERE d.id IN ")


def rows(pks: list[int]) -> list[tuple]:
    """The lines of a page of the list (``worklists.Row``'s fields), in no particular order."""
    if not pks:
        return []
    return _lines(sql_rows.fetch(_ROWS + f"({sql_rows.placeholders(len(pks))})", pks))


def _lines(found: list[tuple]) -> list[tuple]:
    n = len(_ROW_OWN)
    return [(*sql_rows.values(Dossier, _ROW_OWN, r), *r[n:]) for r in found]


_UNIT_FIELDS = ("id", "code", "name")
_UNITS = f"SELECT {sql_rows.columns(Unit, _UNIT_FIELDS)} FROM {Unit._meta.db_table}"


def unit_by_code(code: str) -> Unit | None:
    """The list's unit, named by its code in the address (its id, code and name read)."""
    found = sql_rows.fetch(f"{_UNITS} WHERE code = %s", [code])
    return sql_rows.instance(Unit, _UNIT_FIELDS, found[0]) if found else None


def units_by_name(ids, limit: int) -> list[Unit]:
    """The first ``limit`` units by name: those of ``ids``, or all of them (``None``)."""
    ids = None if ids is None else sorted(ids)
    where = "" if ids is None else f" WHERE id IN ({sql_rows.placeholders(len(ids))})"
    rows = sql_rows.fetch(f"{_UNITS}{where} ORDER BY name LIMIT {int(limit)}", ids or [])
    return [sql_rows.instance(Unit, _UNIT_FIELDS, r) for r in rows]
