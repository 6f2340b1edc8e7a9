"""The letters a filer receives: drawn as PDF in Vietnamese (read back by OCR with the right title,
case code and dates), e-mailed with the PDF attached after the act that calls for them, and
downloaded by the filer and the officials who may see the case, by nobody else."""

from __future__ import annotations

import pytest

from motcua.complaints import letters, pdf
from motcua.complaints import services as sv
from motcua.complaints.services import FilerIn
from tests.complaints.conftest import make_case
from tests.dossiers.conftest import vn
from tests.documents.test_forms_render_png import MOTTO, coverage, ocr_page_one, reads, require_tools

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Đình"


def _officer(world):
    return world.users["commune_officer"]


def pakn_answered(world):
    case = make_case(world, "pakn", now=vn(2026, 3, 2, 9, 0))
    return sv.answer(case, by=_officer(world), now=vn(2026, 3, 10, 10, 0),
                     text="Ủy ban đã chỉ đạo bộ phận một cửa trả kết quả khai sinh trong ngày.")


def complaint_refused(world):
    case = make_case(world, "complaint_first", now=vn(2026, 3, 2, 9, 0))
    return sv.refuse(case, by=_officer(world), now=vn(2026, 3, 4, 9, 0),
                     reason="Quyết định bị khiếu nại không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường.")


def complaint_accepted(world):
    case = make_case(world, "complaint_first", now=vn(2026, 3, 2, 9, 0))
    return sv.accept(case, by=_officer(world), now=vn(2026, 3, 5, 9, 0))


def complaint_decided(world):
    case = complaint_accepted(world)
    return sv.answer(case, by=world.users["commune_chair"], now=vn(2026, 3, 20, 9, 0),
                     text="Giữ nguyên quyết định xử phạt số 15/QĐ-XPHC.")


def denunciation_extended(world):
    case = make_case(world, "denunciation", now=vn(2026, 3, 2, 9, 0))
    case = sv.accept(case, by=_officer(world), now=vn(2026, 3, 5, 9, 0), complexity="complex")
    return sv.extend(case, by=world.users["commune_chair"], now=vn(2026, 3, 30, 9, 0), days=30,
                     reason="Phải xác minh tại hai địa điểm")


def denunciation_concluded(world):
    case = make_case(world, "denunciation", now=vn(2026, 3, 2, 9, 0))
    case = sv.accept(case, by=_officer(world), now=vn(2026, 3, 5, 9, 0))
    return sv.answer(case, by=world.users["commune_chair"], now=vn(2026, 3, 25, 9, 0),
                     text="Nội dung tố cáo đúng một phần; kiến nghị xử lý kỷ luật cán bộ địa chính.")


#: name -> (scenario, letter, title, phrases page 1 must show besides the title and code)
LETTERS = {
    "pakn-answer": (pakn_answered, "answer", "VĂN BẢN TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ", ["ngày 10/03/2026"]),
    "complaint-refusal": (complaint_refused, "refusal", "THÔNG BÁO VỀ VIỆC KHÔNG THỤ LÝ KHIẾU NẠI",
                          ["không thuộc thẩm quyền giải quyết", "ngày 04/03/2026"]),
    "complaint-acceptance": (complaint_accepted, "acceptance", "THÔNG BÁO VỀ VIỆC THỤ LÝ GIẢI QUYẾT KHIẾU NẠI",
                             ["ngày 05/03/2026", "Luật Khiếu nại 2011"]),
    "complaint-decision": (complaint_decided, "answer", "QUYẾT ĐỊNH GIẢI QUYẾT KHIẾU NẠI LẦN ĐẦU",
                           ["Giữ nguyên quyết định xử phạt", "ngày 20/03/2026"]),
    "denunciation-conclusion": (denunciation_concluded, "answer", "KẾT LUẬN NỘI DUNG TỐ CÁO",
                                ["ngày 25/03/2026", "Luật Tố cáo 2018"]),
    "denunciation-extension": (denunciation_extended, "extension", "QUYẾT ĐỊNH GIA HẠN GIẢI QUYẾT TỐ CÁO",
                               ["thêm 30 ngày", "xác minh tại hai địa điểm", "ngày 30/03/2026"]),
}


@pytest.mark.one_backend("sqlite")  # OCR of a PDF: the same on both databases
@pytest.mark.parametrize("name", sorted(LETTERS))
def test_the_letter_reads_back_as_vietnamese(world, name):
    require_tools()
    make, letter, title, phrases = LETTERS[name]
    case = make(world)
    assert pdf.title(case, letter) == title
    text = ocr_page_one(pdf.render_pdf(case, letter), f"case-{name}")
    wanted = [MOTTO, title, NAME, *phrases]
    unread = {p: round(coverage(p, text), 2) for p in wanted if not reads(p, text)}
    assert not unread, f"{name}: not read back: {unread}\n{text}"
    assert case.code in text.replace(" ", ""), f"{name}: code {case.code} not read:\n{text}"


def test_the_letter_cites_the_law_and_the_due_time_and_carries_the_follow_qr(world):
    case = complaint_accepted(world)
    html = pdf.render_html(case, "acceptance")
    assert "Luật Khiếu nại 2011, Điều 27" in html and "10 ngày làm việc" in html
    assert case.resolve_due_at is not None
    assert f"{case.resolve_due_at.astimezone(vn(2026, 1, 1).tzinfo):%d/%m/%Y}" in html
    assert "<svg" in html and f"/tra-cuu-vu-viec/?code={case.code}" in html
    assert "001090012345" not in html  # the QR and the letter carry the code, not the identity number


