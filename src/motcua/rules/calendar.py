"""Working days and office hours (ngày làm việc, giờ làm việc).

A :class:`WorkingCalendar` knows, for every day of a range of years, the office sessions
(buổi làm việc) of that day: none on a weekend or a public holiday (ngày nghỉ lễ, Tết), the
province's sessions on a working day or a make-up Saturday (ngày làm bù), and whatever an
override announced later says (a swapped day off, a half day).

Durations are working time: one working day is ``HOURS_PER_WORKING_DAY`` hours of sessions, so
"3 working days" and "24 working hours" are the same clock (one-stop.md §10). Every session
of the range is precomputed as UTC epoch microseconds, with the working time elapsed before
it, so each operation is one ``bisect`` plus arithmetic.

Conventions: a naive datetime is Asia/Ho_Chi_Minh; results are aware, in ``VN_TZ``. A moment
at the end of a session (12:00, 17:00) is still inside it: a due time that lands there stays
there rather than moving to the next morning.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HOURS_PER_WORKING_DAY = 8
DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
FIRST_YEAR = 2015
LAST_YEAR = 2045

Sessions = tuple[tuple[time, time], ...]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = 1_000_000
_ONE_US = timedelta(microseconds=1)
_WEEKEND = (5, 6)  # Saturday, Sunday


class EpochSessions(NamedTuple):
    """Every working session of a calendar as UTC epoch seconds, sorted, non-overlapping.

    ``cum_before[i]`` is the working seconds of all sessions before session ``i``;
    ``range_start``/``range_end`` bound the moments the calendar accepts (end exclusive)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    cum_before: tuple[int, ...]
    range_start: int
    range_end: int


def validate_sessions(sessions: Iterable[tuple[time, time]]) -> Sessions:
    """Check a day's sessions (sorted, each start before its end, not overlapping)."""
    result = tuple((start, end) for start, end in sessions)
    previous_end: time | None = None
    for start, end in result:
        if not (isinstance(start, time) and isinstance(end, time)):
            raise ValueError("Buổi làm việc phải gồm giờ bắt đầu và giờ kết thúc.")
        if start.tzinfo or end.tzinfo or start.microsecond or end.microsecond:
            raise ValueError("Giờ của buổi làm việc không có múi giờ và tính đến giây.")
        if not start < end:
            raise ValueError(f"Buổi làm việc {start:%H:%M}-{end:%H:%M}: giờ bắt đầu phải trước giờ kết thúc.")
        if previous_end is not None and start < previous_end:
            raise ValueError(f"Các buổi làm việc phải theo thứ tự và không chồng lên nhau ({start:%H:%M}).")
        previous_end = end
    return result


def _to_us(t: datetime) -> int:
    """Epoch microseconds of ``t`` (naive = Asia/Ho_Chi_Minh), exactly."""
    if not isinstance(t, datetime):
        raise TypeError("Cần một thời điểm (datetime), không phải ngày.")
    if t.tzinfo is None or t.utcoffset() is None:
        t = t.replace(tzinfo=VN_TZ)
    return (t - _EPOCH) // _ONE_US


def _from_us(us: int) -> datetime:
    return (_EPOCH + timedelta(microseconds=us)).astimezone(VN_TZ)


