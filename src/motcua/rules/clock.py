"""A dossier's statutory clock: start, pause, resume, restart and extend give the due time.

Durations are working seconds on a ``WorkingCalendar``; the clock never reads the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from motcua.rules.calendar import VN_TZ, WorkingCalendar
from motcua.rules.timers import Timers

HOUR = 3600


@dataclass(frozen=True)
class Clock:
    """``budget`` working seconds from ``started_at``; time used in earlier runs is ``consumed``."""

    budget: float
    started_at: datetime | None = None
    consumed: float = 0
    paused_at: datetime | None = None
    extended_by: float = 0

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.paused_at is None

    def start(self, at: datetime) -> Clock:
        return replace(self, started_at=at, consumed=0, paused_at=None)

    def pause(self, at: datetime, calendar: WorkingCalendar) -> Clock:
        if not self.running:
            return self
        used = calendar.working_seconds_between(self.started_at, at)
        return replace(self, consumed=self.consumed + max(used, 0), paused_at=at)

    def resume(self, at: datetime) -> Clock:
        if self.paused_at is None:
            return self
        return replace(self, started_at=at, paused_at=None)

    def restart(self, at: datetime) -> Clock:
        """Start again from zero (Art. 19.5: the time limit restarts on resubmission)."""
        return replace(self, started_at=at, consumed=0, paused_at=None)

    def extend(self, seconds: float) -> Clock:
        return replace(self, extended_by=self.extended_by + seconds)

    def due(self, calendar: WorkingCalendar) -> datetime | None:
        """The due time while running; ``None`` while paused or not started."""
        if not self.running:
            return None
        remaining = max(self.budget + self.extended_by - self.consumed, 0)
        return calendar.add_working_seconds(self.started_at, remaining)


def end_of_working_day(calendar: WorkingCalendar, day) -> datetime:
    """Close of office on a working ``day`` (the end of its last session)."""
    sessions = calendar.sessions_on(day)
    return datetime.combine(day, sessions[-1][1], tzinfo=VN_TZ)


def next_working_day(calendar: WorkingCalendar, day):
    day = day + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def statutory_due(calendar: WorkingCalendar, timers: Timers, received_at: datetime, seconds: float) -> datetime:
    """The due time of a dossier received at ``received_at`` with ``seconds`` of working time.

    A procedure with no duration (trả ngay, trong ngày) is due at the close of the day of
    receipt, or of the next working day when received at or after the same-day cut-off (15:00).
    """
    if seconds > 0:
        return calendar.add_working_seconds(received_at, seconds)
    start = calendar.next_working_moment(received_at)
    day = start.date()
    if start.time() >= timers.same_day_cutoff:
        day = next_working_day(calendar, day)
    return end_of_working_day(calendar, day)


def transfer_due(calendar: WorkingCalendar, timers: Timers, received_at: datetime, cross_level: bool) -> datetime:
    """When counter paper must reach the competent agency (Arts. 18.2, 20.1.a).

    Same level: the same day (close of office), or the end of the next morning's session when
    received at or after 15:00. Cross-level: within 1 working day.
    """
    if cross_level:
        return calendar.add_working_seconds(received_at, timers.cross_level_transfer_hours * HOUR)
    start = calendar.next_working_moment(received_at)
    same_day = start.date() == received_at.astimezone(VN_TZ).date()
    if same_day and start.time() < timers.transfer_cutoff:
        return end_of_working_day(calendar, start.date())
    morning = next_working_day(calendar, start.date()) if same_day else start.date()
    first_session_end = calendar.sessions_on(morning)[0][1]
    return datetime.combine(morning, first_session_end, tzinfo=VN_TZ)
