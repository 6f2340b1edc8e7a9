"""REST routes for dossiers: the list a desk works from, one dossier, its log, and every act.

Every route asks ``dossiers.access`` first; every act goes through ``dossiers.services`` with the
version the caller read (409 if the dossier changed since)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from motcua.catalog.models import Procedure
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import can_see, viewer_for
from motcua.dossiers.commands import ACT_NAMES, ActInput, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.worklists import Bucket, worklist
from motcua.rules.lifecycle import ACT_LABELS, STATE_LABELS, Act, State
from motcua.units.models import Unit

router = Router(tags=["Hồ sơ"])


class DossierOut(Schema):
    code: str | None
    procedure_code: str
    procedure_name: str
    state: str
    state_label: str
    channel: str
    applicant_name: str
    applicant_id_last4: str
    receiving_unit: str
    competent_unit: str
    holder_unit: str | None
    filed_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    version: int


class PageOut(Schema):
    items: list[DossierOut]
    page: int
    per_page: int
    has_next: bool


class EventOut(Schema):
    seq: int
    act: str
    act_label: str
    at: datetime
    from_unit: str | None
    to_unit: str | None
    due_before: datetime | None
    due_after: datetime | None
    reason: str


class ListFilters(Schema):
    unit: str | None = Field(None, max_length=40, pattern=PLAIN, description="Mã đơn vị")
    bucket: Bucket | None = None
    q: str = Field("", max_length=200, pattern=PLAIN, description="Tên người nộp (không dấu) hoặc mã hồ sơ")
    procedure: str | None = Field(None, max_length=40, pattern=PLAIN, description="Mã thủ tục hành chính")
    channel: Dossier.Channel | None = Field(None, description="Kênh nộp")
    mine: bool = Field(False, description="Chỉ hồ sơ được phân công cho tôi")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = 25


Code = Annotated[str, Path(..., max_length=80, pattern=PLAIN)]


class ActIn(Schema):
    expected_version: int
    officer: str | None = None
    items: list[str] = []
    reason: str = ""
    working_days: float = 0
    outcome: Literal["approved", "refused"] = "approved"
    method: Literal["counter", "post", "online"] = "counter"
    step: int | None = None


def dossier_out(d: Dossier) -> DossierOut:
    return DossierOut(
        code=d.code, procedure_code=d.procedure.code, procedure_name=d.procedure.name, state=d.state,
        state_label=STATE_LABELS[State(d.state)], channel=d.channel, applicant_name=d.applicant_name,
        applicant_id_last4=d.applicant_id_number[-4:], receiving_unit=d.receiving_unit.name,
        competent_unit=d.competent_unit.name, holder_unit=d.holder_unit.name if d.holder_unit else None,
        filed_at=d.filed_at, received_at=d.received_at, due_at=d.due_at, version=d.event_count)


def _dossier(request, code: str) -> Dossier:
    dossier = (Dossier.objects.select_related("procedure", "procedure_version", "receiving_unit", "competent_unit",
                                              "holder_unit").filter(code=code).first())
    if dossier is None:
        raise Http404
    if not can_see(viewer_for(request.user), dossier):
        raise PermissionDenied("Ông/bà không được xem hồ sơ này.")
    return dossier


@router.get("", response={200: PageOut, **problems(401, 403, 404)},
            summary="Danh sách hồ sơ (theo đơn vị, ngăn việc, thủ tục, kênh, người được giao; tìm không dấu)")
def list_dossiers(request, filters: Query[ListFilters]):
    unit = procedure = None
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).first()
        if unit is None:
            raise Http404
    if filters.procedure:
        procedure = Procedure.objects.filter(code=filters.procedure).first()
        if procedure is None:
            return problem(request, 404, "no_procedure", "Không có thủ tục hành chính với mã này.")
    page = worklist(viewer_for(request.user), unit=unit, bucket=filters.bucket, q=filters.q, procedure=procedure,
                    channel=filters.channel, person=request.user if filters.mine else None, page=filters.page,
                    per_page=filters.per_page)
    return PageOut(items=[dossier_out(d) for d in page.items], page=page.number, per_page=page.per_page,
                   has_next=page.has_next)


@router.get("/{code}", response={200: DossierOut, **problems(401, 403, 404)}, summary="Một hồ sơ")
def get_dossier(request, code: Code):
    return dossier_out(_dossier(request, code))


@router.get("/{code}/events", response={200: list[EventOut], **problems(401, 403, 404)}, summary="Nhật ký hồ sơ")
def dossier_events(request, code: Code):
    dossier = _dossier(request, code)
    rows = dossier.events.select_related("from_unit", "to_unit").order_by("seq")
    return [EventOut(seq=e.seq, act=e.act, act_label=ACT_LABELS[Act(e.act)], at=e.at,
                     from_unit=e.from_unit.name if e.from_unit else None, to_unit=e.to_unit.name if e.to_unit else None,
                     due_before=e.due_before, due_after=e.due_after, reason=e.reason) for e in rows]


ACTS = Literal[tuple(ACT_NAMES)]  # type: ignore[valid-type]


@router.post("/{code}/acts/{act}", response={200: DossierOut, **problems(400, 401, 403, 404, 409)},
             summary="Thực hiện một việc trên hồ sơ",
             description="Gửi kèm `expected_version` (phiên bản đã đọc); hồ sơ đã đổi thì trả 409.")
def act_on_dossier(request, code: Code, act: ACTS, body: ActIn):
    dossier = _dossier(request, code)
    result = perform(request.user, dossier, act, ActInput(**body.dict()))
    return dossier_out(Dossier.objects.select_related("procedure", "receiving_unit", "competent_unit", "holder_unit")
                .get(pk=result.pk))
