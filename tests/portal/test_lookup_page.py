"""Tra cứu hồ sơ: anyone follows a dossier with its code and the last four digits of the
applicant's ID number or phone; the page shows no personal data, answers a wrong code and wrong
digits alike, costs one query when it succeeds, and refuses guessing (per address, per code)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import LookupThrottle
from tests.dossiers.scenario import at_counter, transfer, vn

URL = "/tra-cuu/"
NOT_FOUND = "Không tìm thấy hồ sơ khớp mã và 4 số cuối"


@pytest.fixture
def birth(world, clock):
    clock["now"] = vn(2026, 3, 2, 11, 0)
    return transfer(world, at_counter(world, world.birth, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))


def get(client, code, last4, ip="203.0.113.7"):
    return client.get(URL, {"code": code, "last4": last4}, REMOTE_ADDR=ip)


def test_the_empty_form_asks_for_code_and_four_digits(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="code"' in page and 'name="last4"' in page and NOT_FOUND not in page


@pytest.mark.parametrize("last4", ["2345", "5678"])  # ID number 001090012345, phone 0912345678
def test_code_and_last_four_of_id_or_phone_show_the_dossier_without_personal_data(client, world, birth, last4):
    response = get(client, birth.code, last4)
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (birth.code, "Đăng ký khai sinh", "Đang giải quyết", "UBND phường Hoàn Kiếm", "Trong hạn",
                  "02/03/2026"):
        assert shown in page, shown
    for hidden in ("Nguyễn Văn Đình", "001090012345", "0912345678", "citizen"):
        assert hidden not in page, hidden
    assert "no-store" in response["Cache-Control"]


def test_an_overdue_dossier_says_so(client, world, birth, clock):
    clock["now"] = vn(2026, 3, 20, 9, 0)
    page = get(client, birth.code, "2345").content.decode()
    assert "Quá hạn" in page


def test_a_wrong_code_and_wrong_digits_answer_alike_after_the_same_work(client, world, birth):
    """The work hangs on which counters exist, not on whether the dossier does."""
    get(client, "KHAC", "1111")  # the address has its counter already
    with CaptureQueriesContext(connection) as wrong_digits:
        a = get(client, birth.code, "0000")
    with CaptureQueriesContext(connection) as wrong_code:
        b = get(client, birth.code[:-1] + "9", "2345")
    assert a.status_code == b.status_code == 404
    assert NOT_FOUND in a.content.decode() and NOT_FOUND in b.content.decode()
    assert len(wrong_digits.captured_queries) == len(wrong_code.captured_queries)


def test_a_successful_lookup_is_one_query_and_writes_nothing(client, world, birth, django_assert_num_queries):
    get(client, "KHONG-CO", "1111")  # a failure elsewhere: rows exist, none blocks
    before = list(LookupThrottle.objects.values())
    with django_assert_num_queries(1):
        assert get(client, birth.code, "2345").status_code == 200
    assert list(LookupThrottle.objects.values()) == before


@pytest.mark.parametrize("last4", ["", "123", "12a4", "12345", "١٢٣٤"])
def test_malformed_input_is_400_and_not_counted(client, world, birth, last4):
    response = get(client, birth.code, last4)
    assert response.status_code == 400 and "đúng 4 chữ số" in response.content.decode()
    assert not LookupThrottle.objects.exists()


def test_after_ten_failures_an_address_waits_even_with_the_right_digits(client, world, birth, clock):
    for n in range(10):
        assert get(client, f"SAI-{n}", "1234").status_code == 404
    refused = get(client, birth.code, "2345")
    assert refused.status_code == 429
    assert "tra cứu sai quá nhiều lần" in refused.content.decode() and "10 phút" in refused.content.decode()
    assert int(refused["Retry-After"]) == 600
    assert get(client, birth.code, "2345", ip="198.51.100.1").status_code == 200  # another address
    clock["now"] += timedelta(minutes=10)
    assert get(client, birth.code, "2345").status_code == 200  # the window closed


def test_after_five_failures_on_one_code_it_answers_429_to_everyone_for_the_hour(client, world, birth, clock):
    for n in range(5):
        assert get(client, birth.code, f"000{n}", ip=f"192.0.2.{n}").status_code == 404
    refused = get(client, birth.code, "2345", ip="192.0.2.99")
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 3600
    clock["now"] += timedelta(minutes=59)
    assert get(client, birth.code, "2345", ip="192.0.2.98").status_code == 429
    clock["now"] += timedelta(minutes=1)
    assert get(client, birth.code, "2345", ip="192.0.2.97").status_code == 200


def test_a_code_that_does_not_exist_is_blocked_the_same_way(client, world, birth):
    """Otherwise a 429 after five failures would tell that a code exists."""
    for n in range(5):
        get(client, "000.00.00.H26-260302-0999", f"000{n}", ip=f"192.0.2.{n}")
    assert get(client, "000.00.00.H26-260302-0999", "1234", ip="192.0.2.50").status_code == 429


def test_failures_of_a_closed_window_start_afresh(client, world, birth, clock):
    for n in range(4):
        get(client, birth.code, f"000{n}", ip=f"192.0.2.{n}")
    clock["now"] += timedelta(hours=1)
    for n in range(4):
        get(client, birth.code, f"000{n}", ip=f"192.0.2.{n}")
    assert get(client, birth.code, "2345").status_code == 200
    row = LookupThrottle.objects.get(scope="code", key=birth.code)
    assert row.failures == 4 and row.blocked_until is None


def test_rows_of_closed_windows_are_swept_when_new_ones_come(client, world, birth, clock):
    for n in range(3):
        get(client, f"RAC-{n}", "1234")
    clock["now"] += timedelta(hours=2)
    get(client, "RAC-MOI", "1234", ip="192.0.2.200")
    assert set(LookupThrottle.objects.values_list("key", flat=True)) == {"RAC-MOI", "192.0.2.200"}
