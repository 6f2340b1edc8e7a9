"""Which procedures had dossiers of each kind over some months (the catalogue figures 3.2, 3.5b
and 4.5a): for each per-procedure counter (``rules.index766.PROCEDURE_COUNTERS``), the set of
procedures with a non-zero count in some month.

The province, and every one-stop unit (which counts the province's procedures), reads the
province's totals (``IndexProcedureTotal``: procedures × months rows); competent units read
their own rows (``IndexProcedureTally``). The database joins each group's procedure ids into one
list per counter, so a ranking of every unit reads one row per unit, not one per procedure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

from django.db import connection

from motcua.quality.models import IndexProcedureTally, IndexProcedureTotal
from motcua.rules.index766 import PROCEDURE_COUNTERS


@dataclass(frozen=True)
class Use:
    """The procedures with a non-zero count of each counter."""

    received: frozenset[int] = frozenset()
    online: frozenset[int] = frozenset()
    fee_due: frozenset[int] = frozenset()
    paid_online: frozenset[int] = frozenset()
    citizen_data: frozenset[int] = frozenset()

    def __or__(self, other: Use) -> Use:
        return Use(*(getattr(self, f.name) | getattr(other, f.name) for f in fields(self)))


NONE = Use()
assert tuple(f.name for f in fields(Use)) == PROCEDURE_COUNTERS


def _lists(table: str, group: str | None, months: list[date], units: Iterable[int] | None = None) -> dict:
    """group value (or None) → ``Use`` of the rows of ``months`` (and ``units``)."""
    if not months:
        return {}
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":  # integer arrays, parsed by psycopg
        lists = ", ".join(f"array_agg({qn('procedure_id')}) FILTER (WHERE {qn(n)} > 0)" for n in PROCEDURE_COUNTERS)
    else:  # "3,17,…"
        lists = ", ".join(f"group_concat(CASE WHEN {qn(n)} > 0 THEN {qn('procedure_id')} END, ',')"
                          for n in PROCEDURE_COUNTERS)
    where = f"{qn('month')} IN ({', '.join(['%s'] * len(months))})"
    params = [connection.ops.adapt_datefield_value(m) for m in months]
    if units is not None:
        units = sorted(units)
        if not units:
            return {}
        where += f" AND {qn('unit_id')} IN ({', '.join(['%s'] * len(units))})"
        params += units
    key = qn(group) if group else "NULL"
    sql = f"SELECT {key}, {lists} FROM {qn(table)} WHERE {where}" + (f" GROUP BY {qn(group)}" if group else "")
    if connection.vendor == "postgresql":  # binary results: the arrays are read in C
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, binary=True)
            rows = cursor.fetchall()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    return {row[0]: Use(*(_ids(ids) for ids in row[1:])) for row in rows}


def _ids(ids) -> frozenset[int]:
    if not ids:
        return frozenset()
    return frozenset(map(int, ids.split(","))) if isinstance(ids, str) else frozenset(ids)


def province_use(months: list[date]) -> Use:
    return _lists(IndexProcedureTotal._meta.db_table, None, months).get(None, NONE)


def units_use(units: Iterable[int], months: list[date]) -> dict[int, Use]:
    """unit → its procedures' use over ``months``."""
    return _lists(IndexProcedureTally._meta.db_table, "unit_id", months, units)


def use_by_month(units: Iterable[int] | None, months: list[date]) -> dict[date, Use]:
    """month → the procedures' use of ``units`` together (``None``: the province)."""
    if units is None:
        found = _lists(IndexProcedureTotal._meta.db_table, "month", months)
    else:
        found = _lists(IndexProcedureTally._meta.db_table, "month", months, units)
    return {date.fromisoformat(m) if isinstance(m, str) else m: use for m, use in found.items()}
