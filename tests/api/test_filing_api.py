"""Filing through the API: a citizen files online (no code until received, addressed by id), a
reception officer files at the counter with the same outcome as the intake page (received, or one
consolidated supplement request), and the refusals are RFC 7807 problems."""

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, DossierEvent
from tests.dossiers.scenario import vn
from tests.clock import frozen_clock

API = "/api/v1/dossiers"
NOW = vn(2026, 3, 2, 9, 0)  # a Monday morning
DOCS = [
    {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "required": True},
    {"name": "Giấy chứng sinh", "originals": 1, "copies": 0, "required": True},
    {"name": "Văn bản ủy quyền", "originals": 1, "copies": 0, "required": False},
]
APPLICANT = {"name": "Nguyễn  Văn Đình", "id_number": "001090012345", "phone": "0912 345 678",
             "email": "dinh@example.vn", "address": "12 Hàng Bạc, Hoàn Kiếm"}


clock = frozen_clock(NOW)


@pytest.fixture
def birth(world):
    world.birth.documents = DOCS
    world.birth.online = ProcedureVersion.Online.FULL
    world.birth.save(update_fields=["documents", "online"])
    return world.birth


def _file(client, world, user, **changes):
    client.force_login(world.users[user])
    body = {"procedure": "1.001193", "area": "00070", "channel": "counter", "receiving_unit": "CN-HK",
            "applicant": APPLICANT, "received_documents": [0, 1]}
    body.update(changes)
    return client.post(API, {k: v for k, v in body.items() if v is not None}, content_type="application/json")


def test_a_citizen_files_online_and_reception_finds_it_by_id(client, world, birth):
    response = _file(client, world, "citizen", channel="online", receiving_unit=None, received_documents=None)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["code"] is None and data["state"] == "filed" and data["channel"] == "online"
    assert data["receiving_unit"] == "Chi nhánh số 1 (Hoàn Kiếm)"  # the one-stop unit of the chosen ward
    dossier = Dossier.objects.get(pk=data["id"])
    assert dossier.applicant_user == world.users["citizen"] and dossier.applicant_name == "Nguyễn Văn Đình"
    assert dossier.applicant_phone == "0912345678"
    # the reception officer of the receiving unit finds it in the list (no code yet) and reads it by id
    client.force_login(world.users["reception"])
    listed = client.get(API, {"unit": dossier.receiving_unit.code}).json()["items"]
    assert [(d["id"], d["code"]) for d in listed] == [(dossier.pk, None)]
    assert client.get(f"{API}/{dossier.pk}").json()["id"] == dossier.pk
    assert [e["act"] for e in client.get(f"{API}/{dossier.pk}/events").json()] == ["file"]
    # and acts on it by id
    received = client.post(f"{API}/{dossier.pk}/acts/receive", {"expected_version": data["version"]},
                           content_type="application/json")
    assert received.status_code == 200 and received.json()["code"]
    assert client.get(f"{API}/{received.json()['code']}").json()["id"] == dossier.pk
    # another citizen may not see it, by id either
    client.force_login(world.users["other_citizen"])
    assert client.get(f"{API}/{dossier.pk}").status_code == 403
    assert client.get(f"{API}/99999999").status_code == 404
    assert client.get(f"{API}/{'9' * 40}").status_code == 404


def test_online_filing_at_a_chosen_unit_and_its_refusals(client, world, birth):
    ok = _file(client, world, "citizen", channel="online", receiving_unit="TTPVHCC", received_documents=None)
    assert ok.status_code == 201 and ok.json()["receiving_unit"].startswith("Trung tâm Phục vụ")
    not_one_stop = _file(client, world, "citizen", channel="online", receiving_unit="SXD")
    assert not_one_stop.status_code == 422 and "không phải Bộ phận Một cửa" in not_one_stop.json()["detail"]
    no_area = _file(client, world, "citizen", channel="online", area=None)
    assert no_area.status_code == 422 and "cần chọn xã, phường" in no_area.json()["detail"]
    bad_id = _file(client, world, "citizen", channel="online", applicant={**APPLICANT, "id_number": "12345"})
    assert bad_id.status_code == 422 and "12 chữ số" in bad_id.json()["detail"]
    birth.online = ProcedureVersion.Online.NONE
    birth.save(update_fields=["online"])
    offline = _file(client, world, "citizen", channel="online")
    assert offline.status_code == 422 and offline.json()["code"] == "not_online"
    assert Dossier.objects.count() == 1


