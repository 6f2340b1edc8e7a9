"""The filters every service-quality dashboard page shares (bảng điều hành chất lượng phục vụ):
the period (month, quarter or year), the unit (a scored unit, or the whole province), the
procedure and the filing channel, read from the query string and written back into links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlencode

from django.http import Http404

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.quality.index_queries import Period, Scope, province_scope, scored_units, unit_scope
from motcua.quality.journal import fold
from motcua.quality.models import IndexProcedureTally
from motcua.rules.calendar import VN_TZ
from motcua.units.models import Unit

#: The groups a ranking is split into: departments and agencies, communes' People's Committees,
#: one-stop centres and their branches (key, label).
RANK_GROUPS = (("agencies", "Sở, ban, ngành và cơ quan"), ("communes", "UBND cấp xã"),
               ("centres", "Trung tâm Phục vụ hành chính công và chi nhánh"))
PERIOD_CHOICES = {"month": 24, "quarter": 8, "year": 3}  # how many of each the selector offers


def rank_group(unit: Unit) -> str:
    if unit.is_one_stop:
        return "centres"
    if unit.kind == Unit.Kind.PEOPLES_COMMITTEE and unit.level == Unit.Level.COMMUNE:
        return "communes"
    return "agencies"


def moment(day: date) -> datetime:
    """Midnight at the start of ``day`` in Hà Nội."""
    return datetime.combine(day, time(0), tzinfo=VN_TZ)


@dataclass(frozen=True)
class Filters:
    period: Period
    unit: Unit | None = None
    procedure: Procedure | None = None
    channel: str = ""

    @property
    def scope(self) -> Scope:
        return province_scope() if self.unit is None else unit_scope(self.unit)

    @property
    def narrowed(self) -> bool:
        """Filtered by procedure or channel: the real-time tables do not keep those, so the
        dossier indicators are counted from the dossiers themselves."""
        return bool(self.procedure or self.channel)

    @property
    def channel_label(self) -> str:
        return Dossier.Channel(self.channel).label if self.channel else ""

    def params(self, **changes) -> dict[str, str]:
        values = {"period": self.period.key, "unit": self.unit.code if self.unit else "",
                  "procedure": self.procedure.code if self.procedure else "", "channel": self.channel}
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}

    def query(self, **changes) -> str:
        return urlencode(self.params(**changes))

    def with_period(self, period: Period) -> Filters:
        return Filters(period, self.unit, self.procedure, self.channel)

    @property
    def title(self) -> str:
        parts = [self.scope.label, self.period.label]
        if self.procedure:
            parts.append(f"thủ tục {self.procedure.code}")
        if self.channel:
            parts.append(f"kênh {self.channel_label.lower()}")
        return " — ".join(parts)


def parse_filters(params, today: date) -> Filters:
    """The filters in the query string; an unknown unit or procedure code is a 404."""
    period = Period.parse(params.get("period"), today)
    unit = procedure = None
    if code := params.get("unit", "").strip():
        unit = Unit.objects.filter(scored_units(), code=code).first()
        if unit is None:
            raise Http404("Không có đơn vị được xếp hạng mang mã này.")
    if code := params.get("procedure", "").strip():
        procedure = Procedure.objects.filter(code=code).only("pk", "code", "name").first()
        if procedure is None:
            raise Http404("Không có thủ tục mang mã này.")
    channel = params.get("channel", "")
    return Filters(period, unit, procedure, channel if channel in Dossier.Channel.values else "")


def period_choices(today: date, chosen: Period | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The selector's groups: recent months, quarters and years, latest first (and the chosen
    period, if it is older)."""
    groups = []
    for kind, label in (("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm")):
        p = Period(kind, today.year, {"month": today.month, "quarter": (today.month - 1) // 3 + 1}.get(kind, 1))
        options = []
        for _ in range(PERIOD_CHOICES[kind]):
            options.append((p.key, p.label))
            p = p.previous()
        if chosen is not None and chosen.kind == kind and (chosen.key, chosen.label) not in options:
            options.append((chosen.key, chosen.label))
        groups.append((label, options))
    return groups


def unit_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Scored units grouped as the rankings are."""
    groups: dict[str, list[tuple[str, str]]] = {key: [] for key, _ in RANK_GROUPS}
    for unit in Unit.objects.filter(scored_units()).only("code", "name", "kind", "level").order_by("name"):
        groups[rank_group(unit)].append((unit.code, unit.name))
    return [(label, groups[key]) for key, label in RANK_GROUPS if groups[key]]


def procedure_choices() -> list[tuple[str, str]]:
    """Procedures that have had dossiers (the catalogue holds thousands that never do)."""
    fold()
    used = IndexProcedureTally.objects.values("procedure_id")
    return list(Procedure.objects.filter(pk__in=used).order_by("code").values_list("code", "name"))


def form_context(filters: Filters, today: date) -> dict:
    return {"filters": filters, "period_groups": period_choices(today, filters.period), "unit_groups": unit_choices(),
            "procedures": procedure_choices(), "channels": Dossier.Channel.choices}
