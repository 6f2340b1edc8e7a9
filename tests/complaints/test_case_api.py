"""The case API (``/api/v1/cases``) per role: who lists, reads, files and acts; RFC 7807 problems
for a stale version (409), a wrong state (409), bad input (422), another unit (403), no such case
(404); a citizen files online and sees only their own cases."""

from __future__ import annotations

import pytest

from motcua.accounts.services import issue_api_token
from motcua.complaints import services as sv
from motcua.complaints.models import Case
from tests.clock import frozen_clock
from tests.complaints.conftest import make_case
from tests.dossiers.conftest import vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 3, 10, 0)
clock = frozen_clock(NOW)
FILER = {"name": "Nguyễn Thị Lan", "id_number": "001190004321", "phone": "0987654321"}


def as_user(client, world, name):
    client.force_login(world.users[name])
    return client


def act(client, code, name, **body):
    return client.post(f"/api/v1/cases/{code}/acts/{name}", body, content_type="application/json")


def filing(**extra):
    body = {"kind": "pakn", "channel": "online", "subject": "Kiến nghị sửa quy định về giờ tiếp nhận hồ sơ",
            "content": "Đề nghị mở cửa thêm sáng thứ Bảy.", "filers": [FILER], "handling_unit": "UBND-HK",
            "area": "00070"}
    body.update(extra)
    return body


def test_officials_list_their_units_cases_and_citizens_their_own(client, world):
    theirs = make_case(world, "pakn")
    mine = make_case(world, "denunciation", account=world.users["citizen"], channel="online",
                     filers=[sv.FilerIn("Phạm Đức Minh", "001190000012")])
    listed = as_user(client, world, "commune_officer").get("/api/v1/cases").json()
    assert {c["code"] for c in listed["items"]} == {theirs.code, mine.code} and listed["count"] == 2
    only = client.get("/api/v1/cases", {"kind": "denunciation", "bucket": "new"}).json()
    assert [c["code"] for c in only["items"]] == [mine.code]
    assert [c["code"] for c in client.get("/api/v1/cases", {"q": "pham duc"}).json()["items"]] == [mine.code]
    assert as_user(client, world, "builder").get("/api/v1/cases").json()["items"] == []
    own = as_user(client, world, "citizen").get("/api/v1/cases").json()
    assert [c["code"] for c in own["items"]] == [mine.code]
    assert as_user(client, world, "other_citizen").get("/api/v1/cases").json()["items"] == []
    client.logout()
    assert client.get("/api/v1/cases").status_code == 401
    page = as_user(client, world, "commune_officer").get("/api/v1/cases", {"per_page": 1, "page": 2}).json()
    assert page["page"] == 2 and len(page["items"]) == 1 and page["has_next"] is False


def test_one_case_and_its_log_per_role(client, world):
    case = make_case(world, "pakn", account=world.users["citizen"])
    officer = as_user(client, world, "commune_officer")
    body = officer.get(f"/api/v1/cases/{case.code}").json()
    assert body["version"] == case.version and body["filers"] == [
        {"name": "Nguyễn Văn Đình", "id_last4": "2345", "representative": False}]
    assert "001090012345" not in str(body) and "accept" in body["offered_acts"]
    events = officer.get(f"/api/v1/cases/{case.code}/events").json()
    assert [e["act"] for e in events] == ["file"] and events[0]["due_after"]
    filer = as_user(client, world, "citizen").get(f"/api/v1/cases/{case.code}").json()
    assert filer["code"] == case.code and filer["offered_acts"] == []
    for name in ("builder", "other_citizen"):
        response = as_user(client, world, name).get(f"/api/v1/cases/{case.code}")
        assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "case_forbidden"
        assert client.get(f"/api/v1/cases/{case.code}/events").status_code == 403
    missing = client.get("/api/v1/cases/PAKN-2026-999999")
    assert missing.status_code == 404 and missing.json()["code"] == "no_case"
    token = issue_api_token(world.users["commune_chair"], "test")
    client.logout()
    assert client.get(f"/api/v1/cases/{case.code}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_acts_through_the_api_with_the_version_read(client, world):
    case = make_case(world, "denunciation")
    officer = as_user(client, world, "commune_officer")
    accepted = act(officer, case.code, "accept", expected_version=case.version, complexity="especially_complex")
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["state"] == "accepted" and body["version"] == case.version + 1
    first = act(officer, case.code, "extend", expected_version=body["version"], days=30, reason="Xác minh nhiều nơi")
    second = act(officer, case.code, "extend", expected_version=first.json()["version"], days=30, reason="Còn xác minh")
    assert second.status_code == 200 and second.json()["extensions"] == 2
    assert second.json()["resolve_due_at"] > first.json()["resolve_due_at"] > body["resolve_due_at"]
    third = act(officer, case.code, "extend", expected_version=second.json()["version"], days=30, reason="Lần ba")
    assert third.status_code == 422 and third.json()["code"] == "case_extension_refused"
    events = officer.get(f"/api/v1/cases/{case.code}/events").json()
    assert [e["act"] for e in events] == ["file", "accept", "extend", "extend"]
    assert events[-1]["due_before"] != events[-1]["due_after"] and events[-1]["reason"] == "Còn xác minh"


def test_a_denunciations_intake_check_is_extended_through_the_api(client, world):
    case = make_case(world, "denunciation")
    officer = as_user(client, world, "commune_officer")
    blank = act(officer, case.code, "extend_intake", expected_version=case.version)
    assert blank.status_code == 422 and Case.objects.get(pk=case.pk).version == case.version
    done = act(officer, case.code, "extend_intake", expected_version=case.version, reason="Xác minh nhiều nơi")
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "received" and done.json()["due_at"] == "2026-03-16T02:00:00Z"  # 9:00 Hà Nội
    pakn = make_case(world, "pakn", filers=[sv.FilerIn("Đỗ Thị Hà")], subject="Phản ánh rác thải")
    wrong = act(officer, pakn.code, "extend_intake", expected_version=pakn.version, reason="Xác minh")
    assert wrong.status_code == 409 and Case.objects.get(pk=pakn.pk).version == pakn.version


def test_a_stale_version_a_wrong_state_and_bad_input_change_nothing(client, world):
    case = make_case(world, "pakn")
    officer = as_user(client, world, "commune_officer")
    stale = act(officer, case.code, "refuse", expected_version=case.version - 1, reason="Trùng")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_case"
    assert stale["Content-Type"] == "application/problem+json" and stale.json()["detail"]
    wrong = act(officer, case.code, "publish", expected_version=case.version)
    assert wrong.status_code == 409 and wrong.json()["code"] == "case_wrong_state"
    empty = act(officer, case.code, "refuse", expected_version=case.version, reason="  ")
    assert empty.status_code == 422 and "lý do" in empty.json()["detail"]
    assert act(officer, case.code, "fly", expected_version=case.version).status_code == 422
    assert act(officer, case.code, "assign", expected_version=case.version,
               handler="builder").status_code == 422  # not an official of the handling unit
    assert act(officer, case.code, "transfer", expected_version=case.version, to_unit="NONE",
               reason="x").status_code == 404
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.version) == ("received", case.version)


