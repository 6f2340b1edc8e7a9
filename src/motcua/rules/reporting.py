"""The reporting cycle of a steering programme (chế độ báo cáo định kỳ của đơn vị chủ trì): the
periods of a frequency (monthly, quarterly, half-yearly), each period's due date, the reminders
before a report or a task deadline falls due (nhắc hạn) and the escalation steps once it is
overdue (báo cáo lên lãnh đạo đơn vị, Ban Chỉ đạo).

Plain Python, versioned by effective date (``policy_at``). The numbers are the platform's
defaults [U design]: Circular 01/2020/TT-VPCP fixes the 6-monthly and annual reports of the
Government's direction, not a programme's own cycle, which the committee sets (governance.md §3).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from motcua.rules.dated import in_force


class Frequency(StrEnum):
    MONTHLY = "monthly"  # hằng tháng
    QUARTERLY = "quarterly"  # hằng quý
    HALF_YEARLY = "half_yearly"  # 6 tháng


MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6}
_KEY = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12]))$")


class Audience(StrEnum):
    """Who an escalation step goes to."""

    UNIT_LEADERS = "unit_leaders"  # lãnh đạo đơn vị chủ trì
    COMMITTEE = "committee"  # Ban Chỉ đạo và lãnh đạo cơ quan thường trực


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period (kỳ báo cáo): its first and last day."""

    start: date
    end: date
    frequency: Frequency

    @property
    def key(self) -> str:
        """"2026-03" (month), "2026-Q1" (quarter), "2026-H1" (half-year)."""
        y, m = self.start.year, self.start.month
        if self.frequency == Frequency.MONTHLY:
            return f"{y}-{m:02d}"
        if self.frequency == Frequency.QUARTERLY:
            return f"{y}-Q{(m - 1) // 3 + 1}"
        return f"{y}-H{(m - 1) // 6 + 1}"

    @property
    def label(self) -> str:
        y, m = self.start.year, self.start.month
        if self.frequency == Frequency.MONTHLY:
            return f"Tháng {m}/{y}"
        if self.frequency == Frequency.QUARTERLY:
            return f"Quý {(m - 1) // 3 + 1}/{y}"
        return f"6 tháng {'đầu' if m == 1 else 'cuối'} năm {y}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Escalation:
    """After the due date: ``working_days`` later, tell ``audience``."""

    working_days: int
    audience: Audience


@dataclass(frozen=True)
class ReportingPolicy:
    effective_from: date
    basis: str
    #: the report of a period is due this many (calendar) days after the period ends
    due_days_after_end: int = 5
    #: reminders to the lead unit this many days before a report falls due
    report_reminder_days: tuple[int, ...] = (5, 1)
    #: reminders to the task's officer this many days before a task's deadline
    task_reminder_days: tuple[int, ...] = (5, 1)
    #: once overdue: +1 working day to the unit's leaders, +5 to the committee
    escalation: tuple[Escalation, ...] = (Escalation(1, Audience.UNIT_LEADERS), Escalation(5, Audience.COMMITTEE))
    #: overdue reports and tasks older than this are no longer escalated by the daily run
    escalate_within_days: int = 120


POLICIES: tuple[ReportingPolicy, ...] = (
    ReportingPolicy(effective_from=date(2021, 1, 1), basis="Quy chế làm việc của Ban Chỉ đạo (mặc định của hệ thống)"),
)


def policy_at(day: date) -> ReportingPolicy:
    """The policy in force on ``day`` (the latest that took effect on or before it)."""
    return in_force(POLICIES, day)


def _add_months(day: date, months: int) -> date:
    n = day.year * 12 + day.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def period_of(frequency: Frequency | str, day: date) -> Period:
    """The period of ``frequency`` that holds ``day``."""
    frequency = Frequency(frequency)
    size = MONTHS[frequency]
    start = date(day.year, (day.month - 1) // size * size + 1, 1)
    return Period(start, _add_months(start, size) - timedelta(days=1), frequency)


def periods(frequency: Frequency | str, start: date, end: date) -> list[Period]:
    """Every period of ``frequency`` that overlaps ``start``…``end`` (inclusive), in order."""
    out: list[Period] = []
    if end < start:
        return out
    period = period_of(frequency, start)
    while period.start <= end:
        out.append(period)
        period = period_of(frequency, period.end + timedelta(days=1))
    return out


def parse_period(key: str) -> Period:
    """The period a key names ("2026-03", "2026-Q1", "2026-H2"); ``ValueError`` otherwise."""
    match = _KEY.match((key or "").strip())
    if not match:
        raise ValueError(f"Kỳ báo cáo «{key}» không đúng dạng (ví dụ 2026-03, 2026-Q1, 2026-H1).")
    year, month, quarter, half = match.groups()
    if month:
        return period_of(Frequency.MONTHLY, date(int(year), int(month), 1))
    if quarter:
        return period_of(Frequency.QUARTERLY, date(int(year), (int(quarter) - 1) * 3 + 1, 1))
    return period_of(Frequency.HALF_YEARLY, date(int(year), (int(half) - 1) * 6 + 1, 1))


def due_on(period: Period, policy: ReportingPolicy | None = None) -> date:
    """The day the period's report falls due (hạn nộp báo cáo)."""
    policy = policy or policy_at(period.end)
    return period.end + timedelta(days=policy.due_days_after_end)


def reminder_before(day: date, due: date, lead_days: tuple[int, ...]) -> int | None:
    """The reminder (in days ahead) that ``day`` calls for before ``due``: the nearest lead whose
    day has come, so that a missed run catches up with the latest reminder only, never an earlier
    one after a later. ``None`` when no reminder has come yet or the day is past ``due``."""
    if day > due:
        return None
    reached = [lead for lead in lead_days if due - timedelta(days=lead) <= day]
    return min(reached) if reached else None


def working_days_after(due: date, days: int, is_working_day: Callable[[date], bool] | None = None) -> date:
    """The ``days``-th working day after ``due`` (Monday–Friday unless ``is_working_day`` says)."""
    is_working_day = is_working_day or (lambda d: d.weekday() < 5)
    day, left = due, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def escalations_on(day: date, due: date, policy: ReportingPolicy,
                   is_working_day: Callable[[date], bool] | None = None) -> Iterator[Escalation]:
    """Every escalation step whose day has come by ``day`` for something due on ``due`` and not
    delivered (each is sent once; the caller keeps which were). None past ``escalate_within_days``."""
    if day <= due or (day - due).days > policy.escalate_within_days:
        return
    for step in policy.escalation:
        if working_days_after(due, step.working_days, is_working_day) <= day:
            yield step
