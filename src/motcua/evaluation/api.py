"""REST routes of evaluation (Decree 335 scoring sheets): list and read the sheets one may see;
open and compute a unit's sheets for a period; set general points, add products, record and
remove facts, approve; export a unit's period as XLSX. Who may: ``evaluation.access``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Field, Path, Query, Router, Schema

from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import viewer_for
from motcua.evaluation import access, queries
from motcua.evaluation import services as sv
from motcua.evaluation.export import unit_xlsx
from motcua.evaluation.models import Sheet
from motcua.evaluation.periods import BadPeriod, Period
from motcua.units.models import Unit

router = Router(tags=["Đánh giá, xếp loại"])

SheetId = Annotated[int, Path(..., ge=1, le=2**31 - 1, description="Số hiệu phiếu đánh giá")]
FactId = Annotated[int, Path(..., ge=1, le=2**31 - 1, description="Số hiệu căn cứ")]
UnitCode = Annotated[str, Path(..., min_length=1, max_length=40, pattern=PLAIN, description="Mã nội bộ của đơn vị")]
PeriodCode = Annotated[str, Path(..., pattern=r"^\d{4}(-\d{2})?$", description="Kỳ: tháng 2026-10 hoặc năm 2026")]
Count = Annotated[int, Field(ge=0, le=999_999)]


class ProductOut(Schema):
    id: int
    name: str
    source: str
    assigned: int
    completed: int
    failed_reviews: int
    delays: int
    exempt_delays: int
    weight: float
    rated: int | None
    satisfied: int | None
    note: str


class FactOut(Schema):
    id: int
    kind: str
    label: str
    occurred_on: date
    document: str
    note: str
    recorded_by: str | None
    recorded_at: datetime


class SheetOut(Schema):
    id: int
    subject: str
    unit: str
    unit_code: str
    official: str | None = Field(None, description="Tên đăng nhập của công chức (phiếu của đơn vị: null)")
    name: str
    group: str
    period: str
    rules_version: str
    general: dict[str, str]
    general_points: float
    quantity: float | None = Field(None, description="Số lượng (%)")
    quality: float | None = Field(None, description="Chất lượng (%)")
    timeliness: float | None = Field(None, description="Tiến độ (%)")
    results_points: float | None
    score: float | None
    band_by_score: str
    band_computed: str = Field(..., description="Xếp loại sau căn cứ, trước khi áp tỷ lệ")
    band: str = Field(..., description="Xếp loại sau khi áp tỷ lệ hoàn thành xuất sắc")
    quota_note: str
    state: str


class SheetDetailOut(SheetOut):
    products: list[ProductOut]
    facts: list[FactOut]


class QuotaOut(Schema):
    group: str
    outstanding: bool
    base: int
    limit: int | None
    excellent_before: int
    demoted: int
    explanation: str


class UnitPeriodOut(Schema):
    unit_code: str
    period: str
    sheets: list[SheetOut]
    quotas: list[QuotaOut]


class GeneralIn(Schema):
    points: dict[Annotated[str, Field(max_length=40)], Annotated[Decimal, Field(ge=0, le=30, max_digits=5, decimal_places=2)]]


class ProductIn(Schema):
    name: str = Field(..., min_length=1, max_length=255, pattern=PLAIN)
    assigned: Count
    completed: Count
    failed_reviews: Count = 0
    delays: Count = 0
    exempt_delays: Count = 0
    weight: Decimal = Field(Decimal(1), gt=0, le=1000, max_digits=6, decimal_places=2)
    note: str = Field("", max_length=500, pattern=PLAIN)


class FactIn(Schema):
    kind: str = Field(..., max_length=20, pattern=PLAIN)
    occurred_on: date
    document: str = Field(..., min_length=1, max_length=255, pattern=PLAIN)
    note: str = Field("", max_length=2000)


class QuotaIn(Schema):
    outstanding: bool = Field(False, description="Đơn vị có thành tích nổi trội: không áp tỷ lệ")


def _f(value) -> float | None:
    return None if value is None else float(value)


def _sheet(s: Sheet) -> dict:
    return dict(id=s.pk, subject=s.subject, unit=s.unit.name, unit_code=s.unit.code,
                official=s.official.username if s.official_id else None, name=s.name, group=s.group, period=s.period,
                rules_version=s.rules_version, general=s.general, general_points=float(s.general_points),
                quantity=_f(s.quantity), quality=_f(s.quality), timeliness=_f(s.timeliness),
                results_points=_f(s.results_points), score=_f(s.score), band_by_score=s.band_by_score,
                band_computed=s.band_computed, band=s.band, quota_note=s.quota_note, state=s.state)


def _detail(s: Sheet) -> SheetDetailOut:
    return SheetDetailOut(**_sheet(s), products=[ProductOut(
        id=p.pk, name=p.name, source=p.source, assigned=p.assigned, completed=p.completed, failed_reviews=p.failed_reviews,
        delays=p.delays, exempt_delays=p.exempt_delays, weight=float(p.weight), rated=p.rated, satisfied=p.satisfied,
        note=p.note) for p in s.products.all()], facts=[FactOut(
        id=f.pk, kind=f.kind, label=queries.fact_label(s, f.kind), occurred_on=f.occurred_on, document=f.document,
        note=f.note, recorded_by=f.recorded_by.username if f.recorded_by_id else None, recorded_at=f.recorded_at)
        for f in s.facts.all()])


def _viewer(request):
    viewer = viewer_for(request.user)
    if not (viewer.units or viewer.everything):
        raise PermissionDenied("Chỉ cán bộ, công chức được xem phiếu đánh giá.")
    return viewer


def _load(request, sheet_id: int, assess: bool = False):
    viewer = _viewer(request)
    sheet = queries.sheets_with_details().filter(pk=sheet_id).first()
    if sheet is None:
        return viewer, None
    (access.require_assess if assess else access.require_see)(viewer, sheet)
    return viewer, sheet


def _no_sheet(request):
    return problem(request, 404, "no_sheet", "Không có phiếu đánh giá này.")


def _refused(request, exc: sv.EvaluationRefused):
    return problem(request, exc.status, exc.code, exc.message)


def _unit_period(request, code: str, period: str, assess: bool):
    viewer = _viewer(request)
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return None, None, problem(request, 404, "no_unit", "Không có đơn vị này.")
    try:
        parsed = Period.parse(period)
    except BadPeriod as exc:
        return None, None, problem(request, 422, "bad_period", str(exc))
    (access.require_assess_unit if assess else access.require_see_unit)(viewer, unit.pk)
    return unit, parsed, None


def _unit_out(unit: Unit, period: Period) -> UnitPeriodOut:
    up = queries.unit_period(unit, period.code)
    return UnitPeriodOut(unit_code=unit.code, period=period.code, sheets=[SheetOut(**_sheet(s)) for s in up.sheets],
                         quotas=[QuotaOut(group=q.group, outstanding=q.outstanding, base=q.base, limit=q.limit,
                                          excellent_before=q.excellent_before, demoted=q.demoted,
                                          explanation=q.explanation) for q in up.quotas])


@router.get("/sheets", response={200: list[SheetOut], **problems(401, 403)}, summary="Các phiếu đánh giá được xem",
            description="Phiếu của chính mình; lãnh đạo: phiếu của đơn vị mình; giám sát, quản trị: mọi phiếu.")
def list_evaluation_sheets(request, unit: Annotated[str | None, Query(None, max_length=40, pattern=PLAIN)] = None,
                           period: Annotated[str | None, Query(None, pattern=r"^\d{4}(-\d{2})?$")] = None,
                           limit: Annotated[int, Query(100, ge=1, le=500)] = 100,
                           offset: Annotated[int, Query(0, ge=0, le=10**7)] = 0):
    viewer = _viewer(request)
    found = Unit.objects.filter(code=unit).first() if unit else None
    if unit and found is None:
        return []
    rows = queries.listed(viewer, found, period).select_related("official")[offset:offset + limit]
    return [SheetOut(**_sheet(s)) for s in rows]


@router.get("/sheets/{sheet_id}", response={200: SheetDetailOut, **problems(401, 403, 404)},
            summary="Một phiếu đánh giá: sản phẩm, căn cứ, điểm và xếp loại")
def get_evaluation_sheet(request, sheet_id: SheetId):
    _, sheet = _load(request, sheet_id)
    return _detail(sheet) if sheet else _no_sheet(request)


@router.get("/units/{code}/periods/{period}", response={200: UnitPeriodOut, **problems(401, 403, 404)},
            summary="Kết quả đánh giá của một đơn vị trong kỳ, với tỷ lệ hoàn thành xuất sắc")
def get_unit_evaluation(request, code: UnitCode, period: PeriodCode):
    unit, parsed, error = _unit_period(request, code, period, assess=False)
    return error or _unit_out(unit, parsed)


@router.post("/units/{code}/periods/{period}/compute", response={200: UnitPeriodOut, **problems(401, 403, 404, 409)},
             summary="Mở phiếu, cập nhật số liệu tự động, tính điểm và áp tỷ lệ cho cả đơn vị (lãnh đạo đơn vị)")
def compute_unit_evaluation(request, code: UnitCode, period: PeriodCode):
    unit, parsed, error = _unit_period(request, code, period, assess=True)
    if error:
        return error
    try:
        sv.compute_unit(unit, parsed, by=request.user)
    except sv.EvaluationRefused as exc:
        return _refused(request, exc)
    return _unit_out(unit, parsed)


@router.post("/units/{code}/periods/{period}/quota", response={200: UnitPeriodOut, **problems(401, 403, 404, 409)},
             summary="Áp tỷ lệ hoàn thành xuất sắc (≤ 20 %) cho các nhóm của đơn vị (lãnh đạo đơn vị)")
def apply_evaluation_quota(request, code: UnitCode, period: PeriodCode, body: QuotaIn):
    unit, parsed, error = _unit_period(request, code, period, assess=True)
    if error:
        return error
    for group in sorted(set(Sheet.objects.filter(unit=unit, period=parsed.code, official__isnull=False)
                            .values_list("group", flat=True))):
        sv.apply_quota(unit, parsed, group, outstanding=body.outstanding)
    return _unit_out(unit, parsed)


@router.get("/units/{code}/periods/{period}/export", response={200: None, **problems(401, 403, 404)},
            summary="Bảng tổng hợp đánh giá của đơn vị trong kỳ (XLSX)")
def export_evaluation_sheets(request, code: UnitCode, period: PeriodCode):
    unit, parsed, error = _unit_period(request, code, period, assess=False)
    if error:
        return error
    response = HttpResponse(unit_xlsx(queries.unit_period(unit, parsed.code)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="danh-gia-{unit.code}-{parsed.code}.xlsx"'
    return response


def _act(request, sheet_id: int, do):
    _, sheet = _load(request, sheet_id, assess=True)
    if sheet is None:
        return _no_sheet(request)
    try:
        do(sheet)
    except sv.EvaluationRefused as exc:
        return _refused(request, exc)
    return _detail(queries.sheets_with_details().get(pk=sheet.pk))


@router.post("/sheets/{sheet_id}/compute", response={200: SheetDetailOut, **problems(401, 403, 404, 409)},
             summary="Tính điểm một phiếu (và áp lại tỷ lệ của nhóm)")
def compute_evaluation_sheet(request, sheet_id: SheetId):
    return _act(request, sheet_id, lambda s: sv.compute_sheet(s, by=request.user))


@router.put("/sheets/{sheet_id}/general", response={200: SheetDetailOut, **problems(401, 403, 404, 409)},
            summary="Chấm điểm tiêu chí chung (mỗi tiêu chí từ 0 đến mức tối đa)")
def set_evaluation_general_points(request, sheet_id: SheetId, body: GeneralIn):
    return _act(request, sheet_id, lambda s: sv.set_general_points(s, dict(body.points), by=request.user))


@router.post("/sheets/{sheet_id}/products", response={200: SheetDetailOut, **problems(401, 403, 404, 409)},
             summary="Thêm sản phẩm nhập tay")
def add_evaluation_product(request, sheet_id: SheetId, body: ProductIn):
    return _act(request, sheet_id, lambda s: sv.add_product(s, by=request.user, **body.dict()))


@router.post("/sheets/{sheet_id}/facts", response={200: SheetDetailOut, **problems(401, 403, 404, 409)},
             summary="Ghi nhận căn cứ xếp loại không hoàn thành nhiệm vụ (ngày, văn bản)")
def record_evaluation_fact(request, sheet_id: SheetId, body: FactIn):
    return _act(request, sheet_id, lambda s: sv.record_fact(s, body.kind, body.occurred_on, body.document, body.note,
                                                            by=request.user))


@router.delete("/sheets/{sheet_id}/facts/{fact_id}", response={200: SheetDetailOut, **problems(401, 403, 404, 409)},
               summary="Xoá một căn cứ đã ghi nhận")
def remove_evaluation_fact(request, sheet_id: SheetId, fact_id: FactId):
    return _act(request, sheet_id, lambda s: sv.remove_fact(s, fact_id, by=request.user))


@router.post("/sheets/{sheet_id}/approve", response={200: SheetDetailOut, **problems(401, 403, 404, 409)},
             summary="Phê duyệt phiếu (lãnh đạo đơn vị; không tự phê duyệt phiếu của mình)")
def approve_evaluation_sheet(request, sheet_id: SheetId):
    return _act(request, sheet_id, lambda s: sv.approve_sheet(s, by=request.user))
