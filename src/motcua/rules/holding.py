"""Who held a dossier, for how long, and who made it late: read from its event log alone.

This is the process-control sheet (phiếu kiểm soát quá trình) as data: one segment per hand-off,
each timed in working hours, and for a late dossier the unit whose share of time ran out — the
agency whose task overran its sub-deadline, or the unit holding the dossier when the due time
passed (one-stop.md §10, "Responsible for lateness").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from motcua.rules.calendar import VN_TZ, WorkingCalendar
from motcua.rules.dossier import DossierRecord, Event, apply
from motcua.rules.lifecycle import State


@dataclass(frozen=True)
class Segment:
    unit: int | None  # None: with the applicant (waiting for a supplement) or handed back
    start: datetime
    end: datetime | None  # None: still held
    working_seconds: float
    act: str  # the act that started the segment


@dataclass(frozen=True)
class Overrun:
    unit: int
    step: str  # "acceptance", "transfer", "task:<n>", "processing", "correction"
    due: datetime
    done: datetime | None
    over_seconds: float


@dataclass
class HoldingReport:
    segments: list[Segment]
    per_unit: dict[int, float] = field(default_factory=dict)
    late: bool = False
    late_seconds: float = 0
    overruns: list[Overrun] = field(default_factory=list)
    responsible: list[int] = field(default_factory=list)


def _segments(events: list[Event], calendar: WorkingCalendar, now: datetime) -> tuple[list[Segment], DossierRecord]:
    record, segments = None, []
    holder, since, act = None, None, ""
    for ev in events:
        record = apply(record, ev)
        if since is None or record.holder_unit != holder:
            if since is not None:
                segments.append(Segment(holder, since, ev.at, calendar.working_seconds_between(since, ev.at), act))
            holder, since, act = record.holder_unit, ev.at, ev.act.value
    if since is not None:
        open_end = None if holder is not None else since
        end = now if holder is not None else since
        segments.append(Segment(holder, since, open_end, max(calendar.working_seconds_between(since, end), 0), act))
    return segments, record


def _over(calendar: WorkingCalendar, due: datetime | None, done: datetime | None, now: datetime) -> float:
    if due is None:
        return 0
    moment = done or now
    return calendar.working_seconds_between(due, moment) if moment > due else 0


def analyse(events: list[Event], calendar: WorkingCalendar, now: datetime) -> HoldingReport:
    """Segments, working time per unit, and lateness with the units responsible."""
    segments, record = _segments(events, calendar, now)
    report = HoldingReport(segments=segments)
    for seg in segments:
        if seg.unit is not None:
            report.per_unit[seg.unit] = report.per_unit.get(seg.unit, 0) + seg.working_seconds
    if record is None:
        return report

    answered = record.received_at or (record.waiting_since if record.state is State.AWAITING_INTAKE_SUPPLEMENT
                                      else None)  # the one correction request answers the filing too
    checks = [("acceptance", record.receiving_unit, record.acceptance_due_at, answered),
              ("transfer", record.receiving_unit, record.transfer_due_at, record.transferred_at)]
    checks += [(f"task:{t.step}", t.agency, t.due_at, t.done_at) for t in record.tasks if t.started_at]
    checks.append(("correction", record.competent_unit, record.correction_due_at, record.corrected_at))
    for step, unit, due, done in checks:
        if step == "acceptance" and record.received_at is None and record.ended_at is not None:
            continue
        over = _over(calendar, due, done, now)
        if over > 0:
            report.overruns.append(Overrun(unit, step, due, done, over))

    due, end = record.reference_due_at, record.ended_at or now
    if record.waiting_since is not None:  # with the applicant (or ended there): the clock stopped on the notice
        end = min(end, record.waiting_since)
    if due is not None and end > due:
        report.late = True
        report.late_seconds = calendar.working_seconds_between(due, end)
        task_units = [o.unit for o in report.overruns if o.step.startswith("task:")]
        report.responsible = list(dict.fromkeys(task_units)) or [_holder_at(segments, due)]
        report.responsible = [u for u in report.responsible if u is not None]
        report.overruns.append(Overrun(report.responsible[0] if report.responsible else record.competent_unit,
                                       "processing", due, record.ended_at, report.late_seconds))
    return report


def handoff_status(done: datetime, due: datetime | None) -> str:
    """The status the receiving side writes on the process-control sheet for one hand-off
    (one-stop-details.md §1.3): late after the step's due time, early when handed over on an
    earlier day than the due day, otherwise on time."""
    if due is None:
        return "Đúng hạn"
    if done > due:
        return "Quá hạn"
    return "Trước hạn" if done.astimezone(VN_TZ).date() < due.astimezone(VN_TZ).date() else "Đúng hạn"


def _holder_at(segments: list[Segment], moment: datetime) -> int | None:
    for seg in segments:
        if seg.start <= moment and (seg.end is None or moment < seg.end):
            return seg.unit
    return segments[-1].unit if segments else None
