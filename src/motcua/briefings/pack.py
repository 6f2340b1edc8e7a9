"""The briefing pack (tài liệu giao ban) of a meeting, as of the meeting's day: counts by status
class (``rules.tasks``) and by lead unit, what was finished since the programme's previous meeting
(earliest first), what is overdue or at risk with the units and officers responsible, the agenda
(the committee's, or the one the pack proposes), and the previous meeting's conclusions with what
became of them. PDF, XLSX, the page and the API all draw from :func:`build_pack`.

"As of" a past day means the task's state on that day, read back from its history: a task
assigned later is left out, a completion after the day is still open, a deadline extended after
the day counts with the deadline it had, the progress is the last one recorded by then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from motcua.briefings.models import AgendaItem, Conclusion, Meeting
from motcua.programmes.models import Task, TaskChange
from motcua.rules.calendar import VN_TZ
from motcua.rules.tasks import AT_RISK_LABEL, LABELS, Counts, Status, at_risk, classify, policy_on
from motcua.text import fold
from motcua.accounts.names import person_name


@dataclass(frozen=True)
class TaskRow:
    pk: int
    code: str
    content: str
    product: str
    lead_unit: str
    lead_unit_code: str
    lead_unit_id: int
    co_units: tuple[str, ...]
    leader: str
    officer: str
    assigned_on: date
    deadline: date | None
    original_deadline: date | None
    completed_on: date | None
    progress: int
    status: Status
    at_risk: bool
    days: int | None  # days overdue (open overdue), days left (open in time), days late (done late)
    delay_reason: str
    result_document: str

    @property
    def status_label(self) -> str:
        return AT_RISK_LABEL if self.at_risk else LABELS[self.status]


@dataclass(frozen=True)
class UnitRow:
    name: str
    code: str
    counts: Counts


@dataclass(frozen=True)
class AgendaRow:
    order: int
    title: str
    task_code: str = ""
    presenter: str = ""
    task_id: int | None = None
    presenter_id: int | None = None


@dataclass(frozen=True)
class ConclusionRow:
    order: int
    content: str
    lead_unit: str
    deadline: date | None
    task_code: str
    outcome: str  # what became of it: the task's status on the day, or "Chưa giao nhiệm vụ"
    progress: int | None


@dataclass
class Pack:
    meeting: Meeting
    as_of: date
    previous: Meeting | None
    counts: Counts
    units: list[UnitRow]  # most overdue first, then most at risk, then by name
    finished: list[TaskRow]
    overdue: list[TaskRow]
    at_risk: list[TaskRow]
    agenda: list[AgendaRow]
    agenda_proposed: bool  # True: the committee has not set an agenda; this is the pack's proposal
    previous_conclusions: list[ConclusionRow]
    risk_rule: str
    statuses: list[tuple[str, str, int]] = field(default_factory=list)  # (key, label, count), at risk last

    @property
    def programme(self):
        return self.meeting.programme

    @property
    def since(self) -> date | None:
        return local_day(self.previous.held_at) if self.previous else None


def local_day(moment) -> date:
    return moment.astimezone(VN_TZ).date()


def code_key(code: str) -> tuple:
    """"5.2" after "5" and before "10"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


def _state_on(task: Task, day: date) -> tuple[date | None, int, date | None]:
    """(deadline, progress, completed_on) of ``task`` as they stood on ``day``."""
    completed = task.completed_on if task.completed_on and task.completed_on <= day else None
    changes = list(task.changes.all())  # prefetched, in order
    deadline = task.deadline
    for change in changes:
        if change.kind == TaskChange.Kind.EXTENDED and local_day(change.at) > day:
            deadline = change.deadline_before
            break
    if completed:
        return deadline, 100, completed
    recorded = [c.progress for c in changes if c.progress is not None and local_day(c.at) <= day]
    first = next((c.progress for c in changes if c.progress is not None), task.progress)
    progress = recorded[-1] if recorded else first  # nothing recorded by then: what it was assigned with
    if task.completed_on:  # finished after the day: it was not finished then
        progress = min(progress, 99)
    return deadline, progress, None


def task_rows(programme, day: date) -> list[TaskRow]:
    """Every task of ``programme`` assigned by ``day``, as it stood that day (code order)."""
    policy = policy_on(day)
    tasks = (Task.objects.filter(programme=programme, assigned_on__lte=day)
             .select_related("lead_unit", "leader", "officer")
             .prefetch_related("co_units", Prefetch("changes", queryset=TaskChange.objects.order_by("at", "pk"))))
    rows = []
    for t in tasks:
        deadline, progress, completed = _state_on(t, day)
        status = classify(deadline, completed, day)
        risky = status is Status.OPEN_IN_TIME and at_risk(t.assigned_on, deadline, progress, day, policy)
        days = None
        if deadline is not None:
            days = {Status.OPEN_OVERDUE: (day - deadline).days, Status.OPEN_IN_TIME: (deadline - day).days,
                    Status.DONE_LATE: (completed - deadline).days if completed else None}.get(status)
        rows.append(TaskRow(
            pk=t.pk, code=t.code, content=t.content, product=t.get_product_display(), lead_unit=t.lead_unit.name,
            lead_unit_code=t.lead_unit.code, lead_unit_id=t.lead_unit_id, co_units=tuple(sorted(u.name for u in t.co_units.all())),
            leader=person_name(t.leader), officer=person_name(t.officer), assigned_on=t.assigned_on, deadline=deadline,
            original_deadline=t.original_deadline, completed_on=completed, progress=progress, status=status,
            at_risk=risky, days=days, delay_reason=t.delay_reason, result_document=t.result_document))
    rows.sort(key=lambda r: code_key(r.code))
    return rows


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(programme_id=meeting.programme_id, held_at__lt=meeting.held_at)
            .exclude(pk=meeting.pk).order_by("-held_at", "-pk").first())