def test_an_extension_shows_the_due_time_before_and_after(world):
    case = denunciation_extended(world)
    ctx = pdf.context(case, "extension")
    assert ctx["days"] == 30 and ctx["due_before"] != ctx["due_after"]
    assert ctx["due_after"].endswith(f"{case.resolve_due_at.astimezone(vn(2026, 1, 1).tzinfo):%d/%m/%Y}")


def test_a_letter_whose_act_never_happened_is_not_drawn(world):
    case = make_case(world, "pakn")
    assert pdf.available(case) == []
    with pytest.raises(pdf.NoLetter):
        pdf.render_html(case, "answer")


# -- e-mail ---------------------------------------------------------------------------------------

def test_the_answer_is_mailed_with_the_pdf_attached(world, mailoutbox):
    case = pakn_answered(world)
    mailoutbox.clear()
    sent = letters.on_act(case.pk, "answer", vn(2026, 3, 10, 10, 0))
    assert [(s.letter, s.to, s.error) for s in sent] == [("answer", "dinh@example.vn", "")]
    [message] = mailoutbox
    assert message.to == ["dinh@example.vn"] and case.code in message.subject
    assert "văn bản trả lời phản ánh, kiến nghị" in message.subject.lower()
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"{case.code}-answer.pdf" and mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert f"/tra-cuu-vu-viec/?code={case.code}" in message.body


def test_the_act_sends_its_letter_once_committed(world, mailoutbox, django_capture_on_commit_callbacks):
    case = make_case(world, "complaint_first", now=vn(2026, 3, 2, 9, 0))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sv.accept(case, by=_officer(world), now=vn(2026, 3, 5, 9, 0))
    assert [m.subject for m in mailoutbox] == [f"[{case.code}] Thông báo về việc thụ lý giải quyết khiếu nại"]


def test_each_filer_with_an_address_gets_their_own_message(world, mailoutbox):
    filers = [FilerIn("Lê Văn An", "001090000001", email="an@example.vn"),
              FilerIn("Phạm Thị Bình", "001190000002", email="binh@example.vn"),
              FilerIn("Hoàng Văn Cường", "001090000003")]
    case = make_case(world, "pakn", filers=filers)
    case = sv.refuse(case, by=_officer(world), now=vn(2026, 3, 3, 9, 0), reason="Đơn không rõ nội dung.")
    mailoutbox.clear()
    sent = letters.on_act(case.pk, "refuse", vn(2026, 3, 3, 9, 0))
    assert sorted(s.to for s in sent) == ["an@example.vn", "binh@example.vn"]
    assert sorted(m.to[0] for m in mailoutbox) == ["an@example.vn", "binh@example.vn"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)


def test_acts_without_a_letter_and_filers_without_an_address_send_nothing(world, mailoutbox):
    case = make_case(world, "pakn", filers=[FilerIn("Lê Văn An", "001090000001")])
    case = sv.answer(case, by=_officer(world), now=vn(2026, 3, 5, 9, 0), text="Đã xử lý.")
    mailoutbox.clear()
    assert letters.on_act(case.pk, "answer", vn(2026, 3, 5, 9, 0)) == []
    other = make_case(world, "pakn")
    assert letters.on_act(other.pk, "assign", vn(2026, 3, 5, 9, 0)) == []
    assert mailoutbox == []


def test_a_mail_failure_is_reported_not_raised(world, mailoutbox, monkeypatch):
    case = pakn_answered(world)

    def broken(self, fail_silently=False):
        raise OSError("máy chủ thư không trả lời")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    [sent] = letters.on_act(case.pk, "answer", vn(2026, 3, 10, 10, 0))
    assert "máy chủ thư không trả lời" in sent.error


# -- downloads ------------------------------------------------------------------------------------

def test_the_filer_and_the_handling_unit_download_the_letter_others_do_not(client, world):
    case = make_case(world, "pakn", account=world.users["citizen"])
    case = sv.answer(case, by=_officer(world), now=vn(2026, 3, 10, 10, 0), text="Đã xử lý.")
    url = f"/vu-viec/{case.pk}/van-ban/answer.pdf"
    assert client.get(url).status_code == 302  # sign in first
    for user, status in (("citizen", 200), ("commune_officer", 200), ("commune_chair", 200),
                         ("other_citizen", 403), ("police_officer", 403)):
        client.force_login(world.users[user])
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
            assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    client.force_login(world.users["citizen"])
    assert client.get(f"/vu-viec/{case.pk}/van-ban/extension.pdf").status_code == 404  # never extended
    assert client.get(f"/vu-viec/{case.pk}/van-ban/bogus.pdf").status_code == 404


def test_letters_by_e_mail_can_be_turned_off(world, mailoutbox, settings):
    case = pakn_answered(world)
    mailoutbox.clear()
    settings.MOTCUA_CASE_LETTERS_BY_EMAIL = False
    assert letters.on_act(case.pk, "answer", vn(2026, 3, 10, 10, 0)) == []
    assert mailoutbox == []
