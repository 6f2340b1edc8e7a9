"""Laws of the statutory clock (Decree 118/2025 Art. 17.3: time runs from acceptance; Art. 19.5:
paused while with the applicant, restarted from zero on resubmission; Art. 19.6: extended once;
Art. 18.2: counter paper goes the same day, the next morning after 15:00; Art. 20.1.a: across
levels within 1 working day), checked with hypothesis on the national calendar (one-stop.md §10).
"""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from motcua.rules.calendar import VN_TZ, default_calendar
from motcua.rules.clock import Clock, statutory_due, transfer_due
from motcua.rules.timers import CURRENT

CAL = default_calendar()
LAW = settings(max_examples=200, deadline=None)
CLOSE = time(17, 0)  # end of the afternoon session
MORNING_END = time(12, 0)

# Moments over 2025-2027 (the 2026 Tết break and the National Day swaps included), to the second,
# at any hour, in Hà Nội time or in UTC (the clock must not care which).
moments = st.builds(
    lambda s, utc: (datetime(2025, 1, 1, tzinfo=VN_TZ) + timedelta(seconds=s)).astimezone(UTC if utc else VN_TZ),
    st.integers(0, 3 * 365 * 86400), st.booleans(),
)
# Budgets up to 60 working days, in whole seconds or whole half hours.
budgets = st.one_of(st.integers(0, 60 * 8 * 3600), st.integers(0, 60 * 16).map(lambda h: h * 1800))
# Gaps in clock time (up to 20 days) between two moments.
gaps = st.integers(0, 20 * 86400).map(lambda s: timedelta(seconds=s))


# The edges a random second would almost never hit: the 15:00 cut-off, the session ends, lunch,
# before office hours, a weekend, the eve of Tết 2026 and a make-up Saturday (22/08/2026).
EDGES = [datetime(2026, 3, 2, hh, mm, ss, tzinfo=VN_TZ) for hh, mm, ss in
         ((15, 0, 0), (14, 59, 59), (17, 0, 0), (17, 0, 1), (12, 0, 0), (12, 30, 0), (7, 59, 0), (8, 0, 0))]
EDGES += [datetime(2026, 3, 7, 10, 0, tzinfo=VN_TZ), datetime(2026, 2, 13, 16, 30, tzinfo=VN_TZ),
          datetime(2026, 2, 13, 14, 0, tzinfo=VN_TZ), datetime(2026, 8, 21, 15, 30, tzinfo=VN_TZ),
          datetime(2026, 8, 22, 9, 0, tzinfo=VN_TZ), datetime(2026, 3, 2, 8, 0, tzinfo=UTC)]


def edges(*more):
    """Run the test on every edge moment (followed by each of ``more``) besides hypothesis's draws."""
    def decorate(test):
        for moment in EDGES:
            for rest in more or [()]:
                test = example(moment, *rest)(test)
        return test
    return decorate


def local(moment: datetime) -> datetime:
    return moment.astimezone(VN_TZ)


def next_working_day(d: date) -> date:
    d += timedelta(days=1)
    while not CAL.is_working_day(d):
        d += timedelta(days=1)
    return d


# -- Clock --------------------------------------------------------------------------------------

@LAW
@given(moments, budgets)
def test_started_clock_is_due_after_its_budget_of_working_time(t, budget):
    clock = Clock(budget).start(t)
    assert clock.running
    assert clock.due(CAL) == CAL.add_working_seconds(t, budget)


@LAW
@given(moments, budgets, gaps, gaps)
def test_pause_and_resume_keep_the_time_not_yet_used(t, budget, run, wait):
    p, r = t + run, t + run + wait
    used = CAL.working_seconds_between(t, p)
    paused = Clock(budget).start(t).pause(p, CAL)

    assert paused.due(CAL) is None and not paused.running  # no due time while with the applicant
    resumed = paused.resume(r)
    assert resumed.due(CAL) == CAL.add_working_seconds(r, max(budget - used, 0))
    # Waiting never makes the due time earlier than it would have been without the pause.
    assert resumed.due(CAL) >= Clock(budget).start(t).due(CAL)