def proposed_agenda(meeting: Meeting, overdue: list[TaskRow], risky: list[TaskRow]) -> list[AgendaRow]:
    """The agenda the pack proposes: the standing agency's report, one item per overdue task (most
    overdue first), one per task at risk (nearest deadline first), the chair's conclusions."""
    standing = meeting.programme.standing_agency
    rows = [AgendaRow(1, "Báo cáo kết quả thực hiện nhiệm vụ từ phiên giao ban trước và tiến độ chung của "
                         "Chương trình", presenter=standing.name, presenter_id=standing.pk)]
    for r in overdue:
        rows.append(AgendaRow(len(rows) + 1, f"Nhiệm vụ {r.code} quá hạn {r.days} ngày (tiến độ {r.progress} %): "
                                             f"{r.content}", r.code, r.lead_unit, r.pk, r.lead_unit_id))
    for r in risky:
        rows.append(AgendaRow(len(rows) + 1, f"Nhiệm vụ {r.code} có nguy cơ chậm (tiến độ {r.progress} %, còn "
                                             f"{r.days} ngày): {r.content}", r.code, r.lead_unit, r.pk,
                              r.lead_unit_id))
    rows.append(AgendaRow(len(rows) + 1, "Ý kiến các thành viên Ban Chỉ đạo; kết luận của đồng chí chủ trì"))
    return rows


def _agenda(meeting: Meeting) -> list[AgendaRow]:
    items = AgendaItem.objects.filter(meeting=meeting).select_related("task", "presenter").order_by("order")
    return [AgendaRow(i.order, i.title, i.task.code if i.task else "", i.presenter.name if i.presenter else "",
                      i.task_id, i.presenter_id) for i in items]


def _conclusions(previous: Meeting | None, by_pk: dict[int, TaskRow]) -> list[ConclusionRow]:
    if previous is None:
        return []
    out = []
    for c in Conclusion.objects.filter(meeting=previous).select_related("lead_unit", "task").order_by("order"):
        row = by_pk.get(c.task_id) if c.task_id else None
        outcome = row.status_label if row else ("Chưa giao nhiệm vụ" if c.task_id is None else "Giao sau ngày họp")
        out.append(ConclusionRow(c.order, c.content, c.lead_unit.name, c.deadline, c.task.code if c.task else "",
                                 outcome, row.progress if row else None))
    return out


def build_pack(meeting: Meeting, today: date | None = None) -> Pack:
    """The pack of ``meeting`` as of its day (or ``today``, when the meeting is still to come)."""
    day = local_day(meeting.held_at)
    if today is not None and today < day:
        day = today
    rows = task_rows(meeting.programme, day)
    previous = previous_meeting(meeting)
    since = local_day(previous.held_at) if previous else None
    counts, per_unit, names = Counts(), {}, {}
    for r in rows:
        counts.add(r.status, r.at_risk)
        per_unit.setdefault(r.lead_unit_code, Counts()).add(r.status, r.at_risk)
        names[r.lead_unit_code] = r.lead_unit
    finished = sorted((r for r in rows if r.completed_on and (since is None or r.completed_on > since)),
                      key=lambda r: (r.completed_on, code_key(r.code)))
    overdue = sorted((r for r in rows if r.status is Status.OPEN_OVERDUE),
                     key=lambda r: (r.deadline, code_key(r.code)))
    risky = sorted((r for r in rows if r.at_risk), key=lambda r: (r.deadline, code_key(r.code)))
    agenda = _agenda(meeting)
    proposed = not agenda
    if proposed:
        agenda = proposed_agenda(meeting, overdue, risky)
    units = sorted((UnitRow(names[code], code, c) for code, c in per_unit.items()),
                   key=lambda u: (-u.counts.open_overdue, -u.counts.at_risk, fold(u.name)))
    statuses = [(s.value, LABELS[s], counts.of(s)) for s in Status] + [("at_risk", AT_RISK_LABEL, counts.at_risk)]
    return Pack(meeting=meeting, as_of=day, previous=previous, counts=counts, units=units, finished=finished,
                overdue=overdue, at_risk=risky, agenda=agenda, agenda_proposed=proposed,
                previous_conclusions=_conclusions(previous, {r.pk: r for r in rows}),
                risk_rule=policy_on(day).describe(), statuses=statuses)
