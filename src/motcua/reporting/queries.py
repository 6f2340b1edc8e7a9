"""Reads for the report pages, the API, the CLI and the reminders: which lead units owe a report for
a period, each one's state (on time, late, missing, not yet due), a unit's own reports, the lines
of the filing form, and a user's notices. A fixed number of queries per page (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from motcua.dossiers.access import Viewer
from motcua.programmes.models import Programme, Task
from motcua.programmes.queries import code_key
from motcua.reporting.models import ClosedPeriod, Notice, ProgressReport
from motcua.rules.reporting import Period, due_on, parse_period, periods, policy_at
from motcua.units.models import Unit

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
RECENT = 12  # a unit's page shows its reports of the last 12 periods of each programme
STATE_LABELS = {ON_TIME: "Đã nộp đúng hạn", LATE: "Nộp chậm", MISSING: "Chưa nộp (quá hạn)", PENDING: "Chưa đến hạn"}


@dataclass(frozen=True)
class Row:
    """One lead unit's report (or its absence) for one programme and period."""

    programme: Programme
    unit: Unit
    period: Period
    due: date
    report: ProgressReport | None
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def state_of(report: ProgressReport | None, due: date, today: date) -> str:
    if report is not None:
        return LATE if report.late else ON_TIME
    return MISSING if today > due else PENDING


def _owes(assigned_on: date, completed_on: date | None, period: Period) -> bool:
    """A task makes its lead unit report for a period it was assigned by and not finished before."""
    return assigned_on <= period.end and (completed_on is None or completed_on >= period.start)


def programme_periods(programme: Programme, today: date) -> list[Period]:
    """The programme's periods that have begun by ``today``, newest first."""
    return list(reversed(periods(programme.report_frequency, programme.period_start,
                                 min(today, programme.period_end))))


def period_for(programme: Programme, key: str) -> Period:
    """The period ``key`` names, checked against the programme's frequency (``ValueError``)."""
    period = parse_period(key)
    if period.frequency != programme.report_frequency:
        raise ValueError(f"Chương trình báo cáo theo kỳ «{programme.get_report_frequency_display()}»; "
                         f"kỳ «{key}» không thuộc loại kỳ đó.")
    return period


def owing_units(programme: Programme, period: Period) -> list[Unit]:
    """The lead units that owe a report for ``period`` (two queries)."""
    ids = {unit for unit, assigned, done in Task.objects.filter(programme=programme).values_list(
        "lead_unit_id", "assigned_on", "completed_on") if _owes(assigned, done, period)}
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


def board(programme: Programme, period: Period, today: date) -> list[Row]:
    """The committee's view of one period: every lead unit that owes a report, with its state."""
    units = owing_units(programme, period)
    reports = {r.unit_id: r for r in ProgressReport.objects.filter(programme=programme, period=period.key)
               .select_related("submitted_by")}
    due = due_on(period, policy_at(period.end))
    extra = [r.unit for r in reports.values() if r.unit_id not in {u.pk for u in units}]  # filed by a unit not owing
    return [Row(programme, unit, period, due, reports.get(unit.pk), state_of(reports.get(unit.pk), due, today))
            for unit in units + extra]


def missing(programme: Programme, period: Period, today: date) -> list[Row]:
    return [row for row in board(programme, period, today) if row.report is None]


def is_closed(programme: Programme, period: Period) -> bool:
    return ClosedPeriod.objects.filter(programme=programme, period=period.key).exists()


def unit_rows(viewer: Viewer, today: date, recent: int = RECENT) -> list[Row]:
    """The reports the units ``viewer`` serves owe or filed in each programme's last ``recent``
    periods, newest period first (four queries whatever the number of programmes and periods)."""
    if not viewer.units:
        return []
    owed: dict[tuple[int, int], list[tuple[date, date | None]]] = defaultdict(list)
    for prog, unit, assigned, done in Task.objects.filter(lead_unit_id__in=viewer.units).values_list(
            "programme_id", "lead_unit_id", "assigned_on", "completed_on"):
        owed[prog, unit].append((assigned, done))
    programmes = Programme.objects.in_bulk({p for p, _ in owed})
    units = Unit.objects.in_bulk({u for _, u in owed})
    reports = {(r.programme_id, r.unit_id, r.period): r for r in ProgressReport.objects.filter(
        unit_id__in=viewer.units, programme_id__in=programmes).select_related("submitted_by")}
    rows = []
    for (prog, unit), tasks in owed.items():
        programme = programmes[prog]
        for period in programme_periods(programme, today)[:recent]:
            report = reports.get((prog, unit, period.key))
            if report is None and not any(_owes(a, d, period) for a, d in tasks):
                continue
            due = due_on(period, policy_at(period.end))
            rows.append(Row(programme, units[unit], period, due, report, state_of(report, due, today)))
    rows.sort(key=lambda r: (-r.period.end.toordinal(), r.programme.code, r.unit.name))
    return rows


@dataclass(frozen=True)
class FormLine:
    task: Task
    progress: int
    note: str


def form_lines(programme: Programme, unit: Unit, period: Period,
               report: ProgressReport | None = None) -> list[FormLine]:
    """The tasks the unit reports on for the period (one line each), with what its report said
    already, or else the task's current progress."""
    said = {line.task_id: line for line in report.lines.all()} if report is not None else {}
    tasks = sorted((t for t in Task.objects.filter(programme=programme, lead_unit=unit)
                    if _owes(t.assigned_on, t.completed_on, period) or t.pk in said), key=lambda t: code_key(t.code))
    return [FormLine(t, said[t.pk].progress if t.pk in said else t.progress, said[t.pk].note if t.pk in said else "")
            for t in tasks]


def sorted_lines(report: ProgressReport) -> list:
    """The report's lines in the natural order of task numbers ("2" < "2.1" < "10"), from the prefetch."""
    return sorted(report.lines.all(), key=lambda line: code_key(line.task.code))


def reports(programme: Programme | None = None, period: str | None = None, unit: Unit | None = None) -> QuerySet:
    """Reports with what their lists show (programme, unit, sender, lines and their tasks)."""
    found = ProgressReport.objects.select_related("programme", "unit", "submitted_by").prefetch_related("lines__task")
    if programme is not None:
        found = found.filter(programme=programme)
    if period:
        found = found.filter(period=period)
    if unit is not None:
        found = found.filter(unit=unit)
    return found.order_by("-period_end", "programme__code", "unit__name")


def notices_for(user) -> QuerySet:
    return Notice.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """Unread notices of ``user`` (0 for anonymous): for the menu badge."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
