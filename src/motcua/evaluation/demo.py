"""Evaluation sheets for the demo: last month's and this year's sheets of a few units and their
officials, fed from the demo's dossiers and programme tasks (CTR-01, when the programmes part made
it), with general points, a few typed-in products, one disqualifying fact, and — in the Department
of Justice, given five more officials — a quota of excellent ratings that demotes two of them.
Deterministic for a seed; run again, it keeps the sheets it made."""

from __future__ import annotations

import random
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.demo.people import full_name
from motcua.evaluation import services as sv
from motcua.evaluation.models import Sheet
from motcua.evaluation.periods import Period
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Role
from motcua.rules.scoring import rules_version
from motcua.units.models import Official
from motcua.units.services import add_official

OFFSET = 600
UNITS = 4
EXTRA_OFFICERS = 5


def _units(org: dict, accounts) -> list:
    """The showcase (the Department of Justice when there is one), the agencies leading the most
    programme tasks, and one commune's People's Committee: those with a leader and an officer."""
    staffed = [u for u in [*org.get("agencies", []), *org.get("committees", [])[:1]]
               if u.pk in accounts.leaders and u.pk in accounts.officers]
    if not staffed:
        return []
    try:
        from motcua.programmes.models import Task

        led: dict[int, int] = {}
        for unit_id in Task.objects.filter(programme__code="CTR-01").values_list("lead_unit_id", flat=True):
            led[unit_id] = led.get(unit_id, 0) + 1
    except LookupError:  # pragma: no cover - the programmes app is always installed
        led = {}
    showcase = next((u for u in staffed if u.code.startswith("STP")), staffed[0])
    agencies = sorted((u for u in staffed if u != showcase and u not in org.get("committees", [])),
                      key=lambda u: (-led.get(u.pk, 0), u.code))
    committee = [u for u in staffed if u in org.get("committees", [])][:1]
    return [showcase, *agencies[:UNITS - 1 - len(committee)], *committee]


def _extra_officers(unit, rng: random.Random, template) -> None:
    """Five more processing officers in the showcase unit (a quota group worth the name)."""
    User = get_user_model()
    slug = unit.code.lower().replace("-hn", "")
    for n in range(2, 2 + EXTRA_OFFICERS):
        last, middle, given = full_name(rng)
        user, made = User.objects.get_or_create(username=f"canbo{n}.{slug}", defaults=dict(
            first_name=given, last_name=f"{last} {middle}", password=template.password, is_staff=True))
        if made:
            add_official(user, unit, Role.PROCESSING.value, title="Chuyên viên")


def _general(sheet: Sheet, rng: random.Random, high: bool) -> dict:
    rules = rules_version(sheet.rules_version)
    subject = "unit" if sheet.subject == Sheet.Subject.UNIT else "official"
    criteria = rules.criteria(subject)
    if high:
        return {c.key: c.max_points for c in criteria}
    return {c.key: c.max_points - rng.choice([0, 1, 1, 2]) for c in criteria}


def _fill(unit, period: Period, rng: random.Random, now: datetime, showcase: bool) -> list[Sheet]:
    """General points for every sheet and a typed-in product for officials the records give none;
    in the showcase, three officials do everything (one, two and three products short of all
    assigned at most) so that the quota has excellent ratings to cut."""
    sheets = sv.open_sheets(unit, period, now=now)
    leader = next((s.official for s in sheets if s.subject == Sheet.Subject.LEADER), None)
    stars = 0
    scale = 1 if period.kind == "month" else 10
    for sheet in sorted(sheets, key=lambda s: (s.official_id is None, s.name)):
        if sheet.state != Sheet.State.DRAFT:
            continue
        high = showcase and sheet.subject == Sheet.Subject.OFFICIAL and stars < 3
        sv.set_general_points(sheet, _general(sheet, rng, high), by=leader, now=now)
        if sheet.official_id is not None and not sheet.products.exclude(source="manual").exists():
            assigned = 12 * scale
            short = stars * scale if high else rng.randint(2, 4) * scale
            sv.add_product(sheet, "Văn bản tham mưu, báo cáo chuyên đề", assigned, assigned - short,
                           failed_reviews=0 if high else rng.randint(0, 2) * scale,
                           delays=0 if high else rng.randint(1, 3) * scale, by=leader)
        stars += high
    return sv.compute_unit(unit, period, by=leader, now=now, refresh=False)


def build_demo(seed: int, now: datetime, org: dict, accounts) -> str:
    rng = random.Random(seed + OFFSET)
    units = _units(org, accounts)
    if not units:
        return "Đánh giá, xếp loại: không có đơn vị nào có lãnh đạo và cán bộ để đánh giá."
    today = now.astimezone(VN_TZ).date()
    periods = [p for p in (Period.month_before(today), Period.parse(f"{today.year}"))
               if p.start.year >= 2026]  # Decree 335 applies from 2026
    if not periods:
        return "Đánh giá, xếp loại: chưa có kỳ nào áp dụng Nghị định 335/2025/NĐ-CP (từ 01/01/2026)."
    showcase = units[0]
    with transaction.atomic():
        _extra_officers(showcase, rng, accounts.officers[showcase.pk])
        made = []
        for period in periods:
            for unit in units:
                made += _fill(unit, period, rng, now, unit == showcase)
        month = periods[0]
        fact_unit = units[1] if len(units) > 1 else showcase
        target = Sheet.objects.filter(unit=fact_unit, period=month.code, subject=Sheet.Subject.OFFICIAL).first()
        if target is not None and target.state == Sheet.State.DRAFT and not target.facts.exists():
            sv.record_fact(target, "disciplined", month.start, f"Quyết định 12/QĐ-{fact_unit.code} (kỷ luật khiển trách)",
                           "Vi phạm quy chế văn hóa công vụ", by=accounts.leaders.get(fact_unit.pk), now=now)
            sv.compute_sheet(target, by=accounts.leaders.get(fact_unit.pk), now=now)
        if made:  # the showcase's monthly sheets approved by its leader, as a finished round looks
            leader = accounts.leaders[showcase.pk]
            for sheet in Sheet.objects.filter(unit=showcase, period=month.code, state=Sheet.State.DRAFT).exclude(
                    official=leader).order_by("pk"):
                sv.approve_sheet(sheet, by=leader, now=now)
    demoted = Sheet.objects.filter(unit=showcase, period=month.code).exclude(band="").exclude(
        band_computed="").filter(band_computed="excellent", band="good").count()
    count = Sheet.objects.filter(unit__in=units, period__in=[p.code for p in periods]).count()
    officials = Official.objects.filter(unit__in=units).values("user").distinct().count()
    return (f"Đánh giá, xếp loại: {count} phiếu ({', '.join(p.label for p in periods)}) của {len(units)} đơn vị, "
            f"{officials} cán bộ; 1 căn cứ không hoàn thành nhiệm vụ; tỷ lệ hoàn thành xuất sắc chuyển {demoted} "
            f"người của {showcase.name} xuống hoàn thành tốt.")
