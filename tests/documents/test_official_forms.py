"""Forms 01 (receipt and appointment) and 06 (process-control sheet) print as PDF with the
dossier's own data in correct Vietnamese, and a QR code carrying what Circular 01/2023 asks."""

import io

import pytest
from pypdf import PdfReader

from motcua.documents.forms import UnknownForm, context, render_pdf
from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role
from tests.dossiers.scenario import at_counter, transfer, vn


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def decided(world):
    """Received Fri 13/02/2026 16:30 (3 working days across Tết: due 25/02 16:30), decided late."""
    dossier = at_counter(world, world.birth, vn(2026, 2, 13, 16, 30))
    dossier = transfer(world, dossier, vn(2026, 2, 13, 16, 45))
    chair = world.official("commune_chair", Role.LEADER)
    dossier = sv.decide_dossier(dossier, chair, now=vn(2026, 2, 26, 9, 0))
    return sv.return_result(dossier, world.official("reception", Role.RECEPTION), now=vn(2026, 2, 26, 10, 0))


def test_form_01_carries_the_receipt_in_vietnamese(world, decided):
    pdf = render_pdf(decided, "01")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1  # signatures included: one sheet
    text = _text(pdf)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert decided.code in text
    assert "Nguyễn Văn Đình" in text and "001090012345" in text
    assert "Đăng ký khai sinh" in text
    assert "16 giờ 30 phút, ngày 13/02/2026" in text  # received
    assert "16 giờ 30 phút, ngày 25/02/2026" in text  # due, after the Tết break
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam".upper() in text.upper()


def test_form_06_lists_every_hand_off_and_who_was_late(world, decided):
    text = _text(render_pdf(decided, "06"))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Chi nhánh số 1 (Hoàn Kiếm)" in text and "UBND phường Hoàn Kiếm" in text
    # transferred the same Friday although due by 12:00 the next working day (23/02): early;
    # the decision on 26/02 09:00 came after the due time 25/02 16:30: late.
    rows = context(decided, "06")["hand_offs"]
    assert [r.status for r in rows] == ["Trước hạn", "Quá hạn", "Quá hạn"]
    assert [r.note for r in rows] == ["Chuyển hồ sơ giải quyết", "Chuyển kết quả về nơi tiếp nhận", "Trả kết quả"]
    assert "Quá hạn" in text


def test_the_qr_code_carries_dossier_procedure_applicant_and_document(world, decided):
    ctx = context(decided, "01")
    assert ctx["payload"] == f"{decided.code}|1.001193|001090012345|GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert ctx["qr"].startswith("<svg") and "<path" in ctx["qr"]


def test_an_unknown_form_number_is_refused(world, decided):
    with pytest.raises(UnknownForm, match="Không có mẫu số 09"):
        render_pdf(decided, "09")
