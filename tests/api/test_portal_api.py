"""The portal's routes: the procedure catalogue (public, searchable without diacritics, by level,
one page at a time), a citizen's own dossiers, and the workbench list's filters by procedure,
channel and "assigned to me"."""

import pytest

from motcua.accounts.services import issue_api_token
from motcua.dossiers import services as sv
from tests.dossiers.scenario import at_counter, file_online, leader, processing_online, transfer, vn


def bearer(world, username):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(world.users[username], 'test')}"}


# -- procedures ----------------------------------------------------------------------------------

def test_procedures_are_public_and_found_without_diacritics(client, world):
    response = client.get("/api/v1/procedures", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert response.json() == {"items": [{"code": "1.001193", "name": "Đăng ký khai sinh", "level": "commune",
                                          "level_label": "Cấp xã", "field": "Hộ tịch", "sector": "Tư pháp"}],
                               "page": 1, "per_page": 25, "has_next": False}
    assert [p["code"] for p in client.get("/api/v1/procedures", {"q": "2.00"}).json()["items"]] == [
        "2.000815", "2.001000"]


def test_procedures_by_level_one_page_at_a_time(client, world):
    first = client.get("/api/v1/procedures", {"level": "province", "per_page": 1}).json()
    second = client.get("/api/v1/procedures", {"level": "province", "per_page": 1, "page": 2}).json()
    assert [p["code"] for p in first["items"]] == ["1.009994"] and first["has_next"]
    assert [p["code"] for p in second["items"]] == ["2.001000"] and not second["has_next"]


@pytest.mark.parametrize("params", [{"page": 0}, {"per_page": 101}, {"level": "district"}, {"q": "a\x00"}])
def test_bad_procedure_filters_are_422_problems(client, world, params):
    response = client.get("/api/v1/procedures", params)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ." and response.json()["detail_en"]


def test_one_procedure_with_its_version_in_force(client, world):
    data = client.get("/api/v1/procedures/1.009994").json()
    assert data["name"] == "Cấp giấy phép xây dựng" and data["level"] == "province"
    version = data["version"]
    assert version["duration_unit"] == "days" and version["duration_value"] == 15.0
    assert version["competent_unit"] == "Sở Xây dựng" and version["documents"][0]["name"] == "Tờ khai"


def test_an_unknown_procedure_is_a_404_problem(client, world):
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "no_procedure" and body["detail"] == "Không có thủ tục hành chính với mã này."
    assert body["detail_en"] == "No such procedure."


# -- a citizen's own dossiers -----------------------------------------------------------------------

def test_my_dossiers_needs_credentials(client, world):
    response = client.get("/api/v1/me/dossiers")
    assert response.status_code == 401 and response.json()["detail"].startswith("Cần đăng nhập")


def test_a_citizen_sees_only_their_own_dossiers_newest_first(client, world):
    file_online(world, at=vn(2026, 3, 2, 8, 30))
    file_online(world, at=vn(2026, 3, 3, 8, 30))
    file_online(world, at=vn(2026, 3, 3, 9, 0), citizen="other_citizen")
    at_counter(world)  # nobody's account
    page = client.get("/api/v1/me/dossiers", {"per_page": 1}, **bearer(world, "citizen")).json()
    assert page["has_next"] and len(page["items"]) == 1 and page["items"][0]["filed_at"].startswith("2026-03-03")
    both = client.get("/api/v1/me/dossiers", **bearer(world, "citizen")).json()["items"]
    assert [d["filed_at"][:10] for d in both] == ["2026-03-03", "2026-03-02"]
    assert client.get("/api/v1/me/dossiers", **bearer(world, "commune_chair")).json()["items"] == []


# -- the workbench list's new filters -----------------------------------------------------------------

@pytest.fixture
def desk(world):
    """At the commune: a birth registration received at the counter, one filed online (both
    transferred), and a certified copy; the online one is assigned to the commune officer."""
    counter = transfer(world, at_counter(world, world.birth, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    online = processing_online(world)
    sv.assign_dossier(online, leader(world, "birth"), world.users["commune_officer"], now=vn(2026, 3, 2, 10, 30))
    copy = transfer(world, at_counter(world, world.copy, vn(2026, 3, 2, 9, 10)), vn(2026, 3, 2, 9, 40))
    return {"counter": counter.code, "online": online.code, "copy": copy.code}


def codes(client, world, user, **params):
    response = client.get("/api/v1/dossiers", {"unit": "UBND-HK", **params}, **bearer(world, user))
    assert response.status_code == 200, response.content
    return {d["code"] for d in response.json()["items"]}


def test_the_list_filters_by_procedure_channel_and_assignment(client, world, desk):
    assert codes(client, world, "commune_chair") == set(desk.values())
    assert codes(client, world, "commune_chair", procedure="1.001193") == {desk["counter"], desk["online"]}
    assert codes(client, world, "commune_chair", channel="online") == {desk["online"]}
    assert codes(client, world, "commune_chair", channel="counter", procedure="2.000815") == {desk["copy"]}
    assert codes(client, world, "commune_officer", mine="true") == {desk["online"]}
    assert codes(client, world, "commune_chair", mine="true") == set()


def test_the_list_refuses_an_unknown_procedure_or_channel(client, world, desk):
    unknown = client.get("/api/v1/dossiers", {"procedure": "9.9"}, **bearer(world, "commune_chair"))
    assert unknown.status_code == 404 and unknown.json()["code"] == "no_procedure" and unknown.json()["detail_en"]
    bad = client.get("/api/v1/dossiers", {"channel": "fax"}, **bearer(world, "commune_chair"))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
