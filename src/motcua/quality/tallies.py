"""Keeping the Decision 766 counters in real time: every act adds the difference between the
dossier's tally before and after it (``rules.index766.dossier_tally``) to the small tables of
``quality.models``, in the act's own transaction. A rating that says "not satisfied" adds to
``disliked`` the same way.

An act that changes nothing the index reads (an assignment, a hand-off) writes nothing here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.db import connection

from motcua.rules.dossier import DossierRecord
from motcua.rules.index766 import DossierFacts, Tally, dossier_tally
from motcua.sql_rows import day as _day
from motcua.sql_rows import moment as _dt

COMPETENT, RECEIVING = "c", "r"


def facts_of(record: DossierRecord | None, disliked: bool = False) -> DossierFacts | None:
    if record is None:
        return None
    return DossierFacts(received_at=record.received_at, ended_at=record.ended_at, due_at=record.due_at,
                        reference_due_at=record.reference_due_at, supplement_requests=record.supplement_requests,
                        channel=record.channel, facts=record.facts, disliked=disliked)


def tally_of(record: DossierRecord | None, disliked: bool = False) -> Tally | None:
    facts = facts_of(record, disliked)
    return None if facts is None else dossier_tally(facts)


@dataclass
class Deltas:
    """Changes to apply, summed by key: (unit, role, month) → counter → n; (unit, role, month,
    due) → n; (unit, month, procedure) → counter → n."""

    tallies: dict[tuple, Counter] = field(default_factory=lambda: defaultdict(Counter))
    open_due: Counter = field(default_factory=Counter)
    procedures: dict[tuple, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, tally: Tally | None, sign: int, competent: int, receiving: int, procedure: int) -> None:
        if tally is None:
            return
        for unit, role in ((competent, COMPETENT), (receiving, RECEIVING)):
            key = (unit, role, tally.month)
            counts = self.tallies[key]
            for name in tally.counters:
                counts[name] += sign
            if tally.open_due is not None:
                self.open_due[(*key, tally.open_due)] += sign
        counts = self.procedures[(competent, tally.month, procedure)]
        for name in tally.procedure_counters:
            counts[name] += sign

    def change(self, before: Tally | None, after: Tally | None, competent: int, receiving: int,
               procedure: int) -> None:
        if before == after:
            return
        if before is None or after is None or before.month != after.month:
            self.add(before, -1, competent, receiving, procedure)
            self.add(after, 1, competent, receiving, procedure)
            return
        # The same month (every act after reception): only what differs moves. The same sums as
        # the two ``add`` above, without touching the counters both tallies hold (most of them).
        month, roles = after.month, ((competent, COMPETENT), (receiving, RECEIVING))
        gone, new = before.counters - after.counters, after.counters - before.counters
        if gone or new:
            for unit, role in roles:
                counts = self.tallies[(unit, role, month)]
                for name in gone:
                    counts[name] -= 1
                for name in new:
                    counts[name] += 1
        if before.open_due != after.open_due:
            for unit, role in roles:
                if before.open_due is not None:
                    self.open_due[(unit, role, month, before.open_due)] -= 1
                if after.open_due is not None:
                    self.open_due[(unit, role, month, after.open_due)] += 1
        gone, new = (before.procedure_counters - after.procedure_counters,
                     after.procedure_counters - before.procedure_counters)
        if gone or new:
            counts = self.procedures[(competent, month, procedure)]
            for name in gone:
                counts[name] -= 1
            for name in new:
                counts[name] += 1


def change_of(dossier, before: Tally | None, record: DossierRecord) -> Deltas | None:
    """What an act moves in the counters: its dossier's tally before it and after it (``record``);
    ``None`` when nothing moved (an assignment, a hand-off). ``dossiers.persistence.save_act``
    writes it with the act."""
    after = tally_of(record)
    if before == after:
        return None
    deltas = Deltas()
    deltas.change(before, after, dossier.competent_unit_id, dossier.receiving_unit_id, dossier.procedure_id)
    return deltas


# -- writing ------------------------------------------------------------------------------------

def _moved(counts: Counter) -> tuple[str, ...]:
    return tuple(sorted(n for n, v in counts.items() if v))


def statements(deltas: Deltas, gate: str | None = None) -> list[tuple[str, list]]:
    """The writes that add ``deltas``: upserts of the counter rows, and for an open deadline no
    dossier waits on any more, the row's removal (keeping the table small).

    With ``gate`` (PostgreSQL) the writes are ``riders``: CTEs of the act's own statement."""
    from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexTally

    if gate is not None:
        return riders(deltas, gate)
    out = []
    for (unit, role, month), counts in deltas.tallies.items():
        if moved := _moved(counts):
            out.append((_upsert_sql(IndexTally._meta.db_table, ("unit_id", "role", "month"), moved),
                        [unit, role, _day(month), *(counts[n] for n in moved)]))
    for (unit, role, month, due), n in deltas.open_due.items():
        if not n:
            continue
        key = [unit, role, _day(month), _dt(due)]
        out.append((_upsert_sql(IndexOpenDue._meta.db_table, _KEY, ("count",)), [*key, n]))
        if n < 0:
            out.append((_delete_empty_sql(IndexOpenDue._meta.db_table), key))
    for (unit, month, procedure), counts in deltas.procedures.items():
        if moved := _moved(counts):
            out.append((_upsert_sql(IndexProcedureTally._meta.db_table, ("unit_id", "month", "procedure_id"), moved),
                        [unit, _day(month), procedure, *(counts[n] for n in moved)]))
    return out


