"""Rows of hand-written SQL as the ORM gives them, for the few reads every page of the workbench
makes: the statement is a constant, where the ORM built it again on each request (~0.3-0.5 ms a
query, more than running it), and each value goes through the converters the ORM applies
(SQLite's text dates and 0/1 flags, JSON text), so the instances and dicts are the ORM's own."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DEFERRED

_converters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per connection


def fetch(sql: str, params: Sequence) -> list[tuple]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def moment(value):
    """A date and time as this database's parameter (SQLite keeps text in UTC)."""
    return connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value(value)


def day(value):
    """A date as this database's parameter."""
    return connections[DEFAULT_DB_ALIAS].ops.adapt_datefield_value(value)


def placeholders(n: int) -> str:
    """``%s, %s, …`` for an ``IN (…)`` of ``n`` values (never empty: ``IN (NULL)`` matches nothing)."""
    return ", ".join(["%s"] * n) if n else "NULL"


def every_field(model, *, without: Sequence[str] = ()) -> tuple[str, ...]:
    """The attribute names of all the model's columns (``without`` those named), in field order."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.name not in without)


def columns(model, attnames: Sequence[str], alias: str | None = None) -> str:
    """The quoted columns of ``attnames`` (``alias.`` before each if given), for a SELECT list."""
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{by_attname[name]}"' for name in attnames)


def _plan(model, attnames: tuple[str, ...]) -> list[tuple[int, list, object]]:
    """(position, converters, column) of the values this database hands back in another form."""
    conn = connections[DEFAULT_DB_ALIAS]
    plans = _converters.setdefault(conn, {})
    key = (model, attnames)
    if key not in plans:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        plan = []
        for i, name in enumerate(attnames):
            col = fields[name].get_col(model._meta.db_table)
            found = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
            if found:
                plan.append((i, found, col))
        plans[key] = plan
    return plans[key]


def values(model, attnames: tuple[str, ...], row: Sequence, start: int = 0) -> list:
    """``row[start:start + len(attnames)]`` converted as the ORM converts those fields' values."""
    out = list(row[start:start + len(attnames)])
    plan = _plan(model, attnames)
    if plan:
        conn = connections[DEFAULT_DB_ALIAS]
        for i, found, col in plan:
            value = out[i]
            for convert in found:
                value = convert(value, col, conn)
            out[i] = value
    return out


@functools.cache
def _layout(model, attnames: tuple[str, ...]) -> tuple[list[str], list[int | None]]:
    """The model's field names, and where each one's value is in ``attnames`` (None: deferred)."""
    names = [f.attname for f in model._meta.concrete_fields]
    return names, [attnames.index(n) if n in attnames else None for n in names]


def instance(model, attnames: tuple[str, ...], row: Sequence, start: int = 0):
    """A model instance of those fields (the others deferred), as ``only()`` would give it."""
    got = values(model, attnames, row, start)
    names, where = _layout(model, attnames)
    return model.from_db(DEFAULT_DB_ALIAS, names, [DEFERRED if i is None else got[i] for i in where])
