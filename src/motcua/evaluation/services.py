"""Writes about evaluation sheets, one function per act: open a unit's sheets for a period, refresh
the automatic products, set the general points, add or remove a manual product, record or remove a
disqualifying fact, compute, apply the quota of excellent ratings, approve.

Who may act is asked of ``evaluation.access`` by the page, API route or command; these functions
check the act itself. A refused act raises ``EvaluationRefused`` (Vietnamese message) and changes
nothing. An approved sheet no longer changes.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.db.models import Q

from motcua import timesource
from motcua.accounts.names import person_name
from motcua.evaluation import feeds
from motcua.evaluation.models import Fact, Product, QuotaOutcome, Sheet
from motcua.evaluation.periods import BadPeriod, Period
from motcua.rules import scoring
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Role
from motcua.units.models import Official, Unit

__all__ = ["EvaluationRefused", "open_sheets", "refresh_feeds", "set_general_points", "add_product", "remove_product",
           "record_fact", "remove_fact", "compute_sheet", "compute_unit", "apply_quota", "approve_sheet", "GROUPS"]

S = Sheet.State
#: quota groups (nhóm chức danh có cùng chức trách, nhiệm vụ) by the kind of post
GROUPS = {"lanh-dao": "Lãnh đạo đơn vị", "cong-chuc": "Công chức, viên chức", "don-vi": "Cơ quan, đơn vị"}
RATED_ROLES = (Role.LEADER.value, Role.PROCESSING.value, Role.RECEPTION.value)


class EvaluationRefused(Exception):
    def __init__(self, message: str, code: str, status: int = 409):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


def _user(by):
    return by if getattr(by, "pk", None) else None


def _period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except BadPeriod as exc:
        raise EvaluationRefused(str(exc), "bad_period", 422) from None


def _rules(period: Period) -> scoring.Rules:
    try:
        return scoring.rules_on(period.start)
    except scoring.NoRulesInForce as exc:
        raise EvaluationRefused(str(exc), "no_scoring_rules", 422) from None


def _draft(sheet: Sheet) -> Sheet:
    """The sheet locked for this transaction; refused once approved."""
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.state != S.DRAFT:
        raise EvaluationRefused("Phiếu đã được phê duyệt: không sửa được nữa.", "sheet_approved")
    return sheet


def open_sheets(unit: Unit, period: Period | str, by=None, now: datetime | None = None) -> list[Sheet]:
    """Mở phiếu: one sheet for the unit and one for each official with a post in it during the
    period (leaders in the leaders' group); sheets already open are kept. The automatic products
    of every draft sheet are then refreshed."""
    period, now = _period(period), now or timesource.now()
    rules = _rules(period)
    with transaction.atomic():
        existing = {s.official_id: s for s in Sheet.objects.filter(unit=unit, period=period.code)}
        posts = (Official.objects.filter(unit=unit, role__in=RATED_ROLES)
                 .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
                         Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
                 .select_related("user").order_by("user_id"))
        people: dict[int, tuple[object, bool]] = {}
        for post in posts:
            leader = people.get(post.user_id, (None, False))[1] or post.role == Role.LEADER.value
            people[post.user_id] = (post.user, leader)
        common = dict(unit=unit, period_kind=period.kind, period=period.code, period_start=period.start,
                      period_end=period.end, rules_version=rules.version, created_at=now)
        new = []
        if None not in existing:
            new.append(Sheet(subject=Sheet.Subject.UNIT, name=unit.name, group="don-vi", **common))
        for user_id, (user, leader) in people.items():
            if user_id not in existing:
                new.append(Sheet(subject=Sheet.Subject.LEADER if leader else Sheet.Subject.OFFICIAL, official=user,
                                 name=person_name(user), group="lanh-dao" if leader else "cong-chuc", **common))
        Sheet.objects.bulk_create(new)
        sheets = list(Sheet.objects.filter(unit=unit, period=period.code))
        refresh_feeds([s for s in sheets if s.state == S.DRAFT], now)
    return sheets


def refresh_feeds(sheets: list[Sheet], now: datetime | None = None) -> None:
    """Replace the automatic products of these draft sheets (of one or more units and periods) by
    what the records say now; manual products stay."""
    today = (now or timesource.now()).astimezone(VN_TZ).date()
    with transaction.atomic():
        drafts = [s for s in sheets if s.state == S.DRAFT]
        Product.objects.filter(sheet__in=drafts).exclude(source=Product.Source.MANUAL).delete()
        made: list[Product] = []
        by_unit: dict[tuple[int, str], list[Sheet]] = {}
        for s in drafts:
            by_unit.setdefault((s.unit_id, s.period), []).append(s)
        for (unit_id, code), group in by_unit.items():
            period = Period.parse(code)
            unit_h, people = feeds.dossier_figures(unit_id, period)
            for s in group:
                lines = []
                if s.official_id is None:
                    lines.append(feeds.dossier_line(unit_h))
                    lines += feeds.task_lines(period, today, unit_id=unit_id)
                else:
                    lines.append(feeds.dossier_line(people.get(s.official_id, feeds.Handled())))
                    lines += feeds.task_lines(period, today, officer_id=s.official_id)
                made += [Product(sheet=s, name=x.name, source=x.source, assigned=x.assigned, completed=x.completed,
                                 failed_reviews=x.failed_reviews, delays=x.delays, rated=x.rated,
                                 satisfied=x.satisfied, note=x.note) for x in lines if x is not None]
        Product.objects.bulk_create(made)


def set_general_points(sheet: Sheet, points: dict, by=None, now: datetime | None = None) -> Sheet:
    """Chấm điểm tiêu chí chung: each criterion between 0 and its maximum."""
    with transaction.atomic():
        sheet = _draft(sheet)
        rules = scoring.rules_version(sheet.rules_version)
        criteria = rules.criteria(scoring.UNIT if sheet.subject == Sheet.Subject.UNIT else scoring.OFFICIAL)
        clean, errors = {}, []
        for c in criteria:
            raw = points.get(c.key, 0)
            try:
                value = Decimal(str(raw if raw not in (None, "") else 0))
            except InvalidOperation:
                value = Decimal(-1)
            if not value.is_finite() or not 0 <= value <= c.max_points:
                errors.append(f"«{c.label}»: điểm phải từ 0 đến {c.max_points}.")
            clean[c.key] = str(value.quantize(Decimal("0.01"))) if value.is_finite() else "0"
        unknown = set(points) - {c.key for c in criteria}
        if unknown:
            errors.append("Không có tiêu chí: " + ", ".join(sorted(map(str, unknown))) + ".")
        if errors:
            raise EvaluationRefused(" ".join(errors), "invalid_points", 422)
        sheet.general = clean
        sheet.general_points = sum((Decimal(v) for v in clean.values()), Decimal(0))
        sheet.assessor, sheet.assessed_at = _user(by) or sheet.assessor, now or timesource.now()
        sheet.save(update_fields=["general", "general_points", "assessor", "assessed_at"])
    return sheet


def add_product(sheet: Sheet, name: str, assigned: int, completed: int, failed_reviews: int = 0, delays: int = 0,
                exempt_delays: int = 0, weight: Decimal | str | int = 1, note: str = "", by=None) -> Product:
    """Thêm sản phẩm nhập tay (a KPI line the assessor converts to standard units)."""
    name = (name or "").strip()
    try:
        w = Decimal(str(weight))
        errors = scoring.Product(assigned, completed, failed_reviews, delays, exempt_delays, Fraction(str(w))).check()
    except (InvalidOperation, ValueError):
        w, errors = Decimal(1), ["Hệ số quy đổi không hợp lệ."]
    if not name:
        errors.insert(0, "Chưa nhập tên sản phẩm.")
    if w > 1000:
        errors.append("Hệ số quy đổi quá lớn.")
    if errors:
        raise EvaluationRefused(" ".join(errors), "invalid_product", 422)
    with transaction.atomic():
        sheet = _draft(sheet)
        return Product.objects.create(sheet=sheet, name=name[:255], source=Product.Source.MANUAL, assigned=assigned,
                                      completed=completed, failed_reviews=failed_reviews, delays=delays,
                                      exempt_delays=exempt_delays, weight=w, note=(note or "")[:500])


def remove_product(sheet: Sheet, product_id: int, by=None) -> None:
    with transaction.atomic():
        sheet = _draft(sheet)
        if not Product.objects.filter(sheet=sheet, pk=product_id, source=Product.Source.MANUAL).delete()[0]:
            raise EvaluationRefused("Không có sản phẩm nhập tay này (sản phẩm tự động không xoá được).",
                                    "no_product", 404)


def record_fact(sheet: Sheet, kind: str, occurred_on: date, document: str, note: str = "", by=None,
                now: datetime | None = None) -> Fact:
    """Ghi nhận căn cứ không hoàn thành nhiệm vụ, with its date and document; it must fall in the
    sheet's year and concern this kind of subject."""
    with transaction.atomic():
        sheet = _draft(sheet)
        rules = scoring.rules_version(sheet.rules_version)
        fact = rules.fact(kind)
        errors = []
        if fact is None or sheet.subject not in fact.applies_to:
            errors.append("Căn cứ này không áp dụng cho đối tượng của phiếu.")
        if occurred_on is None or occurred_on.year != sheet.period_start.year or occurred_on > sheet.period_end:
            errors.append("Ngày của căn cứ phải trong năm đánh giá và không sau kỳ đánh giá.")
        if not (document or "").strip():
            errors.append("Chưa ghi văn bản (số, ký hiệu) làm căn cứ.")
        if errors:
            raise EvaluationRefused(" ".join(errors), "invalid_fact", 422)
        return Fact.objects.create(sheet=sheet, kind=kind, occurred_on=occurred_on, document=document.strip()[:255],
                                   note=(note or "").strip(), recorded_by=_user(by), recorded_at=now or timesource.now())


def remove_fact(sheet: Sheet, fact_id: int, by=None) -> None:
    with transaction.atomic():
        sheet = _draft(sheet)
        if not Fact.objects.filter(sheet=sheet, pk=fact_id).delete()[0]:
            raise EvaluationRefused("Không có căn cứ này trong phiếu.", "no_fact", 404)


def _score(sheet: Sheet, unit_results: Fraction | None) -> scoring.Score:
    rules = scoring.rules_version(sheet.rules_version)
    products = [scoring.Product(p.assigned, p.completed, p.failed_reviews, p.delays, p.exempt_delays,
                                Fraction(str(p.weight))) for p in sheet.products.all()]
    return scoring.score(rules, sheet.subject, sheet.general, products, [f.kind for f in sheet.facts.all()],
                         unit_results)


def _pct(share: Fraction | None) -> Decimal | None:
    return None if share is None else scoring.round2(share * 100)


def _compute(sheet: Sheet, now: datetime, by=None) -> Sheet:
    unit_results = None
    if sheet.subject == Sheet.Subject.LEADER:
        points = (Sheet.objects.filter(unit_id=sheet.unit_id, period=sheet.period, official__isnull=True)
                  .values_list("results_points", flat=True).first())
        unit_results = Fraction(str(points)) if points is not None else None
    s = _score(sheet, unit_results)
    sheet.quantity, sheet.quality, sheet.timeliness = _pct(s.quantity), _pct(s.quality), _pct(s.timeliness)
    sheet.results_points, sheet.score = scoring.round2(s.results), s.total
    sheet.band_by_score, sheet.band_computed, sheet.band = s.band_by_score, s.band, s.band
    sheet.quota_note, sheet.computed_at = "", now
    if _user(by):
        sheet.assessor, sheet.assessed_at = by, now
    sheet.save()
    return sheet


def compute_sheet(sheet: Sheet, by=None, now: datetime | None = None) -> Sheet:
    """Tính điểm one sheet, then apply its group's quota again."""
    now = now or timesource.now()
    with transaction.atomic():
        sheet = _compute(_draft(sheet), now, by)
        if sheet.subject != Sheet.Subject.UNIT:
            apply_quota(sheet.unit, sheet.period, sheet.group, now=now)
    return Sheet.objects.get(pk=sheet.pk)


def compute_unit(unit: Unit, period: Period | str, by=None, now: datetime | None = None,
                 refresh: bool = True) -> list[Sheet]:
    """Tính điểm cả đơn vị: open any missing sheets, refresh the automatic products, compute every
    draft sheet (the unit's first, for its leaders' results) and apply each group's quota."""
    period, now = _period(period), now or timesource.now()
    with transaction.atomic():
        sheets = open_sheets(unit, period, by, now) if refresh else list(Sheet.objects.filter(unit=unit, period=period.code))
        drafts = sorted((s for s in sheets if s.state == S.DRAFT), key=lambda s: s.official_id is not None)
        for sheet in drafts:
            _compute(Sheet.objects.select_for_update().get(pk=sheet.pk), now, by)
        for group in sorted({s.group for s in sheets if s.official_id is not None}):
            apply_quota(unit, period, group, now=now)
    return list(Sheet.objects.filter(unit=unit, period=period.code).order_by("subject", "name"))


def apply_quota(unit: Unit, period: Period | str, group: str, outstanding: bool | None = None,
                now: datetime | None = None) -> QuotaOutcome | None:
    """Áp tỷ lệ hoàn thành xuất sắc to the computed sheets of the unit's group for the period:
    the lowest-scored excess excellent drafts become good, with the reason on each sheet.
    ``outstanding`` (None: as last time) exempts an organisation with outstanding results."""
    period, now = _period(period), now or timesource.now()
    rules = _rules(period)
    with transaction.atomic():
        sheets = list(Sheet.objects.select_for_update().filter(unit=unit, period=period.code, group=group,
                                                               official__isnull=False, score__isnull=False))
        previous = QuotaOutcome.objects.filter(unit=unit, group=group, period=period.code).first()
        if outstanding is None:
            outstanding = previous.outstanding if previous else False
        entries = [scoring.Entry(s.pk, s.name, s.score, scoring.Band(s.band_computed),
                                 scoring.Band(s.band) if s.state == S.APPROVED else None) for s in sheets]
        out = scoring.apply_quota(rules, entries, outstanding)
        for s in sheets:
            if s.state == S.DRAFT:
                s.band, s.quota_note = out.bands[s.pk].value, out.notes.get(s.pk, "")
        Sheet.objects.bulk_update([s for s in sheets if s.state == S.DRAFT], ["band", "quota_note"])
        outcome, _ = QuotaOutcome.objects.update_or_create(
            unit=unit, group=group, period=period.code,
            defaults=dict(outstanding=outstanding, base=out.base, limit=out.limit, excellent_before=out.excellent_before,
                          demoted=len(out.demoted), explanation=out.explanation, applied_at=now))
    return outcome


def approve_sheet(sheet: Sheet, by=None, now: datetime | None = None) -> Sheet:
    """Phê duyệt: the leader confirms the band. The sheet is computed again first (and its group's
    quota applied), so what is approved is what its figures say now; the sheet is then final."""
    now = now or timesource.now()
    with transaction.atomic():
        sheet = _draft(sheet)
        if sheet.score is None:
            raise EvaluationRefused("Phiếu chưa được tính điểm: chưa phê duyệt được.", "sheet_not_computed")
        compute_sheet(sheet, by, now)
        sheet = Sheet.objects.get(pk=sheet.pk)
        sheet.state, sheet.approver, sheet.approved_at = S.APPROVED, _user(by), now
        sheet.save(update_fields=["state", "approver", "approved_at"])
    return sheet
