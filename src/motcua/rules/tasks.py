"""Status classes of an assigned task (theo dõi nhiệm vụ được giao), as the government's task
tracking counts them (governance.md §3, §7.5; Report 1270/BC-TCTTTg):

* done on time (hoàn thành đúng hạn) — completed on or before the deadline, or with no deadline;
* done late (hoàn thành quá hạn) — completed after the deadline;
* open within the deadline (đang thực hiện trong hạn) — not completed, today on or before the
  deadline, or no deadline at all;
* open and overdue (quá hạn chưa hoàn thành) — not completed and today after the deadline.

A task open within its deadline may also be *at risk* (có nguy cơ chậm): the rule is dated
configuration (``RiskPolicy``), because no source fixes it (governance.md tags it [U]). The policy
in force flags a task when either

1. few days remain — at most ``window_days`` calendar days to the deadline — and the progress is
   below ``window_progress`` per cent; or
2. time runs ahead of the work — the share of the assigned period already elapsed exceeds the
   progress share by more than ``lag_margin`` (both as fractions of 1), once at least
   ``lag_from`` of the period has elapsed.

Tasks without a deadline are never late, overdue nor at risk.

Counting (§7.5): *due* = done (on time or late) + open overdue; completion rate = done ÷ due;
overdue share = open overdue ÷ due; both ``None`` when nothing is due.

Plain Python: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from motcua.rules.dated import in_force


class Status(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_IN_TIME = "open_in_time"
    OPEN_OVERDUE = "open_overdue"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def done(self) -> bool:
        return self in (Status.DONE_ON_TIME, Status.DONE_LATE)


LABELS: dict[Status, str] = {
    Status.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Status.DONE_LATE: "Hoàn thành quá hạn",
    Status.OPEN_IN_TIME: "Đang thực hiện trong hạn",
    Status.OPEN_OVERDUE: "Quá hạn chưa hoàn thành",
}
AT_RISK_LABEL = "Có nguy cơ chậm"


def classify(deadline: date | None, completed_on: date | None, today: date) -> Status:
    """The status class of a task on ``today``."""
    if completed_on is not None:
        if deadline is None or completed_on <= deadline:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if deadline is None or today <= deadline:
        return Status.OPEN_IN_TIME
    return Status.OPEN_OVERDUE


# -- at risk -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RiskPolicy:
    """When an open task within its deadline counts as at risk (see the module's docstring)."""

    version: str
    effective_from: date
    basis: str
    window_days: int = 15  # rule 1: at most this many calendar days left …
    window_progress: int = 80  # … and progress below this per cent
    lag_margin: Fraction = Fraction(3, 10)  # rule 2: elapsed share − progress share > this
    lag_from: Fraction = Fraction(1, 2)  # rule 2 applies once this share of the period has elapsed

    def describe(self) -> str:
        return (f"Còn không quá {self.window_days} ngày mà tiến độ dưới {self.window_progress} %, "
                f"hoặc đã qua trên {_pct(self.lag_from)} % thời gian và thời gian đã qua vượt tiến độ "
                f"quá {_pct(self.lag_margin)} điểm phần trăm")


def _pct(share: Fraction) -> str:
    value = share * 100
    return str(int(value)) if value.denominator == 1 else f"{float(value):.1f}"


POLICIES: tuple[RiskPolicy, ...] = (
    RiskPolicy(version="2021-03", effective_from=date(2021, 3, 17),
               basis="Cấu hình của Ban Chỉ đạo (không có quy định cố định; governance.md §3 [U])"),
)


def policy_on(day: date, policies: Sequence[RiskPolicy] | None = None) -> RiskPolicy:
    """The risk policy in force on ``day`` (the earliest one before any took effect)."""
    return in_force(POLICIES if policies is None else policies, day)


def at_risk(assigned_on: date, deadline: date | None, progress: int, today: date,
            policy: RiskPolicy | None = None) -> bool:
    """Whether an open task within its deadline is at risk on ``today``. False for tasks without a
    deadline, overdue tasks (they are already late) and tasks at 100 %."""
    if deadline is None or today > deadline or progress >= 100:
        return False
    policy = policy or policy_on(today)
    remaining = (deadline - today).days
    if remaining <= policy.window_days and progress < policy.window_progress:
        return True
    period = (deadline - assigned_on).days
    if period <= 0:
        return False
    elapsed = Fraction(max(0, (today - assigned_on).days), period)
    if elapsed < policy.lag_from:
        return False
    return elapsed - Fraction(max(0, progress), 100) > policy.lag_margin


# -- counting ----------------------------------------------------------------------------------

@dataclass
class Counts:
    done_on_time: int = 0
    done_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    at_risk: int = 0  # among open_in_time

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def open(self) -> int:
        return self.open_in_time + self.open_overdue

    @property
    def total(self) -> int:
        return self.done + self.open

    @property
    def due(self) -> int:
        return self.done + self.open_overdue

    @property
    def completion_rate(self) -> Fraction | None:
        return Fraction(self.done, self.due) if self.due else None

    @property
    def overdue_share(self) -> Fraction | None:
        return Fraction(self.open_overdue, self.due) if self.due else None

    def of(self, status: Status) -> int:
        return getattr(self, status.value)

    def add(self, status: Status, risky: bool = False) -> None:
        setattr(self, status.value, getattr(self, status.value) + 1)
        if risky and status is Status.OPEN_IN_TIME:
            self.at_risk += 1


def count(statuses: Iterable[tuple[Status, bool]]) -> Counts:
    """Counts of ``(status, at_risk)`` pairs; ``at_risk`` counts only for tasks open in time."""
    counts = Counts()
    for status, risky in statuses:
        counts.add(Status(status), risky)
    return counts
