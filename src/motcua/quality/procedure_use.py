"""Which procedures had dossiers of each kind over some months (the catalogue figures 3.2, 3.5b
and 4.5a): for each per-procedure counter (``rules.index766.PROCEDURE_COUNTERS``), the set of
procedures with a non-zero count in some month, as a bitmask (bit n is procedure n: a union is
``|``, an intersection ``&``, a size ``bit_count()``).

On PostgreSQL the masks are kept per competent unit and month (``IndexProcedureUse``, by the
trigger of migrations 0005 and 0007) and for the whole province per month
(``IndexProvinceUse``), so a ranking of every unit reads one short row per unit, and a year of
the province twelve rows. On SQLite (one writer, a small database) they are
worked out from the tallies themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date

from django.db import connection, transaction

from motcua.quality.journal import fold
from motcua.quality.models import IndexProcedureTally, IndexProcedureUse, IndexProvinceUse
from motcua.rules.index766 import PROCEDURE_COUNTERS


@dataclass(frozen=True)
class Use:
    """The procedures with a non-zero count of each counter, as bitmasks."""

    received: int = 0
    online: int = 0
    fee_due: int = 0
    paid_online: int = 0
    citizen_data: int = 0

    def __or__(self, other: Use) -> Use:
        if not any(self.masks()):
            return other
        return Use(*(a | b for a, b in zip(self.masks(), other.masks(), strict=True)))

    def masks(self) -> tuple[int, ...]:
        return (self.received, self.online, self.fee_due, self.paid_online, self.citizen_data)


NONE = Use()
#: A list of more unit ids than this is matched in Python, not in SQL: PostgreSQL compares every
#: row with the whole list, which cost more than reading the month's few other rows (a ranking's
#: 186 units: 13.8 ms against 10.8 for its counters, 5.2 against 2.1 for its masks).
SHORT_ID_LIST = 32
assert tuple(f.name for f in fields(Use)) == PROCEDURE_COUNTERS


def mask(ids: Iterable[int]) -> int:
    out = 0
    for pid in ids:
        out |= 1 << pid
    return out


def members(bits: int) -> set[int]:
    """The procedure ids of a mask."""
    out = set()
    while bits:
        low = bits & -bits
        out.add(low.bit_length() - 1)
        bits ^= low
    return out


def _months_where(months: list[date], units: list[int] | None) -> tuple[str, list]:
    qn = connection.ops.quote_name
    where = f"{qn('month')} IN ({', '.join(['%s'] * len(months))})"
    params = [connection.ops.adapt_datefield_value(m) for m in months]
    if units is not None:
        where += f" AND {qn('unit_id')} IN ({', '.join(['%s'] * len(units))})"
        params += units
    return where, params


def _binary_rows(sql: str, params) -> list[tuple]:
    """PostgreSQL: the rows of ``sql``, read in binary (bytea as bytes, in C)."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        return cursor.fetchall()


def _stored_rows(where: str = "TRUE", params: list | tuple = ()) -> list[tuple]:
    """PostgreSQL: (unit, month, *the masks as bytes) of the kept rows matching ``where``."""
    table = IndexProcedureUse._meta.db_table
    return _binary_rows(f"SELECT unit_id, month, {', '.join(PROCEDURE_COUNTERS)} FROM {table} WHERE {where}", params)


def _province_rows(months: list[date]) -> dict[date, Use]:
    """PostgreSQL: month → the province's kept masks (``IndexProvinceUse``); every month without
    ``months``."""
    where, params = _months_where(months, None) if months else ("TRUE", [])
    table = IndexProvinceUse._meta.db_table
    rows = _binary_rows(f"SELECT month, {', '.join(PROCEDURE_COUNTERS)} FROM {table} WHERE {where}", params)
    return {row[0]: Use(*(int.from_bytes(b, "little") for b in row[1:])) for row in rows}


