"""One demo dossier's life, decided act by act by the same rules as the services
(``rules.intake``, ``rules.processing``), with realistic channels, delays, supplement requests,
extensions, withdrawals and corrections. Deterministic for a given random stream."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from motcua.rules import intake, processing
from motcua.rules.acting import SYSTEM, Actor, Context
from motcua.rules.calendar import WorkingCalendar
from motcua.rules.dossier import DossierRecord, Event, apply, with_facts
from motcua.rules.lifecycle import ActRefused, State

HOUR = 3600


class Stop(Exception):
    """The next act would fall after the end of the demo period: the dossier stays where it is."""


@dataclass
class Cast:
    """Who acts on one dossier."""

    reception: Actor
    applicant: Actor | None
    leader: Actor
    officer_id: str
    officer_units: frozenset[int]
    task_officers: dict[int, Actor]  # agency -> processing officer


@dataclass
class Life:
    cal: WorkingCalendar
    until: datetime
    rng: random.Random
    cross_level: bool = False
    result_code: str = ""
    record: DossierRecord | None = None
    events: list[Event] = field(default_factory=list)
    facts: dict[str, dict] = field(default_factory=dict)  # act -> what it tells the 766 index

    def act(self, fn, at: datetime, actor: Actor, **kwargs) -> None:
        if at > self.until:
            raise Stop
        ev = fn(self.record, Context(self.cal, at, actor), **kwargs) if self.record else fn(
            Context(self.cal, at, actor), **kwargs)
        ev = with_facts(ev, self.facts.get(ev.act.value))
        self.record = apply(self.record, ev)
        self.events.append(ev)

    def later(self, at: datetime, hours: float) -> datetime:
        return self.cal.add_working_seconds(at, max(hours, 0.02) * HOUR)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def live(life: Life, cast: Cast, *, filed_at: datetime, channel: str, file_kwargs: dict,
         route: list[dict] | None, code_for) -> None:
    """Run the dossier from filing as far as the demo period allows."""
    rng, online = life.rng, channel in intake.ONLINE_CHANNELS
    filer = cast.applicant if online else cast.reception
    life.act(intake.file_dossier, filed_at, filer, channel=channel, **file_kwargs)
    try:
        t = _intake(life, cast, filed_at, online, code_for)
        if t is None:
            return
        quick = life.record.budget <= 8 * HOUR  # same-day and one-day procedures move within the hour
        if quick:
            t = life.later(t, rng.uniform(0.02, 0.3))
        else:
            t = life.later(t, rng.uniform(0.05, 0.5) if online else (
                rng.uniform(6, 12) if life.chance(0.05) else rng.uniform(0.2, 2.5)))
        life.act(processing.transfer, t, cast.reception, route=route)
        if _withdraws(life, cast, t, online):
            return
        t = _tasks(life, cast, t)  # joint procedures: the other agencies' parts come first
        t = life.later(t, rng.uniform(0.02, 0.3) if quick else rng.uniform(0.3, 4))
        life.act(processing.assign, t, cast.leader, officer=cast.officer_id, officer_units=cast.officer_units)
        t = _maybe_return_for_supplement(life, cast, t, online)
        if t is None:
            return
        t = _decide(life, cast, t)
        t = life.later(t, rng.uniform(0.5, 24) if not online else rng.uniform(0.05, 2))
        life.act(processing.return_result, t, cast.reception, method="online" if online else "counter")
        if life.chance(0.004):
            t = t + timedelta(days=rng.randint(1, 6))
            life.act(processing.report_wrong_result, t, cast.reception, reason="Sai thông tin ngày sinh trên kết quả")
            t = life.later(t, rng.uniform(3, 20))
            life.act(processing.correct_result, t, cast.leader)
            life.act(processing.return_result, life.later(t, rng.uniform(0.5, 8)), cast.reception)
    except Stop:
        pass


def _intake(life: Life, cast: Cast, t: datetime, online: bool, code_for) -> datetime | None:
    rng = life.rng
    if online and life.chance(0.06) or not online and life.chance(0.04):
        t = life.later(t, rng.uniform(0.5, 6) if online else 0.1)
        life.act(intake.request_intake_supplement, t, cast.reception,
                 items=["Bản sao giấy tờ tùy thân còn hiệu lực", "Tờ khai ký đầy đủ"], reason="Hồ sơ chưa đầy đủ")
        if life.chance(0.15):
            return None  # never came back
        t = t + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
        life.act(intake.resubmit, t, cast.applicant if online else cast.reception)
    if not online and life.chance(0.01):
        life.act(intake.refuse_intake, life.later(t, 0.1), cast.reception,
                 reason="Thủ tục không thuộc phạm vi tiếp nhận (đề nghị nộp tại cơ quan có thẩm quyền)")
        return None
    if online:
        t = life.later(t, rng.uniform(9, 14) if life.chance(0.03) else rng.uniform(0.2, 7))
    life.act(intake.receive, t, cast.reception, code=code_for(t), cross_level=life.cross_level)
    return t


def _withdraws(life: Life, cast: Cast, t: datetime, online: bool) -> bool:
    if not life.chance(0.015):
        return False
    life.act(processing.withdraw, life.later(t, life.rng.uniform(1, 20)), cast.applicant if online else cast.reception,
             reason="Người nộp đề nghị dừng giải quyết")
    return True


def _tasks(life: Life, cast: Cast, t: datetime) -> datetime:
    """Each agency of a joint procedure finishes its part, mostly within its sub-deadline."""
    while True:
        open_tasks = [x for x in life.record.tasks if x.is_open and not x.is_lead]
        if not open_tasks:
            return t
        task = min(open_tasks, key=lambda x: x.due_at)
        share = life.rng.uniform(1.05, 1.6) if life.chance(0.1) else life.rng.uniform(0.2, 0.95)
        t = max(t, life.later(task.started_at, task.hours * share))
        life.act(processing.complete_task, t, cast.task_officers[task.agency], step=task.step)


def _maybe_return_for_supplement(life: Life, cast: Cast, t: datetime, online: bool) -> datetime | None:
    rng = life.rng
    if life.record.budget < 16 * HOUR or not life.chance(0.05):
        return t
    returned = life.cal.add_working_seconds(life.record.agency_received_at, rng.uniform(2, 20) * HOUR)
    try:
        life.act(processing.return_for_supplement, max(returned, t), cast.leader,
                 items=["Bổ sung bản vẽ hiện trạng", "Xác nhận của tổ dân phố"], reason="Cần bổ sung sau thẩm định")
    except ActRefused:
        return t  # the 3-working-day window had passed: the agency carries on instead
    waited = life.record.waiting_since
    if life.chance(0.12):
        life.act(processing.close_unsupplemented, life.record.supplement_expires_at + timedelta(hours=rng.randint(1, 30)),
                 SYSTEM)
        return None
    back = waited + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
    life.act(intake.resubmit, back, cast.applicant if online else cast.reception)
    return back


def _decide(life: Life, cast: Cast, t: datetime) -> datetime:
    rng, record = life.rng, life.record
    late = life.chance(0.06)
    remaining = life.cal.working_seconds_between(t, record.due_at) / HOUR
    share = rng.uniform(1.02, 1.5) if late else rng.uniform(0.1, 0.95)
    decide_at = life.later(t, max(remaining * share, 0.1) if remaining > 0 else rng.uniform(0.2, 6))
    if late and record.budget >= 24 * HOUR and life.chance(0.45):
        ask = life.cal.add_working_seconds(t, max(remaining - rng.uniform(9, 20), 0) * HOUR)
        try:
            life.act(processing.extend, max(ask, t), cast.leader, working_hours=8 * rng.randint(2, 5),
                     reason="Hồ sơ cần xác minh thêm với cơ quan liên quan")
        except ActRefused:
            pass  # too close to the due time: no extension, the dossier is late
    outcome = "refused" if life.chance(0.025) else "approved"
    life.act(processing.decide, decide_at, cast.leader, outcome=outcome,
             reason="Không đủ điều kiện theo quy định" if outcome == "refused" else "",
             result_code="" if outcome == "refused" else life.result_code)
    assert life.record.state is State.DECIDED
    return decide_at
