"""From the counter to the rating: the branch's reception officer picks the procedure, types the
applicant's details, ticks the checklist and receives a birth registration (code and due time on
screen), then sends it to the commune's People's Committee; its chair assigns an officer and,
two days later, decides; the counter returns the result on time; the applicant rates the dossier
on the portal.

No set-up through the services: every act is made on the pages."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import rate_on_portal, vn

pytestmark = pytest.mark.django_db(transaction=True)


def test_counter_to_rating(page, people, clock, sign_in, sign_out, act):
    holder = page.locator("dl.facts dt:text-is('Đang ở') + dd")

    # Monday 02/03/2026 08:30, the branch counter: pick the procedure (search without diacritics).
    sign_in("reception")
    page.locator(".topbar").get_by_role("link", name="Tiếp nhận tại quầy").click()
    page.get_by_label("Tìm thủ tục (không cần dấu)").fill("khai sinh")
    rows = page.locator("#results table.procedures tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Đăng ký khai sinh")
    rows.locator("a[data-procedure='1.001193']").click()
    expect(page.locator("main h1")).to_have_text("Tiếp nhận hồ sơ: Đăng ký khai sinh")

    # The applicant's details and the checklist; the commune defaults to the branch's own.
    page.get_by_label("Họ và tên (tên tổ chức)").fill("Nguyễn Văn Đình")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("001090012345")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Địa chỉ").fill("12 Hàng Bạc, phường Hoàn Kiếm")
    page.get_by_label(re.compile("Tài khoản trên Cổng dịch vụ công")).fill("citizen")  # to follow and rate it
    expect(page.locator("select#area")).to_have_value("00070")
    page.get_by_label("Tờ khai").check()
    page.locator("#intake button[value=receive]").click()  # «Hoàn tất kiểm tra hồ sơ»: all there, so received

    message = page.locator("ul.messages li.success")
    expect(message).to_contain_text(re.compile(r"Đã tiếp nhận hồ sơ mã 000\.00\.70\.H26-260302-\d{4}\. "
                                               r"Hẹn trả kết quả: 08:30 ngày 05/03/2026\."))
    expect(message.get_by_role("link", name=re.compile("mẫu 01"))).to_be_visible()
    code = re.search(r"mã (\S+)\.", message.inner_text()).group(1)
    expect(page.locator("main h1")).to_contain_text(code)
    expect(page.locator("#state")).to_have_text("Đã tiếp nhận")
    expect(page.locator("#due")).to_have_text("08:30 05/03/2026")
    expect(page.locator("li[data-act=receive]")).to_contain_text("Trần Thị Lan")

    # Sent to the competent body at once.
    clock.set(vn(2026, 3, 2, 9, 0))
    act("transfer")
    expect(page.locator("#state")).to_have_text("Đang giải quyết")
    expect(holder).to_have_text("UBND phường Hoàn Kiếm")
    sign_out()

    # The chair of the commune finds it under «Mới» and assigns an officer.
    clock.set(vn(2026, 3, 2, 14, 0))
    sign_in("commune_chair")
    page.locator("a[data-bucket=new]").click()
    page.get_by_role("link", name=code).click()
    act("assign", {"Cán bộ xử lý": ["Lê Văn Nam"]})
    expect(holder).to_have_text("UBND phường Hoàn Kiếm · Lê Văn Nam")
    expect(page.locator("li[data-act=assign]")).to_contain_text("Nguyễn Thị Hoa")

    # Wednesday: the decision (the chair left the page open).
    clock.set(vn(2026, 3, 4, 10, 0))
    page.reload()
    act("decide", {"Kết quả": ["Giải quyết (cấp kết quả)"]})
    expect(page.locator("#state")).to_have_text("Đã có kết quả, chờ trả")
    expect(holder).to_have_text("Chi nhánh số 1 (Hoàn Kiếm)")
    sign_out()

    # The counter hands the result over, on time.
    clock.set(vn(2026, 3, 4, 15, 0))
    sign_in("reception")
    page.get_by_role("link", name=code).click()
    act("return_result", {"Hình thức trả": ["Tại quầy"]})
    expect(page.locator("#state")).to_have_text("Đã trả kết quả")
    expect(page.locator("p.ok")).to_have_text("Giải quyết đúng hạn.")
    acts = page.locator("ol.timeline > li").evaluate_all("items => items.map(i => i.dataset.act)")
    assert acts == ["file", "receive", "transfer", "assign", "decide", "return_result"]
    sign_out()

    # The applicant rates it on the portal.
    clock.set(vn(2026, 3, 4, 20, 0))
    sign_in("citizen", next="/cong-dan/ho-so/")
    page.get_by_role("link", name=code).click()
    rate_on_portal(page, overall="Rất hài lòng", criteria={"Thái độ, tác phong của cán bộ, công chức": "Rất hài lòng"})