def _stored(group: str | None, months: list[date], units: list[int] | None) -> dict:
    """PostgreSQL: the kept masks of ``months`` (and ``units``; without them, the province's
    rows) OR-ed by ``group``."""
    if units is None and group != "unit_id":
        out: dict = {}
        for month, use in _province_rows(months).items():
            key = month if group == "month" else None
            out[key] = use if key not in out else out[key] | use
        return out
    at = {"unit_id": 0, "month": 1}.get(group)
    acc: dict = {}
    from_bytes = int.from_bytes
    long = units is not None and len(units) > SHORT_ID_LIST
    rows = _stored_rows(*_months_where(months, None if long else units))
    if long:
        wanted = set(units)
        rows = [row for row in rows if row[0] in wanted]
    for row in rows:
        key = None if at is None else row[at]
        masks = acc.get(key)
        if masks is None:
            acc[key] = [from_bytes(b, "little") for b in row[2:]]
        else:
            for i, b in enumerate(row[2:]):
                masks[i] |= from_bytes(b, "little")
    return {key: Use(*masks) for key, masks in acc.items()}


def _from_tallies(group: str | None, months: list[date], units: list[int] | None) -> dict:
    """SQLite: the same worked out from the tallies (``group_concat`` of the procedure ids)."""
    qn = connection.ops.quote_name
    where, params = _months_where(months, units)
    lists = ", ".join(f"group_concat(DISTINCT CASE WHEN {qn(n)} > 0 THEN {qn('procedure_id')} END)"
                      for n in PROCEDURE_COUNTERS)
    key = qn(group) if group else "NULL"
    sql = (f"SELECT {key}, {lists} FROM {qn(IndexProcedureTally._meta.db_table)} WHERE {where}"
           + (f" GROUP BY {qn(group)}" if group else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: Use(*(mask(map(int, ids.split(","))) if ids else 0 for ids in row[1:])) for row in rows
            if any(row[1:])}


def _use(group: str | None, months: list[date], units: Iterable[int] | None = None) -> dict:
    if not months:
        return {}
    if units is not None:
        units = sorted(units)
        if not units:
            return {}
    fold()
    read = _stored if connection.vendor == "postgresql" else _from_tallies
    return read(group, months, units)


def province_use(months: list[date]) -> Use:
    return _use(None, months).get(None, NONE)


def units_use(units: Iterable[int], months: list[date]) -> dict[int, Use]:
    """unit → its procedures' use over ``months``."""
    return _use("unit_id", months, units)


def use_by_month(units: Iterable[int] | None, months: list[date]) -> dict[date, Use]:
    """month → the procedures' use of ``units`` together (``None``: the province)."""
    found = _use("month", months, units)
    return {date.fromisoformat(m) if isinstance(m, str) else m: use for m, use in found.items()}


# -- keeping the masks (PostgreSQL) -----------------------------------------------------------

def kept() -> dict[tuple[int, date], Use] | None:
    """(unit, month) → the stored masks (non-empty ones); ``None`` where none are kept (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    fold()
    out = {}
    for unit, month, *masks in _stored_rows():
        use = Use(*(int.from_bytes(b, "little") for b in masks))
        if any(use.masks()):
            out[(unit, month)] = use
    return out


def kept_province() -> dict[date, Use] | None:
    """month → the province's stored masks (non-empty ones); ``None`` on SQLite."""
    if connection.vendor != "postgresql":
        return None
    fold()
    return {month: use for month, use in _province_rows([]).items() if any(use.masks())}


def province_of(units: dict[tuple[int, date], Use]) -> dict[date, Use]:
    """month → the OR of the units' masks ``units`` ((unit, month) → Use)."""
    out: dict[date, Use] = {}
    for (_unit, month), use in units.items():
        out[month] = out[month] | use if month in out else use
    return out


def derived(procedures: dict) -> dict[tuple[int, date], Use]:
    """The masks the tallies ``procedures`` ((unit, month, procedure) → counter → n) give."""
    bits: dict[tuple[int, date], list[int]] = {}
    for (unit, month, procedure), counts in procedures.items():
        row = bits.setdefault((unit, month), [0] * len(PROCEDURE_COUNTERS))
        for i, name in enumerate(PROCEDURE_COUNTERS):
            if counts.get(name):
                row[i] |= 1 << procedure
    return {key: Use(*row) for key, row in bits.items() if any(row)}


@contextmanager
def bulk_writes():
    """Around writes of many tallies at once (a rebuild, a load): in one transaction, with the
    trigger off, and the masks worked out again from the tallies at the end."""
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('motcua.procedure_use_bulk', 'on', true)")
            yield
            cursor.execute("SELECT set_config('motcua.procedure_use_bulk', 'off', true)")
            cursor.execute("SELECT quality_refill_procedure_use()")
