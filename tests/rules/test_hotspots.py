"""Long-running flags, the hot-spot ranking and the leaders' citizen-reception days."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.rules.calendar import VN_TZ
from motcua.rules.hotspots import (
    FLAG_POLICIES, CaseFacts, Flag, FlagPolicy, Level, OpenCase, case_flags, missing_reception, rank_hotspots,
)

LAW = settings(max_examples=200, deadline=None)


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


NOW = vn(2026, 6, 1, 9, 0)
PLAIN = CaseFacts(filed_at=vn(2026, 3, 2, 9, 0), people=1, max_due_at=vn(2026, 7, 1, 17, 0))


def flags_of(case, now=NOW, **kw):
    return [f.flag for f in case_flags(case, now, **kw)]


# -- flags ------------------------------------------------------------------------------------------

def test_a_plain_case_in_time_has_no_flag():
    assert case_flags(PLAIN, NOW) == ()


def test_past_the_legal_maximum_open_or_closed_late():
    open_late = CaseFacts(vn(2026, 1, 5, 9, 0), 1, max_due_at=vn(2026, 4, 5, 23, 59))
    (flag,) = case_flags(open_late, NOW)
    assert flag.flag is Flag.PAST_MAXIMUM and "Chưa giải quyết" in flag.reason and "05/04/2026" in flag.reason
    closed_late = CaseFacts(vn(2026, 1, 5, 9, 0), 1, vn(2026, 4, 5, 23, 59), closed_at=vn(2026, 4, 20, 10, 0))
    assert "Đã giải quyết sau" in case_flags(closed_late, NOW)[0].reason
    closed_in_time = CaseFacts(vn(2026, 1, 5, 9, 0), 1, vn(2026, 4, 5, 23, 59), closed_at=vn(2026, 4, 1, 10, 0))
    assert case_flags(closed_in_time, NOW) == ()
    assert case_flags(CaseFacts(vn(2026, 1, 5, 9, 0), 1, None), NOW) == ()  # no clock, no maximum


def test_refiled_after_a_final_decision():
    refiled = CaseFacts(vn(2026, 3, 2, 9, 0), 1, None, final_decision_at=vn(2025, 11, 20, 10, 0))
    (flag,) = case_flags(refiled, NOW)
    assert flag.flag is Flag.REFILED_AFTER_FINAL and "20/11/2025" in flag.reason
    decided_later = CaseFacts(vn(2026, 3, 2, 9, 0), 1, None, final_decision_at=vn(2026, 4, 1, 10, 0))
    assert case_flags(decided_later, NOW) == ()


def test_filed_above_the_competent_level():
    above = CaseFacts(vn(2026, 3, 2), 1, None, filed_level=Level.PROVINCE, competent_level=Level.COMMUNE)
    (flag,) = case_flags(above, NOW)
    assert flag.flag is Flag.ABOVE_COMPETENT_LEVEL and "cấp tỉnh" in flag.reason and "cấp xã" in flag.reason
    same = CaseFacts(vn(2026, 3, 2), 1, None, filed_level=Level.COMMUNE, competent_level=Level.COMMUNE)
    assert case_flags(same, NOW) == ()


def test_group_of_five_or_more():
    assert flags_of(CaseFacts(vn(2026, 3, 2), 4, None)) == []
    assert flags_of(CaseFacts(vn(2026, 3, 2), 5, None)) == [Flag.GROUP]


def test_all_flags_in_order():
    case = CaseFacts(vn(2026, 3, 2), 12, vn(2026, 4, 1), final_decision_at=vn(2025, 1, 1),
                     filed_level=Level.CENTRAL, competent_level=Level.PROVINCE)
    assert flags_of(case) == list(Flag)


def test_flag_policy_is_chosen_by_the_filing_day():
    stricter = (*FLAG_POLICIES, FlagPolicy(date(2027, 1, 1), "giả định", frozenset({Flag.GROUP}), group_min_people=10))
    group = CaseFacts(vn(2026, 12, 31, 9, 0), 6, vn(2027, 1, 5))
    later = CaseFacts(vn(2027, 1, 4, 9, 0), 6, vn(2027, 1, 5))
    now = vn(2027, 2, 1)
    assert flags_of(group, now, policies=stricter) == [Flag.PAST_MAXIMUM, Flag.GROUP]
    assert flags_of(later, now, policies=stricter) == []


# -- hot spots -------------------------------------------------------------------------------------

def test_ranking_order_and_ties():
    cases = [
        OpenCase("Xã A", True, 3, 100), OpenCase("Xã A", True, 1, 20),
        OpenCase("Xã B", True, 10, 40), OpenCase("Xã B", True, 1, 10),
        OpenCase("Xã C", True, 20, 400),
        OpenCase("Xã D", True, 20, 400),
        OpenCase("Xã E", False, 50, 900),  # not flagged: not a hot spot
    ]
    ranked = rank_hotspots(cases)
    assert [h.area for h in ranked] == ["Xã B", "Xã A", "Xã C", "Xã D"]
    assert [h.rank for h in ranked] == [1, 2, 3, 4]
    b = ranked[0]
    assert (b.flagged_cases, b.people, b.oldest_days, b.mean_age_days) == (2, 11, 40, 25.0)


def test_ranking_with_the_previous_period_shows_trends():
    now = [OpenCase("Xã A", True, 1, 10), OpenCase("Xã A", True, 1, 10), OpenCase("Xã B", True, 1, 5)]
    before = [OpenCase("Xã B", True, 1, 5), OpenCase("Xã B", True, 1, 5), OpenCase("Xã B", True, 1, 5)]
    a, b = rank_hotspots(now, previous=before)
    assert (a.area, a.previous_rank, a.change) == ("Xã A", None, None)
    assert (b.area, b.rank, b.previous_rank, b.change) == ("Xã B", 2, 1, -2)


open_cases = st.lists(st.builds(OpenCase, st.sampled_from("ABCDEF"), st.booleans(), st.integers(1, 50),
                                st.integers(0, 2000)), max_size=40)


@LAW
@given(open_cases)
def test_ranking_keeps_every_flagged_case_once_and_is_sorted(cases):
    ranked = rank_hotspots(cases)
    assert sum(h.flagged_cases for h in ranked) == sum(c.flagged for c in cases)
    keys = [(-h.flagged_cases, -h.people, -h.oldest_days, -h.mean_age_days, h.area) for h in ranked]
    assert keys == sorted(keys) and [h.rank for h in ranked] == list(range(1, len(ranked) + 1))
    assert rank_hotspots(list(reversed(cases))) == ranked


# -- citizen reception ------------------------------------------------------------------------------

def test_province_chair_months_without_a_reception_day():
    held = [date(2026, 1, 15), date(2026, 3, 10), date(2026, 3, 20)]
    missing = missing_reception("province", held, date(2026, 1, 1), date(2026, 6, 20))
    assert [m.label for m in missing] == ["Tháng 02/2026", "Tháng 04/2026", "Tháng 05/2026"]  # June not over
    assert (missing[0].start, missing[0].end, missing[0].held, missing[0].required) == (
        date(2026, 2, 1), date(2026, 2, 28), 0, 1)


def test_commune_chair_weeks_without_a_reception_day():
    held = [date(2026, 3, 3), date(2026, 3, 3), date(2026, 3, 20)]  # the same day twice counts once
    missing = missing_reception("commune", held, date(2026, 3, 1), date(2026, 3, 31))
    assert [m.label for m in missing] == ["Tuần 11/2026 (09/03–15/03/2026)", "Tuần 13/2026 (23/03–29/03/2026)"]
    assert all(m.start.weekday() == 0 and m.end - m.start == timedelta(days=6) for m in missing)


def test_district_rule_ends_with_the_district_level():
    held = [date(2025, 4, 10)]
    missing = missing_reception("district", held, date(2025, 4, 1), date(2025, 12, 31))
    assert [m.label for m in missing] == ["Tháng 04/2025", "Tháng 05/2025", "Tháng 06/2025"]
    assert missing[0].held == 1 and missing[0].required == 2


def test_reception_errors():
    with pytest.raises(ValueError, match="Không có quy định"):
        missing_reception("hamlet", [], date(2026, 1, 1), date(2026, 2, 1))
    with pytest.raises(ValueError):
        missing_reception("province", [], date(2026, 2, 1), date(2026, 1, 1))


@LAW
@given(st.sets(st.dates(date(2025, 7, 1), date(2027, 12, 31)), max_size=60),
       st.dates(date(2025, 7, 1), date(2027, 12, 31)), st.integers(0, 400))
def test_every_missing_week_has_no_held_day_and_every_other_whole_week_has_one(held, start, span):
    end = start + timedelta(days=span)
    missing = missing_reception("commune", held, start, end)
    for m in missing:
        assert start <= m.start and m.end <= end and not any(m.start <= d <= m.end for d in held)
    starts = {m.start for m in missing}
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    while monday + timedelta(days=6) <= end:
        if monday not in starts:
            assert any(monday <= d <= monday + timedelta(days=6) for d in held)
        monday += timedelta(days=7)