def test_only_the_handling_units_officials_act_through_the_api(client, world):
    case = make_case(world, "pakn", account=world.users["citizen"])
    for name in ("builder", "citizen", "other_citizen"):
        response = act(as_user(client, world, name), case.code, "refuse", expected_version=case.version, reason="x")
        assert response.status_code == 403, name
    client.logout()
    assert act(client, case.code, "refuse", expected_version=case.version, reason="x").status_code == 401
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_pakn_answered_and_published_through_the_api(client, world):
    case = make_case(world, "pakn")
    officer = as_user(client, world, "commune_officer")
    answered = act(officer, case.code, "answer", expected_version=case.version, text="Trả lời ông Đình: ...",
                   public_text="Trả lời: UBND phường sẽ mở cửa sáng thứ Bảy từ tháng 4.")
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    published = act(officer, case.code, "publish", expected_version=answered.json()["version"])
    assert published.status_code == 200 and published.json()["published_at"]


def test_a_citizen_files_online_as_themselves(client, world):
    response = as_user(client, world, "citizen").post("/api/v1/cases", filing(), content_type="application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(code=response.json()["code"])
    assert case.account == world.users["citizen"] and case.channel == "online" and case.area == world.commune
    assert response.json()["filers"][0]["id_last4"] == "4321"
    assert client.get(f"/api/v1/cases/{case.code}").status_code == 200
    # a citizen does not record filings at a reception session
    refused = client.post("/api/v1/cases", filing(channel="reception"), content_type="application/json")
    assert refused.status_code == 403 and Case.objects.count() == 1
    client.logout()
    assert client.post("/api/v1/cases", filing(), content_type="application/json").status_code == 401


def test_officials_file_for_their_own_unit_only(client, world):
    body = filing(kind="complaint_first", channel="post", known_on="2026-02-25")
    response = as_user(client, world, "commune_officer").post("/api/v1/cases", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["channel"] == "post"
    assert Case.objects.get(code=response.json()["code"]).account is None
    other = as_user(client, world, "builder").post("/api/v1/cases", body, content_type="application/json")
    assert other.status_code == 403 and other.json()["code"] == "case_forbidden"
    missing = as_user(client, world, "commune_officer").post("/api/v1/cases", filing(handling_unit="NOPE"),
                                                             content_type="application/json")
    assert missing.status_code == 404 and missing.json()["code"] == "no_unit"
    assert Case.objects.count() == 1


def test_filing_refusals_are_problems_and_record_nothing(client, world):
    group = [{"name": f"Người số {i}", "id_number": f"0010900001{i:02d}", "representative": True} for i in range(6)]
    officer = as_user(client, world, "commune_officer")
    response = officer.post("/api/v1/cases", filing(channel="reception", filers=group, people=12),
                            content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "representatives_invalid"
    assert "đại diện" in response.json()["detail"] and response.json()["detail_en"]
    forwarded = officer.post("/api/v1/cases", filing(channel="forwarded"), content_type="application/json")
    assert forwarded.status_code == 422
    assert officer.post("/api/v1/cases", filing(filers=[]), content_type="application/json").status_code == 422
    assert officer.post("/api/v1/cases", filing(previous="KN-2026-424242"),
                        content_type="application/json").status_code == 404
    assert not Case.objects.exists()
    late = officer.post("/api/v1/cases", filing(kind="complaint_first", channel="reception", known_on="2025-10-01"),
                        content_type="application/json")
    assert late.status_code == 201 and late.json()["state"] == "refused"


def test_the_list_costs_the_same_few_queries_for_any_number_of_cases(client, world, django_assert_max_num_queries):
    for i in range(30):
        make_case(world, "pakn", filers=[sv.FilerIn(f"Người gửi {i}", f"0011900{i:05d}")],
                  subject=f"Phản ánh số {i} về vỉa hè phố {i}", now=vn(2026, 3, 2, 8 + i % 8, i % 60))
    officer = as_user(client, world, "commune_officer")
    officer.get("/api/v1/cases")  # warm the calendar and the unit tree caches
    with django_assert_max_num_queries(8):
        body = officer.get("/api/v1/cases", {"per_page": 50}).json()
    assert body["count"] == 30 and len(body["items"]) == 30
