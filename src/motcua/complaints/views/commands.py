"""The acts on a case as one table, shared by the act pages and the REST API: which acts a state
offers, who may be picked for an assignment or a transfer, and one call to
``complaints.services`` per act. The services decide (they refuse with ``CaseRefused``); the
table only keeps pages and API from offering what the state cannot take."""

from __future__ import annotations


from django.contrib.auth import get_user_model
from django.db.models import Q

from motcua import timesource
from motcua.accounts.names import person_name
from motcua.complaints import services as sv
from motcua.complaints.models import Case
from motcua.rules.complaints import CaseKind
from motcua.units.models import Official, Unit

S = Case.State
ACT_LABELS = {**sv.CASE_ACTS, "link": "Liên kết vụ việc cùng nội dung"}

#: the acts each state offers (the services have the last word)
BY_STATE: dict[str, tuple[str, ...]] = {
    S.RECEIVED: ("accept", "extend_intake", "answer", "refuse", "request_info", "assign", "transfer", "withdraw",
                 "close"),
    S.INFO_REQUESTED: ("receive_info", "refuse", "assign", "transfer", "withdraw", "close"),
    S.ACCEPTED: ("answer", "extend", "request_info", "assign", "withdraw", "close"),
    S.ANSWERED: ("publish", "close"),
    S.PUBLISHED: ("close",),
    S.REFUSED: (), S.WITHDRAWN: (), S.CLOSED: (),
}
ACTS = ("accept", "refuse", "request_info", "receive_info", "assign", "transfer", "extend_intake", "extend",
        "answer", "publish", "withdraw", "close")


def offered_acts(case: Case) -> list[str]:
    """What the handler may do now, as the services allow it for the case's kind and state."""
    pakn = case.kind == CaseKind.PAKN
    acts = []
    for act in BY_STATE.get(case.state, ()):
        if act in ("extend", "extend_intake") and case.kind != CaseKind.DENUNCIATION:
            continue
        if act == "publish" and not pakn:
            continue
        if act == "answer" and case.state == S.RECEIVED and not pakn:
            continue  # a complaint or denunciation is accepted (thụ lý) first
        if act == "request_info" and case.state == S.ACCEPTED and not pakn:
            continue
        if act == "close" and case.state in (S.RECEIVED, S.INFO_REQUESTED, S.ACCEPTED) and not case.matter_of_id:
            continue  # only a duplicate closes before it is answered
        if act == "close" and case.state == S.ANSWERED and pakn:
            continue  # a PAKN answer is published first
        acts.append(act)
    return acts



def handler_posts(unit_id: int):
    today = timesource.today()
    return Official.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                                   Q(valid_to__isnull=True) | Q(valid_to__gte=today), unit_id=unit_id)


def handler_choices(case: Case) -> list[tuple[str, str]]:
    """The officials of the handling unit (a live post there), by name."""
    people = get_user_model().objects.filter(pk__in=handler_posts(case.handling_unit_id).values("user_id")).order_by(
        "last_name", "first_name", "username")
    return [(u.username, person_name(u)) for u in people]


def unit_choices(exclude: int | None = None) -> list[tuple[str, str]]:
    units = Unit.objects.only("pk", "code", "name").order_by("name")
    return [(u.code, u.name) for u in units if u.pk != exclude]


def _unit(code: str):
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise refused("Không có cơ quan với mã này.", "no_unit", 404)
    return unit


def refused(message: str, code: str = "invalid", status: int = 422) -> Exception:
    """A ``CaseRefused`` with our code and status, however its constructor is written."""
    try:
        exc = sv.CaseRefused(message, code=code, status=status)
    except TypeError:
        exc = sv.CaseRefused(message)
    exc.message, exc.code, exc.status = message, code, status
    return exc


def perform(case: Case, act: str, data: dict, *, by, now) -> Case:
    """Run ``act`` on ``case`` with the cleaned ``data`` (form or API body)."""
    common = {"by": by, "now": now, "expected_version": data.get("expected_version")}
    text = lambda key: (data.get(key) or "").strip()  # noqa: E731
    if act == "accept":
        return sv.accept(case, complexity=data.get("complexity") or Case.Complexity.NORMAL, **common)
    if act in ("refuse", "request_info", "withdraw"):
        if not text("reason"):
            raise refused("Phải nêu rõ lý do.")
        return getattr(sv, act)(case, reason=text("reason"), **common)
    if act == "receive_info":
        return sv.receive_info(case, note=text("note"), **common)
    if act == "assign":
        user = get_user_model().objects.filter(username=text("handler")).first()
        if user is None or not handler_posts(case.handling_unit_id).filter(user=user).exists():
            raise refused("Cán bộ được phân công phải là cán bộ của cơ quan giải quyết vụ việc.")
        return sv.assign(case, handler=user, **common)
    if act == "transfer":
        if not text("reason"):
            raise refused("Phải nêu rõ lý do chuyển đơn.")
        return sv.transfer(case, to_unit=_unit(text("to_unit")), reason=text("reason"), **common)
    if act == "extend_intake":
        if not text("reason"):
            raise refused("Phải nêu rõ lý do cần kiểm tra, xác minh thêm.")
        return sv.extend_intake(case, reason=text("reason"), **common)
    if act == "extend":
        if not text("reason"):
            raise refused("Quyết định gia hạn phải nêu rõ lý do.")
        return sv.extend(case, days=int(data.get("days") or 0), reason=text("reason"), **common)
    if act == "answer":
        if not text("text"):
            raise refused("Chưa nhập nội dung trả lời.")
        return sv.answer(case, text=text("text"), public_text=text("public_text"), **common)
    if act in ("publish", "close"):
        return getattr(sv, act)(case, **common)
    raise refused("Không có việc này.", "unknown_act", 404)
