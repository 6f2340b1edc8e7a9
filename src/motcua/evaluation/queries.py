"""Reads for the evaluation pages, the API, the CLI and the exports: a unit's sheets for a period
with their quota outcomes, one sheet with its products and facts, the sheets a viewer may see,
and the labels the rules give."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from motcua.dossiers.access import Viewer
from motcua.evaluation.access import led_units, sees_all, visible_sheets
from motcua.evaluation.models import Fact, Product, QuotaOutcome, Sheet
from motcua.rules import scoring
from motcua.units.models import Unit


def sheets_with_details() -> QuerySet:
    """Sheets with their unit, products and facts (three queries for any number of sheets)."""
    return Sheet.objects.select_related("unit", "official", "assessor", "approver").prefetch_related(
        Prefetch("products", queryset=Product.objects.order_by("source", "pk")),
        Prefetch("facts", queryset=Fact.objects.select_related("recorded_by").order_by("occurred_on", "pk")))


@dataclass
class UnitPeriod:
    unit: Unit
    period: str
    sheets: list[Sheet]
    quotas: list[QuotaOutcome]

    @property
    def unit_sheet(self) -> Sheet | None:
        return next((s for s in self.sheets if s.official_id is None), None)

    @property
    def people(self) -> list[Sheet]:
        return [s for s in self.sheets if s.official_id is not None]


def unit_period(unit: Unit, period: str) -> UnitPeriod:
    sheets = list(sheets_with_details().filter(unit=unit, period=period).order_by("-subject", "group", "-score", "name"))
    quotas = list(QuotaOutcome.objects.filter(unit=unit, period=period).order_by("group"))
    return UnitPeriod(unit, period, sheets, quotas)


def my_sheets(viewer: Viewer) -> QuerySet:
    return Sheet.objects.filter(official_id=viewer.user_id).select_related("unit").order_by("-period_start", "unit__name")


def units_for(viewer: Viewer) -> QuerySet:
    """The units whose sheets the viewer may see (all for supervisors and the administrator)."""
    units = Unit.objects.filter(valid_to__isnull=True).order_by("name")
    return units if sees_all(viewer) else units.filter(pk__in=led_units(viewer))


def listed(viewer: Viewer, unit: Unit | None = None, period: str | None = None) -> QuerySet:
    rows = visible_sheets(viewer).select_related("unit")
    if unit is not None:
        rows = rows.filter(unit=unit)
    if period:
        rows = rows.filter(period=period)
    return rows.order_by("-period_start", "unit__code", "-subject", "name")


def criteria(sheet: Sheet) -> list[tuple[scoring.Criterion, str]]:
    """The sheet's general criteria with the points entered."""
    rules = scoring.rules_version(sheet.rules_version)
    subject = scoring.UNIT if sheet.subject == Sheet.Subject.UNIT else scoring.OFFICIAL
    return [(c, sheet.general.get(c.key, "")) for c in rules.criteria(subject)]


def fact_kinds(sheet: Sheet) -> list[scoring.FactKind]:
    return list(scoring.rules_version(sheet.rules_version).facts_for(sheet.subject))


def fact_label(sheet: Sheet, key: str) -> str:
    fact = scoring.rules_version(sheet.rules_version).fact(key)
    return fact.label if fact else key


def band_label(key: str) -> str:
    return scoring.BAND_LABELS[scoring.Band(key)] if key else ""
