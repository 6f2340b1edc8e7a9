"""SIPAS as data and arithmetic (governance.md §1, §7): the questionnaires have the published
shape, answers are checked against them, the aggregators and indices follow the formulas, the
sample size and its stratified allocation keep their bounds, and Hà Nội's 2024 figures come out of
the overall formula. Pure: no database."""

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.rules.sipas import (
    AGGREGATORS, InvalidAnswers, Kind, UnknownQuestionnaire, allocate, check_answers, distribution,
    expectation_shares, flagged_shares, indices, mean_pct, overall_index, previous_quarter, questionnaire, rank,
    sample_size, top2box,
)
from motcua.rules.sipas_1001 import BNV_1001
from motcua.rules.sipas_2640 import BNV_2640

SCORES = st.lists(st.integers(1, 5), min_size=1, max_size=200)


# -- the questionnaires ----------------------------------------------------------------------------

def test_1001_has_the_published_shape():
    policy, service = BNV_1001.contents
    assert [len(g.items) for g in policy.groups] == [2, 2, 9, 10]
    assert [len(g.items) for g in service.groups] == [3, 4, 3, 3, 3]
    assert len(BNV_1001.items()) == 39
    by_key = {q.key: q for _, q in BNV_1001.questions()}
    assert len([q for q in by_key.values() if q.kind == Kind.EXPECTATION]) == 10
    assert len([k for k in by_key if k.startswith("q1_")]) == 9
    assert len(by_key["q2"].options) == 7 and by_key["q2"].kind == Kind.MULTI
    assert len([k for k in by_key if k.startswith("q3_")]) == 7
    assert len([k for k in by_key if k.startswith("q7_")]) == 3
    assert len([k for k in by_key if k.startswith("q8_")]) == 7
    assert len(by_key["education"].options) == 6 and len(by_key["occupation"].options) == 7
    assert [o.key for o in by_key["q5"].options] == ["none", "some", "many"]
    assert len(by_key) == len(list(BNV_1001.questions())), "question keys are unique"


def test_2640_has_five_elements_of_22_criteria():
    assert [len(g.items) for g in BNV_2640.groups()] == [4, 5, 6, 3, 4]
    assert BNV_2640.overall_from == "groups"


@pytest.mark.parametrize("form", [BNV_1001, BNV_2640], ids=lambda f: f.key)
def test_what_is_asked_is_what_is_scored(form):
    """Every Likert question asked belongs to exactly one group, and every scored item is asked;
    option keys are unique within a question."""
    asked = [q.key for _, q in form.questions() if q.kind == Kind.LIKERT]
    assert sorted(asked) == sorted(q.key for q in form.items())
    for _, q in form.questions():
        keys = [o.key for o in form.options(q)]
        assert len(keys) == len(set(keys)) >= 2, q.key


