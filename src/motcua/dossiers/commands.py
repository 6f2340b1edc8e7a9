"""Acts as commands: one table from an act's name to its service call, shared by the web pages
and the REST API, so that both do exactly the same thing (same checks, same log rows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from motcua import timesource
from motcua.dossiers import services as sv
from motcua.dossiers.actors import applicant_actor, official_actor
from motcua.dossiers.models import Dossier
from motcua.rules.acting import Actor
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import ACT_LABELS, ACTORS, TRANSITIONS, ActRefused, Act, Role, State
from motcua.units.models import Official

#: the URL name of each act a person may make (filing and the system's own acts are not here).
ACT_NAMES: dict[str, Act] = {
    "receive": Act.RECEIVE, "request_intake_supplement": Act.REQUEST_INTAKE_SUPPLEMENT,
    "refuse_intake": Act.REFUSE_INTAKE, "resubmit": Act.RESUBMIT, "transfer": Act.TRANSFER,
    "assign": Act.ASSIGN, "complete_task": Act.COMPLETE_TASK, "return_for_supplement": Act.RETURN_FOR_SUPPLEMENT,
    "extend": Act.EXTEND, "decide": Act.DECIDE, "return_result": Act.RETURN_RESULT,
    "report_wrong_result": Act.REPORT_WRONG_RESULT, "correct_result": Act.CORRECT_RESULT,
    "withdraw": Act.WITHDRAW,
}
NAME_OF = {act: name for name, act in ACT_NAMES.items()}
#: The acts that record facts for the Decision 766 index, and which facts (``rules.index766.FACTS``).
FACT_ACTS: dict[str, tuple[str, ...]] = {
    "receive": ("digitised", "reused", "personal_storage", "citizen_data", "paid_online"),
    "resubmit": ("digitised", "reused", "personal_storage", "paid_online"),
    "decide": ("e_result",),
    "return_result": ("personal_storage",),
}
#: How the pages ask for each fact.
FACT_LABELS = {
    "digitised": "Thành phần hồ sơ đã được số hóa",
    "reused": "Có thành phần lấy từ dữ liệu đã số hóa (không yêu cầu nộp lại)",
    "personal_storage": "Lấy giấy tờ từ kho dữ liệu cá nhân của người nộp trên Cổng",
    "citizen_data": "Người nộp xác thực bằng VNeID hoặc dữ liệu lấy từ CSDL quốc gia về dân cư",
    "paid_online": "Phí, lệ phí đã thanh toán trực tuyến",
    "e_result": "Cấp kết quả điện tử có giá trị pháp lý",
}


@dataclass
class ActInput:
    """What a person sends with an act (each act reads the fields it needs)."""

    expected_version: int | None = None
    officer: str | None = None
    items: list[str] = field(default_factory=list)
    reason: str = ""
    working_days: float = 0
    outcome: str = "approved"
    method: str = "counter"
    step: int | None = None
    facts: dict[str, bool] | None = None  # what the act tells the Decision 766 index (rules.index766.FACTS)


def _officer(username: str | None):
    user = get_user_model().objects.filter(username=(username or "").strip()).first()
    if user is None:
        raise ActRefused("Không có cán bộ với tên đăng nhập này.", code="no_officer")
    return user


_CALLS = {
    "receive": lambda d, a, i, kw: sv.receive_dossier(d, a, **kw),
    "request_intake_supplement": lambda d, a, i, kw: sv.request_intake_supplement(d, a, i.items, i.reason, **kw),
    "refuse_intake": lambda d, a, i, kw: sv.refuse_intake(d, a, i.reason, **kw),
    "resubmit": lambda d, a, i, kw: sv.resubmit_dossier(d, a, **kw),
    "transfer": lambda d, a, i, kw: sv.transfer_dossier(d, a, **kw),
    "assign": lambda d, a, i, kw: sv.assign_dossier(d, a, _officer(i.officer), **kw),
    "complete_task": lambda d, a, i, kw: sv.complete_task(d, a, i.step or 0, i.reason, **kw),
    "return_for_supplement": lambda d, a, i, kw: sv.return_for_supplement(d, a, i.items, i.reason, **kw),
    "extend": lambda d, a, i, kw: sv.extend_deadline(d, a, i.reason, working_days=i.working_days, **kw),
    "decide": lambda d, a, i, kw: sv.decide_dossier(d, a, i.outcome, i.reason, **kw),
    "return_result": lambda d, a, i, kw: sv.return_result(d, a, i.method, **kw),
    "report_wrong_result": lambda d, a, i, kw: sv.report_wrong_result(d, a, i.reason, **kw),
    "correct_result": lambda d, a, i, kw: sv.correct_result(d, a, **kw),
    "withdraw": lambda d, a, i, kw: sv.withdraw_dossier(d, a, i.reason, **kw),
}
assert set(_CALLS) == set(ACT_NAMES)


def roles_of(user) -> set[Role]:
    """The roles ``user`` holds in any unit (one small query)."""
    return {Role(r) for r in Official.objects.filter(user=user).values_list("role", flat=True).distinct()}


def live_roles(viewer) -> set[Role]:
    """The roles of the live posts the request's ``viewer`` was worked out from (no query)."""
    return {Role(r) for r in viewer.roles}


