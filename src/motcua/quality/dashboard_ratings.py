"""The ratings page of the dashboard: how applicants rated the dossiers (Decree 118 Arts. 31–33)
in the period and scope, overall and per criterion, and the units and officials with the most
"not satisfied" ratings. A rating belongs to the period it was given in and to every unit and
official that handled the dossier (``Rating.units``, ``Rating.officers``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, QuerySet

from motcua.quality.dashboard_filters import Filters, moment
from motcua.quality.models import Rating
from motcua.rules.rating import OVERALL, SCALES, NoScaleInForce, is_dislike, scale_version
from motcua.units.models import Unit
from motcua.accounts.names import person_name

WORST_LIMIT = 20


@dataclass(frozen=True)
class Row:
    """A unit's, an official's or a criterion's ratings: counts per level label, best first."""

    name: str
    counts: dict[str, int]
    total: int
    bad: int  # not satisfied

    @property
    def bad_share(self) -> float:
        return self.bad / self.total if self.total else 0.0


@dataclass(frozen=True)
class RatingsView:
    total: int
    levels: list[str]  # level labels, best first
    overall: Row
    criteria: list[Row]
    units: list[Row]
    officers: list[Row]


def ratings_in(filters: Filters) -> QuerySet:
    period = filters.period
    rows = Rating.objects.filter(created_at__gte=moment(period.start), created_at__lt=moment(period.end))
    scope = filters.scope
    if scope.units is not None:
        through = Rating.units.through.objects.filter(rating_id=OuterRef("pk"), unit_id__in=list(scope.units))
        rows = rows.filter(Exists(through))
    if filters.procedure:
        rows = rows.filter(dossier__procedure_id=filters.procedure.pk)
    if filters.channel:
        rows = rows.filter(dossier__channel=filters.channel)
    return rows


def _label(version: str, level: str) -> str:
    try:
        found = scale_version(version).level(level)
    except NoScaleInForce:
        found = None
    return found.label if found else level


def _row(name: str, counts: Counter, bad: int) -> Row:
    return Row(name, dict(counts), sum(counts.values()), bad)


def _worst(through: QuerySet, key: str, names: dict[int, str]) -> list[Row]:
    counts: dict[int, Counter] = defaultdict(Counter)
    bad: Counter = Counter()
    for row in through.values(key, "rating__scale_version", "rating__overall").annotate(n=Count("pk")):
        version, level = row["rating__scale_version"], row["rating__overall"]
        counts[row[key]][_label(version, level)] += row["n"]
        if is_dislike(version, level):
            bad[row[key]] += row["n"]
    rows = [_row(names.get(pk, str(pk)), counts[pk], bad[pk]) for pk in counts]
    rows.sort(key=lambda r: (-r.bad, -r.bad_share, -r.total, r.name))
    return rows[:WORST_LIMIT]


def ratings(filters: Filters) -> RatingsView:
    rows = ratings_in(filters)
    latest = SCALES[-1]  # shown even before anyone rates
    levels: list[str] = [lv.label for lv in latest.levels]
    overall: Counter = Counter()
    bad = 0
    per_criterion: dict[str, Counter] = defaultdict(Counter)
    criterion_bad: Counter = Counter()
    criterion_names: dict[str, str] = {c.key: c.label for c in latest.criteria}
    for version, given, levels_given in rows.values_list("scale_version", "overall", "levels"):
        try:
            scale = scale_version(version)
        except NoScaleInForce:
            continue
        for lv in scale.levels:
            if lv.label not in levels:
                levels.append(lv.label)
        for criterion in scale.criteria:
            criterion_names.setdefault(criterion.key, criterion.label)
        overall[_label(version, given)] += 1
        bad += scale.levels[-1].key == given
        for key, level in (levels_given or {}).items():
            if key == OVERALL:
                continue
            label = _label(version, level)
            dislike = scale.levels[-1].key == level
            criterion_names.setdefault(key, key)
            per_criterion[key][label] += 1
            criterion_bad[key] += dislike
    criteria = [_row(criterion_names[k], per_criterion[k], criterion_bad[k]) for k in criterion_names]
    unit_through = Rating.units.through.objects.filter(rating__in=rows)
    officer_through = Rating.officers.through.objects.filter(rating__in=rows)
    unit_names = dict(Unit.objects.filter(pk__in=unit_through.values("unit_id")).values_list("pk", "name"))
    officers = {u.pk: person_name(u)
                for u in get_user_model().objects.filter(pk__in=officer_through.values("user_id"))
                .only("pk", "username", "first_name", "last_name")}
    total = sum(overall.values())
    return RatingsView(total, levels, _row("Mức hài lòng chung", overall, bad), criteria,
                       _worst(unit_through, "unit_id", unit_names), _worst(officer_through, "user_id", officers))
