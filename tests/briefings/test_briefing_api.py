"""The briefing API: officials list meetings and read a meeting, its conclusions and its pack
(JSON, PDF, XLSX); the committee creates meetings, sets the agenda, records conclusions and the
notice and assigns tasks; anyone else gets a 403 problem and nothing changes."""

import io

import pytest
from openpyxl import load_workbook

from motcua import timesource
from motcua.briefings.models import Conclusion, Meeting
from motcua.programmes.models import Task
from tests.dossiers.scenario import vn

NOW = vn(2026, 4, 16, 10)
API = "/api/v1/briefings"


@pytest.fixture(autouse=True)
def clock():
    timesource.set_provider(lambda: NOW)
    yield
    timesource.set_provider(None)


def _as(client, world, name):
    client.force_login(world.users[name])
    return client


def test_the_pack_as_json(client, meetings, world):
    _, second = meetings
    body = _as(client, world, "builder").get(f"{API}/meetings/{second.pk}/pack").json()
    assert body["as_of"] == "2026-04-14" and body["previous_meeting"] == meetings[0].pk
    assert body["counts"] == {"total": 9, "done_on_time": 2, "done_late": 1, "open_in_time": 4, "open_overdue": 2,
                              "at_risk": 1}
    assert body["completion_rate"] == 60.0  # 3 done of 5 due
    assert [t["code"] for t in body["finished"]] == ["2", "3"]
    assert [(t["code"], t["days"], t["lead_unit"]) for t in body["overdue"]] == [
        ("4", 14, "Công an thành phố Hà Nội"), ("8", 4, "Sở Văn hóa và Thể thao")]
    assert body["at_risk"][0]["status_label"] == "Có nguy cơ chậm"
    assert body["agenda_proposed"] and [a["task"] for a in body["agenda"]] == [None, "4", "8", "5", None]
    assert body["agenda"][1]["presenter"] == "CATP"
    assert [c["outcome"] for c in body["previous_conclusions"]] == ["Quá hạn chưa hoàn thành", "Đang thực hiện trong hạn"]


def test_lists_and_downloads(client, meetings, world):
    c = _as(client, world, "culture_officer")
    listed = c.get(f"{API}/meetings", {"programme": "CTR-T"}).json()
    assert [m["held_at"][:10] for m in listed] == ["2026-04-14", "2026-03-10"]
    assert c.get(f"{API}/meetings", {"programme": "NONE"}).json()["code"] == "no_programme"
    first = meetings[0].pk
    assert [x["task"] for x in c.get(f"{API}/meetings/{first}/conclusions").json()] == ["8", "9"]
    detail = c.get(f"{API}/meetings/{first}").json()
    assert detail["notice_symbol"] == "125-TB/BCĐ" and len(detail["conclusions"]) == 2
    pdf = c.get(f"{API}/meetings/{first}/pack.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(c.get(f"{API}/meetings/{first}/pack.xlsx").content))
    assert "Theo đơn vị" in book.sheetnames
    assert c.get(f"{API}/meetings/999999/pack").status_code == 404


def test_the_committee_runs_a_meeting_through_the_api(client, programme, world):
    c = _as(client, world, "justice_head")
    made = c.post(f"{API}/meetings", {"programme": "CTR-T", "held_at": "2026-04-15T14:00:00+07:00", "kind": "ad_hoc",
                                      "chair": "Trưởng ban"}, content_type="application/json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    agenda = c.put(f"{API}/meetings/{pk}/agenda", {"items": [{"title": "Nhiệm vụ 4", "task": "4", "presenter": "CATP"}]},
                   content_type="application/json")
    assert agenda.json() == [{"title": "Nhiệm vụ 4", "task": "4", "presenter": "CATP"}]
    wrong = c.put(f"{API}/meetings/{pk}/agenda", {"items": [{"title": "X", "task": "99"}]}, content_type="application/json")
    assert wrong.status_code == 422 and "99" in wrong.json()["detail"]
    added = c.post(f"{API}/meetings/{pk}/conclusions", {"content": "Báo cáo tiến độ số hóa", "lead_unit": "CATP",
                                                        "co_units": ["STP"], "product": "report",
                                                        "deadline": "2026-05-20"}, content_type="application/json")
    assert added.status_code == 201 and added.json()["order"] == 1
    early = c.post(f"{API}/meetings/{pk}/conclude")
    assert early.status_code == 409 and early.json()["code"] == "briefing_no_notice"
    assert early["Content-Type"] == "application/problem+json"
    c.put(f"{API}/meetings/{pk}/notice", {"symbol": "131-TB/BCĐ", "notice_date": "2026-04-16"},
          content_type="application/json")
    done = c.post(f"{API}/meetings/{pk}/conclude")
    assert done.json() == {"tasks": ["8"], "notice_symbol": "131-TB/BCĐ"}
    assert c.post(f"{API}/meetings/{pk}/conclude").json()["tasks"] == []  # again: nothing new
    assert Task.objects.get(programme=programme, code="8").source_symbol == "131-TB/BCĐ"


@pytest.mark.parametrize("method,path,body", [
    ("post", "/meetings", {"programme": "CTR-T", "held_at": "2026-04-20T14:00:00+07:00"}),
    ("put", "/meetings/{pk}/agenda", {}),
    ("post", "/meetings/{pk}/conclusions", {"content": "X", "lead_unit": "CATP", "product": "plan"}),
    ("put", "/meetings/{pk}/notice", {"symbol": "9-TB/BCĐ", "notice_date": "2026-04-15"}),
    ("post", "/meetings/{pk}/conclude", None),
])
def test_others_may_not_steer(client, meetings, world, method, path, body):
    _, second = meetings
    c = _as(client, world, "builder")
    response = getattr(c, method)(API + path.format(pk=second.pk), body, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Meeting.objects.count() == 2 and not Conclusion.objects.filter(meeting=second).exists()
    assert Meeting.objects.get(pk=second.pk).notice_symbol == ""


def test_citizens_and_strangers_read_nothing(client, meetings, world):
    assert client.get(f"{API}/meetings").status_code == 401
    assert _as(client, world, "citizen").get(f"{API}/meetings/{meetings[1].pk}/pack").status_code == 403