class WorkingCalendar:
    """The working calendar (lịch làm việc) of one province, over a range of years.

    Working day = Monday-Friday not in ``holidays``, plus ``make_up_days``; then ``overrides``
    (a day's sessions; empty = day off) win over everything. Immutable once built."""

    __slots__ = ("_days", "_office", "_first", "_last", "_starts", "_ends", "_cum", "_cum_end",
                 "_lo", "_hi", "_epoch", "__weakref__")

    def __init__(
        self,
        holidays: Iterable[date] = (),
        make_up_days: Iterable[date] = (),
        overrides: Mapping[date, Sessions] | None = None,
        sessions: Sessions = DEFAULT_SESSIONS,
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
    ) -> None:
        if first_year > last_year:
            raise ValueError("Năm đầu của lịch phải không sau năm cuối.")
        office = validate_sessions(sessions)
        off, make_up = frozenset(holidays), frozenset(make_up_days)
        fixed = {day: validate_sessions(s) for day, s in (overrides or {}).items()}
        days: dict[date, Sessions] = {}
        starts: list[int] = []
        ends: list[int] = []
        day = date(first_year, 1, 1)
        stop = date(last_year + 1, 1, 1)
        while day < stop:
            if day in fixed:
                today = fixed[day]
            elif day in make_up or (day.weekday() not in _WEEKEND and day not in off):
                today = office
            else:
                today = ()
            days[day] = today
            for start, end in today:
                s = _to_us(datetime.combine(day, start, VN_TZ))
                e = _to_us(datetime.combine(day, end, VN_TZ))
                if ends and s <= ends[-1]:  # touching sessions are one stretch of working time
                    ends[-1] = max(ends[-1], e)
                else:
                    starts.append(s)
                    ends.append(e)
            day += timedelta(days=1)
        cum, cum_end, total = [], [], 0
        for s, e in zip(starts, ends):
            cum.append(total)
            total += e - s
            cum_end.append(total)
        set_ = object.__setattr__
        set_(self, "_days", days)
        set_(self, "_office", office)
        set_(self, "_first", first_year)
        set_(self, "_last", last_year)
        set_(self, "_starts", starts)
        set_(self, "_ends", ends)
        set_(self, "_cum", cum)
        set_(self, "_cum_end", cum_end)
        set_(self, "_lo", _to_us(datetime(first_year, 1, 1, tzinfo=VN_TZ)))
        set_(self, "_hi", _to_us(datetime(last_year + 1, 1, 1, tzinfo=VN_TZ)))
        set_(self, "_epoch", EpochSessions(
            tuple(x // _US for x in starts), tuple(x // _US for x in ends), tuple(x // _US for x in cum),
            self._lo // _US, self._hi // _US,
        ))

    def __setattr__(self, name, value):
        raise AttributeError("WorkingCalendar không sửa được sau khi tạo.")

    __delattr__ = __setattr__

    @classmethod
    def vietnam(
        cls,
        overrides: Mapping[date, Sessions] | None = None,
        sessions: Sessions = DEFAULT_SESSIONS,
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
    ) -> WorkingCalendar:
        """Vietnam's public holidays and announced swaps (package ``holidays``, country VN)."""
        off, make_up = _vietnam_days(first_year, last_year)
        return cls(off, make_up, overrides, sessions, first_year, last_year)

    # -- days ---------------------------------------------------------------------------------

    @property
    def office_sessions(self) -> Sessions:
        """The sessions of a normal working day."""
        return self._office

    @property
    def years(self) -> tuple[int, int]:
        return self._first, self._last

    def sessions_on(self, d: date) -> Sessions:
        """The office sessions of day ``d`` (empty on a day off)."""
        if isinstance(d, datetime):
            d = (d if d.tzinfo else d.replace(tzinfo=VN_TZ)).astimezone(VN_TZ).date()
        try:
            return self._days[d]
        except KeyError:
            raise self._out_of_range(d) from None

    def is_working_day(self, d: date) -> bool:
        return bool(self.sessions_on(d))

    # -- moments ------------------------------------------------------------------------------

    def is_office_time(self, t: datetime) -> bool:
        """Whether ``t`` lies inside a session, both ends included."""
        us = self._check(t)
        i = bisect_right(self._starts, us) - 1
        return i >= 0 and us <= self._ends[i]

    def next_working_moment(self, t: datetime) -> datetime:
        """``t`` if it lies inside a session (ends included), else the start of the next session."""
        return _from_us(self._next_us(self._check(t)))

    def add_working_seconds(self, t: datetime, seconds: float) -> datetime:
        """The moment when ``seconds`` of working time have elapsed since ``t``.

        Outside office hours the count starts at the next working moment; a result on the end
        of a session stays there. ``seconds == 0`` gives :meth:`next_working_moment`."""
        amount = _amount_us(seconds)
        us = self._check(t)
        if amount == 0:
            return _from_us(self._next_us(us))
        target = self._worked_us(us) + amount
        j = bisect_left(self._cum_end, target)
        if j == len(self._cum_end):
            raise ValueError(f"Thời hạn vượt quá phạm vi lịch làm việc (đến hết năm {self._last}).")
        return _from_us(self._starts[j] + target - self._cum[j])

    def add_working_hours(self, t: datetime, hours: float) -> datetime:
        return self.add_working_seconds(t, hours * 3600)

    def add_working_days(self, t: datetime, days: float) -> datetime:
        """``days`` working days of ``HOURS_PER_WORKING_DAY`` hours each (0.5 day = 4 hours)."""
        return self.add_working_seconds(t, days * HOURS_PER_WORKING_DAY * 3600)

    def working_seconds_between(self, a: datetime, b: datetime) -> float:
        """Working seconds in [a, b]; negative when ``b`` is before ``a``."""
        return (self._worked_us(self._check(b)) - self._worked_us(self._check(a))) / _US

    def epoch_sessions(self) -> EpochSessions:
        """The precomputed sessions as epoch seconds, for vectorised code (read-only tuples)."""
        return self._epoch

    # -- internals ----------------------------------------------------------------------------

    def _check(self, t: datetime) -> int:
        us = _to_us(t)
        if not self._lo <= us < self._hi:
            raise self._out_of_range(t)
        return us

    def _out_of_range(self, when) -> ValueError:
        return ValueError(
            f"Ngoài phạm vi lịch làm việc ({self._first}–{self._last}): {when.isoformat()}."
        )

    def _worked_us(self, us: int) -> int:
        """Working microseconds from the start of the range up to ``us``."""
        i = bisect_right(self._starts, us) - 1
        if i < 0:
            return 0
        return self._cum[i] + min(us, self._ends[i]) - self._starts[i]

    def _next_us(self, us: int) -> int:
        i = bisect_right(self._starts, us) - 1
        if i >= 0 and us <= self._ends[i]:
            return us
        if i + 1 == len(self._starts):
            raise ValueError(f"Không còn buổi làm việc nào trong phạm vi lịch (đến hết năm {self._last}).")
        return self._starts[i + 1]


def _amount_us(seconds: float) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError("Thời lượng phải là một số giây.")
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        raise ValueError("Thời lượng không hợp lệ.")
    if seconds < 0:
        raise ValueError("Thời lượng không được âm.")
    return seconds * _US if isinstance(seconds, int) else round(seconds * _US)


@lru_cache(maxsize=8)
def _vietnam_days(first_year: int, last_year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Days off and make-up Saturdays of ``holidays.VN`` within the years."""
    import holidays

    table = holidays.VN(years=range(first_year, last_year + 1))
    in_range = range(first_year, last_year + 1)
    off = frozenset(d for d in table.keys() if d.year in in_range)
    make_up = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year in in_range)
    return off, make_up


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """Vietnam's national calendar with the default office hours, built once."""
    return WorkingCalendar.vietnam()
