"""Task status classes (done on time, done late, open in time, open overdue), the at-risk rule and
the counts a steering committee reads (completion = done ÷ due, overdue share = open overdue ÷
due). Pure: no database."""

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from motcua.rules.tasks import (
    AT_RISK_LABEL, LABELS, POLICIES, RiskPolicy, Status, at_risk, classify, count, policy_on,
)

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
MAYBE_DAYS = st.none() | DAYS
PROGRESS = st.integers(min_value=0, max_value=100)


@given(MAYBE_DAYS, MAYBE_DAYS, DAYS)
def test_a_task_falls_in_exactly_the_class_its_dates_say(deadline, completed_on, today):
    status = classify(deadline, completed_on, today)
    if completed_on is not None:
        assert status.done
        assert (status is Status.DONE_LATE) == (deadline is not None and completed_on > deadline)
    else:
        assert not status.done
        assert (status is Status.OPEN_OVERDUE) == (deadline is not None and today > deadline)


@given(MAYBE_DAYS, DAYS)
def test_without_a_deadline_nothing_is_late(completed_on, today):
    assert classify(None, completed_on, today) in (Status.DONE_ON_TIME, Status.OPEN_IN_TIME)


@given(DAYS, DAYS)
def test_a_completed_task_keeps_its_class_whatever_day_it_is_read(deadline, completed_on):
    assert classify(deadline, completed_on, date(2020, 1, 1)) == classify(deadline, completed_on, date(2031, 1, 1))


def test_the_deadline_day_itself_is_still_in_time():
    day = date(2025, 6, 30)
    assert classify(day, day, day + timedelta(days=9)) is Status.DONE_ON_TIME
    assert classify(day, None, day) is Status.OPEN_IN_TIME
    assert classify(day, None, day + timedelta(days=1)) is Status.OPEN_OVERDUE
    assert classify(day, day + timedelta(days=1), day) is Status.DONE_LATE


def test_labels_are_the_government_taxonomy_in_vietnamese():
    assert LABELS[Status.DONE_ON_TIME] == "Hoàn thành đúng hạn"
    assert LABELS[Status.OPEN_OVERDUE] == "Quá hạn chưa hoàn thành"
    assert Status.OPEN_IN_TIME.label == "Đang thực hiện trong hạn"
    assert AT_RISK_LABEL == "Có nguy cơ chậm"
    assert set(LABELS) == set(Status)


@given(DAYS, MAYBE_DAYS, PROGRESS, DAYS)
def test_only_open_tasks_within_a_deadline_can_be_at_risk(assigned, deadline, progress, today):
    if at_risk(assigned, deadline, progress, today):
        assert deadline is not None and today <= deadline and progress < 100


@given(DAYS, st.integers(min_value=1, max_value=2000), PROGRESS, st.integers(min_value=0, max_value=2000),
       st.integers(min_value=0, max_value=100))
def test_more_progress_never_makes_a_task_riskier(assigned, length, progress, elapsed, more):
    deadline = assigned + timedelta(days=length)
    today = assigned + timedelta(days=min(elapsed, length))
    if not at_risk(assigned, deadline, progress, today):
        assert not at_risk(assigned, deadline, min(100, progress + more), today)


@given(DAYS, st.integers(min_value=1, max_value=2000), PROGRESS, st.integers(min_value=0, max_value=2000),
       st.integers(min_value=0, max_value=500))
def test_time_passing_with_no_progress_never_lifts_the_risk(assigned, length, progress, elapsed, later):
    deadline = assigned + timedelta(days=length)
    today = assigned + timedelta(days=min(elapsed, length))
    then = min(deadline, today + timedelta(days=later))
    if at_risk(assigned, deadline, progress, today):
        assert at_risk(assigned, deadline, progress, then)


def test_the_two_rules_of_the_policy_in_force():
    policy = policy_on(date(2026, 1, 1))
    assigned, deadline = date(2026, 1, 1), date(2026, 12, 31)
    # a week left at 50 %: few days left and progress below the window's bar
    assert at_risk(assigned, deadline, 50, deadline - timedelta(days=7), policy)
    assert not at_risk(assigned, deadline, 90, deadline - timedelta(days=7), policy)
    # three quarters of the year gone at 10 %: time runs ahead of the work
    assert at_risk(assigned, deadline, 10, date(2026, 10, 1), policy)
    assert not at_risk(assigned, deadline, 60, date(2026, 10, 1), policy)
    # early on, little progress is normal
    assert not at_risk(assigned, deadline, 0, date(2026, 2, 1), policy)
    assert "15 ngày" in policy.describe()


def test_a_stricter_policy_taking_effect_later_applies_from_its_date():
    strict = RiskPolicy(version="x", effective_from=date(2027, 1, 1), basis="test", window_days=60)
    policies = POLICIES + (strict,)
    assert policy_on(date(2026, 12, 31), policies) is POLICIES[0]
    assert policy_on(date(2027, 1, 1), policies) is strict
    assert policy_on(date(2000, 1, 1), policies) is POLICIES[0]
    assigned, deadline, today = date(2027, 1, 1), date(2027, 6, 30), date(2027, 5, 20)
    assert not at_risk(assigned, deadline, 70, today, POLICIES[0])
    assert at_risk(assigned, deadline, 70, today, strict)


PAIRS = st.lists(st.tuples(st.sampled_from(list(Status)), st.booleans()), max_size=60)


@given(PAIRS)
def test_counts_add_up_and_rates_follow_the_definitions(pairs):
    counts = count(pairs)
    for status in Status:
        assert counts.of(status) == sum(1 for s, _ in pairs if s is status)
    assert counts.total == len(pairs)
    assert counts.at_risk == sum(1 for s, r in pairs if r and s is Status.OPEN_IN_TIME)
    assert counts.due == counts.done_on_time + counts.done_late + counts.open_overdue
    if counts.due == 0:
        assert counts.completion_rate is None and counts.overdue_share is None
    else:
        assert counts.completion_rate == Fraction(counts.done, counts.due)
        assert counts.overdue_share + counts.completion_rate == 1


def test_the_2017_government_figures():
    pairs = ([(Status.DONE_ON_TIME, False)] * 14068 + [(Status.DONE_LATE, False)] * 1983
             + [(Status.OPEN_IN_TIME, False)] * 5640 + [(Status.OPEN_OVERDUE, False)] * 223)
    counts = count(pairs)
    assert counts.total == 21914
    assert counts.due == 16274
    assert round(float(counts.completion_rate) * 100, 2) == 98.63
