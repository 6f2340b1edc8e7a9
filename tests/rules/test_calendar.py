"""Working-day arithmetic (ngày làm việc): Tết, make-up Saturdays, session ends, overrides."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from motcua.rules.calendar import (
    DEFAULT_SESSIONS,
    HOURS_PER_WORKING_DAY,
    VN_TZ,
    WorkingCalendar,
    default_calendar,
)


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return default_calendar()


def test_constants():
    assert HOURS_PER_WORKING_DAY == 8
    assert DEFAULT_SESSIONS == ((time(8), time(12)), (time(13), time(17)))
    assert str(VN_TZ) == "Asia/Ho_Chi_Minh"


def test_tet_2026_example(cal):
    due = cal.add_working_days(datetime(2026, 2, 13, 16, 30), 3)
    assert due == vn(2026, 2, 25, 16, 30)
    assert due.tzinfo is VN_TZ
    assert due.isoformat() == "2026-02-25T16:30:00+07:00"


def test_tet_2026_days_off(cal):
    for day in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, day)), day
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))
    assert cal.sessions_on(date(2026, 2, 17)) == ()


def test_make_up_saturday_and_swapped_monday_2026(cal):
    assert cal.is_working_day(date(2026, 8, 22))  # Saturday, làm bù
    assert cal.sessions_on(date(2026, 8, 22)) == DEFAULT_SESSIONS
    assert not cal.is_working_day(date(2026, 8, 31))  # Monday, nghỉ thay
    assert not cal.is_working_day(date(2026, 9, 1))
    assert not cal.is_working_day(date(2026, 9, 2))
    # Fri 21/08 16:00 + 2 h -> the make-up Saturday morning.
    assert cal.add_working_hours(vn(2026, 8, 21, 16), 2) == vn(2026, 8, 22, 9)
    # Fri 28/08 16:00 + 2 h -> Thu 03/09 (29/08 to 02/09 is the National Day break).
    assert cal.add_working_hours(vn(2026, 8, 28, 16), 2) == vn(2026, 9, 3, 9)


def test_normal_weekend_is_off(cal):
    assert not cal.is_working_day(date(2026, 3, 7))
    assert not cal.is_working_day(date(2026, 3, 8))


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (vn(2026, 3, 2, 13), 4, vn(2026, 3, 2, 17)),  # lands on 17:00: stays
        (vn(2026, 3, 2, 8), 4, vn(2026, 3, 2, 12)),  # lands on 12:00: stays
        (vn(2026, 3, 2, 9), 8, vn(2026, 3, 3, 9)),
        (vn(2026, 3, 2, 11), 2, vn(2026, 3, 2, 14)),  # the lunch break does not count
        (vn(2026, 3, 2, 12, 30), 1, vn(2026, 3, 2, 14)),  # start in the lunch break
        (vn(2026, 3, 6, 16), 2, vn(2026, 3, 9, 9)),  # over a weekend
    ],
)
def test_working_hours(cal, start, hours, expected):
    assert cal.add_working_hours(start, hours) == expected


def test_due_on_session_end_stays(cal):
    assert cal.add_working_days(vn(2026, 3, 2, 8), 1) == vn(2026, 3, 2, 17)
    assert cal.add_working_days(vn(2026, 3, 2, 17), 1) == vn(2026, 3, 3, 17)
    assert cal.add_working_days(vn(2026, 3, 2, 8), 0.5) == vn(2026, 3, 2, 12)


def test_next_working_moment_keeps_session_ends(cal):
    assert cal.next_working_moment(vn(2026, 3, 2, 17)) == vn(2026, 3, 2, 17)
    assert cal.next_working_moment(vn(2026, 3, 2, 12)) == vn(2026, 3, 2, 12)
    assert cal.next_working_moment(vn(2026, 3, 2, 12, 0, 1)) == vn(2026, 3, 2, 13)
    assert cal.next_working_moment(vn(2026, 3, 2, 7)) == vn(2026, 3, 2, 8)
    assert cal.add_working_seconds(vn(2026, 3, 2, 17), 0) == vn(2026, 3, 2, 17)


@pytest.mark.parametrize(
    "start",
    [vn(2026, 3, 2, 17, 30), vn(2026, 3, 2, 23, 59), vn(2026, 3, 3, 0, 0), vn(2026, 3, 3, 7, 59)],
)
def test_start_after_hours_counts_from_next_morning(cal, start):
    assert cal.next_working_moment(start) == vn(2026, 3, 3, 8)
    assert cal.add_working_hours(start, 1) == vn(2026, 3, 3, 9)
    assert cal.add_working_days(start, 1) == vn(2026, 3, 3, 17)


def test_start_on_sunday_counts_from_monday_morning(cal):
    sunday = vn(2026, 3, 8, 10)
    assert cal.next_working_moment(sunday) == vn(2026, 3, 9, 8)
    assert cal.add_working_days(sunday, 2) == vn(2026, 3, 10, 17)


def test_half_day(cal):
    assert cal.add_working_days(vn(2026, 3, 2, 10), 0.5) == vn(2026, 3, 2, 15)
    assert cal.add_working_days(vn(2026, 3, 2, 14), 1.5) == vn(2026, 3, 4, 9)  # 3 h + 8 h + 1 h
    assert cal.add_working_hours(vn(2026, 3, 2, 10), 0.25) == vn(2026, 3, 2, 10, 15)


def test_working_seconds_between(cal):
    a, b = vn(2026, 2, 13, 16, 30), vn(2026, 2, 25, 16, 30)
    assert cal.working_seconds_between(a, b) == 3 * 8 * 3600
    assert cal.working_seconds_between(b, a) == -3 * 8 * 3600
    assert cal.working_seconds_between(vn(2026, 3, 2, 12), vn(2026, 3, 2, 13)) == 0
    assert cal.working_seconds_between(vn(2026, 3, 7, 9), vn(2026, 3, 8, 9)) == 0  # weekend


def test_naive_and_other_zones(cal):
    naive = cal.add_working_hours(datetime(2026, 3, 2, 9), 1)
    utc = cal.add_working_hours(datetime(2026, 3, 2, 2, tzinfo=UTC), 1)
    tokyo = cal.add_working_hours(datetime(2026, 3, 2, 11, tzinfo=timezone(timedelta(hours=9))), 1)
    assert naive == utc == tokyo == vn(2026, 3, 2, 10)
    assert utc.utcoffset() == timedelta(hours=7)
    assert cal.is_office_time(datetime(2026, 3, 2, 3, tzinfo=UTC))  # 10:00 in Hà Nội
    assert not cal.is_office_time(vn(2026, 3, 2, 12, 30))
    assert cal.is_office_time(vn(2026, 3, 2, 17))


def test_custom_half_day_override():
    half = {date(2026, 3, 4): ((time(8), time(12)),)}
    cal = WorkingCalendar.vietnam(overrides=half)
    assert cal.sessions_on(date(2026, 3, 4)) == ((time(8), time(12)),)
    assert cal.add_working_hours(vn(2026, 3, 4, 11), 2) == vn(2026, 3, 5, 9)
    assert cal.add_working_days(vn(2026, 3, 3, 17), 1) == vn(2026, 3, 5, 12)
    assert not cal.is_office_time(vn(2026, 3, 4, 14))


def test_extra_day_off_announced_later():
    before = WorkingCalendar.vietnam()
    after = WorkingCalendar.vietnam(overrides={date(2026, 3, 3): ()})
    start = vn(2026, 3, 2, 16, 30)
    assert before.add_working_days(start, 1) == vn(2026, 3, 3, 16, 30)
    assert after.add_working_days(start, 1) == vn(2026, 3, 4, 16, 30)
    assert not after.is_working_day(date(2026, 3, 3))


def test_override_makes_a_holiday_a_working_day():
    cal = WorkingCalendar.vietnam(overrides={date(2026, 2, 16): DEFAULT_SESSIONS})
    assert cal.add_working_days(vn(2026, 2, 13, 16, 30), 1) == vn(2026, 2, 16, 16, 30)


def test_plain_constructor_and_other_office_hours():
    sessions = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
    cal = WorkingCalendar(holidays=[date(2026, 3, 3)], make_up_days=[date(2026, 3, 7)],
                          sessions=sessions, first_year=2026, last_year=2026)
    assert cal.years == (2026, 2026)
    assert cal.office_sessions == sessions
    assert cal.add_working_days(vn(2026, 3, 2, 7, 30), 1) == vn(2026, 3, 2, 17, 30)
    assert cal.add_working_days(vn(2026, 3, 2, 17, 30), 1) == vn(2026, 3, 4, 17, 30)
    assert cal.is_working_day(date(2026, 3, 7))


def test_calendar_is_immutable(cal):
    with pytest.raises(AttributeError):
        cal._office = ()


def test_out_of_range_raises_vietnamese_error(cal):
    with pytest.raises(ValueError, match="Ngoài phạm vi lịch làm việc"):
        cal.add_working_days(datetime(2050, 1, 3, 9), 1)
    with pytest.raises(ValueError, match="Ngoài phạm vi lịch làm việc"):
        cal.is_working_day(date(2014, 12, 31))
    with pytest.raises(ValueError, match="vượt quá phạm vi"):
        cal.add_working_days(datetime(2045, 12, 28, 9), 10)


def test_bad_durations_and_sessions(cal):
    with pytest.raises(ValueError, match="không được âm"):
        cal.add_working_seconds(vn(2026, 3, 2, 9), -1)
    with pytest.raises(ValueError, match="trước giờ kết thúc"):
        WorkingCalendar(sessions=((time(12), time(8)),), first_year=2026, last_year=2026)
    with pytest.raises(ValueError, match="chồng lên nhau"):
        WorkingCalendar(sessions=((time(8), time(12)), (time(11), time(17))), first_year=2026, last_year=2026)