def actor_for(user, dossier: Dossier, name: str, roles: set[Role] | None = None) -> Actor:
    """Who ``user`` is for this act: the applicant on their own dossier where the law lets the
    applicant act; otherwise an official role that may make it, preferring one the user holds
    (today) in a unit of this dossier. The service then checks the unit again."""
    act = ACT_NAMES[name]
    if dossier.applicant_user_id == user.pk and Role.APPLICANT in ACTORS[act]:
        return applicant_actor(user)
    roles = roles_of(user) if roles is None else roles
    today = timesource.now().astimezone(VN_TZ).date()
    candidates = [official_actor(user, role, on=today) for role in (Role.RECEPTION, Role.PROCESSING, Role.LEADER)
                  if role in roles and role in ACTORS[act]]
    if not candidates:
        raise ActRefused(f"Tài khoản này không có chức năng «{ACT_LABELS[act].lower()}».", code="wrong_role")
    units = {dossier.receiving_unit_id, dossier.competent_unit_id, dossier.holder_unit_id}
    units |= set(dossier.tasks.values_list("agency_id", flat=True)) if len(candidates) > 1 else set()
    return next((a for a in candidates if a.units & units), candidates[0])


def perform(user, dossier: Dossier, name: str, data: ActInput) -> Dossier:
    """Make act ``name`` on ``dossier`` as ``user``; ``ActRefused`` (incl. ``Conflict``) if the
    law or a concurrent change refuses it, with nothing changed."""
    actor = actor_for(user, dossier, name)
    kw = {} if data.expected_version is None else {"expected_version": data.expected_version}
    if data.facts:
        if not actor.is_official:
            raise ActRefused("Chỉ cán bộ tiếp nhận, xử lý ghi nhận thông tin số hóa, thanh toán.", code="facts")
        wrong = sorted(set(data.facts) - set(FACT_ACTS.get(name, ())))
        if wrong:
            raise ActRefused(f"Việc này không ghi nhận các thông tin: {', '.join(wrong)}.", code="facts")
        kw["facts"] = data.facts
    return _CALLS[name](dossier, actor, data, kw)


def offered_acts(dossier: Dossier, roles: set[Role], own: bool) -> list[str]:
    """Act names worth offering on the dossier page: allowed from its state for one of the
    user's roles (the service still checks the unit when the act is made)."""
    roles = set(roles) | ({Role.APPLICANT} if own else set())
    return [NAME_OF[act] for act in TRANSITIONS[State(dossier.state)]
            if act in NAME_OF and ACTORS[act] & roles]
