"""Batched reads of the real-time Decision 766 tables for the dashboard: twelve months of one
scope, or every scored unit over a period, in a few queries.

``quality.index_queries`` reads one scope over one period at a time, and
``catalogue_figures.catalogue_figures_many`` sums the province's per-procedure counters again for
every one-stop unit; here those sums are read once per month (or once per period) and handed to
the catalogue figures' own rules (``catalogue_figures._figures``), so the figures are the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Sum

from motcua.quality import catalogue_figures as cf
from motcua.quality.dashboard_counts import Raw
from motcua.quality.index_queries import Period, Scope
from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexTally
from motcua.quality.tallies import COMPETENT, RECEIVING
from motcua.rules.index766 import COUNTERS
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit

USE = ("received", "online", "fee_due", "paid_online", "citizen_data")  # per-procedure counters


def _role(scope: Scope) -> str:
    return scope.role if scope.units is not None else COMPETENT


def month_raws(scope: Scope, months: Iterable[date], now: datetime) -> dict[date, Raw]:
    """The scope's counters per month (two queries)."""
    months = list(months)
    rows = IndexTally.objects.filter(role=_role(scope), month__in=months)
    opens = IndexOpenDue.objects.filter(role=_role(scope), month__in=months, due_at__lt=now)
    if scope.units is not None:
        rows, opens = rows.filter(unit_id__in=scope.units), opens.filter(unit_id__in=scope.units)
    out: dict[date, Raw] = defaultdict(Raw)
    for row in rows.values("month").annotate(**{name: Sum(name) for name in COUNTERS}).order_by():
        month = row.pop("month")
        out[month].counters.update({k: v for k, v in row.items() if v})
    for row in opens.values("month").annotate(n=Sum("count")).order_by():
        out[row["month"]].late_open += row["n"] or 0
    return out


def unit_raws(units: list[Unit], months: Iterable[date], now: datetime) -> dict[tuple[int, str], Raw]:
    """Each unit's counters over the months, in the role it is ranked in (a one-stop unit as the
    receiving unit, any other as the competent agency): the sums are made by the database."""
    months = list(months)
    by_role: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        by_role[RECEIVING if unit.is_one_stop else COMPETENT].append(unit.pk)
    out: dict[tuple[int, str], Raw] = defaultdict(Raw)
    for role, pks in by_role.items():
        rows = IndexTally.objects.filter(role=role, unit_id__in=pks, month__in=months)
        for row in rows.values("unit_id").annotate(**{name: Sum(name) for name in COUNTERS}).order_by():
            out[(row.pop("unit_id"), role)].counters.update({k: v for k, v in row.items() if v})
        for row in IndexOpenDue.objects.filter(role=role, unit_id__in=pks, month__in=months, due_at__lt=now).values(
                "unit_id").annotate(n=Sum("count")).order_by():
            out[(row["unit_id"], role)].late_open += row["n"] or 0
    return out


def _use_sums() -> dict:
    return {name: Sum(name) for name in USE}


def _add(into: dict[int, dict[str, int]], procedure: int, row: dict) -> None:
    acc = into.get(procedure)
    if acc is None:
        into[procedure] = {name: row[name] or 0 for name in USE}
        return
    for name in USE:
        acc[name] += row[name] or 0


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
    that month), with the per-procedure counters read in one query."""
    rows = IndexProcedureTally.objects.filter(month__in=months)
    if scope.units is not None and scope.role != RECEIVING:
        rows = rows.filter(unit_id__in=scope.units)
    used: dict[date, dict[int, dict[str, int]]] = defaultdict(dict)
    for row in rows.values("month", "procedure_id").annotate(**_use_sums()).order_by():
        _add(used[row["month"]], row["procedure_id"], row)
    i = inputs or catalogue_inputs()
    out = {}
    for month in months:
        p = Period("month", month.year, month.month)
        out[month] = cf._figures(scope, p, cf._versions(p.start, p.end), set(i.communes), i.calendar,
                                 used.get(month, {}))
    return out


def catalogue_for(scopes: list[Scope], period: Period, inputs: Inputs | None = None) -> list[dict[str, int]]:
    """``catalogue_figures.catalogue_figures_many`` with the province-wide sums made once."""
    rows = IndexProcedureTally.objects.filter(month__in=period.months)
    competent = [s for s in scopes if s.units is not None and s.role != RECEIVING]
    if len(competent) == len(scopes):
        rows = rows.filter(unit_id__in=set().union(*(s.units for s in scopes)))
    per_unit: dict[int, dict[int, dict[str, int]]] = defaultdict(dict)
    everywhere: dict[int, dict[str, int]] = {}
    if competent:
        for row in rows.values("unit_id", "procedure_id").annotate(**_use_sums()).order_by():
            _add(per_unit[row["unit_id"]], row["procedure_id"], row)
            _add(everywhere, row["procedure_id"], row)
    else:  # only the province or one-stop units: the province-wide sums are enough
        for row in rows.values("procedure_id").annotate(**_use_sums()).order_by():
            _add(everywhere, row["procedure_id"], row)
    i = inputs or catalogue_inputs()
    versions, communes = cf._versions(period.start, period.end), set(i.communes)
    out = []
    for scope in scopes:
        if scope.units is None or scope.role == RECEIVING:
            used = everywhere
        elif len(scope.units) == 1:
            [unit] = scope.units
            used = per_unit.get(unit, {})
        else:
            used = {}
            for unit in scope.units:
                for procedure, row in per_unit.get(unit, {}).items():
                    _add(used, procedure, row)
        out.append(cf._figures(scope, period, versions, communes, i.calendar, used))
    return out
