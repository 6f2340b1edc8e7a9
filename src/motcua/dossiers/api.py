"""REST routes for dossiers: the list a desk works from, one dossier, its log, and every act.

Every route asks ``dossiers.access`` first; every act goes through ``dossiers.services`` with the
version the caller read (409 if the dossier changed since)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

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
    unit: str | None = None
    bucket: Bucket | None = None
    q: str = ""
    page: int = 1
    per_page: int = 25


class ActIn(Schema):
    expected_version: int
    officer: str | None = None
    items: list[str] = []
    reason: str = ""
    working_days: float = 0
    outcome: Literal["approved", "refused"] = "approved"
    method: Literal["counter", "post", "online"] = "counter"
    step: int | None = None


def _out(d: Dossier) -> DossierOut:
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


@router.get("", response=PageOut, summary="Danh sách hồ sơ (theo đơn vị, ngăn việc, tìm không dấu)")
def list_dossiers(request, filters: Query[ListFilters]):
    unit = None
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).first()
        if unit is None:
            raise Http404
    page = worklist(viewer_for(request.user), unit=unit, bucket=filters.bucket, q=filters.q, page=filters.page,
                    per_page=filters.per_page)
    return PageOut(items=[_out(d) for d in page.items], page=page.number, per_page=page.per_page,
                   has_next=page.has_next)


@router.get("/{code}", response=DossierOut, summary="Một hồ sơ")
def get_dossier(request, code: str):
    return _out(_dossier(request, code))


@router.get("/{code}/events", response=list[EventOut], summary="Nhật ký hồ sơ")
def dossier_events(request, code: str):
    dossier = _dossier(request, code)
    rows = dossier.events.select_related("from_unit", "to_unit").order_by("seq")
    return [EventOut(seq=e.seq, act=e.act, act_label=ACT_LABELS[Act(e.act)], at=e.at,
                     from_unit=e.from_unit.name if e.from_unit else None, to_unit=e.to_unit.name if e.to_unit else None,
                     due_before=e.due_before, due_after=e.due_after, reason=e.reason) for e in rows]


ACTS = Literal[tuple(ACT_NAMES)]  # type: ignore[valid-type]


@router.post("/{code}/acts/{act}", response=DossierOut, summary="Thực hiện một việc trên hồ sơ",
             description="Gửi kèm `expected_version` (phiên bản đã đọc); hồ sơ đã đổi thì trả 409.")
def act_on_dossier(request, code: str, act: ACTS, body: ActIn):
    dossier = _dossier(request, code)
    result = perform(request.user, dossier, act, ActInput(**body.dict()))
    return _out(Dossier.objects.select_related("procedure", "receiving_unit", "competent_unit", "holder_unit")
                .get(pk=result.pk))
