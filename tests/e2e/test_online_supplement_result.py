"""Online filing to result: the citizen finds the procedure on the portal and files a birth
registration with its form attached; the branch's reception officer asks for one more document
before accepting it; the citizen, told on her dossier page, sends it; the officer receives it
(code, due time) and sends it on; the commune's chair decides; the counter returns the result
online; the citizen sees the result and rates the dossier.

Two computers: the citizen's browser at home (the journey's page, signed in once) and the
officials' desk. Set-up: the procedure is open for online filing (catalogue data)."""

import re

import pytest
from playwright.sync_api import expect

from motcua.catalog.models import ProcedureVersion

from .conftest import rate_on_portal, vn

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
MISSING = "Bản sao giấy chứng sinh"


def test_online_supplement_result(page, desk, people, clock, sign_in, sign_out, act, settings, tmp_path):
    world = people
    settings.MOTCUA_UPLOAD_DIR = tmp_path / "uploads"
    ProcedureVersion.objects.filter(pk=world.birth.pk).update(online=ProcedureVersion.Online.FULL)
    citizen = page

    # Monday 02/03/2026 08:30, at home: find the procedure and file online.
    sign_in("citizen", next="/thu-tuc/")
    citizen.get_by_label("Tìm thủ tục (không cần dấu)").fill("khai sinh")
    expect(citizen.locator("#results table.procedures tbody tr")).to_have_count(1)
    citizen.locator("#results").get_by_role("link", name="Đăng ký khai sinh").click()
    citizen.locator("#file-online").click()
    expect(citizen.locator("main h1")).to_have_text("Nộp hồ sơ trực tuyến: Đăng ký khai sinh")
    expect(citizen.get_by_label("Họ và tên")).to_have_value("Nguyễn Văn Đình")  # from the account
    citizen.get_by_label("Số định danh cá nhân").fill("001090012345")
    citizen.get_by_label("Số điện thoại").fill("0912345678")
    citizen.get_by_label("Địa chỉ liên hệ").fill("12 Hàng Bạc, phường Hoàn Kiếm")
    citizen.get_by_label("Xã, phường nơi giải quyết hồ sơ").select_option(label="Phường Hoàn Kiếm")
    citizen.get_by_label("Tờ khai").set_input_files(
        {"name": "to-khai-khai-sinh.pdf", "mimeType": "application/pdf", "buffer": PDF})
    citizen.get_by_role("button", name="Gửi hồ sơ").click()
    expect(citizen.locator("ul.messages li.success")).to_contain_text(
        "Hồ sơ đã được gửi; Bộ phận Một cửa (Chi nhánh số 1 (Hoàn Kiếm)) sẽ tiếp nhận trong 8 giờ làm việc, "
        "chậm nhất 08:30 ngày 03/03/2026.")
    expect(citizen.locator("#state")).to_have_text("Chờ tiếp nhận")
    expect(citizen.locator("main h1")).to_contain_text("(chưa tiếp nhận)")
    expect(citizen.locator("#files")).to_contain_text("to-khai-khai-sinh.pdf")
    mine = citizen.url

    # 10:00 at the branch: the online dossier is new; one document is missing.
    clock.set(vn(2026, 3, 2, 10, 0))
    sign_in("reception", tab=desk)
    desk.get_by_label("Kênh nộp").select_option(label="Trực tuyến (Cổng DVCQG)")
    row = desk.locator("#results tbody tr", has_text="Nguyễn Văn Đình")
    expect(row).to_contain_text("Chờ tiếp nhận")
    row.get_by_role("link", name="(chưa tiếp nhận)").click()
    expect(desk.locator("#state")).to_have_text("Chờ tiếp nhận")
    act("request_intake_supplement", {"Giấy tờ cần bổ sung": MISSING,
                                       "Lý do / ghi chú": "Tờ khai chưa kèm giấy chứng sinh của cơ sở y tế"}, tab=desk)
    expect(desk.locator("#state")).to_have_text("Chờ bổ sung (trước tiếp nhận)")
    expect(desk.locator("li[data-act=request_intake_supplement]")).to_contain_text(MISSING)

    # 11:00 at home: the page says what is missing; she sends it.
    clock.set(vn(2026, 3, 2, 11, 0))
    citizen.goto("/cong-dan/ho-so/")
    expect(citizen.locator("tr[data-needs=supplement]")).to_contain_text("Cần bổ sung hồ sơ")
    citizen.goto(mine)
    expect(citizen.locator("#state")).to_have_text("Chờ bổ sung (trước tiếp nhận)")
    expect(citizen.locator("#expected")).to_contain_text("Cần bổ sung hồ sơ")
    expect(citizen.locator("#asked")).to_have_text(MISSING)
    citizen.locator("#supplement").click()
    citizen.get_by_label(MISSING).set_input_files(
        {"name": "giay-chung-sinh.png", "mimeType": "image/png", "buffer": PNG})
    citizen.get_by_role("button", name="Nộp bổ sung").click()
    expect(citizen.locator("ul.messages li.success")).to_contain_text(
        "Đã nộp bổ sung hồ sơ; Bộ phận Một cửa sẽ xem xét tiếp nhận trong 8 giờ làm việc")
    expect(citizen.locator("#state")).to_have_text("Chờ tiếp nhận")
    expect(citizen.locator("#files li")).to_have_count(2)
    expect(citizen.locator("#files")).to_contain_text("giay-chung-sinh.png")

    # 14:00 at the branch: complete now; received (code, due time) and sent to the commune.
    clock.set(vn(2026, 3, 2, 14, 0))
    desk.reload()
    expect(desk.locator("li[data-act=resubmit]")).to_be_visible()
    act("receive", tab=desk)
    expect(desk.locator("#state")).to_have_text("Đã tiếp nhận")
    code = desk.locator("main h1").inner_text().split()[2]
    assert re.fullmatch(r"000\.00\.70\.H26-260302-\d{4}", code), code
    expect(desk.locator("#due")).to_have_text("14:00 05/03/2026")
    act("transfer", tab=desk)
    sign_out(tab=desk)

    # Wednesday: the chair decides.
    clock.set(vn(2026, 3, 4, 9, 0))
    sign_in("commune_chair", tab=desk)
    desk.get_by_role("link", name=code).click()
    act("decide", {"Kết quả": ["Giải quyết (cấp kết quả)"]}, tab=desk)
    sign_out(tab=desk)

    # The counter returns the result online.
    clock.set(vn(2026, 3, 4, 10, 0))
    sign_in("reception", tab=desk)
    desk.get_by_role("link", name=code).click()
    act("return_result", {"Hình thức trả": ["Trực tuyến"]}, tab=desk)
    expect(desk.locator("#state")).to_have_text("Đã trả kết quả")

    # At home: the result, then the rating.
    clock.set(vn(2026, 3, 4, 19, 0))
    citizen.goto(mine)
    expect(citizen.locator("main h1")).to_contain_text(code)
    expect(citizen.locator("#state")).to_have_text("Đã trả kết quả")
    expect(citizen.locator("#expected")).to_have_text("Đã trả kết quả: mời đánh giá")
    expect(citizen.locator("dl.facts")).to_contain_text("Giải quyết, cấp kết quả")
    acts = citizen.locator("#timeline > li").evaluate_all("items => items.map(i => i.dataset.act)")
    assert acts == ["file", "request_intake_supplement", "resubmit", "receive", "transfer", "decide",
                    "return_result"]
    rate_on_portal(citizen, overall="Hài lòng",
                   criteria={"Chất lượng dịch vụ công trực tuyến": "Rất hài lòng"},
                   comment="Được hướng dẫn bổ sung rõ ràng.")
