"""REST routes of the citizen portal: the procedure catalogue and the public lookup (no sign-in),
and a citizen's own dossiers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Path, Query, Router, Schema

from motcua import timesource
from motcua.catalog.models import Procedure
from motcua.catalog.queries import NoVersionInForce, search_procedures, version_in_force
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.api import PageOut, dossier_out
from motcua.dossiers.models import Dossier
from motcua.portal.lookup import NOT_FOUND, client_ip, look_up, too_many
from motcua.rules.calendar import VN_TZ

router = Router(tags=["Cổng công dân"])

Code = Annotated[str, Path(..., min_length=1, max_length=80, pattern=PLAIN)]


class ProcedureOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    field: str
    sector: str


class ProcedurePageOut(Schema):
    items: list[ProcedureOut]
    page: int
    per_page: int
    has_next: bool


class VersionOut(Schema):
    number: int
    effective_from: date
    effective_to: date | None
    duration_unit: str
    duration_value: float
    online: str
    competent_unit: str | None = Field(None, description="Trống với thủ tục cấp xã: UBND xã nơi nộp.")
    fees: list[dict]
    documents: list[dict]
    result_types: list[dict]


class ProcedureDetailOut(ProcedureOut):
    version: VersionOut | None = Field(None, description="Phiên bản có hiệu lực hôm nay (nếu có).")


class ProcedureFilters(Schema):
    q: str = Field("", max_length=200, pattern=PLAIN, description="Mã, hoặc tên gõ có hay không dấu")
    level: Literal["province", "commune"] | None = None
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(25, ge=1, le=100)


class LookupOut(Schema):
    code: str
    procedure_name: str
    state: str
    state_label: str
    received_at: datetime | None
    due_at: datetime | None
    returned_at: datetime | None
    timeliness: Literal["on_time", "overdue"] | None = Field(description="Đúng hạn / quá hạn (trống: chưa có hạn)")
    timeliness_label: str
    holder_unit: str | None


class LookupQuery(Schema):
    code: str = Field(..., min_length=1, max_length=80, pattern=PLAIN, description="Mã hồ sơ trên giấy tiếp nhận")
    last4: str = Field(..., pattern=r"^[0-9]{4}$", description="4 số cuối số định danh hoặc số điện thoại")


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(25, ge=1, le=100)


def _procedure_out(p: Procedure) -> dict:
    return {"code": p.code, "name": p.name, "level": p.level, "level_label": p.get_level_display(),
            "field": p.field.name, "sector": p.field.sector.name}


@router.get("/procedures", response={200: ProcedurePageOut, **problems()}, auth=None,
            summary="Tìm thủ tục hành chính (không dấu, theo cấp)")
def list_procedures(request, filters: Query[ProcedureFilters]):
    start = (filters.page - 1) * filters.per_page
    rows = list(search_procedures(filters.q, filters.level, limit=start + filters.per_page + 1)[start:])
    return {"items": [_procedure_out(p) for p in rows[:filters.per_page]], "page": filters.page,
            "per_page": filters.per_page, "has_next": len(rows) > filters.per_page}


@router.get("/procedures/{code}", response={200: ProcedureDetailOut, **problems(404)}, auth=None,
            summary="Một thủ tục và phiên bản đang có hiệu lực")
def get_procedure(request, code: Code):
    procedure = Procedure.objects.select_related("field__sector").filter(code=code).first()
    if procedure is None:
        return problem(request, 404, "no_procedure", "Không có thủ tục hành chính với mã này.")
    out = _procedure_out(procedure)
    try:
        v = version_in_force(procedure, timesource.now().astimezone(VN_TZ).date())
    except NoVersionInForce:
        return {**out, "version": None}
    out["version"] = {
        "number": v.number, "effective_from": v.effective_from, "effective_to": v.effective_to,
        "duration_unit": v.duration_unit, "duration_value": float(v.duration_value), "online": v.online,
        "competent_unit": v.competent_unit.name if v.competent_unit else None, "fees": v.fees or [],
        "documents": v.documents or [], "result_types": v.result_types or []}
    return out


@router.get("/lookup", response={200: LookupOut, **problems(404, 429)}, auth=None,
            summary="Tra cứu hồ sơ bằng mã và 4 số cuối (công khai)",
            description="Chỉ trả thông tin không định danh. Sai mã hoặc sai 4 số đều trả 404 như nhau; tra cứu sai "
                        "nhiều lần (theo địa chỉ máy hoặc theo mã hồ sơ) trả 429 kèm Retry-After.")
def lookup(request, query: Query[LookupQuery]):
    outcome = look_up(query.code, query.last4, client_ip(request))
    if outcome.throttled:
        response = problem(request, 429, "too_many_lookups", too_many(outcome.retry_after),
                           retry_after=outcome.retry_after)
        response["Retry-After"] = str(outcome.retry_after)
        return response
    if outcome.found is None:
        return problem(request, 404, "lookup_not_found", NOT_FOUND)
    return outcome.found.__dict__


@router.get("/me/dossiers", response={200: PageOut, **problems(401)}, summary="Hồ sơ của tôi (người nộp)")
def my_dossiers(request, query: Query[PageQuery]):
    start = (query.page - 1) * query.per_page
    rows = list(Dossier.objects.filter(applicant_user=request.user)
                .select_related("procedure", "receiving_unit", "competent_unit", "holder_unit").defer("snapshot")
                .order_by("-filed_at", "-pk")[start:start + query.per_page + 1])
    return PageOut(items=[dossier_out(d) for d in rows[:query.per_page]], page=query.page, per_page=query.per_page,
                   has_next=len(rows) > query.per_page)

