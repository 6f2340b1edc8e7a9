"""REST routes of the citizen portal: the procedure catalogue and the public lookup (no sign-in),
a citizen's own dossiers, and a dossier's attached files (checked and stored by
``portal.attachments`` exactly as the portal's pages do)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.db import transaction
from django.urls import reverse
from ninja import Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile

from motcua import timesource
from motcua.catalog.models import Procedure
from motcua.catalog.queries import NoVersionInForce, search_procedures, version_in_force
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.api import PageOut, Ref, dossier_for, dossier_out
from motcua.dossiers.models import WAITING_STATES, Dossier, DossierEvent
from motcua.portal import attachments
from motcua.portal.models import Attachment
from motcua.portal.views.mine import SUPPLEMENT_ACTS
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



# -- a dossier's files ---------------------------------------------------------------------------

class AttachmentOut(Schema):
    id: int
    name: str
    document: str = Field(description="Thành phần hồ sơ (tên trong danh mục) hoặc «Giấy tờ khác»")
    size: int
    content_type: str
    stage: Literal["filing", "supplement"]
    uploaded_at: datetime
    url: str = Field(description="Tải tệp (cùng quyền xem hồ sơ)")


def _attachment_out(a: Attachment) -> AttachmentOut:
    return AttachmentOut(id=a.pk, name=a.original_name, document=a.document, size=a.size,
                         content_type=a.content_type, stage=a.stage, uploaded_at=a.uploaded_at,
                         url=reverse("portal:attachment", args=[a.pk]))


def _documents(dossier: Dossier) -> set[str]:
    """What a file may be for: the checklist, «other documents», and the items last asked for."""
    names = {d.get("name") or f"Giấy tờ số {i + 1}" for i, d in enumerate(dossier.procedure_version.documents or [])}
    asked = DossierEvent.objects.filter(dossier=dossier, act__in=SUPPLEMENT_ACTS).order_by("-seq").only("data").first()
    return names | {attachments.OTHER_DOCUMENT} | set((asked.data or {}).get("items") or [] if asked else [])


@router.get("/dossiers/{ref}/attachments", response={200: list[AttachmentOut], **problems(401, 403, 404)},
            summary="Tệp đính kèm của hồ sơ")
def list_attachments(request, ref: Ref):
    dossier = dossier_for(request, ref)
    return [_attachment_out(a) for a in Attachment.objects.filter(dossier=dossier).order_by("uploaded_at", "pk")]


@router.post("/dossiers/{ref}/attachments", response={201: AttachmentOut, **problems(400, 401, 403, 404)},
             summary="Gửi một tệp đính kèm (multipart/form-data)",
             description="Người nộp (hồ sơ của mình) hoặc cán bộ được xem hồ sơ. Trường `document`: tên thành phần "
                         "trong danh mục của thủ tục, nội dung được yêu cầu bổ sung, hoặc «Giấy tờ khác». Loại tệp "
                         "xét theo nội dung: " + attachments.ALLOWED_TEXT + f"; tối đa {attachments.MAX_FILES} tệp "
                         "mỗi hồ sơ; quá giới hạn dung lượng hoặc sai loại trả 422.")
def upload_attachment(request, ref: Ref, file: File[UploadedFile],
                      document: str = Form(..., min_length=1, max_length=500, pattern=PLAIN,
                                          description="Thành phần hồ sơ mà tệp thuộc về")):
    dossier = dossier_for(request, ref)
    document = " ".join(document.split())
    if document not in _documents(dossier):
        return problem(request, 422, "bad_document", f"«{document}» không có trong danh mục thành phần hồ sơ của "
                                                     "thủ tục, cũng không phải nội dung được yêu cầu bổ sung.")
    stage = Attachment.Stage.SUPPLEMENT if dossier.state in WAITING_STATES else Attachment.Stage.FILING
    try:
        checked = attachments.check(file, document)
        with attachments.removed_on_error() as written, transaction.atomic(durable=True):
            Dossier.objects.select_for_update().filter(pk=dossier.pk).exists()  # one upload at a time per dossier
            [row] = attachments.store(dossier, [checked], user=request.user, stage=stage, written=written)
    except attachments.UploadRefused as exc:
        return problem(request, 422, "upload_refused", exc.message)
    return Status(201, _attachment_out(row))
