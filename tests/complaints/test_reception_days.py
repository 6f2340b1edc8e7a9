"""Leaders' citizen-reception days (lịch tiếp công dân): a commune chair at least one day a week, the
province chair at least one day a month; the weeks and months short of that are listed per
committee, most behind first — on the holiday calendar: the Tết week of 2026 (16–22 February, no
working day) and a week the province declared off are not required."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from motcua import timesource
from motcua.complaints import reception
from motcua.complaints.models import ReceptionDay
from motcua.rules.lifecycle import Role
from motcua.units.calendars import calendar_for
from motcua.units.models import Area, CalendarOverride, Official, Unit
from tests.complaints.test_hotspots_view import URLS, commune
from tests.dossiers.conftest import vn

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 20, 10)


@pytest.fixture(autouse=True)
def clock():
    timesource.set_provider(lambda: NOW)
    yield
    timesource.set_provider(None)


def held(unit, days, by=None):
    for day in days:
        row = reception.schedule_day(unit, day, by=by, now=vn(2026, 1, 1))
        reception.record_day(row, by=by, now=NOW, held=True, cases_received=2)


def mondays(first: date, last: date, skip=()):
    day = first
    while day <= last:
        if day not in skip:
            yield day
        day += timedelta(days=7)


@pytest.fixture
def province(world):
    hanoi = Area.objects.get(code="01")
    return Unit.objects.create(code="UBND-HN", e_identifier="000.00.00.H26X", name="UBND thành phố Hà Nội",
                               name_folded="ubnd thanh pho ha noi", kind=Unit.Kind.PEOPLES_COMMITTEE,
                               level=Unit.Level.PROVINCE, area=hanoi)


def test_the_tet_week_is_not_a_missing_week(world):
    ubnd = world.commune_ubnd
    held(ubnd, mondays(date(2026, 1, 5), date(2026, 2, 23), skip={date(2026, 1, 12), date(2026, 2, 16)}))
    [row] = reception.missing([ubnd], date(2026, 1, 1), date(2026, 3, 1), calendar_for())
    assert [m.label for m in row.missing] == ["Tuần 03/2026 (12/01–18/01/2026)"]  # not the Tết week 16–22/02
    assert row.held == 6 and row.required == "ít nhất 1 ngày mỗi tuần"


def test_a_week_the_province_declared_off_is_not_required_either(world):
    for day in range(9, 14):
        CalendarOverride.objects.create(province=Area.objects.get(code="01"), day=date(2026, 3, day), kind="off")
    [row] = reception.missing([world.commune_ubnd], date(2026, 3, 2), date(2026, 3, 15), calendar_for())
    assert [m.start for m in row.missing] == [date(2026, 3, 2)]


def test_committees_most_behind_come_first(world, province):
    _, other = commune(world, "00080", "Phường Ba Đình")
    held(world.commune_ubnd, mondays(date(2026, 1, 5), date(2026, 3, 16)))
    held(other, [date(2026, 1, 6)])
    held(province, [date(2026, 1, 15)])
    rows = reception.missing([province, world.commune_ubnd, other], date(2026, 1, 1), date(2026, 3, 19), calendar_for())
    assert [(r.unit.code, len(r.missing)) for r in rows] == [("UBND-00080", 8), ("UBND-HN", 1), ("UBND-HK", 0)]
    assert [m.label for m in rows[1].missing] == ["Tháng 02/2026"]  # March is not over yet


def test_the_acts_refuse_what_makes_no_sense(world):
    ubnd, chair = world.commune_ubnd, world.users["commune_chair"]
    row = reception.schedule_day(ubnd, date(2026, 3, 23), by=chair, now=NOW, leader=chair)
    with pytest.raises(reception.ReceptionRefused) as exc:
        reception.schedule_day(ubnd, date(2026, 3, 23), by=chair, now=NOW)
    assert exc.value.status == 409
    with pytest.raises(reception.ReceptionRefused, match="chưa đến"):
        reception.record_day(row, by=chair, now=NOW, held=True)
    past = reception.schedule_day(ubnd, date(2026, 3, 16), by=chair, now=NOW)
    with pytest.raises(reception.ReceptionRefused, match="không có đơn"):
        reception.record_day(past, by=chair, now=NOW, held=False, cases_received=3)
    with pytest.raises(reception.ReceptionRefused, match="ngày chưa đến"):
        reception.cancel_day(past, by=chair, now=NOW)
    with pytest.raises(reception.ReceptionRefused, match="không phải Ủy ban nhân dân"):
        reception.schedule_day(world.construction, date(2026, 3, 24), by=chair, now=NOW)
    reception.cancel_day(row, by=chair, now=NOW)
    assert list(ReceptionDay.objects.values_list("day", "held")) == [(date(2026, 3, 16), False)]


@pytest.mark.urls(URLS)
def test_a_chair_schedules_and_records_on_the_page(client, world, django_assert_max_num_queries):
    client.force_login(world.users["commune_chair"])
    response = client.post("/can-bo/tiep-cong-dan/lich/", {"unit": "UBND-HK", "day": "2026-03-16", "self": "1"})
    assert response.status_code == 302
    row = ReceptionDay.objects.get()
    assert (row.leader, row.level) == (world.users["commune_chair"], "commune")
    client.post(f"/can-bo/tiep-cong-dan/{row.pk}/held/", {"cases_received": "4"})
    row.refresh_from_db()
    assert (row.held, row.cases_received) == (True, 4)
    with django_assert_max_num_queries(14):  # a fixed number, whatever the committees and days
        html = client.get("/can-bo/tiep-cong-dan/", {"tu": "2026-03-02", "den": "2026-03-15"}).content.decode()
    assert "UBND phường Hoàn Kiếm" in html and "Tuần 10/2026 (02/03–08/03/2026)" in html
    again = client.post("/can-bo/tiep-cong-dan/lich/", {"unit": "UBND-HK", "day": "2026-03-16"}, follow=True)
    assert "đã có lịch tiếp công dân ngày 16/03/2026" in again.content.decode()


@pytest.mark.urls(URLS)
@pytest.mark.parametrize("name", ["commune_officer", "builder_head", "anonymous"])
def test_others_may_not_keep_a_committee_schedule(client, world, name):
    row = reception.schedule_day(world.commune_ubnd, date(2026, 3, 16), by=None, now=NOW)
    if name != "anonymous":
        client.force_login(world.users[name])
    for url, data in (("/can-bo/tiep-cong-dan/lich/", {"unit": "UBND-HK", "day": "2026-03-17"}),
                      (f"/can-bo/tiep-cong-dan/{row.pk}/held/", {"cases_received": "1"})):
        response = client.post(url, data)
        assert response.status_code == (302 if name == "anonymous" else 403), (url, response.status_code)
    api = client.post("/api/v1/hotspots/reception", {"unit_code": "UBND-HK", "day": "2026-03-17"},
                      content_type="application/json")
    assert api.status_code == (401 if name == "anonymous" else 403)
    assert ReceptionDay.objects.filter(held=True).count() == 0 and ReceptionDay.objects.count() == 1
    if name == "commune_officer":  # a processing officer does not see the page at all
        assert client.get("/can-bo/tiep-cong-dan/").status_code == 403


@pytest.mark.urls(URLS)
def test_the_api_schedules_records_and_lists_the_missing_weeks(client, world, province):
    admin = get_user_model().objects.create(username="sysadmin", is_superuser=True)
    supervisor = get_user_model().objects.create(username="supervisor")
    Official.objects.create(user=supervisor, unit=world.branch.parent, role=Role.SUPERVISOR.value)
    client.force_login(admin)
    made = client.post("/api/v1/hotspots/reception", {"unit_code": "UBND-HN", "day": "2026-02-12"},
                       content_type="application/json")
    assert made.status_code == 201, made.content
    day_id = made.json()["id"]
    assert client.post("/api/v1/hotspots/reception", {"unit_code": "UBND-HN", "day": "2026-02-12"},
                       content_type="application/json").json()["code"] == "reception_exists"
    recorded = client.post(f"/api/v1/hotspots/reception/{day_id}/record", {"held": True, "cases_received": 5},
                           content_type="application/json")
    assert recorded.json()["held"] is True and recorded.json()["cases_received"] == 5
    client.force_login(supervisor)  # a supervisor reads, but keeps no committee's schedule
    days = client.get("/api/v1/hotspots/reception", {"start": "2026-01-01", "end": "2026-03-19"}).json()
    assert [(d["unit_code"], d["day"], d["held"]) for d in days] == [("UBND-HN", "2026-02-12", True)]
    missing = client.get("/api/v1/hotspots/reception/missing", {"start": "2026-01-01", "end": "2026-03-19"}).json()
    by_unit = {m["unit_code"]: [x["label"] for x in m["missing"]] for m in missing}
    assert by_unit["UBND-HN"] == ["Tháng 01/2026"]
    assert len(by_unit["UBND-HK"]) == 9  # 10 whole weeks, less the Tết week
    assert missing[0]["unit_code"] == "UBND-HK"
    bad = client.get("/api/v1/hotspots/reception/missing", {"start": "2026-03-01", "end": "2026-01-01"})
    assert bad.status_code == 422 and bad.json()["code"] == "reception_period"
    assert client.post(f"/api/v1/hotspots/reception/{day_id}/record", {"held": False},
                       content_type="application/json").status_code == 403
