"""Periodic job transfer and leader terms (governance.md §6): months in post against the position's
cycle, the 18-month retirement shield, postponements, two consecutive terms for listed heads."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from motcua.rules.organisation import add_months, months_between
from motcua.rules.rotation import (
    POLICIES, PersonFact, PostponementFact, RotationPolicy, Status, assess_leader, assess_transfer, policy_on,
)

ON = date(2026, 11, 20)
NOBODY = PersonFact()
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
cycles = st.integers(min_value=24, max_value=60)


def test_a_transfer_is_due_six_months_before_the_cycle_ends_and_overdue_after():
    assert assess_transfer(date(2023, 1, 1), 36, NOBODY, date(2025, 6, 30)).status == Status.NOT_DUE
    due = assess_transfer(date(2023, 1, 1), 36, NOBODY, date(2025, 7, 1))
    assert due.status == Status.DUE and due.due_on == date(2026, 1, 1)
    over = assess_transfer(date(2023, 1, 1), 36, NOBODY, date(2026, 1, 1))
    assert over.status == Status.OVERDUE and over.months_in_post == 36 and "quá chu kỳ 36 tháng" in over.reason


def test_nobody_is_moved_with_less_than_18_months_to_retirement():
    near = PersonFact(retirement_date=add_months(ON, 17))
    a = assess_transfer(date(2015, 1, 1), 24, near, ON)
    assert a.status == Status.EXEMPT and "dưới 18 tháng" in a.reason
    assert assess_transfer(date(2015, 1, 1), 24, PersonFact(retirement_date=add_months(ON, 18)), ON).status == Status.OVERDUE


def test_retirement_comes_from_the_birth_date_when_no_date_is_planned():
    born = add_months(ON, -62 * 12 + 10)  # 62 in ten months
    assert assess_transfer(date(2015, 1, 1), 24, PersonFact(birth_date=born), ON).status == Status.EXEMPT


def test_a_child_under_36_months_postpones_the_transfer_until_its_third_birthday():
    child = PersonFact(postponements=(PostponementFact("maternity", date(2024, 6, 1)),))
    a = assess_transfer(date(2018, 1, 1), 36, child, ON)
    assert a.status == Status.POSTPONED and "nuôi con dưới 36 tháng" in a.reason and "01/06/2027" in a.reason
    assert assess_transfer(date(2018, 1, 1), 36, child, date(2027, 6, 2)).status == Status.OVERDUE


def test_study_postpones_only_when_it_lasts_twelve_months_or_more():
    short = PersonFact(postponements=(PostponementFact("study", date(2026, 9, 1), date(2027, 6, 30)),))
    long = PersonFact(postponements=(PostponementFact("study", date(2026, 9, 1), date(2027, 9, 1)),))
    assert assess_transfer(date(2018, 1, 1), 36, short, ON).status == Status.OVERDUE
    assert assess_transfer(date(2018, 1, 1), 36, long, ON).status == Status.POSTPONED


def test_a_closed_postponement_no_longer_holds_the_transfer_back():
    past = PersonFact(postponements=(PostponementFact("discipline", date(2025, 1, 1), date(2025, 6, 30)),))
    assert assess_transfer(date(2018, 1, 1), 36, past, ON).status == Status.OVERDUE


@given(start=days, on=days, cycle=cycles)
def test_the_status_follows_months_in_post_against_the_cycle(start, on, cycle):
    a = assess_transfer(start, cycle, NOBODY, on)
    assert a.due_on == add_months(start, cycle)
    assert a.months_in_post == months_between(start, on) >= 0
    if on >= a.due_on:
        assert a.status == Status.OVERDUE and a.months_in_post >= cycle
    elif on >= add_months(a.due_on, -6):
        assert a.status == Status.DUE
    else:
        assert a.status == Status.NOT_DUE and a.months_in_post < cycle


@given(start=days, on=days, cycle=cycles, months_left=st.integers(min_value=0, max_value=17))
def test_the_retirement_shield_beats_every_other_status(start, on, cycle, months_left):
    person = PersonFact(retirement_date=add_months(on, months_left) + timedelta(days=1),
                        postponements=(PostponementFact("illness", on),))
    assert assess_transfer(start, cycle, person, on).status == Status.EXEMPT


@given(start=days, on=days, kind=st.sampled_from(["discipline", "investigation", "illness", "seconded", "maternity"]))
def test_an_open_postponement_always_postpones(start, on, kind):
    person = PersonFact(postponements=(PostponementFact(kind, on - timedelta(days=1), None if kind == "maternity" else on),))
    assert assess_transfer(start, 24, person, on).status == Status.POSTPONED


def test_a_head_in_the_second_consecutive_term_is_flagged():
    first = assess_leader("committee_chair", [(date(2022, 7, 1), None)], NOBODY, ON)
    assert first.status == Status.NOT_DUE and first.due_on == date(2027, 7, 1)
    second = assess_leader("committee_chair", [(date(2017, 7, 1), date(2022, 6, 20)), (date(2022, 7, 1), None)],
                           NOBODY, ON)
    assert second.status == Status.OVERDUE and "nhiệm kỳ thứ 2" in second.reason


def test_a_gap_of_more_than_a_month_breaks_the_run_of_terms():
    broken = assess_leader("police", [(date(2014, 1, 1), date(2019, 1, 1)), (date(2023, 1, 1), None)], NOBODY, ON)
    assert broken.status == Status.NOT_DUE and broken.months_in_post == months_between(date(2023, 1, 1), ON)


def test_heads_outside_the_listed_kinds_have_no_term_limit():
    assert assess_leader("", [(date(2010, 1, 1), None)], NOBODY, ON).status == Status.NOT_DUE


def test_a_leader_with_less_than_ten_years_left_is_noted_as_no_rotation_candidate():
    a = assess_leader("finance", [(date(2024, 1, 1), None)], PersonFact(retirement_date=date(2034, 1, 1)), ON)
    assert any("dưới 10 năm" in n for n in a.notes)
    assert not assess_leader("finance", [(date(2024, 1, 1), None)],
                             PersonFact(retirement_date=date(2040, 1, 1)), ON).notes


@given(start=days, on=days)
def test_a_listed_head_is_flagged_exactly_from_the_start_of_the_second_term(start, on):
    a = assess_leader("tax", [(start, None)], NOBODY, on)
    assert (a.status == Status.OVERDUE) == (start <= on and on >= add_months(start, 60))


def test_rules_are_chosen_by_the_date_they_took_effect():
    later = RotationPolicy(effective_from=date(2027, 1, 1), basis="giả định", due_within_months=3)
    policies = (*POLICIES, later)
    assert policy_on(date(2026, 12, 31), policies).due_within_months == 6
    assert policy_on(date(2027, 1, 1), policies) is later
    a = assess_transfer(date(2025, 1, 1), 24, NOBODY, date(2026, 9, 15), later)
    assert a.status == Status.NOT_DUE  # due only 3 months ahead under the later rules


@given(start=days, months=st.integers(min_value=0, max_value=400))
def test_months_between_inverts_add_months(start, months):
    end = add_months(start, months)
    assert months_between(start, end) == months or end.day < start.day
    assert months_between(start, end) <= months