def test_a_complete_counter_filing_is_received_with_a_code(client, world, birth):
    response = _file(client, world, "reception")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "received" and data["code"] and data["due_at"] and data["channel"] == "counter"
    dossier = Dossier.objects.get(pk=data["id"])
    assert [e.act for e in dossier.events.order_by("seq")] == ["file", "receive"]
    assert dossier.applicant_user is None


def test_a_counter_filing_missing_a_document_gets_one_supplement_request(client, world, birth):
    response = _file(client, world, "reception", received_documents=[0, 2], channel="post",
                     extra_items=["Bản sao sổ hộ khẩu"], notes="Bổ sung trong 5 ngày")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "awaiting_intake_supplement" and data["code"] is None and data["channel"] == "post"
    asked = DossierEvent.objects.get(dossier_id=data["id"], act="request_intake_supplement")
    assert asked.data["items"] == ["Giấy chứng sinh", "Bản sao sổ hộ khẩu"] and asked.reason == "Bổ sung trong 5 ngày"


def test_the_page_and_the_api_ask_for_the_same_items(client, world, birth):
    """Both go through intake_desk.take_in: the page with the same ticks gives the same request."""
    api = _file(client, world, "reception", received_documents=[1]).json()
    client.post(f"/can-bo/tiep-nhan/{birth.procedure.code}/", {
        "unit": "CN-HK", "applicant_kind": "citizen", "name": "Nguyễn Văn Đình", "id_number": "001090012345",
        "phone": "0912345678", "area": "00070", "channel": "counter", "docs": ["1"], "action": "receive"})
    items = [e.data["items"] for e in DossierEvent.objects.filter(act="request_intake_supplement").order_by("pk")]
    assert len(items) == 2 and items[0] == items[1] == ["Tờ khai đăng ký khai sinh"]
    assert Dossier.objects.get(pk=api["id"]).state == "awaiting_intake_supplement"


def test_a_citizen_may_not_file_at_the_counter(client, world, birth):
    response = _file(client, world, "citizen")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert "trực tuyến" in response.json()["detail"]
    assert Dossier.objects.count() == 0


def test_an_officer_of_another_unit_gets_403_at_that_unit(client, world, birth):
    response = _file(client, world, "reception2")  # receives at the centre, not at the branch
    assert response.status_code == 403 and response.json()["detail"].startswith("Ông/bà không có vai trò")
    assert _file(client, world, "reception2", receiving_unit="TTPVHCC").status_code == 201
    assert _file(client, world, "commune_chair").status_code == 403  # no reception post at all


def test_unknown_procedure_or_unit_is_404_and_bad_ticks_are_422(client, world, birth):
    bad = _file(client, world, "reception", procedure="9.999999")
    assert bad.status_code == 404 and bad.json()["code"] == "no_procedure" and bad.json()["detail_en"]
    assert _file(client, world, "reception", receiving_unit="KHONG-CO").json()["code"] == "no_unit"
    ticks = _file(client, world, "reception", received_documents=[0, 1, 7])
    assert ticks.status_code == 422 and "không có trong danh mục" in ticks.json()["detail"]
    assert _file(client, world, "reception", channel="fax").status_code == 422
    assert Dossier.objects.count() == 0


def test_filing_needs_credentials(client, world, birth):
    response = client.post(API, {"procedure": "1.001193"}, content_type="application/json")
    assert response.status_code == 401
