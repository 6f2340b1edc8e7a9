"""What the overview page of the service-quality dashboard shows: the scope's Decision 766 card
and its change on the previous period, the last twelve months, and every scored unit ranked
(all together and within its group).

Without a procedure or channel filter everything is read from the real-time tables through
``quality.index_queries``; with one, the dossier indicators are counted from the dossiers
(``dashboard_counts``) and the catalogue indicators stay the scope's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

from motcua.quality.dashboard_counts import Raw, counters_by, scope_dossiers, settled
from motcua.quality.dashboard_filters import RANK_GROUPS, Filters, rank_group
from motcua.quality.dashboard_index import (Inputs, catalogue_by_month, catalogue_for, catalogue_inputs, month_raws,
                                           unit_raws)
from motcua.quality.index_queries import Period, cutoff, pakn_figures_grid, ranked, scored_units, unit_scope
from motcua.quality.tallies import COMPETENT, RECEIVING
from motcua.rules.index766 import GROUPS, POLICIES, ScoreCard, maximum, score_many, settle
from motcua.units.models import Unit

TREND_MONTHS = 12


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    max_points: float
    points: float
    change: float | None


@dataclass(frozen=True)
class RankRow:
    rank: int
    group_rank: int
    unit: Unit
    card: ScoreCard
    change: float | None
    selected: bool


@dataclass(frozen=True)
class Overview:
    filters: Filters
    card: ScoreCard
    previous: ScoreCard
    maximum: float
    groups: list[GroupRow]
    trend: list[tuple[Period, ScoreCard]]
    ranking: list[RankRow]
    unit_maximum: float

    @property
    def change(self) -> float:
        return round(self.card.total - self.previous.total, 2)


def _figures(raws: list[Raw], catalogue: dict[str, int], pakn: dict[str, int]) -> dict:
    dossiers = settle(raws[0].counters, raws[0].late_open) if len(raws) == 1 else settled(raws)
    return {**dossiers, **catalogue, **pakn}


def _month(day: date) -> Period:
    return Period("month", day.year, day.month)


def trend_months(period: Period, today: date) -> list[date]:
    """The twelve months that end with the period's last month (or with this month, if the
    period has not ended)."""
    last = min(period.months[-1], today.replace(day=1))
    months, p = [], _month(last)
    for _ in range(TREND_MONTHS):
        months.append(p.start)
        p = p.previous()
    return months[::-1]


def spans(periods: list[Period], now: datetime) -> list[tuple[list[date], datetime]]:
    """Each period's months and the moment its open dossiers are judged (``index_queries.cutoff``:
    a month already over is judged at its end, as the index and ``motcua quality`` judge it)."""
    return [(p.months, cutoff(p, now)) for p in periods]


def judged_at(periods: list[Period], now: datetime) -> dict[date, datetime]:
    """Month → the moment of ``spans``, for counting from the dossiers month by month."""
    out: dict[date, datetime] = {}
    for months, moment in spans(periods, now):
        for m in months:
            if out.setdefault(m, moment) != moment:
                raise ValueError(f"{m} is in two periods judged at different moments")
    return out


def scope_cards(filters: Filters, periods: list[Period], now: datetime,
                inputs: Inputs | None = None) -> list[ScoreCard]:
    """The scope's card for each period (a handful of queries however many periods)."""
    inputs = inputs or catalogue_inputs()
    scope = filters.scope
    if filters.narrowed:
        months = sorted({m for p in periods for m in p.months})
        by_month = counters_by(scope_dossiers(filters, months), now, lambda c: [c.tally.month],
                               judged_at(periods, now))
        raws = [[by_month[m] for m in p.months if m in by_month] for p in periods]
    else:
        raws = [[raw] for raw in month_raws(scope, spans(periods, now))]
    monthly = catalogue_by_month(scope, [p.start for p in periods if p.kind == "month"], inputs)
    pakn = pakn_figures_grid([scope], periods, now)
    figures = []
    for j, p in enumerate(periods):
        catalogue = monthly[p.start] if p.kind == "month" else catalogue_for([scope], p, inputs)[0]
        figures.append(_figures(raws[j], catalogue, pakn[(0, j)]))
    return score_many(figures, POLICIES[-1], province=scope.is_province)


