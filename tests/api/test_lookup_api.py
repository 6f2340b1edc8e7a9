"""``GET /api/v1/lookup``: public, the same minimal fields as the page, the same answer for a
wrong code and wrong digits (404 problem), 422 for malformed input, and the same limits as the
page (429 problem with Retry-After) — the page and the API count failures together."""

import pytest

from motcua import timesource
from motcua.accounts.models import LookupThrottle
from tests.dossiers.scenario import at_counter, transfer, vn

URL = "/api/v1/lookup"
FIELDS = {"code", "procedure_name", "state", "state_label", "received_at", "due_at", "returned_at", "timeliness",
          "timeliness_label", "holder_unit"}


@pytest.fixture
def birth(world):
    timesource.set_provider(lambda: vn(2026, 3, 2, 11, 0))
    yield transfer(world, at_counter(world, world.birth, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    timesource.set_provider(None)


def get(client, code, last4, ip="203.0.113.9"):
    return client.get(URL, {"code": code, "last4": last4}, REMOTE_ADDR=ip)


def test_anyone_sees_only_the_minimal_fields(client, birth, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = get(client, birth.code, "5678")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == FIELDS
    assert data["code"] == birth.code and data["state"] == "processing" and data["timeliness"] == "on_time"
    assert data["holder_unit"] == "UBND phường Hoàn Kiếm" and data["procedure_name"] == "Đăng ký khai sinh"
    for hidden in ("Nguyễn Văn Đình", "Nguy\\u1ec5n", "001090012345", "0912345678"):
        assert hidden not in response.content.decode()
    assert not LookupThrottle.objects.exists()


def test_a_wrong_code_and_wrong_digits_give_the_same_404_problem(client, birth):
    wrong_digits = get(client, birth.code, "0000")
    wrong_code = get(client, "000.00.70.H26-260302-0777", "2345")
    assert wrong_digits.status_code == wrong_code.status_code == 404
    assert wrong_digits["Content-Type"] == "application/problem+json"
    assert wrong_digits.json() == wrong_code.json()
    body = wrong_code.json()
    assert body["code"] == "lookup_not_found" and body["detail"].startswith("Không tìm thấy hồ sơ khớp mã và 4 số cuối")
    assert body["detail_en"] == "No dossier matches this code and these last four digits."


@pytest.mark.parametrize("params", [{"code": "X", "last4": "12a4"}, {"code": "X"}, {"code": "", "last4": "1234"},
                                    {"code": "X", "last4": "12345"}, {"code": "A\x00B", "last4": "1234"}])
def test_malformed_input_is_a_422_problem_and_not_counted(client, birth, params):
    response = client.get(URL, params)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ." and response.json()["detail_en"]
    assert not LookupThrottle.objects.exists()


def test_too_many_failures_from_one_address_is_a_429_problem(client, birth):
    for n in range(6):
        assert client.get("/tra-cuu/", {"code": f"SAI-{n}", "last4": "1111"}, REMOTE_ADDR="203.0.113.9").status_code == 404
    for n in range(4):
        assert get(client, f"SAI-API-{n}", "1111").status_code == 404
    response = get(client, birth.code, "2345")
    assert response.status_code == 429 and response["Retry-After"] == "600"
    body = response.json()
    assert body["code"] == "too_many_lookups" and body["retry_after"] == 600
    assert "tra cứu sai quá nhiều lần" in body["detail"] and "Retry-After" in body["detail_en"]
    assert get(client, birth.code, "2345", ip="203.0.113.10").status_code == 200


def test_too_many_failures_on_one_code_is_a_429_for_everyone(client, birth):
    for n in range(5):
        get(client, birth.code, f"900{n}", ip=f"198.51.100.{n}")
    response = get(client, birth.code, "2345", ip="198.51.100.77")
    assert response.status_code == 429 and response["Retry-After"] == "3600"
