"""The organisation review over plain facts: every kind of gap is found with a Vietnamese
explanation, and nothing is reported for an organisation without gaps."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from motcua.rules.organisation import (
    AssignmentFact, Facts, FunctionFact, HoldingFact, Kind, PositionFact, ProcedureFact, ReviewPolicy, UnitFact,
    add_months, policy_on, review,
)

ON = date(2026, 11, 20)
MERGED = date(2025, 2, 28)


def units(extra=None):
    base = {
        1: UnitFact(1, "Sở Khoa học và Công nghệ", "department"),
        2: UnitFact(2, "Sở Thông tin và Truyền thông", "department", valid_to=MERGED, successor_id=1),
        3: UnitFact(3, "Ban Quản lý giải thể", "department", valid_to=MERGED),
        4: UnitFact(4, "Chi nhánh số 1", "branch"),
        5: UnitFact(5, "Phòng Kinh tế", "division"),
    }
    base.update(extra or {})
    return base


def sound() -> Facts:
    """Every live unit headed, every function carried, nobody in two posts."""
    return Facts(
        units=units(),
        functions=[FunctionFact(10, "QLNN-KHCN", "Quản lý nhà nước về khoa học")],
        assignments=[AssignmentFact(10, 1, date(2020, 1, 1))],
        procedures=[ProcedureFact(100, "1.000001", "Cấp phép", 1)],
        positions=[PositionFact(20, 1, "Giám đốc Sở", True), PositionFact(21, 5, "Trưởng phòng", True),
                   PositionFact(22, 1, "Chuyên viên", False)],
        holdings=[HoldingFact(30, 7, "Nguyễn An", 20, date(2022, 1, 1)),
                  HoldingFact(31, 8, "Trần Bình", 21, date(2023, 1, 1)),
                  HoldingFact(32, 9, "Lê Chi", 22, date(2024, 1, 1))],
    )


def kinds(findings):
    return [f.kind for f in findings]


def test_a_sound_organisation_has_no_findings_and_branches_need_no_head_of_their_own():
    assert review(sound(), ON) == []


def test_a_duty_left_with_a_merged_unit_points_to_its_successor():
    facts = sound()
    facts = Facts(**{**facts.__dict__, "functions": [*facts.functions, FunctionFact(11, "QLNN-BC", "Quản lý báo chí")],
                     "assignments": [*facts.assignments, AssignmentFact(11, 2, date(2020, 1, 1), id=5)]})
    [f] = review(facts, ON)
    assert f.kind == Kind.FUNCTION_ORPHANED and "Sở Thông tin và Truyền thông" in f.explanation
    assert "đơn vị kế thừa «Sở Khoa học và Công nghệ»" in f.explanation
    assert f.refs["successor"] == 1 and set(f.units) == {1, 2}


def test_a_duty_nobody_carries_is_found():
    facts = sound()
    facts = Facts(**{**facts.__dict__, "functions": [*facts.functions, FunctionFact(12, "QLNN-X", "Việc bỏ ngỏ")]})
    assert kinds(review(facts, ON)) == [Kind.FUNCTION_UNASSIGNED]


def test_procedures_of_a_merged_unit_need_the_successor_or_have_no_unit_at_all():
    facts = sound()
    facts = Facts(**{**facts.__dict__, "procedures": [ProcedureFact(101, "1.000002", "Cấp phép báo chí", 2),
                                                      ProcedureFact(102, "1.000003", "Thủ tục mồ côi", 3),
                                                      ProcedureFact(103, "1.000004", "Thủ tục cấp xã", None)]})
    found = review(facts, ON)
    assert kinds(found) == [Kind.PROCEDURE_NO_UNIT, Kind.PROCEDURE_SUCCESSOR]
    assert "không có đơn vị kế thừa" in found[0].explanation
    assert "«Sở Khoa học và Công nghệ»" in found[1].explanation and found[1].refs == {"version": 101, "successor": 1}


def test_a_unit_without_a_head_post_or_with_the_post_empty_is_found_divisions_included():
    facts = sound()
    no_post = Facts(**{**facts.__dict__, "positions": [p for p in facts.positions if p.id != 21]})
    [f] = review(no_post, ON)
    assert f.kind == Kind.UNIT_HEADLESS and f.subject == "Phòng Kinh tế" and "chưa có vị trí" in f.explanation
    empty = Facts(**{**facts.__dict__, "holdings": [h for h in facts.holdings if h.id != 31]})
    [f] = review(empty, ON)
    assert f.kind == Kind.UNIT_HEADLESS and "không có người giữ" in f.explanation


def test_a_vacant_position_is_found_with_the_day_it_fell_vacant():
    facts = sound()
    ended = [h for h in facts.holdings if h.id != 32] + [HoldingFact(32, 9, "Lê Chi", 22, date(2024, 1, 1),
                                                                       date(2026, 9, 30))]
    [f] = review(Facts(**{**facts.__dict__, "holdings": ended}), ON)
    assert f.kind == Kind.POSITION_VACANT and "30/09/2026" in f.explanation
    grace = ReviewPolicy(effective_from=date(2020, 1, 1), basis="", vacancy_grace_days=90)
    assert review(Facts(**{**facts.__dict__, "holdings": ended}), ON, grace) == []


def test_acting_longer_than_six_months_is_found():
    facts = sound()
    acting = [h for h in facts.holdings if h.id != 31] + [HoldingFact(31, 8, "Trần Bình", 21, add_months(ON, -10),
                                                                        acting=True)]
    [f] = review(Facts(**{**facts.__dict__, "holdings": acting}), ON)
    assert f.kind == Kind.ACTING_TOO_LONG and "(10 tháng)" in f.explanation and "quá 6 tháng" in f.explanation


def test_one_person_in_two_posts_is_found_once():
    facts = sound()
    twice = [*facts.holdings, HoldingFact(33, 7, "Nguyễn An", 22, date(2025, 1, 1))]
    [f] = review(Facts(**{**facts.__dict__, "holdings": twice}), ON)
    assert f.kind == Kind.MULTIPLE_POSITIONS and f.subject == "Nguyễn An" and "2 vị trí" in f.explanation


@given(months=st.integers(min_value=0, max_value=24), extra_days=st.integers(min_value=0, max_value=27))
def test_acting_is_a_finding_exactly_when_it_passes_the_threshold(months, extra_days):
    facts = sound()
    start = add_months(ON, -months) - timedelta(days=extra_days)
    acting = [h for h in facts.holdings if h.id != 31] + [HoldingFact(31, 8, "Trần Bình", 21, start, acting=True)]
    found = review(Facts(**{**facts.__dict__, "holdings": acting}), ON)
    assert (Kind.ACTING_TOO_LONG in kinds(found)) == (ON > add_months(start, 6))


@given(merged_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_a_merger_shows_only_once_the_unit_has_ended(merged_on):
    facts = sound()
    gone = units({2: UnitFact(2, "Sở Thông tin và Truyền thông", "department", valid_to=merged_on, successor_id=1)})
    facts = Facts(**{**facts.__dict__, "units": gone,
                     "procedures": [ProcedureFact(101, "1.000002", "Cấp phép báo chí", 2)]})
    assert (kinds(review(facts, ON)) == [Kind.PROCEDURE_SUCCESSOR]) == (merged_on < ON)


def test_thresholds_are_versioned_by_date():
    later = ReviewPolicy(effective_from=date(2027, 1, 1), basis="giả định", acting_max_months=3)
    assert policy_on(date(2026, 12, 31)).acting_max_months == 6
    assert policy_on(date(2027, 2, 1), [policy_on(ON), later]).acting_max_months == 3