def test_the_usual_period_is_the_previous_quarter():
    from datetime import date

    assert previous_quarter(date(2026, 4, 15)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert previous_quarter(date(2026, 1, 1)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert previous_quarter(date(2026, 12, 31)) == (date(2026, 7, 1), date(2026, 9, 30))


def test_questionnaires_are_found_by_key():
    assert questionnaire("bnv-1001-2023") is BNV_1001
    with pytest.raises(UnknownQuestionnaire):
        questionnaire("khong-co")


# -- answers ---------------------------------------------------------------------------------------

def full_answers(form=BNV_1001, score="4"):
    answers = {}
    for _, q in form.questions():
        options = form.options(q)
        answers[q.key] = score if q.kind == Kind.LIKERT else ([options[0].key] if q.kind == Kind.MULTI
                                                               else options[-1].key)
    return answers


def test_a_complete_form_is_accepted_and_optional_questions_may_be_left_out():
    answers = full_answers()
    del answers["gender"]
    clean = check_answers(BNV_1001, answers)
    assert "gender" not in clean and clean["q9_iib_2"] == "4" and clean["q2"] == ["1"]


def test_every_problem_is_named_in_vietnamese():
    answers = full_answers()
    del answers["q9_iib_2"]
    answers["q5"] = "rat-nhieu"
    answers["q2"] = ["1", "9"]
    answers["q99"] = "1"
    with pytest.raises(InvalidAnswers) as caught:
        check_answers(BNV_1001, answers)
    errors = caught.value.errors
    assert any("Thành phần hồ sơ phải nộp đúng quy định" in e and "chưa trả lời" in e for e in errors)
    assert any("rat-nhieu" in e and "không có trong phiếu" in e for e in errors)
    assert any("«9»" in e for e in errors)
    assert any("q99" in e for e in errors)


def test_no_opinion_is_an_answer_but_not_a_score():
    answers = full_answers(score="0")
    assert check_answers(BNV_1001, answers)["q9_ia_1"] == "0"
    result = indices(BNV_1001, [answers])
    assert result.items["q9_ia_1"] is None and result.overall is None


# -- aggregators -----------------------------------------------------------------------------------

@given(SCORES)
def test_top2box_is_the_share_of_fours_and_fives(scores):
    value = top2box(scores)
    assert 0 <= value <= 100
    assert value == pytest.approx(100 * len([s for s in scores if s >= 4]) / len(scores))


@given(SCORES)
def test_mean_pct_stretches_the_mean_to_0_100(scores):
    value = mean_pct(scores)
    assert 0 <= value <= 100 + 1e-9
    assert value == pytest.approx((sum(scores) / len(scores) - 1) * 25)


@given(SCORES, st.integers(0, 199))
def test_a_better_answer_never_lowers_an_index(scores, i):
    i %= len(scores)
    better = [*scores[:i], min(5, scores[i] + 1), *scores[i + 1:]]
    for aggregate in AGGREGATORS.values():
        assert aggregate(better) >= aggregate(scores) - 1e-9


def test_no_valid_answer_no_index():
    assert top2box([]) is None and mean_pct([]) is None
    assert top2box([5, 5, 4, 3]) == 75 and mean_pct([5, 1]) == 50


# -- indices ---------------------------------------------------------------------------------------

def test_hanoi_2024_sipas_is_the_mean_of_policy_and_service():
    """Published 2024: policy 86.51 %, services 86.49 %, SIPAS 86.50 %."""
    assert round(overall_index(BNV_1001, {"policy": 86.51, "service": 86.49}, {}), 2) == 86.50


def test_1001_indices_from_answers():
    """Half the respondents satisfied with everything, half with only the service part: policy 50,
    service 100, SIPAS 75; a group is the mean of its items, a content the mean of its groups."""
    happy, mixed = full_answers(score="5"), full_answers(score="5")
    for q in BNV_1001.contents[0].groups[2].items:  # I.C: mixed is dissatisfied
        mixed[q.key] = "2"
    result = indices(BNV_1001, [happy, mixed])
    assert result.groups["I.C"] == 50 and result.groups["I.A"] == 100
    assert result.contents["policy"] == pytest.approx((100 + 100 + 50 + 100) / 4)
    assert result.contents["service"] == 100
    assert result.overall == pytest.approx((result.contents["policy"] + 100) / 2)
    by_items = indices(dataclasses.replace(BNV_1001, content_from="items"), [happy, mixed])
    assert by_items.contents["policy"] == pytest.approx(100 * (23 - 9 * 0.5) / 23)


def test_2640_sipas_is_the_mean_of_the_five_elements_not_of_the_22_criteria():
    answers = full_answers(BNV_2640, score="5")
    for q in BNV_2640.groups()[2].items:  # the 6 civil-servant criteria: dissatisfied
        answers[q.key] = "1"
    result = indices(BNV_2640, [answers])
    assert result.groups == {"access": 100, "procedure": 100, "servant": 0, "result": 100, "feedback": 100}
    assert result.overall == 80  # (100 × 4 + 0) / 5, whereas the mean of the criteria is 16/22


def test_expectations_distributions_and_flagged_shares():
    a, b = full_answers(), full_answers()
    b.update(q5="none", q6="many", q10_1="1", q2=["2", "6"])
    a.update(q5="some", q6="none", q10_1="4", q2=["6"])
    rows = [a, b]
    assert expectation_shares(BNV_1001, rows)["q10_1"] == 50
    assert flagged_shares(BNV_1001, rows) == {"q5": 50, "q6": 50}
    q2 = next(q for _, q in BNV_1001.questions() if q.key == "q2")
    assert distribution(BNV_1001, q2, rows) == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "6": 2, "7": 0}


def test_ties_share_a_rank():
    assert rank({"a": 90.0, "b": 85.001, "c": 85.0, "d": 70.0, "e": None}) == {"a": 1, "b": 2, "c": 2, "d": 4,
                                                                               "e": None}


# -- sampling --------------------------------------------------------------------------------------

def test_sample_size_examples():
    assert sample_size(10_000) == 385
    assert sample_size(9_000) == 383
    assert sample_size(100) == 80
    assert sample_size(1) == 1 and sample_size(0) == 0
    assert sample_size(10_000, 0.1) == 100


@given(st.integers(0, 10**7), st.sampled_from([0.01, 0.03, 0.05, 0.1]))
def test_sample_size_bounds(population, margin):
    n = sample_size(population, margin)
    assert 0 <= n <= population
    assert n <= math.ceil(1 / margin ** 2)
    assert n >= population / (1 + population * margin ** 2) - 1e-9
    assert n <= sample_size(population + 1, margin)


STRATA = st.dictionaries(st.integers(0, 60), st.integers(0, 5000), max_size=40)


@given(STRATA, st.integers(0, 20_000))
def test_allocation_sums_to_n_and_keeps_its_bounds(strata, n):
    shares = allocate(n, strata)
    total, nonempty = sum(strata.values()), sum(1 for v in strata.values() if v)
    assert set(shares) == set(strata)
    assert sum(shares.values()) == min(total, max(n, nonempty))
    for k, size in strata.items():
        assert min(1, size) <= shares[k] <= size


@given(STRATA, st.integers(0, 20_000))
def test_allocation_is_proportional_where_no_bound_binds(strata, n):
    shares = allocate(n, strata)
    free = {k: v for k, v in strata.items() if v and 1 < shares[k] < v}
    total = sum(strata[k] for k in free)
    given_free = sum(shares[k] for k in free)
    for k, size in free.items():
        assert abs(shares[k] - given_free * size / total) < 1 + 1e-9


def test_allocation_examples():
    assert allocate(10, {"a": 5, "b": 1, "c": 0, "d": 100}) == {"a": 1, "b": 1, "c": 0, "d": 8}
    assert allocate(6, {"x": 50, "y": 50, "z": 50}) == {"x": 2, "y": 2, "z": 2}
    assert allocate(4, {"x": 50, "y": 50, "z": 50}) == {"x": 2, "y": 1, "z": 1}  # ties: the order given
    assert allocate(3, {"x": 1, "y": 1, "z": 1, "w": 1}) == {"x": 1, "y": 1, "z": 1, "w": 1}
    assert allocate(500, {"x": 3, "y": 7}) == {"x": 3, "y": 7}