def ranked_units(period: Period) -> list[Unit]:
    return list(Unit.objects.filter(scored_units()).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
                .only("pk", "code", "name", "kind", "level"))


def unit_cards(units: list[Unit], filters: Filters, periods: list[Period], now: datetime,
               inputs: Inputs | None = None) -> list[list]:
    """For each period, every unit's card as ``index_queries.unit_cards`` gives it, best first."""
    inputs = inputs or catalogue_inputs()
    scopes = [unit_scope(u) for u in units]
    if filters.narrowed:
        everywhere = Filters(filters.period, None, filters.procedure, filters.channel)
        months = sorted({m for p in periods for m in p.months})
        by_month = counters_by(scope_dossiers(everywhere, months), now, lambda c: [
            (c.row["competent_unit_id"], COMPETENT, c.tally.month),
            (c.row["receiving_unit_id"], RECEIVING, c.tally.month)], judged_at(periods, now))
    else:
        per_period = unit_raws(units, spans(periods, now))
    out = []
    pakn = pakn_figures_grid(scopes, periods, now)
    for j, p in enumerate(periods):
        if filters.narrowed:
            raws = {(unit.pk, scope.role): settled_raw(by_month, unit.pk, scope.role, p.months)
                    for unit, scope in zip(units, scopes, strict=True)}
        else:
            raws = per_period[j]
        figures = []
        for i, (unit, scope, catalogue) in enumerate(zip(units, scopes, catalogue_for(scopes, p, inputs), strict=True)):
            key = (unit.pk, scope.role)
            figures.append(_figures([raws[key]] if key in raws else [], catalogue, pakn[(i, j)]))
        cards = list(zip(units, score_many(figures, POLICIES[-1], province=False)))
        cards.sort(key=lambda pair: (-pair[1].total, pair[0].name))
        out.append(cards)
    return out


def settled_raw(by_month: dict, unit: int, role: str, months: list[date]) -> Raw:
    """One unit's counters over ``months`` from counters kept per (unit, role, month)."""
    total = Raw()
    for m in months:
        raw = by_month.get((unit, role, m))
        if raw is not None:
            total.counters.update(raw.counters)
            total.late_open += raw.late_open
    return total


def ranking(filters: Filters, now: datetime, inputs: Inputs | None = None) -> list[RankRow]:
    """Every scored unit, best first, with its rank overall and within its group and its change
    on the previous period."""
    period = filters.period
    units = ranked_units(period)
    cards, before = unit_cards(units, filters, [period, period.previous()], now, inputs)
    previous = {unit.pk: card.total for unit, card in before}
    group_rank: dict[int, int] = {}
    for key, _ in RANK_GROUPS:
        for rank, unit, _card_ in ranked([pair for pair in cards if rank_group(pair[0]) == key]):
            group_rank[unit.pk] = rank
    chosen = filters.unit.pk if filters.unit else None
    return [RankRow(rank, group_rank[unit.pk], unit, card,
                    round(card.total - previous[unit.pk], 2) if unit.pk in previous else None, unit.pk == chosen)
            for rank, unit, card in ranked(cards)]


def overview(filters: Filters, now: datetime, today: date) -> Overview:
    period = filters.period
    months = trend_months(period, today)
    trend_periods = [_month(m) for m in months]
    inputs = catalogue_inputs()
    trend = scope_cards(filters, trend_periods, now, inputs)
    if period.kind == "month" and period.start in months[1:]:  # the month and the one before are in the trend
        at = months.index(period.start)
        card, previous = trend[at], trend[at - 1]
    else:
        card, previous = scope_cards(filters, [period, period.previous()], now, inputs)
    groups = [GroupRow(key, label, top, card.groups[key], round(card.groups[key] - previous.groups[key], 2))
              for key, label, _en, top in GROUPS]
    return Overview(filters, card, previous, maximum(POLICIES[-1], province=filters.scope.is_province), groups,
                    list(zip(trend_periods, trend, strict=True)), ranking(filters, now, inputs),
                    maximum(POLICIES[-1], province=False))
