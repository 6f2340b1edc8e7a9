"""The reporting API: list reports, file one (the same rules as the form, problems in RFC 7807),
the lead units that have not reported, and one's own notices."""

import pytest

from motcua import timesource
from motcua.reporting.models import Notice, ProgressReport
from motcua.reporting.services import file_report, send_reminders
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 9, 10)


@pytest.fixture(autouse=True)
def clock():
    timesource.set_provider(lambda: NOW)
    yield
    timesource.set_provider(None)


def _as(client, programme, user):
    client.force_login(programme.world.users[user])
    return client


BODY = {"programme": "CTR-T", "unit": "SXD", "period": "2026-02", "summary": "Đúng tiến độ.",
        "lines": [{"task": "1", "progress": 55, "note": "Đã trình"}]}


def test_a_lead_unit_files_through_the_api(client, programme):
    answer = _as(client, programme, "builder").post("/api/v1/reports", BODY, content_type="application/json")
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["late"] is True and data["period"] == "2026-02" and data["revision"] == 1  # due 5 March
    assert data["lines"] == [{"task": "1", "progress": 55, "note": "Đã trình"}, {"task": "2", "progress": 0, "note": ""}]
    programme.t["1"].refresh_from_db()
    assert programme.t["1"].progress == 55


@pytest.mark.parametrize(("body", "status", "code"), [
    ({**BODY, "lines": [{"task": "9", "progress": 5}]}, 422, "report_invalid"),
    ({**BODY, "lines": [{"task": "3", "progress": 5}]}, 422, "report_invalid"),  # another unit's task
    ({**BODY, "period": "2026-13"}, 422, "invalid"),
    ({**BODY, "programme": "KHONG-CO"}, 404, "no_programme"),
])
def test_an_invalid_report_is_a_problem_and_changes_nothing(client, programme, body, status, code):
    answer = _as(client, programme, "builder").post("/api/v1/reports", body, content_type="application/json")
    assert answer.status_code == status and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["code"] == code and not ProgressReport.objects.exists()


@pytest.mark.parametrize(("user", "status"), [("builder", 201), ("committee", 201), ("culture_officer", 403),
                                              ("citizen", 403)])
def test_only_the_lead_unit_or_the_committee_files(client, programme, user, status):
    answer = _as(client, programme, user).post("/api/v1/reports", BODY, content_type="application/json")
    assert answer.status_code == status
    if status == 403:
        assert answer.json()["code"] == "report_forbidden"


def test_reports_are_listed_with_their_lines_in_few_queries(client, programme, django_assert_max_num_queries):
    w = programme.world
    for period in ("2026-01", "2026-02"):
        for user, unit in (("builder", w.construction), ("culture_officer", w.culture)):
            file_report(programme, unit, period, by=w.users[user], now=vn(2026, 3, 2), summary=period)
    c = _as(client, programme, "police_officer")
    with django_assert_max_num_queries(8):
        data = c.get("/api/v1/reports", {"programme": "CTR-T"}).json()
    assert [(r["period"], r["unit"]) for r in data] == [("2026-02", "SVHTT"), ("2026-02", "SXD"),  # by unit name
                                                        ("2026-01", "SVHTT"), ("2026-01", "SXD")]
    assert len(c.get("/api/v1/reports", {"unit": "SXD", "period": "2026-01"}).json()) == 1
    assert _as(client, programme, "citizen").get("/api/v1/reports").status_code == 403


def test_missing_reports_of_a_period(client, programme):
    w = programme.world
    file_report(programme, w.construction, "2026-02", by=w.users["builder"], now=vn(2026, 3, 2), summary="x")
    c = _as(client, programme, "committee")  # a committee member without a post reads it too
    data = c.get("/api/v1/reports/missing", {"programme": "CTR-T"}).json()  # the latest period due: February
    assert data["period"] == "2026-02" and data["owing"] == 2 and data["due_on"] == "2026-03-05"
    assert [(m["unit"], m["state"]) for m in data["missing"]] == [("SVHTT", "missing")]
    march = c.get("/api/v1/reports/missing", {"programme": "CTR-T", "period": "2026-03"}).json()
    assert {m["unit"]: m["state"] for m in march["missing"]} == {"SXD": "pending", "SVHTT": "pending",
                                                                 "UBND-HK": "pending"}
    assert c.get("/api/v1/reports/missing", {"programme": "X"}).status_code == 404
    assert _as(client, programme, "citizen").get("/api/v1/reports/missing", {"programme": "CTR-T"}).status_code == 403


def test_notices_are_ones_own_and_can_be_marked_read(client, programme):
    send_reminders(vn(2026, 2, 28, 7))
    c = _as(client, programme, "builder_head")
    mine = c.get("/api/v1/reports/notices", {"unread": True}).json()
    assert {n["kind"] for n in mine} == {"report_due", "report_overdue"}
    assert c.post("/api/v1/reports/notices/read", {"ids": [mine[0]["id"]]},
                  content_type="application/json").json() == {"marked": 1}
    assert len(c.get("/api/v1/reports/notices", {"unread": True}).json()) == 1
    other = Notice.objects.exclude(user=programme.world.users["builder_head"]).first()
    assert c.post("/api/v1/reports/notices/read", {"ids": [other.pk]},
                  content_type="application/json").json() == {"marked": 0}  # not someone else's
    assert c.post("/api/v1/reports/notices/read", {}, content_type="application/json").json() == {"marked": 1}
    client.logout()
    assert client.get("/api/v1/reports/notices").status_code == 401
