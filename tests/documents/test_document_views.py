"""The download pages: an official of a unit that deals with a dossier, or the citizen whose
dossier it is, gets its forms as PDF; the receiving unit gets its tracking book as PDF or XLSX;
everyone else gets 403, and a form the dossier does not have yet is a 404 that says why."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua import timesource
from tests.dossiers.scenario import at_counter, file_online, received_online, vn

pytestmark = pytest.mark.urls("tests.documents.doc_urls")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _as(client, world, name):
    client.force_login(world.users[name])
    return client


@pytest.fixture
def counter(world):
    """A birth registration received at the branch counter (competent: the commune's UBND)."""
    return at_counter(world, world.birth, vn(2026, 3, 2, 9, 0))


@pytest.fixture
def online(world):
    """The citizen's own birth registration, filed online and received at the branch."""
    return received_online(world)


def form_url(dossier, number):
    return f"/can-bo/ho-so/{dossier.pk}/mau/{number}.pdf"


# -- forms ---------------------------------------------------------------------------------------

def test_an_official_of_the_receiving_unit_opens_the_receipt(client, world, counter):
    response = _as(client, world, "reception").get(form_url(counter, "01"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{counter.code}-mau-01.pdf"'
    assert response.content.startswith(b"%PDF")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in _text(response.content)
    assert "no-store" in response["Cache-Control"]


def test_an_official_of_the_competent_agency_opens_the_process_control_sheet(client, world, counter):
    response = _as(client, world, "commune_officer").get(form_url(counter, "06"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in _text(response.content)


def test_an_official_of_another_unit_is_refused(client, world, counter):
    response = _as(client, world, "builder").get(form_url(counter, "01"))
    assert response.status_code == 403


def test_the_citizen_gets_the_receipt_of_their_own_dossier_only(client, world, online, counter):
    _as(client, world, "citizen")
    response = client.get(form_url(online, "01"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "Nguyễn Văn Đình" in _text(response.content)
    assert client.get(form_url(counter, "01")).status_code == 403  # filed at the counter: not theirs
    assert _as(client, world, "other_citizen").get(form_url(online, "01")).status_code == 403


def test_a_visitor_who_has_not_signed_in_is_sent_to_sign_in(client, counter):
    response = client.get(form_url(counter, "01"))
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={form_url(counter, '01')}"


def test_an_unknown_form_or_dossier_is_not_found(client, world, counter):
    _as(client, world, "reception")
    response = client.get(form_url(counter, "09"))
    assert response.status_code == 404 and "Không có mẫu số 09" in response.content.decode()
    assert client.get(f"/can-bo/ho-so/{counter.pk + 1000}/mau/01.pdf").status_code == 404


def test_a_form_for_an_act_that_never_happened_is_not_found_with_the_reason(client, world, counter):
    response = _as(client, world, "reception").get(form_url(counter, "03"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert "không bị từ chối" in response.content.decode()


def test_no_receipt_before_the_dossier_is_received(client, world):
    filed = file_online(world)  # waiting at the branch, not received yet
    response = _as(client, world, "citizen").get(form_url(filed, "01"))
    assert response.status_code == 404 and "chưa được tiếp nhận" in response.content.decode()


# -- the tracking book ---------------------------------------------------------------------------

BOOK = "/can-bo/so-theo-doi/"


@pytest.fixture
def register(world):
    at_counter(world, world.birth, vn(2026, 3, 2, 9, 0))
    at_counter(world, world.permit, vn(2026, 3, 3, 10, 0))
    at_counter(world, world.copy, vn(2026, 3, 10, 10, 0))  # outside 01–07/03


def test_the_receiving_unit_gets_its_book_as_pdf(client, world, register):
    response = _as(client, world, "reception").get(BOOK, {"unit": "CN-HK", "from": "2026-03-01", "to": "2026-03-07"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="so-theo-doi-CN-HK-2026-03-01-2026-03-07.pdf"'
    text = _text(response.content)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Cấp giấy phép xây dựng" in text and "Chứng thực" not in text


def test_the_receiving_unit_gets_its_book_as_xlsx(client, world, register):
    response = _as(client, world, "reception").get(
        BOOK, {"unit": "CN-HK", "from": "2026-03-01", "to": "2026-03-07", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="so-theo-doi-CN-HK-2026-03-01-2026-03-07.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4 and sheet["E3"].value == "Nguyễn Văn Đình"


def test_without_dates_the_book_covers_the_current_month(client, world, register):
    timesource.set_provider(lambda: vn(2026, 3, 20, 15, 0))
    try:
        response = _as(client, world, "reception").get(BOOK, {"unit": "CN-HK", "format": "xlsx"})
    finally:
        timesource.set_provider(None)
    assert response.status_code == 200
    assert 'filename="so-theo-doi-CN-HK-2026-03-01-2026-03-31.xlsx"' in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 5  # all three March dossiers


def test_another_units_book_is_refused(client, world, register):
    assert _as(client, world, "builder").get(BOOK, {"unit": "CN-HK"}).status_code == 403
    assert _as(client, world, "citizen").get(BOOK, {"unit": "CN-HK"}).status_code == 403


@pytest.mark.parametrize("query, message", [
    ({"from": "2026-02-30"}, "Ngày không hợp lệ"),
    ({"from": "01/03/2026"}, "Ngày không hợp lệ"),
    ({"from": "2026-03-07", "to": "2026-03-01"}, "sau ngày kết thúc"),
    ({"from": "2025-01-01", "to": "2026-03-01"}, "tối đa 366 ngày"),
    ({"format": "docx"}, "pdf hoặc xlsx"),
    ({"unit": ""}, "Thiếu mã đơn vị"),
], ids=["no-such-day", "not-iso", "from-after-to", "over-a-year", "bad-format", "no-unit"])
def test_a_bad_request_for_the_book_says_what_is_wrong(client, world, query, message):
    response = _as(client, world, "reception").get(BOOK, {"unit": "CN-HK", **query})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_unit_or_an_anonymous_visitor(client, world):
    assert client.get(BOOK, {"unit": "CN-HK"})["Location"].startswith("/dang-nhap/?next=/can-bo/so-theo-doi/")
    assert _as(client, world, "reception").get(BOOK, {"unit": "KHONG-CO"}).status_code == 404
