"""Laws of working-time arithmetic, checked with hypothesis on the national calendar."""

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.rules.calendar import VN_TZ, WorkingCalendar, default_calendar

CAL = default_calendar()
# A calendar with irregular days too: a half day, an afternoon-only day, a working Sunday.
ODD = WorkingCalendar.vietnam(
    overrides={
        date(2026, 3, 4): ((time(8), time(12)),),
        date(2026, 3, 5): ((time(13, 30), time(16, 45)),),
        date(2026, 3, 8): ((time(9), time(11)),),
        date(2026, 3, 10): (),
    },
    first_year=2025,
    last_year=2028,
)

# Starts spread over 2025-2027, to the second, at any hour (office time or not).
starts = st.integers(0, 3 * 365 * 86400).map(
    lambda s: datetime(2025, 1, 1, tzinfo=VN_TZ) + timedelta(seconds=s)
)
# Durations up to 60 working days, in whole seconds (and half hours, the common case).
amounts = st.one_of(st.integers(0, 60 * 8 * 3600), st.integers(0, 60 * 16).map(lambda h: h * 1800))
calendars = st.sampled_from([CAL, ODD])

LAW = settings(max_examples=300, deadline=None)


@LAW
@given(calendars, starts, amounts, amounts)
def test_adding_twice_is_adding_the_sum(cal, t, a, b):
    assert cal.add_working_seconds(cal.add_working_seconds(t, a), b) == cal.add_working_seconds(t, a + b)


@LAW
@given(calendars, starts, amounts.filter(lambda s: s > 0))
def test_result_lies_in_office_hours_of_a_working_day(cal, t, s):
    due = cal.add_working_seconds(t, s)
    assert cal.is_office_time(due)
    assert cal.is_working_day(due.date())
    assert any(start <= due.time() <= end for start, end in cal.sessions_on(due.date()))
    assert due > t


@LAW
@given(calendars, starts, starts, amounts)
def test_monotonic_in_start(cal, t1, t2, s):
    t1, t2 = min(t1, t2), max(t1, t2)
    assert cal.add_working_seconds(t1, s) <= cal.add_working_seconds(t2, s)


@LAW
@given(calendars, starts, amounts, amounts)
def test_monotonic_in_duration(cal, t, s1, s2):
    s1, s2 = min(s1, s2), max(s1, s2)
    assert cal.add_working_seconds(t, s1) <= cal.add_working_seconds(t, s2)


@LAW
@given(calendars, starts, amounts.filter(lambda s: s > 0))
def test_working_time_between_start_and_due_is_the_duration(cal, t, s):
    t = cal.next_working_moment(t)  # a start in office time
    assert cal.is_office_time(t)
    assert cal.working_seconds_between(t, cal.add_working_seconds(t, s)) == s


@LAW
@given(calendars, starts, amounts)
def test_hours_and_days_are_the_same_clock(cal, t, s):
    hours = s / 3600
    assert cal.add_working_hours(t, hours) == cal.add_working_seconds(t, s)
    assert cal.add_working_days(t, hours / 8) == cal.add_working_seconds(t, s)


@LAW
@given(calendars, starts, amounts.filter(lambda s: s > 0))
def test_due_is_the_earliest_such_moment(cal, t, s):
    """A second earlier, less than ``s`` has elapsed: a due time on a session end stays there."""
    due = cal.add_working_seconds(t, s)
    assert cal.working_seconds_between(t, due - timedelta(seconds=1)) < s
