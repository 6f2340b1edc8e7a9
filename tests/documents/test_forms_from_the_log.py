"""Forms 02–05 print what the log recorded (the items asked for, the refusal's grounds, the
apology's reason and new date, the stop), and form 07 is the unit's register as PDF and XLSX."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.documents.book import book_pdf, book_rows, book_xlsx
from motcua.documents.forms import UnknownForm, render_pdf
from motcua.dossiers import services as sv
from motcua.dossiers.access import viewer_for
from motcua.rules.lifecycle import Role
from tests.dossiers.scenario import at_counter, file_at_counter, transfer, vn


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_form_02_lists_the_items_to_supplement(world):
    dossier = file_at_counter(world, world.birth, vn(2026, 3, 9, 9, 0))
    dossier = sv.request_intake_supplement(dossier, world.official("reception", Role.RECEPTION),
                                           items=["Giấy chứng sinh bản chính", "Tờ khai có chữ ký"],
                                           reason="Thiếu giấy tờ", now=vn(2026, 3, 9, 9, 10))
    text = _text(render_pdf(dossier, "02"))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Giấy chứng sinh bản chính" in text and "Tờ khai có chữ ký" in text and "Thiếu giấy tờ" in text


def test_form_03_gives_the_grounds_of_refusal(world):
    dossier = file_at_counter(world, world.birth, vn(2026, 3, 9, 9, 0))
    dossier = sv.refuse_intake(dossier, world.official("reception", Role.RECEPTION),
                               reason="Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường",
                               now=vn(2026, 3, 9, 9, 5))
    assert "không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường" in _text(render_pdf(dossier, "03"))


def test_form_04_apologises_with_the_new_date(world):
    dossier = transfer(world, at_counter(world, world.permit, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    dossier = sv.extend_deadline(dossier, world.official("builder_head", Role.LEADER), working_days=5,
                                 reason="Cần lấy ý kiến cơ quan quản lý di tích", now=vn(2026, 3, 16, 9, 0))
    text = _text(render_pdf(dossier, "04"))
    assert "xin lỗi" in text and "Cần lấy ý kiến cơ quan quản lý di tích" in text
    # 15 working days from Mon 02/03 09:00 -> Mon 23/03 09:00; five more -> Mon 30/03 09:00
    assert "09 giờ 00 phút, ngày 23/03/2026" in text and "09 giờ 00 phút, ngày 30/03/2026" in text


def test_form_05_notices_the_stop(world):
    dossier = at_counter(world, world.permit, vn(2026, 3, 2, 9, 0))
    dossier = sv.withdraw_dossier(dossier, world.official("reception", Role.RECEPTION),
                                  reason="Người nộp đề nghị rút hồ sơ để bổ sung thiết kế", now=vn(2026, 3, 3, 9, 0))
    text = _text(render_pdf(dossier, "05"))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "rút hồ sơ để bổ sung thiết kế" in text


def test_a_form_for_an_act_that_never_happened_is_refused(world):
    dossier = at_counter(world, world.birth, vn(2026, 3, 2, 9, 0))
    with pytest.raises(UnknownForm, match="chưa xin gia hạn"):
        render_pdf(dossier, "04")


@pytest.fixture
def register(world):
    at_counter(world, world.birth, vn(2026, 3, 2, 9, 0))
    at_counter(world, world.permit, vn(2026, 3, 3, 10, 0))
    at_counter(world, world.copy, vn(2026, 3, 10, 10, 0))  # outside the period
    return viewer_for(world.users["reception"])


def test_form_07_is_the_units_register_for_the_period(world, register):
    rows = book_rows(register, world.branch, date(2026, 3, 1), date(2026, 3, 7))
    assert [r[2] for r in rows] == ["Đăng ký khai sinh", "Cấp giấy phép xây dựng"]
    text = _text(book_pdf(register, world.branch, date(2026, 3, 1), date(2026, 3, 7)))
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Cấp giấy phép xây dựng" in text and "Chứng thực" not in text
    sheet = load_workbook(io.BytesIO(book_xlsx(register, world.branch, date(2026, 3, 1), date(2026, 3, 7)))).active
    assert sheet["B2"].value == "Mã hồ sơ" and sheet.max_row == 4
    assert sheet["E3"].value == "Nguyễn Văn Đình"


def test_another_units_register_is_refused(world, register):
    with pytest.raises(PermissionDenied):
        book_rows(viewer_for(world.users["builder"]), world.branch, date(2026, 3, 1), date(2026, 3, 7))
