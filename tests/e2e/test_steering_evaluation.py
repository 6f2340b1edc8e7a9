"""March's results-based evaluation at the commune's People's Committee: its chair picks the unit
and the month, opens the sheets and computes them, then fills in an officer's sheet — the five
general criteria, a product with one failed review and one delay — and computes it: 87.76 points,
"Hoàn thành tốt nhiệm vụ"; the unit's table says the same. The officer then finds their own sheet
under «Phiếu của tôi» (read only), and a colleague's sheet typed by its address is refused (403).

Set-up through the services: a second processing officer at the commune (the colleague)."""

import re

import pytest
from playwright.sync_api import expect

from motcua.evaluation.models import Sheet
from motcua.rules.lifecycle import Role

from . import steering
from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)

SCORE = re.compile(r"^87,76$")  # Vietnamese decimal comma
GOOD = "Hoàn thành tốt nhiệm vụ"


def test_leader_scores_an_officer_who_sees_only_their_own_sheet(page, people, clock, sign_in, sign_out):
    world = people
    steering.add_official(world, "commune_officer2", world.commune_ubnd, Role.PROCESSING.value)
    success = page.locator("ul.messages li.success")

    # Friday 03/04/2026: the commune's chair opens March's sheets.
    clock.set(vn(2026, 4, 3, 10, 0))
    sign_in("commune_chair")
    page.locator(".topbar").get_by_role("link", name="Đánh giá, xếp loại").click()
    expect(page.locator("main h1")).to_have_text("Đánh giá, xếp loại theo kết quả, sản phẩm")
    unit_row = page.locator("#units tbody tr", has_text="UBND phường Hoàn Kiếm")
    expect(unit_row.get_by_label("Kỳ (2026-10 hoặc 2026)")).to_have_value("2026-03")  # last month by default
    unit_row.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"/can-bo/danh-gia-xep-loai/don-vi/UBND-HK/2026-03/$"))
    expect(page.locator("main h1")).to_have_text("UBND phường Hoàn Kiếm — tháng 03/2026")
    sheets = page.locator("#sheets tbody tr")
    expect(sheets).to_have_text(["Chưa mở phiếu đánh giá cho kỳ này."])

    page.get_by_role("button", name="Mở phiếu cho đơn vị và công chức").click()
    expect(success).to_have_text("Đã mở phiếu đánh giá cho đơn vị và từng công chức.")
    expect(sheets).to_have_count(3)  # the officer, the colleague and the chair (leaders' group)
    page.get_by_role("button", name="Cập nhật số liệu và tính điểm").click()
    expect(success).to_have_text("Đã cập nhật số liệu tự động, tính điểm và áp tỷ lệ hoàn thành xuất sắc.")
    officer_row = sheets.filter(has_text="Lê Văn Nam")
    expect(officer_row.locator("td").nth(1)).to_have_text("Công chức")

    # The officer's sheet: general criteria, one product, compute.
    officer_row.get_by_role("link", name="Lê Văn Nam").click()
    expect(page.locator("main h1")).to_contain_text("Lê Văn Nam")
    expect(page.locator("#state")).to_have_text("Đang đánh giá")
    for label, points in (("Phẩm chất chính trị, tư tưởng", "6"), ("Đạo đức, lối sống", "6"),
                          ("Tác phong, lề lối làm việc", "5"), ("Ý thức tổ chức kỷ luật", "5"),
                          ("Năng lực, trách nhiệm, đổi mới sáng tạo", "5")):
        page.locator("#general").get_by_label(label, exact=True).fill(points)
    page.get_by_role("button", name="Lưu điểm tiêu chí chung").click()
    expect(success).to_have_text("Đã lưu điểm tiêu chí chung.")
    result = page.locator("#result dl.facts")
    expect(result.locator("dt:text-is('Điểm tiêu chí chung') + dd")).to_have_text("27,00 / 30")

    products = page.locator("#products")
    products.get_by_label("Sản phẩm", exact=True).fill("Văn bản tham mưu về cải cách hành chính")
    products.get_by_label("Được giao", exact=True).fill("4")
    products.get_by_label("Hoàn thành", exact=True).fill("3")
    products.get_by_label("Không đạt", exact=True).fill("1")
    products.get_by_label("Chậm", exact=True).fill("1")
    products.get_by_role("button", name="Thêm sản phẩm").click()
    expect(success).to_have_text("Đã thêm sản phẩm.")
    expect(products.locator("tbody tr", has_text="Văn bản tham mưu")).to_contain_text("Nhập tay")

    page.get_by_role("button", name="Tính điểm", exact=True).click()
    expect(success).to_have_text("Đã tính điểm.")
    expect(page.locator("#score")).to_have_text(SCORE)  # 27 + 70 × mean(3/4, 2.75/3, 3.75/4)
    expect(page.locator("#band")).to_have_text(GOOD)
    expect(result.locator("dt:text-is('Số lượng') + dd")).to_have_text(re.compile(r"^75"))

    page.get_by_role("link", name=re.compile(r"‹ UBND phường Hoàn Kiếm")).click()
    expect(officer_row.locator("td").nth(4)).to_have_text(SCORE)
    expect(officer_row.locator("td").nth(6)).to_have_text(GOOD)
    sign_out()

    # The officer sees their own sheet, read only ...
    clock.set(vn(2026, 4, 3, 15, 0))
    sign_in("commune_officer")
    page.locator(".topbar").get_by_role("link", name="Đánh giá, xếp loại").click()
    mine = page.locator("#mine tbody tr")
    expect(mine).to_have_count(1)
    expect(mine.locator("td")).to_have_text(["2026-03", "UBND phường Hoàn Kiếm", SCORE, GOOD, "Đang đánh giá"])
    expect(page.locator("#units")).to_have_count(0)  # leads no unit
    mine.get_by_role("link", name="2026-03").click()
    expect(page.locator("#score")).to_have_text(SCORE)
    expect(page.locator("#band")).to_have_text(GOOD)
    expect(page.get_by_role("button", name="Tính điểm")).to_have_count(0)
    expect(page.get_by_role("button", name="Lưu điểm tiêu chí chung")).to_have_count(0)

    # ... but not a colleague's, typed by its address.
    colleague = Sheet.objects.get(official=world.users["commune_officer2"], period="2026-03")
    response = page.goto(f"/can-bo/danh-gia-xep-loai/phieu/{colleague.pk}/")
    assert response.status == 403
    expect(page.locator("main h1")).to_have_text("Không có quyền truy cập")
    expect(page.get_by_role("alert")).to_contain_text("Ông/bà không được xem phiếu đánh giá này.")
    expect(page.locator("main")).not_to_contain_text("commune_officer2")
