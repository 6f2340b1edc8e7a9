"""Statutory clocks of feedback (PAKN), complaints and denunciations on the national calendar:
scenarios around Tết 2026 and 30/4–1/5, remote and complex variants, the 90-day limitation and
the second-complaint window, denunciation extensions and group representatives; then laws
checked with hypothesis."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.rules.calendar import VN_TZ, default_calendar
from motcua.rules.complaints import (
    LIMITS, STEPS, CaseKind, Complexity, DayCount, Extension, Limit, Step, add_days, check_extension,
    check_intake_extension, check_limitation, check_representatives, check_second_complaint, denunciation_due, due_at, limit_on,
    time_limit,
)

CAL = default_calendar()
LAW = settings(max_examples=200, deadline=None)


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def end_of(y, m, d) -> datetime:
    return datetime.combine(date(y, m, d), time.max, tzinfo=VN_TZ)


# -- PAKN: the day before Tết 2026 (off Mon 16 – Fri 20 Feb) ---------------------------------------

def test_pakn_received_the_day_before_tet_skips_the_whole_break():
    received = vn(2026, 2, 13, 10, 0)  # Friday, last working day before Tết
    assert due_at(CaseKind.PAKN, Step.REFUSE, received, CAL) == vn(2026, 2, 24, 10, 0)
    assert due_at(CaseKind.PAKN, Step.REQUEST_INFO, received, CAL) == vn(2026, 2, 27, 10, 0)
    assert due_at(CaseKind.PAKN, Step.RESOLVE, received, CAL) == vn(2026, 3, 13, 10, 0)


def test_pakn_answer_published_within_two_working_days_of_the_answer():
    answered = vn(2026, 2, 13, 16, 30)  # 30 minutes before close, eve of Tết
    assert due_at(CaseKind.PAKN, Step.PUBLISH, answered, CAL) == vn(2026, 2, 24, 16, 30)


def test_pakn_limits_are_working_days_from_the_766_text():
    for step, days in ((Step.REFUSE, 2), (Step.REQUEST_INFO, 5), (Step.RESOLVE, 15), (Step.PUBLISH, 2)):
        lim = time_limit(CaseKind.PAKN, step)
        assert (lim.amount, lim.unit) == (days, DayCount.WORKING)
        assert "766" in lim.basis


def test_pakn_received_at_night_counts_from_the_next_morning():
    assert due_at(CaseKind.PAKN, Step.REFUSE, vn(2026, 3, 2, 21, 0), CAL) == vn(2026, 3, 4, 17, 0)


# -- complaints ---------------------------------------------------------------------------------

def test_complaint_received_before_30_4_is_accepted_within_10_working_days():
    received = vn(2026, 4, 29, 10, 0)  # Wed; Thu 30/4 and Fri 1/5 are off
    assert due_at(CaseKind.COMPLAINT_FIRST, Step.ACCEPT, received, CAL) == vn(2026, 5, 15, 10, 0)


def test_first_complaint_resolution_normal_complex_remote():
    accepted = vn(2026, 4, 29, 10, 0)
    due = {(c, r): due_at(CaseKind.COMPLAINT_FIRST, Step.RESOLVE, accepted, CAL, is_complex=c, remote=r)
           for c in (False, True) for r in (False, True)}
    assert [time_limit(CaseKind.COMPLAINT_FIRST, Step.RESOLVE, is_complex=c, remote=r).amount
            for c, r in ((False, False), (True, False), (False, True), (True, True))] == [30, 45, 45, 60]
    assert due[False, False] < due[True, False] == due[False, True] < due[True, True]
    assert CAL.working_seconds_between(accepted, due[False, False]) == 30 * 8 * 3600


def test_second_complaint_resolution_is_longer():
    accepted = vn(2026, 6, 1, 9, 0)
    amounts = [time_limit(CaseKind.COMPLAINT_SECOND, Step.RESOLVE, is_complex=c, remote=r).amount
               for c, r in ((False, False), (True, False), (False, True), (True, True))]
    assert amounts == [45, 60, 60, 70]
    for c in (False, True):
        for r in (False, True):
            first = due_at(CaseKind.COMPLAINT_FIRST, Step.RESOLVE, accepted, CAL, is_complex=c, remote=r)
            second = due_at(CaseKind.COMPLAINT_SECOND, Step.RESOLVE, accepted, CAL, is_complex=c, remote=r)
            assert second > first


def test_limitation_is_90_calendar_days_from_knowing():
    known = date(2026, 1, 1)
    assert check_limitation(known, vn(2026, 4, 1, 23, 0), CAL).ok
    late = check_limitation(known, vn(2026, 4, 2, 8, 0), CAL)
    assert not late.ok and late.deadline == end_of(2026, 4, 1)
    assert "thời hiệu" in late.reasons[0] and "90 ngày" in late.reasons[0]


def test_limitation_ending_on_a_holiday_runs_to_the_next_working_day():
    check = check_limitation(date(2026, 1, 31), vn(2026, 5, 4, 16, 0), CAL)  # day 90 = Fri 1/5 (holiday)
    assert check.ok and check.deadline == end_of(2026, 5, 4)


def test_limitation_does_not_count_days_of_objective_obstacles():
    assert not check_limitation(date(2026, 1, 1), vn(2026, 4, 10, 9, 0), CAL).ok
    assert check_limitation(date(2026, 1, 1), vn(2026, 4, 10, 9, 0), CAL, excluded_days=10).ok


def test_second_complaint_window_30_days_45_remote():
    decision = vn(2026, 3, 2, 15, 0)
    ok = check_second_complaint(vn(2026, 4, 1, 9, 0), CAL, first_decision_received_at=decision)
    assert ok.ok and ok.deadline == end_of(2026, 4, 1)
    late = check_second_complaint(vn(2026, 4, 2, 9, 0), CAL, first_decision_received_at=decision)
    assert not late.ok and "lần hai" in late.reasons[0]
    assert check_second_complaint(vn(2026, 4, 16, 9, 0), CAL, remote=True, first_decision_received_at=decision).ok


def test_second_complaint_waits_for_a_decision_or_the_end_of_the_first_limit():
    first_due = vn(2026, 5, 15, 10, 0)
    early = check_second_complaint(vn(2026, 5, 10, 9, 0), CAL, first_due_at=first_due)
    assert not early.ok and early.deadline is None and "Chưa được khiếu nại lần hai" in early.reasons[0]
    assert check_second_complaint(vn(2026, 6, 1, 9, 0), CAL, first_due_at=first_due).ok
    assert not check_second_complaint(vn(2026, 6, 16, 9, 0), CAL, first_due_at=first_due).ok


# -- denunciations ----------------------------------------------------------------------------------

def test_denunciation_intake_7_working_days_at_most_10():
    received = vn(2026, 4, 29, 10, 0)
    assert due_at(CaseKind.DENUNCIATION, Step.ACCEPT, received, CAL) == vn(2026, 5, 12, 10, 0)
    assert due_at(CaseKind.DENUNCIATION, Step.ACCEPT_EXTENDED, received, CAL) == vn(2026, 5, 15, 10, 0)


def test_denunciation_intake_extended_once_and_only_before_the_7_days_run_out():
    received = vn(2026, 4, 29, 10, 0)  # 7 working days end 12 May 10:00 (30/4–1/5 and the weekend off)
    assert check_intake_extension(received, False, vn(2026, 5, 12, 10, 0), CAL) == ()
    late = check_intake_extension(received, False, vn(2026, 5, 12, 10, 1), CAL)
    assert len(late) == 1 and "Đã quá thời hạn 7 ngày làm việc" in late[0]
    again = check_intake_extension(received, True, vn(2026, 5, 4, 9, 0), CAL)
    assert len(again) == 1 and "một lần" in again[0] and "10 ngày làm việc" in again[0]


def test_denunciation_resolution_ending_in_tet_runs_to_the_first_day_back():
    accepted = vn(2026, 1, 15, 9, 0)  # + 30 days = Sat 14 Feb, inside the Tết break
    assert denunciation_due(accepted, CAL) == end_of(2026, 2, 23)
    assert denunciation_due(vn(2026, 4, 29, 10, 0), CAL) == end_of(2026, 5, 29)


def test_denunciation_extensions_by_complexity():
    accepted = vn(2026, 3, 2, 9, 0)
    one, two, three = (Extension(vn(2026, 3, 25, 9, 0), 30), Extension(vn(2026, 4, 28, 9, 0), 30),
                       Extension(vn(2026, 5, 25, 9, 0), 30))
    normal = check_extension(Complexity.NORMAL, accepted, [], one, CAL)
    assert normal and "không phức tạp" in normal[0]
    assert check_extension(Complexity.COMPLEX, accepted, [], one, CAL) == ()
    again = check_extension(Complexity.COMPLEX, accepted, [one], two, CAL)
    assert any("một lần" in r for r in again)
    assert check_extension(Complexity.ESPECIALLY_COMPLEX, accepted, [one], two, CAL) == ()
    third = check_extension(Complexity.ESPECIALLY_COMPLEX, accepted, [one, two], three, CAL)
    assert any("hai lần" in r for r in third) and any("90 ngày" in r for r in third)
    # 90 days end on Sun 31/5: the limit runs to the end of Mon 1/6
    assert denunciation_due(accepted, CAL, Complexity.ESPECIALLY_COMPLEX, [one, two]) == end_of(2026, 6, 1)


def test_extension_too_long_late_or_before_acceptance_is_refused():
    accepted = vn(2026, 3, 2, 9, 0)
    assert any("không quá 30" in r or "từ 1 đến 30" in r
               for r in check_extension(Complexity.COMPLEX, accepted, [], Extension(vn(2026, 3, 20), 31), CAL))
    late = check_extension(Complexity.COMPLEX, accepted, [], Extension(vn(2026, 4, 2, 9, 0), 30), CAL)
    assert any("trước khi hết thời hạn" in r for r in late)
    early = check_extension(Complexity.COMPLEX, accepted, [], Extension(vn(2026, 3, 1, 9, 0), 10), CAL)
    assert any("trước khi thụ lý" in r for r in early)
    with pytest.raises(ValueError, match="Lần gia hạn thứ 1"):
        denunciation_due(accepted, CAL, Complexity.NORMAL, [Extension(vn(2026, 3, 20), 30)])


# -- groups -------------------------------------------------------------------------------------

PEOPLE = [f"Người {i}" for i in range(1, 13)]


@pytest.mark.parametrize("n, reps, ok", [
    (4, 0, True), (5, 0, False), (5, 1, True), (10, 2, True), (10, 3, False), (11, 5, True), (11, 6, False),
])
def test_group_representatives(n, reps, ok):
    problems = check_representatives(PEOPLE[:n], PEOPLE[:reps])
    assert (problems == ()) is ok
    assert all(isinstance(p, str) and p.endswith(".") for p in problems)


def test_representatives_must_be_filers_compared_without_diacritics():
    filers = ["Nguyễn Văn Đình", "Trần Thị Bình", "Lê Văn C", "Phạm D", "Hoàng E"]
    assert check_representatives(filers, ["NGUYEN VAN DINH"]) == ()
    problems = check_representatives(filers, ["Vũ Văn X"])
    assert "phải là người cùng đứng đơn" in problems[0] and "Vũ Văn X" in problems[0]
    assert any("hai lần" in p for p in check_representatives(filers, ["Lê Văn C", "le van c"]))


# -- configuration --------------------------------------------------------------------------------

def test_limits_are_dated_and_the_one_in_force_is_chosen():
    newer = (*LIMITS, Limit("pakn.resolve", date(2027, 1, 1), 10, DayCount.CALENDAR, "giả định"))
    assert limit_on("pakn.resolve", date(2026, 12, 31), newer).amount == 15
    assert limit_on("pakn.resolve", date(2027, 1, 1), newer).unit is DayCount.CALENDAR
    assert limit_on("pakn.resolve", date(2000, 1, 1), newer).amount == 15  # older cases: the earliest
    start = vn(2027, 3, 1, 9, 0)
    assert due_at(CaseKind.PAKN, Step.RESOLVE, start, CAL, limits=newer) == end_of(2027, 3, 11)


def test_complaint_clocks_switch_to_calendar_days_by_configuration():
    calendar_days = tuple(Limit(x.key, x.effective_from, x.amount, DayCount.CALENDAR, x.basis)
                          if x.key.startswith("complaint_") else x for x in LIMITS)
    accepted = vn(2026, 4, 29, 10, 0)
    assert due_at(CaseKind.COMPLAINT_FIRST, Step.RESOLVE, accepted, CAL, limits=calendar_days) == end_of(2026, 5, 29)
    assert due_at(CaseKind.COMPLAINT_FIRST, Step.RESOLVE, accepted, CAL) > end_of(2026, 5, 29)


def test_naive_moments_are_hanoi_time():
    assert check_limitation(date(2026, 1, 1), datetime(2026, 4, 1, 23, 0), CAL).ok
    assert not check_limitation(datetime(2026, 1, 1, 8, 0), datetime(2026, 4, 2, 0, 0), CAL).ok
    naive = due_at(CaseKind.PAKN, Step.REFUSE, datetime(2026, 2, 13, 10, 0), CAL)
    assert naive == vn(2026, 2, 24, 10, 0)


def test_every_kind_has_its_steps_and_no_others():
    for kind, steps in STEPS.items():
        for step in steps:
            assert time_limit(kind, step).amount > 0
    with pytest.raises(ValueError, match="không có bước"):
        time_limit(CaseKind.PAKN, Step.ACCEPT)


def test_rules_import_no_django():
    import subprocess
    import sys
    code = ("import sys, motcua.rules.complaints, motcua.rules.hotspots, motcua.rules.case_matching;"
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- laws -----------------------------------------------------------------------------------------

moments = st.builds(
    lambda s, utc: (datetime(2025, 1, 1, tzinfo=VN_TZ) + timedelta(seconds=s)).astimezone(
        UTC if utc else VN_TZ),
    st.integers(0, 3 * 365 * 86400), st.booleans(),
)
cases = st.sampled_from([(k, s) for k, steps in STEPS.items() for s in steps])
units = st.sampled_from(list(DayCount))
amounts = st.integers(0, 120)


@LAW
@given(moments, cases, st.booleans(), st.booleans())
def test_due_is_never_before_the_start(t, case, is_complex, remote):
    kind, step = case
    assert due_at(kind, step, t, CAL, is_complex=is_complex, remote=remote) >= t


@LAW
@given(moments, st.integers(1, 90))
def test_working_day_limits_skip_days_off(t, days):
    due = add_days(CAL, t, days, DayCount.WORKING)
    assert CAL.is_working_day(due.astimezone(VN_TZ).date()) and CAL.is_office_time(due)
    assert CAL.working_seconds_between(t, due) == days * 8 * 3600


@LAW
@given(moments, amounts)
def test_calendar_day_limits_end_on_the_first_working_day_from_the_last_day(t, days):
    due = add_days(CAL, t, days, DayCount.CALENDAR)
    last = t.astimezone(VN_TZ).date() + timedelta(days=days)
    assert due.time() == time.max and due.date() >= last and CAL.is_working_day(due.date())
    assert all(not CAL.is_working_day(last + timedelta(days=i)) for i in range((due.date() - last).days))
    assert add_days(CAL, t, days, DayCount.CALENDAR, roll_day_off=False) == datetime.combine(last, time.max, VN_TZ)


@LAW
@given(moments, units, amounts, amounts)
def test_due_is_monotonic_in_the_amount(t, unit, a, b):
    a, b = min(a, b), max(a, b)
    assert add_days(CAL, t, a, unit) <= add_days(CAL, t, b, unit)


@LAW
@given(moments, st.sampled_from(list(Complexity)),
       st.lists(st.tuples(st.integers(0, 120 * 86400), st.integers(-5, 45)), max_size=5))
def test_extensions_never_exceed_90_days(accepted, complexity, requests):
    granted: list[Extension] = []
    for offset, days in requests:
        ext = Extension(accepted + timedelta(seconds=offset), days)
        if not check_extension(complexity, accepted, granted, ext, CAL):
            granted.append(ext)
    assert len(granted) <= {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}[complexity]
    assert 30 + sum(e.days for e in granted) <= 90 and all(0 < e.days <= 30 for e in granted)
    due = denunciation_due(accepted, CAL, complexity, granted)
    assert accepted <= due <= add_days(CAL, accepted, 90, DayCount.CALENDAR)


@LAW
@given(moments, moments, st.integers(0, 30))
def test_limitation_check_agrees_with_its_deadline(known, filed, excluded):
    check = check_limitation(known, filed, CAL, excluded_days=excluded)
    assert check.ok == (filed <= check.deadline)
    assert check.ok or len(check.reasons) == 1
