"""A citizen's feedback (phản ánh, kiến nghị — PAKN) from filing to rating: the citizen signs in,
clicks «Gửi phản ánh, khiếu nại», files feedback about the commune with their e-mail and sees it
under «Đơn của tôi» with its code; the commune's officer finds it in the worklist by typing the
citizen's name without diacritics, accepts it, answers it with a public text that names the
citizen and quotes their ID number, and publishes it; an anonymous visitor reads the answer at
«Trả lời phản ánh, kiến nghị» without the name or the number, and follows the case at «Tra cứu
đơn» by its code and the last 4 digits; the citizen rates the answer on their case page, and the
answer letter's link answers a PDF (also e-mailed to the address given).

No set-up through the services: every act is made on the pages."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import _new_tab, vn

pytestmark = pytest.mark.django_db(transaction=True)

NAME, ID_NUMBER, EMAIL = "Nguyễn Văn Đình", "001090012345", "dinh.nguyen@example.vn"
SUBJECT = "Đèn chiếu sáng công cộng trong khu dân cư hỏng nhiều tuần chưa được sửa"


def test_pakn_filed_answered_published_followed_and_rated(page, desk, browser, site, people, clock, sign_in,
                                                          sign_out, mailoutbox):
    # Monday 02/03/2026 08:30: the citizen files feedback from home.
    sign_in("citizen", next="/")
    page.locator(".topbar").get_by_role("link", name="Gửi phản ánh, khiếu nại").click()
    expect(page.locator("main h1")).to_have_text("Gửi đơn phản ánh, kiến nghị, khiếu nại, tố cáo")
    expect(page.get_by_label("Phản ánh, kiến nghị", exact=True)).to_be_checked()  # the default kind
    page.get_by_label("Gửi đến cơ quan").select_option(label="UBND phường Hoàn Kiếm")
    page.get_by_label("Nội dung chính (trích yếu)").fill(SUBJECT)
    page.get_by_label("Nội dung đơn", exact=True).fill(
        "Từ đầu tháng 2, ba cột đèn trong ngõ không sáng; người dân đi lại buổi tối rất nguy hiểm. "
        "Đề nghị UBND phường cho kiểm tra, sửa chữa.")
    page.get_by_label("Xã, phường nơi phát sinh vụ việc (nếu có)").select_option(label="Phường Hoàn Kiếm")
    page.get_by_label("Họ và tên").fill(NAME)
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill(ID_NUMBER)
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_label("Thư điện tử (để nhận văn bản trả lời)").fill(EMAIL)
    page.get_by_label("Địa chỉ liên hệ").fill("12 Hàng Bạc, phường Hoàn Kiếm")
    page.get_by_role("button", name="Gửi đơn").click()

    message = page.locator("ul.messages li.success")
    expect(message).to_have_text(re.compile(r"^Đã gửi đơn\. Mã vụ việc của ông/bà: PAKN-2026-\d{6}\. "
                                            r"Hạn xử lý bước tiếp theo: 08:30 04/03/2026\.$"))
    code = re.search(r"(PAKN-2026-\d{6})", message.inner_text()).group(1)
    expect(page.locator("main h1")).to_contain_text(f"Phản ánh, kiến nghị {code}")
    expect(page.locator("#state")).to_have_text("Đã tiếp nhận, chờ xử lý")

    # «Đơn của tôi» lists it, with its code.
    page.locator(".topbar").get_by_role("link", name="Đơn của tôi").click()
    mine = page.locator("#my-cases tbody tr")
    expect(mine).to_have_count(1)
    expect(mine.get_by_role("link", name=code)).to_be_visible()
    expect(mine).to_contain_text(SUBJECT)
    expect(mine).to_contain_text("Đã tiếp nhận, chờ xử lý")

    # Tuesday: the commune's officer finds it by the citizen's name typed without diacritics.
    clock.set(vn(2026, 3, 3, 10, 0))
    sign_in("commune_officer", tab=desk)
    desk.locator(".topbar").get_by_role("link", name="Phản ánh, khiếu nại, tố cáo").click()
    expect(desk.locator("main h1")).to_have_text("Phản ánh, kiến nghị, khiếu nại, tố cáo")
    desk.get_by_label("Tìm (không cần dấu): mã, nội dung, tên người gửi").fill("nguyen van dinh")
    found = desk.locator("#results tbody tr")
    expect(desk).to_have_url(re.compile(r"[?&]q=nguyen(\+|%20)van(\+|%20)dinh"))  # the htmx swap pushed the search
    expect(found).to_have_count(1)
    expect(found).to_contain_text(NAME)
    found.get_by_role("link", name=code).click()
    expect(desk.locator("main h1")).to_contain_text(f"Phản ánh, kiến nghị {code}")
    expect(desk.locator("dl.facts")).to_contain_text("Trực tuyến")

    # Accepted (thụ lý) ...
    accept = desk.locator("details[data-act=accept]")
    accept.locator("summary").click()
    accept.get_by_label("Tính chất vụ việc").select_option(label="Thông thường")
    accept.get_by_role("button", name="Thụ lý giải quyết").click()
    expect(desk.locator("ul.messages li.success")).to_have_text(f"Đã thụ lý giải quyết: vụ việc {code}.")
    expect(desk.locator("#state")).to_have_text("Đã thụ lý, đang giải quyết")

    # ... and answered on Thursday, with a public text that names the citizen and quotes their number.
    clock.set(vn(2026, 3, 5, 9, 30))
    desk.reload()
    answer = desk.locator("details[data-act=answer]")
    answer.locator("summary").click()
    answer.get_by_label("Nội dung trả lời, quyết định, kết luận").fill(
        f"Kính gửi ông {NAME}: UBND phường đã giao Tổ quản lý đô thị thay bóng ba cột đèn ngõ 12 Hàng Bạc "
        "ngày 04/03/2026.")
    answer.get_by_label(re.compile(r"^Nội dung công khai")).fill(
        f"Trả lời ông {NAME} (số định danh {ID_NUMBER}): ba cột đèn trong ngõ đã được thay bóng ngày "
        "04/03/2026; Tổ quản lý đô thị kiểm tra định kỳ hằng tháng.")
    answer.get_by_role("button", name="Trả lời, ban hành quyết định, kết luận").click()
    expect(desk.locator("ul.messages li.success")).to_have_text(
        f"Đã trả lời, ban hành quyết định, kết luận: vụ việc {code}.")
    expect(desk.locator("#state")).to_have_text("Đã trả lời, giải quyết")
    public = desk.locator("h3:text-is('Nội dung công khai') + div.answer")
    expect(public).to_contain_text("Trả lời ông [người gửi] (số định danh [số định danh]): ba cột đèn")
    expect(public).not_to_contain_text("Đình")
    expect(public).not_to_contain_text(ID_NUMBER)

    # Published the same afternoon.
    clock.set(vn(2026, 3, 5, 14, 0))
    desk.reload()
    publish = desk.locator("details[data-act=publish]")
    publish.locator("summary").click()
    publish.get_by_role("button", name="Công khai kết quả trả lời").click()
    expect(desk.locator("ul.messages li.success")).to_have_text(f"Đã công khai kết quả trả lời: vụ việc {code}.")
    expect(desk.locator("#state")).to_have_text("Đã công khai kết quả")
    acts = desk.locator("ol.timeline > li").evaluate_all("items => items.map(i => i.dataset.act)")
    assert acts == ["file", "accept", "answer", "publish"]
    sign_out(tab=desk)

    # Anyone: the published answer, without the citizen's name or number.
    visitor = _new_tab(browser, site)
    try:
        visitor.goto("/")
        visitor.locator(".topbar").get_by_role("link", name="Trả lời phản ánh, kiến nghị").click()
        expect(visitor.locator("main h1")).to_have_text("Kết quả trả lời phản ánh, kiến nghị đã công khai")
        card = visitor.locator(f"article[data-code='{code}']")
        expect(card).to_contain_text(SUBJECT)
        expect(card).to_contain_text("UBND phường Hoàn Kiếm")
        expect(card).to_contain_text("trả lời 05/03/2026 · công khai 05/03/2026")
        expect(card.locator(".answer")).to_contain_text("ba cột đèn trong ngõ đã được thay bóng ngày 04/03/2026")
        expect(card.locator(".answer")).to_contain_text("[người gửi]")
        for personal in ("Đình", "Dinh", ID_NUMBER, "0912345678", EMAIL):
            expect(visitor.locator("main")).not_to_contain_text(personal)

        # Following it by code and the last 4 digits of the ID number.
        visitor.locator(".topbar").get_by_role("link", name="Tra cứu đơn").click()
        visitor.get_by_label("Mã vụ việc (trên văn bản, thư báo)").fill(code)
        visitor.get_by_label(re.compile(r"^4 số cuối số định danh")).fill(ID_NUMBER[-4:])
        visitor.get_by_role("button", name="Tra cứu").click()
        result = visitor.locator("#found")
        expect(result.locator("h2")).to_have_text(f"Phản ánh, kiến nghị {code}")
        expect(result.locator("tr", has_text="Trạng thái")).to_contain_text("Đã công khai kết quả")
        expect(result.locator("tr", has_text="Công khai lúc")).to_contain_text("14:00 05/03/2026")
        expect(result.locator("#public-answer")).to_contain_text("đã được thay bóng")
        steps = result.locator("ol.timeline > li").evaluate_all("items => items.map(i => i.dataset.act)")
        assert steps == ["file", "accept", "answer", "publish"]
        for personal in ("Đình", ID_NUMBER, EMAIL):
            expect(visitor.locator("main")).not_to_contain_text(personal)
    finally:
        visitor.context.close()

    # The letters went to the e-mail address the citizen gave (acceptance, then the answer).
    subjects = [m.subject for m in mailoutbox if m.to == [EMAIL]]
    assert subjects == [f"[{code}] Thông báo tiếp nhận phản ánh, kiến nghị",
                        f"[{code}] Văn bản trả lời phản ánh, kiến nghị"], subjects
    assert mailoutbox[-1].attachments[0][2] == "application/pdf"

    # The citizen, still signed in at home, opens the case, reads the answer and rates it.
    clock.set(vn(2026, 3, 5, 20, 0))
    page.locator(".topbar").get_by_role("link", name="Đơn của tôi").click()
    expect(mine).to_contain_text("Đã công khai kết quả")
    mine.get_by_role("link", name=code).click()
    expect(page.locator("#state")).to_have_text("Đã công khai kết quả")
    expect(page.locator("#answer")).to_contain_text(f"Kính gửi ông {NAME}")  # the answer itself, to its filer

    letter = page.locator("#letters").get_by_role("link", name="Văn bản trả lời phản ánh, kiến nghị")
    pdf = page.request.get(letter.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    rating = page.locator("form#rating")
    rating.get_by_label("Rất hài lòng", exact=True).check()
    rating.get_by_label("Thích", exact=True).check()
    rating.get_by_label("Ý kiến khác (nếu có)").fill("Phường xử lý nhanh, cảm ơn.")
    rating.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("ul.messages li.success")).to_have_text("Cảm ơn ông/bà đã đánh giá.")
    expect(page.locator("#rated")).to_contain_text("Ông/bà đã đánh giá: Rất hài lòng")
    expect(page.locator("#timeline li[data-act=rate]")).to_contain_text("Người gửi đánh giá kết quả trả lời")
