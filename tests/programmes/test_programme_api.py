"""The programmes API: officials list programmes and tasks (filters, pages); the committee
assigns; the lead unit reports progress (409 on a stale version), completes, asks for more time;
the committee decides; the task list goes out and comes back as XLSX. Errors are RFC 7807."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from motcua.accounts.services import issue_api_token
from motcua.programmes.layout import COLUMNS
from motcua.programmes.models import Task
from tests.programmes.conftest import make_task

pytestmark = pytest.mark.django_db
BASE = "/api/v1/programmes"


def bearer(world, username):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(world.users[username], 'test')}"}


def problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["detail"] and body["title"]
    return body


@pytest.fixture
def tasks(world, programme):
    late = make_task(world, programme, "1", deadline=date(2026, 5, 15), lead=world.culture)
    make_task(world, programme, "1.1", parent=late, deadline=date(2026, 6, 8), progress=10,
              content="Khảo sát Hoàn Kiếm")
    calm = make_task(world, programme, "2", deadline=date(2026, 12, 31), progress=30)
    return {"late": late, "calm": calm}


def test_officials_read_programmes_and_tasks_with_filters(client, world, programme, tasks):
    auth = bearer(world, "police_officer")
    [listed] = client.get(BASE, **auth).json()
    assert listed["code"] == "CTR-T" and listed["counts"]["open_overdue"] == 1 and listed["counts"]["at_risk"] == 1
    assert listed["counts"]["completion_rate"] == 0.0
    detail = client.get(f"{BASE}/{programme.pk}", **auth).json()
    assert {m["name"] for m in detail["members"]} == {"Trưởng ban", "Trưởng phòng văn hóa"}
    assert {u["unit_code"]: u["counts"]["total"] for u in detail["by_unit"]} == {"SVHTT": 1, "SXD": 2}
    page = client.get(f"{BASE}/{programme.pk}/tasks", {"per_page": 2}, **auth).json()
    assert [t["code"] for t in page["items"]] == ["1", "1.1"] and page["total"] == 3
    assert page["items"][1]["parent_code"] == "1" and page["items"][1]["at_risk"] is True
    second = client.get(f"{BASE}/{programme.pk}/tasks", {"per_page": 2, "page": 2}, **auth).json()
    assert [t["code"] for t in second["items"]] == ["2"]
    overdue = client.get(f"{BASE}/{programme.pk}/tasks", {"status": "open_overdue"}, **auth).json()
    assert [t["code"] for t in overdue["items"]] == ["1"] and overdue["items"][0]["status_label"] == \
        "Quá hạn chưa hoàn thành"
    assert [t["code"] for t in client.get(f"{BASE}/{programme.pk}/tasks", {"q": "hoan kiem"}, **auth).json()["items"]] \
        == ["1.1"]
    assert client.get(f"{BASE}/{programme.pk}/tasks", {"unit": "SVHTT"}, **auth).json()["total"] == 1
    problem(client.get(f"{BASE}/999", **auth), 404, "no_programme")
    problem(client.get(f"{BASE}/tasks/999999", **auth), 404, "no_task")
    problem(client.get(BASE, **bearer(world, "citizen")), 403, "forbidden")
    problem(client.get(BASE), 401, "unauthenticated")


def test_progress_with_a_stale_version_answers_409_and_changes_nothing(client, world, tasks):
    calm = tasks["calm"]
    auth = bearer(world, "builder")
    url = f"{BASE}/tasks/{calm.pk}/progress"
    done = client.post(url, {"version": 0, "progress": 50}, content_type="application/json", **auth)
    assert done.status_code == 200 and done.json()["progress"] == 50 and done.json()["version"] == 1
    assert [h["kind"] for h in done.json()["history"]] == ["assigned", "progress"]
    problem(client.post(url, {"version": 0, "progress": 70}, content_type="application/json", **auth), 409,
            "stale_task")
    assert Task.objects.get(pk=calm.pk).progress == 50
    problem(client.post(url, {"version": 1, "progress": 70}, content_type="application/json",
                        **bearer(world, "culture_head")), 403, "forbidden")


def test_completion_extension_and_decision(client, world, tasks):
    late, calm = tasks["late"], tasks["calm"]
    lead = bearer(world, "culture_officer")
    body = problem(client.post(f"{BASE}/tasks/{late.pk}/complete", {"version": 0, "completed_on": "2026-05-30",
                                                                    "result_document": "KH 1"},
                               content_type="application/json", **lead), 422, "task_invalid")
    assert "lý do chậm" in body["detail"]
    done = client.post(f"{BASE}/tasks/{late.pk}/complete", {"version": 0, "completed_on": "2026-05-30",
                                                            "result_document": "KH 1", "delay_reason": "Chờ số liệu"},
                       content_type="application/json", **lead).json()
    assert done["status"] == "done_late" and done["delay_reason"] == "Chờ số liệu"
    asked = client.post(f"{BASE}/tasks/{calm.pk}/extension-requests",
                        {"proposed_deadline": "2027-03-31", "reason": "Chờ hướng dẫn"},
                        content_type="application/json", **bearer(world, "builder"))
    assert asked.status_code == 201 and asked.json()["state"] == "pending"
    decision = f"{BASE}/extension-requests/{asked.json()['id']}/decision"
    problem(client.post(decision, {"approve": True}, content_type="application/json", **bearer(world, "builder")),
            403, "forbidden")
    decided = client.post(decision, {"approve": True}, content_type="application/json",
                          **bearer(world, "justice_head"))
    assert decided.status_code == 200 and decided.json()["state"] == "approved"
    t = Task.objects.get(pk=calm.pk)
    assert (t.deadline, t.original_deadline) == (date(2027, 3, 31), date(2026, 12, 31))
    problem(client.post(decision, {"approve": False, "note": "x"}, content_type="application/json",
                        **bearer(world, "justice_head")), 409, "extension_decided")


def test_the_committee_creates_a_task(client, world, programme, tasks):
    body = {"code": "3", "parent_code": "1", "content": "Quy chế phối hợp", "product": "regulation",
            "lead_unit_code": "CATP", "co_unit_codes": ["SXD"], "leader": "police_officer",
            "deadline": "2026-11-30", "source_symbol": "TB 3-TB/BCĐ"}
    problem(client.post(f"{BASE}/{programme.pk}/tasks", body, content_type="application/json",
                        **bearer(world, "builder")), 403, "forbidden")
    made = client.post(f"{BASE}/{programme.pk}/tasks", body, content_type="application/json",
                       **bearer(world, "justice_head"))
    assert made.status_code == 201, made.content
    out = made.json()
    assert (out["parent_code"], out["lead_unit_code"], out["co_units"], out["assigned_on"]) == \
        ("1", "CATP", ["SXD"], "2026-06-01")
    again = client.post(f"{BASE}/{programme.pk}/tasks", body, content_type="application/json",
                        **bearer(world, "justice_head"))
    assert "đã có nhiệm vụ số «3»" in problem(again, 422, "task_invalid")["detail"]
    problem(client.post(f"{BASE}/{programme.pk}/tasks", {**body, "code": "4", "lead_unit_code": "XYZ"},
                        content_type="application/json", **bearer(world, "justice_head")), 422, "task_invalid")


def test_export_and_import_through_the_api(client, world, programme, tasks):
    auth = bearer(world, "justice_head")
    exported = client.get(f"{BASE}/{programme.pk}/export", **auth)
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/vnd.openxmlformats")

    def workbook(deadline):
        book = Workbook()
        book.active.append([h for h, _, _ in COLUMNS])
        book.active.append(["7", None, "Kế hoạch mới", "Kế hoạch", None, "SXD", None, None, None, "01/06/2026",
                            deadline, None, "01-CTr/TU"])
        data = io.BytesIO()
        book.save(data)
        data.seek(0)
        return data

    refused = problem(client.post(f"{BASE}/{programme.pk}/import", {"file": workbook("01/05/2026")}, **auth), 422,
                      "import_failed")
    assert refused["errors"] == [{"row": 2, "column": "Thời hạn", "message": "Thời hạn không được trước ngày giao"}]
    assert not Task.objects.filter(code="7").exists()
    not_a_book = problem(client.post(f"{BASE}/{programme.pk}/import", {"file": io.BytesIO(b"hello")}, **auth), 422,
                         "import_failed")
    assert "không phải tệp Excel" in not_a_book["errors"][0]["message"]
    good = workbook("01/12/2026")
    dry = client.post(f"{BASE}/{programme.pk}/import", {"file": good, "dry_run": "true"}, **auth)
    assert dry.status_code == 200 and dry.json() == {"created": 1, "dry_run": True}
    assert not Task.objects.filter(code="7").exists()
    good.seek(0)
    made = client.post(f"{BASE}/{programme.pk}/import", {"file": good}, **auth)
    assert made.status_code == 201 and Task.objects.filter(code="7").exists()
    good.seek(0)
    problem(client.post(f"{BASE}/{programme.pk}/import", {"file": good}, **bearer(world, "builder")), 403, "forbidden")
