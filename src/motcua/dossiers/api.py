"""REST routes for dossiers: the list a desk works from, one dossier, its log, and every act.

Every route asks ``dossiers.access`` first; every act goes through ``dossiers.services`` with the
version the caller read (409 if the dossier changed since)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

from motcua.dossiers import services as sv
from motcua.dossiers.access import can_see, viewer_for
from motcua.dossiers.actors import applicant_actor, official_actor
from motcua.dossiers.models import Dossier
from motcua.dossiers.worklists import Bucket, worklist
from motcua.rules.lifecycle import ACT_LABELS, STATE_LABELS, Act, ActRefused, Role, State
from motcua.units.models import Official, Unit

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


ACTS = Literal["receive", "request_intake_supplement", "refuse_intake", "resubmit", "transfer", "assign",
               "complete_task", "return_for_supplement", "extend", "decide", "return_result",
               "report_wrong_result", "correct_result", "withdraw"]
ROLE_OF = {"receive": Role.RECEPTION, "request_intake_supplement": Role.RECEPTION, "refuse_intake": Role.RECEPTION,
           "transfer": Role.RECEPTION, "return_result": Role.RECEPTION, "assign": Role.LEADER,
           "extend": Role.LEADER, "decide": Role.LEADER, "correct_result": Role.LEADER}


def _actor(user, dossier: Dossier, act: str):
    if act in ROLE_OF:
        return official_actor(user, ROLE_OF[act])
    if dossier.applicant_user_id == user.pk and act in ("resubmit", "withdraw", "report_wrong_result"):
        return applicant_actor(user)
    roles = set(Official.objects.filter(user=user).values_list("role", flat=True))
    for role in (Role.PROCESSING, Role.LEADER, Role.RECEPTION):
        if role.value in roles:
            return official_actor(user, role)
    raise PermissionDenied("Tài khoản này không có chức năng thực hiện việc này.")


@router.post("/{code}/acts/{act}", response=DossierOut, summary="Thực hiện một việc trên hồ sơ",
             description="Gửi kèm `expected_version` (phiên bản đã đọc); hồ sơ đã đổi thì trả 409.")
def act_on_dossier(request, code: str, act: ACTS, body: ActIn):
    dossier = _dossier(request, code)
    actor = _actor(request.user, dossier, act)
    common = {"expected_version": body.expected_version}
    calls = {
        "receive": lambda: sv.receive_dossier(dossier, actor, **common),
        "request_intake_supplement": lambda: sv.request_intake_supplement(dossier, actor, body.items, body.reason, **common),
        "refuse_intake": lambda: sv.refuse_intake(dossier, actor, body.reason, **common),
        "resubmit": lambda: sv.resubmit_dossier(dossier, actor, **common),
        "transfer": lambda: sv.transfer_dossier(dossier, actor, **common),
        "assign": lambda: sv.assign_dossier(dossier, actor, _officer(body.officer), **common),
        "complete_task": lambda: sv.complete_task(dossier, actor, body.step or 0, body.reason, **common),
        "return_for_supplement": lambda: sv.return_for_supplement(dossier, actor, body.items, body.reason, **common),
        "extend": lambda: sv.extend_deadline(dossier, actor, body.reason, working_days=body.working_days, **common),
        "decide": lambda: sv.decide_dossier(dossier, actor, body.outcome, body.reason, **common),
        "return_result": lambda: sv.return_result(dossier, actor, body.method, **common),
        "report_wrong_result": lambda: sv.report_wrong_result(dossier, actor, body.reason, **common),
        "correct_result": lambda: sv.correct_result(dossier, actor, **common),
        "withdraw": lambda: sv.withdraw_dossier(dossier, actor, body.reason, **common),
    }
    result = calls[act]()
    result.refresh_from_db()
    return _out(Dossier.objects.select_related("procedure", "receiving_unit", "competent_unit", "holder_unit")
                .get(pk=result.pk))


def _officer(username: str | None):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username or "").first()
    if user is None:
        raise ActRefused("Không có cán bộ với tên đăng nhập này.", code="no_officer")
    return user