def riders(deltas: Deltas, gate: str) -> list[tuple[str, list]]:
    """The same writes as CTEs that read the CTE named ``gate``, so that they happen only if the
    act's write did (one round trip for the act and its counters). The rows of one table and
    shape go in one CTE, and an open deadline counted down is removed instead when this empties
    it (every CTE sees the same snapshot). The per-procedure rows go in key order: the trigger
    that keeps the procedure-use masks (the month's province row, then the unit's) then takes its
    locks in the same order in every act."""
    from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexTally

    ops = connection.ops  # once: each use goes through the connection's proxy
    day, moment = ops.adapt_datefield_value, ops.adapt_datetimefield_value
    out = []
    shapes: dict[tuple, list] = defaultdict(list)
    for (unit, role, month), counts in deltas.tallies.items():
        if moved := _moved(counts):
            shapes[moved].append([unit, role, day(month), *(counts[n] for n in moved)])
    for moved, rows in shapes.items():
        out.append(_rider_upsert(IndexTally._meta.db_table, ("unit_id", "role", "month"), moved, gate, rows))
    table = IndexOpenDue._meta.db_table
    up, down = [], []
    for (unit, role, month, due), n in deltas.open_due.items():
        if n:
            (up if n > 0 else down).append([unit, role, day(month), moment(due), abs(n)])
    if up:
        out.append(_rider_upsert(table, _KEY, ("count",), gate, up))
    if down:
        params = [v for row in down for v in row]
        out.append((_count_down_sql(table, gate, len(down), delete=True), params))
        out.append((_count_down_sql(table, gate, len(down), delete=False), params))
    shapes = defaultdict(list)
    for (unit, month, procedure), counts in sorted(deltas.procedures.items(), key=lambda item: item[0]):
        if moved := _moved(counts):
            shapes[moved].append([unit, day(month), procedure, *(counts[n] for n in moved)])
    for moved, rows in shapes.items():
        out.append(_rider_upsert(IndexProcedureTally._meta.db_table, ("unit_id", "month", "procedure_id"), moved,
                                 gate, rows))
    return out


def write(deltas: Deltas) -> None:
    """Add the deltas to the tables (one statement per key whose counters moved)."""
    with connection.cursor() as cursor:
        for sql, params in statements(deltas):
            cursor.execute(sql, params)


_TYPES = {"unit_id": "integer", "procedure_id": "integer", "role": "varchar", "month": "date",
          "due_at": "timestamp with time zone"}
_KEY = ("unit_id", "role", "month", "due_at")


def _conflict(table: str, keys: tuple[str, ...], columns: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(c)} = {qn(table)}.{qn(c)} + excluded.{qn(c)}" for c in columns)
    return f"ON CONFLICT ({', '.join(qn(k) for k in keys)}) DO UPDATE SET {sets}"


@cache
def _upsert_sql(table: str, keys: tuple[str, ...], columns: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in (*keys, *columns))
    marks = ", ".join(["%s"] * (len(keys) + len(columns)))
    return f"INSERT INTO {qn(table)} ({names}) VALUES ({marks}) {_conflict(table, keys, columns)}"


def _values(columns: tuple[str, ...], rows: int) -> str:
    """``(VALUES (CAST(%s AS …), …), …) AS v (…)``: typed rows to join with."""
    qn = connection.ops.quote_name
    row = "(" + ", ".join(f"CAST(%s AS {_TYPES.get(c, 'integer')})" for c in columns) + ")"
    return f"(VALUES {', '.join([row] * rows)}) AS v ({', '.join(qn(c) for c in columns)})"


