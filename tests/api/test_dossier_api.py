"""The dossier API: tokens for systems, the same access rule as the pages, RFC 7807 problems in
Vietnamese and English, acts through the services, and 409 when the caller's copy is stale."""

import pytest

from motcua.accounts.services import issue_api_token
from motcua.rules.lifecycle import Role  # noqa: F401
from tests.dossiers.scenario import at_counter, transfer, vn

API = "/api/v1/dossiers"


@pytest.fixture
def birth(world):
    return transfer(world, at_counter(world, world.birth, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))


def _bearer(world, username):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(world.users[username], 'test')}"}


def test_without_credentials_the_answer_is_a_401_problem(client, birth):
    response = client.get(f"{API}/{birth.code}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["detail"].startswith("Cần đăng nhập") and body["detail_en"]


def test_a_system_token_reads_what_its_account_may_see(client, world, birth):
    response = client.get(f"{API}/{birth.code}", **_bearer(world, "commune_officer"))
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "processing" and data["version"] == birth.event_count
    assert data["applicant_id_last4"] == "2345" and "001090012345" not in response.content.decode()
    events = client.get(f"{API}/{birth.code}/events", **_bearer(world, "commune_officer")).json()
    assert [e["act"] for e in events] == ["file", "receive", "transfer"]


def test_another_units_official_gets_403(client, world, birth):
    response = client.get(f"{API}/{birth.code}", **_bearer(world, "builder"))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert client.get(f"{API}/KHONG-CO", **_bearer(world, "builder")).status_code == 404


def test_the_list_is_scoped_and_searchable_without_diacritics(client, world, birth):
    mine = client.get(API, {"unit": "UBND-HK", "q": "nguyen van dinh"}, **_bearer(world, "commune_chair")).json()
    assert [d["code"] for d in mine["items"]] == [birth.code]
    assert client.get(API, {"unit": "UBND-HK"}, **_bearer(world, "builder")).status_code == 403


def test_an_act_through_the_api_then_a_stale_one_gets_409(client, world, birth):
    headers = _bearer(world, "commune_chair")
    url = f"{API}/{birth.code}/acts/assign"
    ok = client.post(url, {"expected_version": birth.event_count, "officer": "commune_officer"},
                     content_type="application/json", **headers)
    assert ok.status_code == 200 and ok.json()["version"] == birth.event_count + 1
    stale = client.post(f"{API}/{birth.code}/acts/decide", {"expected_version": birth.event_count},
                        content_type="application/json", **headers)
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    birth.refresh_from_db()
    assert birth.state == "processing" and birth.event_count == ok.json()["version"]  # nothing changed


def test_a_refused_act_is_a_422_problem_with_the_rules_message(client, world, birth):
    response = client.post(f"{API}/{birth.code}/acts/return_result", {"expected_version": birth.event_count},
                           content_type="application/json", **_bearer(world, "reception"))
    assert response.status_code == 422
    assert response.json()["code"] == "wrong_state" and "Đang giải quyết" in response.json()["detail"]
