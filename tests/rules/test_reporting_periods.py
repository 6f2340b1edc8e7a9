"""Reporting periods, due dates, reminders and escalation of a programme's reporting cycle."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.rules.reporting import (
    Audience, Frequency, due_on, escalations_on, parse_period, period_of, periods, policy_at, reminder_before,
    working_days_after,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
frequencies = st.sampled_from(list(Frequency))


@given(frequencies, days, st.integers(min_value=0, max_value=900))
def test_periods_tile_the_range_without_gap_or_overlap(frequency, start, length):
    end = start + timedelta(days=length)
    found = periods(frequency, start, end)
    assert found[0].start <= start <= found[0].end and found[-1].start <= end <= found[-1].end
    for before, after in zip(found, found[1:]):
        assert after.start == before.end + timedelta(days=1)
    assert len({p.key for p in found}) == len(found)


@given(frequencies, days)
def test_the_period_of_a_day_holds_it_and_its_key_names_it_again(frequency, day):
    period = period_of(frequency, day)
    assert day in period
    assert parse_period(period.key) == period
    months = (period.end.year * 12 + period.end.month) - (period.start.year * 12 + period.start.month) + 1
    assert months == {"monthly": 1, "quarterly": 3, "half_yearly": 6}[frequency]
    assert period.start.day == 1 and (period.end + timedelta(days=1)).day == 1


def test_keys_and_labels_read_as_people_say_them():
    assert period_of("monthly", date(2026, 2, 14)).key == "2026-02"
    assert period_of("monthly", date(2026, 2, 14)).end == date(2026, 2, 28)
    q = period_of("quarterly", date(2026, 5, 31))
    assert (q.key, q.label, q.start, q.end) == ("2026-Q2", "Quý 2/2026", date(2026, 4, 1), date(2026, 6, 30))
    h = period_of("half_yearly", date(2026, 12, 31))
    assert (h.key, h.label) == ("2026-H2", "6 tháng cuối năm 2026")
    with pytest.raises(ValueError, match="không đúng dạng"):
        parse_period("2026-13")


@given(frequencies, days)
def test_a_report_falls_due_after_its_period_ends(frequency, day):
    period = period_of(frequency, day)
    assert due_on(period) == period.end + timedelta(days=policy_at(period.end).due_days_after_end)
    assert due_on(period) > period.end


def test_the_march_report_is_due_on_the_fifth_of_april():
    assert due_on(period_of("monthly", date(2026, 3, 10))) == date(2026, 4, 5)


@given(days, st.integers(min_value=-30, max_value=30))
def test_reminders_come_five_then_one_day_ahead_and_never_after_the_due_date(due, offset):
    day = due + timedelta(days=offset)
    lead = reminder_before(day, due, (5, 1))
    if offset > 0 or offset < -5:
        assert lead is None
    elif offset >= -1:
        assert lead == 1
    else:
        assert lead == 5


@given(days, st.integers(min_value=0, max_value=40))
def test_escalation_steps_only_grow_with_time(due, after):
    policy = policy_at(due)
    today = list(escalations_on(due + timedelta(days=after), due, policy))
    tomorrow = list(escalations_on(due + timedelta(days=after + 1), due, policy))
    assert today == tomorrow[:len(today)]
    if after == 0:
        assert today == []


def test_leaders_hear_one_working_day_late_and_the_committee_five():
    due = date(2026, 4, 3)  # a Friday
    policy = policy_at(due)
    assert list(escalations_on(date(2026, 4, 5), due, policy)) == []  # the weekend does not count
    [first] = escalations_on(date(2026, 4, 6), due, policy)
    assert first.audience == Audience.UNIT_LEADERS
    assert [s.audience for s in escalations_on(date(2026, 4, 10), due, policy)] == [Audience.UNIT_LEADERS,
                                                                                    Audience.COMMITTEE]
    holiday = {date(2026, 4, 6)}
    assert working_days_after(due, 1, lambda d: d.weekday() < 5 and d not in holiday) == date(2026, 4, 7)
    assert list(escalations_on(due + timedelta(days=policy.escalate_within_days + 1), due, policy)) == []