def _rider_upsert(table: str, keys: tuple[str, ...], columns: tuple[str, ...], gate: str, rows: list[list]):
    return _rider_upsert_sql(table, keys, columns, gate, len(rows)), [v for row in rows for v in row]


@cache
def _rider_upsert_sql(table: str, keys: tuple[str, ...], columns: tuple[str, ...], gate: str, rows: int) -> str:
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in (*keys, *columns))
    return (f"INSERT INTO {qn(table)} ({names}) SELECT v.* FROM {gate}, {_values((*keys, *columns), rows)} "
            f"{_conflict(table, keys, columns)}")


@cache
def _delete_empty_sql(table: str) -> str:
    qn = connection.ops.quote_name
    where = " AND ".join(f"{qn(k)} = %s" for k in _KEY)
    return f"DELETE FROM {qn(table)} WHERE {where} AND {qn('count')} = 0"


@cache
def _count_down_sql(table: str, gate: str, rows: int, delete: bool) -> str:
    """Open deadlines counted down by ``v.n``: removed when that empties them (``delete``), else
    lowered (the two CTEs never touch the same row)."""
    qn = connection.ops.quote_name
    t = qn(table)
    match = " AND ".join(f"{t}.{qn(k)} = v.{qn(k)}" for k in _KEY) + f" AND EXISTS (SELECT 1 FROM {gate})"
    values = _values((*_KEY, "n"), rows)
    if delete:
        return f"DELETE FROM {t} USING {values} WHERE {match} AND {t}.{qn('count')} = v.n"
    return (f"UPDATE {t} SET {qn('count')} = {t}.{qn('count')} - v.n FROM {values} WHERE {match} "
            f"AND {t}.{qn('count')} <> v.n")


def add_histories(items: Iterable[tuple[object, DossierRecord]]) -> None:
    """Bulk path (``dossiers.history``): add the tallies of new dossiers with their records."""
    deltas = Deltas()
    for dossier, record in items:
        deltas.add(tally_of(record), 1, dossier.competent_unit_id, dossier.receiving_unit_id, dossier.procedure_id)
    write(deltas)


def dossier_disliked(dossier_id: int) -> bool:
    """The dossier counts against 5.4's satisfaction: some applicant rated it at the lowest level
    of their scale ("not satisfied"), or a PAKN or complaint was filed about it
    (``complaints.index_feed``; one-stop-details.md §3.2: "dossiers with a complaint or dislike")."""
    from motcua.complaints.index_feed import dossier_has_complaint

    return rated_disliked(dossier_id) or dossier_has_complaint(dossier_id)


def rated_disliked(dossier_id: int) -> bool:
    """Some applicant rated the dossier at the lowest level of their scale ("not satisfied")."""
    from motcua.quality.models import Rating
    from motcua.rules.rating import is_dislike

    return any(is_dislike(version, overall) for version, overall in
               Rating.objects.filter(dossier_id=dossier_id).values_list("scale_version", "overall"))


def disliked_dossiers(among=None) -> set[int]:
    """The dossiers (of the queryset ``among``, or all) some applicant rated at the lowest level,
    or with a PAKN or complaint about them."""
    from motcua.quality.models import Rating
    from motcua.rules.rating import is_dislike

    ratings = Rating.objects.all() if among is None else Rating.objects.filter(dossier_id__in=among.values("pk"))
    from motcua.complaints.index_feed import DOSSIER_COMPLAINT_KINDS
    from motcua.complaints.models import Case

    cases = Case.objects.filter(dossier__isnull=False, kind__in=DOSSIER_COMPLAINT_KINDS)
    if among is not None:
        cases = cases.filter(dossier_id__in=among.values("pk"))
    return {pk for pk, version, overall in ratings.values_list("dossier_id", "scale_version", "overall")
            if is_dislike(version, overall)} | set(cases.values_list("dossier_id", flat=True))


def rating_changed(dossier, disliked_before: bool, disliked_after: bool) -> None:
    """A rating of ``dossier`` turned "not satisfied" (or stopped being so)."""
    if disliked_before == disliked_after:
        return
    from motcua.dossiers.persistence import load_record

    record = load_record(dossier)
    before, after = tally_of(record, disliked_before), tally_of(record, disliked_after)
    deltas = Deltas()
    deltas.change(before, after, dossier.competent_unit_id, dossier.receiving_unit_id, dossier.procedure_id)
    write(deltas)