@LAW
@given(moments, budgets, gaps, gaps, gaps)
def test_restart_starts_again_from_zero(t, budget, run, wait, later):
    clock = Clock(budget).start(t).pause(t + run, CAL)
    r = t + run + wait
    assert clock.restart(r).due(CAL) == CAL.add_working_seconds(r, budget)
    # Restarting a running clock too: whatever was used before is forgotten.
    assert Clock(budget).start(t).restart(t + later).due(CAL) == CAL.add_working_seconds(t + later, budget)


@LAW
@given(moments, budgets, budgets.filter(lambda x: x > 0))
def test_extension_moves_the_due_time_by_exactly_its_working_seconds(t, budget, x):
    clock = Clock(budget).start(t)
    old, new = clock.due(CAL), clock.extend(x).due(CAL)
    assert new > old
    assert CAL.working_seconds_between(old, new) == x


@LAW
@given(moments, budgets, gaps, gaps, budgets.filter(lambda x: x > 0))
def test_extension_of_a_resumed_clock_within_its_budget(t, budget, run, wait, x):
    p, r = t + run, t + run + wait
    resumed = Clock(budget).start(t).pause(p, CAL).resume(r)
    # Paused after its due time, nothing is left to move (an extension then is refused anyway:
    # Art. 19.6 wants it at least 1 working day before the due time).
    assume(CAL.working_seconds_between(t, p) <= budget)
    old, new = resumed.due(CAL), resumed.extend(x).due(CAL)
    assert CAL.working_seconds_between(old, new) == x


@LAW
@given(moments, budgets, gaps)
def test_pause_of_a_stopped_clock_and_resume_of_a_running_one_change_nothing(t, budget, gap):
    running = Clock(budget).start(t)
    assert running.resume(t + gap) == running
    paused = running.pause(t + gap, CAL)
    assert paused.pause(t + gap + gap, CAL) == paused
    assert Clock(budget).pause(t, CAL).due(CAL) is None  # never started


# -- statutory_due for same-day procedures ---------------------------------------------------------

@LAW
@edges()
@given(moments)
def test_same_day_procedure_is_due_at_close_of_office_of_a_working_day(received):
    due = statutory_due(CAL, CURRENT, received, 0)
    day = local(received).date()
    if CAL.is_working_day(day) and local(received).time() < CURRENT.same_day_cutoff:
        expected_day = day
    else:
        expected_day = next_working_day(day)

    assert due.tzinfo is not None
    assert local(due).time() == CLOSE
    assert CAL.is_working_day(local(due).date())
    assert local(due).date() == expected_day
    assert due > received


@LAW
@given(moments, budgets.filter(lambda s: s > 0))
def test_procedure_with_a_duration_is_due_after_that_much_working_time(received, seconds):
    assert statutory_due(CAL, CURRENT, received, seconds) == CAL.add_working_seconds(received, seconds)


# -- transfer_due -----------------------------------------------------------------------------------

@LAW
@edges((False,), (True,))
@given(moments, st.booleans())
def test_transfer_limit_is_in_office_hours_and_never_before_the_receipt(received, cross_level):
    due = transfer_due(CAL, CURRENT, received, cross_level)
    assert CAL.is_office_time(due)
    assert CAL.is_working_day(local(due).date())
    assert due >= received


@LAW
@edges()
@given(moments)
def test_same_level_paper_goes_the_same_day_or_the_next_morning(received):
    due = transfer_due(CAL, CURRENT, received, cross_level=False)
    day = local(received).date()
    if CAL.is_working_day(day) and local(received).time() < CURRENT.transfer_cutoff:
        assert (local(due).date(), local(due).time()) == (day, CLOSE)
    else:
        assert (local(due).date(), local(due).time()) == (next_working_day(day), MORNING_END)


@LAW
@edges()
@given(moments)
def test_cross_level_paper_goes_within_one_working_day(received):
    due = transfer_due(CAL, CURRENT, received, cross_level=True)
    assert due == CAL.add_working_seconds(received, 8 * 3600)
    assert CAL.working_seconds_between(received, due) == 8 * 3600
