"""Batched reads of the real-time Decision 766 tables for the dashboard: twelve months of one
scope, or every scored unit over a period, in a few queries.

``quality.index_queries`` reads one scope over one period at a time; here the counters are read
once per month (or once per period) and handed to the catalogue figures' own rules
(``catalogue_figures.catalogue_figures_many``), so the figures are the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Sum

from motcua import sql_rows
from motcua.quality import catalogue_figures as cf
from motcua.quality.dashboard_counts import Raw
from motcua.quality.index_queries import Period, Scope, late_open_spans, unit_counters_spans
from motcua.quality.journal import fold
from motcua.quality.models import IndexTally
from motcua.quality.procedure_use import NONE, use_by_month
from motcua.quality.tallies import COMPETENT, RECEIVING
from motcua.rules.index766 import COUNTERS
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit



def _role(scope: Scope) -> str:
    return scope.role if scope.units is not None else COMPETENT


def month_raws(scope: Scope, spans: list[tuple[list[date], datetime]]) -> list[Raw]:
    """The scope's counters over each span (its months, and the moment its open dossiers are
    judged: ``index_queries.cutoff`` of its period), in two queries."""
    months = sorted({m for span_months, _ in spans for m in span_months})
    fold()
    rows = IndexTally.objects.filter(role=_role(scope), month__in=months)
    if scope.units is not None:
        rows = rows.filter(unit_id__in=scope.units)
    by_month: dict[date, dict] = {}
    for row in rows.values("month").annotate(**{name: Sum(name) for name in COUNTERS}).order_by():
        month = row.pop("month")
        by_month[month] = {k: v for k, v in row.items() if v}
    out = [Raw() for _ in spans]
    for raw, (span_months, _) in zip(out, spans, strict=True):
        for m in set(span_months):
            raw.counters.update(by_month.get(m, {}))
    qn, units = connection.ops.quote_name, sorted(scope.units or ())
    in_units = f" AND {qn('unit_id')} IN ({sql_rows.placeholders(len(units))})" if scope.units is not None else ""

    def where(of: list[date]) -> tuple[str, list]:
        return (f"{qn('role')} = %s AND {qn('month')} IN ({sql_rows.placeholders(len(of))}){in_units}",
                [_role(scope), *map(sql_rows.day, of), *units])

    for j, n in late_open_spans(spans, where):
        out[j].late_open += n or 0
    return out


def unit_raws(units: list[Unit], spans: list[tuple[list[date], datetime]]) -> list[dict[tuple[int, str], Raw]]:
    """Each unit's counters over each span, in the role it is ranked in (a one-stop unit as the
    receiving unit, any other as the competent agency): the sums are made by the database."""
    by_role: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        by_role[RECEIVING if unit.is_one_stop else COMPETENT].append(unit.pk)
    result = []
    for sums, late in unit_counters_spans(by_role, spans):
        out: dict[tuple[int, str], Raw] = defaultdict(Raw)
        for key, counters in sums.items():
            out[key].counters = counters
        for key, n in late.items():
            out[key].late_open += n
        result.append(out)
    return result


@dataclass(frozen=True)
class Inputs:
    """What every catalogue figure reads besides the versions and the per-procedure counters:
    read once a request."""

    communes: frozenset[int]
    calendar: object


def catalogue_inputs() -> Inputs:
    return Inputs(frozenset(cf._commune_units()), calendar_for())


def catalogue_by_month(scope: Scope, months: list[date], inputs: Inputs | None = None) -> dict[date, dict[str, int]]:
    """The scope's catalogue figures for each month (``catalogue_figures.catalogue_figures`` of
    that month), with the procedures' use read in one query."""
    whole = scope.units is None or scope.role == RECEIVING
    used = use_by_month(None if whole else scope.units, months)
    i = inputs or catalogue_inputs()
    return {month: cf.catalogue_figures_many([scope], Period("month", month.year, month.month),
                                             [used.get(month, NONE)], set(i.communes), i.calendar)[0]
            for month in months}


def catalogue_for(scopes: list[Scope], period: Period, inputs: Inputs | None = None) -> list[dict[str, int]]:
    """``catalogue_figures.catalogue_figures_many`` with the inputs read once a request."""
    i = inputs or catalogue_inputs()
    return cf.catalogue_figures_many(scopes, period, communes=set(i.communes), cal=i.calendar)
