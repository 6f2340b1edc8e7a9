"""The province calendar kept in the database: office hours, overrides, cache invalidation."""

from datetime import date, datetime, time

import pytest
from django.db import connection

from motcua.rules.calendar import DEFAULT_SESSIONS, VN_TZ, default_calendar
from motcua.units.calendars import calendar_for, clear_calendar_cache, parse_sessions
from motcua.units.models import Area, CalendarOverride, OfficeHours


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()  # rows rolled back at the end of a test send no signal


@pytest.fixture
def hanoi(db):
    return Area.objects.create(code="01", name="Hà Nội", kind=Area.Kind.CITY)


@pytest.fixture
def hcmc(db):
    return Area.objects.create(code="79", name="Hồ Chí Minh", kind=Area.Kind.CITY)


@pytest.mark.django_db
def test_without_rows_it_is_the_national_calendar(hanoi):
    cal = calendar_for()
    assert cal.add_working_days(datetime(2026, 2, 13, 16, 30), 3) == vn(2026, 2, 25, 16, 30)
    assert cal.office_sessions == DEFAULT_SESSIONS
    assert calendar_for() is cal  # cached
    assert calendar_for("01") is cal


@pytest.mark.django_db
def test_an_override_row_changes_results_and_clears_the_cache(hanoi):
    start = vn(2026, 3, 2, 16, 30)
    assert calendar_for().add_working_days(start, 1) == vn(2026, 3, 3, 16, 30)
    row = CalendarOverride.objects.create(day=date(2026, 3, 3), kind=CalendarOverride.Kind.OFF, note="nghỉ thêm")
    assert not calendar_for().is_working_day(date(2026, 3, 3))
    assert calendar_for().add_working_days(start, 1) == vn(2026, 3, 4, 16, 30)
    row.kind = CalendarOverride.Kind.CUSTOM
    row.sessions = "08:00-12:00"
    row.save()
    assert calendar_for().sessions_on(date(2026, 3, 3)) == ((time(8), time(12)),)
    assert calendar_for().add_working_days(start, 1) == vn(2026, 3, 4, 11, 30)  # 0.5 + 4 + 3.5 h
    row.delete()
    assert calendar_for().add_working_days(start, 1) == vn(2026, 3, 3, 16, 30)


@pytest.mark.django_db
def test_make_up_working_day_uses_the_office_hours(hanoi):
    OfficeHours.objects.create(province=hanoi, sessions="07:30-11:30,13:30-17:30", valid_from=date(2020, 1, 1))
    CalendarOverride.objects.create(province=hanoi, day=date(2026, 3, 7), kind=CalendarOverride.Kind.WORKING)
    cal = calendar_for("01")
    assert cal.sessions_on(date(2026, 3, 7)) == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
    assert cal.add_working_days(vn(2026, 3, 6, 17, 30), 1) == vn(2026, 3, 7, 17, 30)


@pytest.mark.django_db
def test_latest_office_hours_in_effect_today(hanoi):
    OfficeHours.objects.create(province=hanoi, sessions="07:00-11:00,13:00-17:00", valid_from=date(2018, 1, 1))
    OfficeHours.objects.create(province=hanoi, sessions="07:30-11:30,13:30-17:30", valid_from=date(2020, 1, 1))
    OfficeHours.objects.create(province=hanoi, sessions="09:00-12:00,13:00-18:00", valid_from=date(2999, 1, 1))
    assert calendar_for("01").office_sessions == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))


@pytest.mark.django_db
def test_provincial_override_wins_and_other_provinces_are_ignored(hanoi, hcmc):
    day = date(2026, 3, 3)
    CalendarOverride.objects.create(day=day, kind=CalendarOverride.Kind.OFF)
    CalendarOverride.objects.create(province=hanoi, day=day, kind=CalendarOverride.Kind.WORKING)
    CalendarOverride.objects.create(province=hcmc, day=date(2026, 3, 4), kind=CalendarOverride.Kind.OFF)
    hanoi_cal, hcmc_cal = calendar_for("01"), calendar_for("79")
    assert hanoi_cal.is_working_day(day) and not hcmc_cal.is_working_day(day)
    assert hanoi_cal.is_working_day(date(2026, 3, 4)) and not hcmc_cal.is_working_day(date(2026, 3, 4))


@pytest.mark.django_db
def test_office_hours_change_clears_the_cache(hanoi):
    before = calendar_for()
    OfficeHours.objects.create(province=hanoi, sessions="08:00-12:00", valid_from=date(2020, 1, 1))
    after = calendar_for()
    assert after is not before
    assert after.add_working_days(vn(2026, 3, 2, 8), 1) == vn(2026, 3, 3, 12)


@pytest.mark.django_db
def test_falls_back_when_tables_are_missing(monkeypatch):
    monkeypatch.setattr(connection.introspection, "table_names", lambda *args, **kwargs: [])
    assert calendar_for() is default_calendar()


def test_parse_sessions():
    assert parse_sessions("08:00-12:00,13:00-17:00") == DEFAULT_SESSIONS
    assert parse_sessions(" 7:30 - 11:30 , 13:30-17:30 ") == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
    assert parse_sessions("") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("8h-12h", "không hợp lệ"),
        ("08:00-12:00;13:00-17:00", "không hợp lệ"),
        ("25:00-26:00", "Giờ không hợp lệ"),
        ("12:00-08:00", "trước giờ kết thúc"),
        ("08:00-12:00,11:00-17:00", "chồng lên nhau"),
    ],
)
def test_parse_sessions_rejects_bad_input(text, message):
    with pytest.raises(ValueError, match=message):
        parse_sessions(text)
