"""A group's complaint at a citizen-reception session, and its clock: the commune's officer records
a first complaint of a group of 12 people who named 6 representatives — refused with the law's
explanation, the form keeping everything typed; with 5 representatives it is filed, and the case
page shows the acceptance deadline and the «đông người» flag; nobody accepts it, and once the
deadline has passed (the clock moved on) the worklist's «Quá hạn» tab lists it; the commune chair's
hot-spot page, empty before the filing, then lists the commune.

No set-up through the services: every act is made on the pages."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Khiếu nại quyết định thu hồi mặt bằng kinh doanh của các hộ chợ Hàng Da"
#: the six people who came to the session (the group has 12); the first five are its representatives
FILERS = [
    ("Lê Thị Hồng", "001180000101", "0912000101"),
    ("Phạm Văn Toàn", "001075000102", "0912000102"),
    ("Đỗ Thị Ngọc", "001182000103", "0912000103"),
    ("Trần Quốc Bảo", "001079000104", "0912000104"),
    ("Vũ Thị Hạnh", "001185000105", "0912000105"),
    ("Hoàng Minh Đức", "001088000106", "0912000106"),
]
ACCEPT_BY = "09:00 16/03/2026"  # 10 working days from Monday 02/03/2026 09:00


def test_group_complaint_refused_then_filed_goes_overdue_and_hot(page, desk, people, clock, sign_in):
    # Monday 02/03/2026 08:30: the commune chair's hot-spot page has nothing yet.
    sign_in("commune_chair", tab=desk)
    desk.locator(".topbar").get_by_role("link", name="Điểm nóng").click()
    expect(desk.locator("main h1")).to_contain_text("Điểm nóng: vụ việc phức tạp, kéo dài")
    expect(desk.locator("#communes tbody")).to_contain_text(
        "Không có nơi nào có vụ việc đang giải quyết có dấu hiệu kéo dài, phức tạp.")

    # 09:00, the reception session: the commune's officer records the group's complaint.
    clock.set(vn(2026, 3, 2, 9, 0))
    sign_in("commune_officer")
    page.locator(".topbar").get_by_role("link", name="Phản ánh, khiếu nại, tố cáo").click()
    page.get_by_role("link", name="Tiếp nhận đơn", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Tiếp nhận đơn phản ánh, kiến nghị, khiếu nại, tố cáo")
    page.get_by_label("Loại đơn").select_option(label="Khiếu nại lần đầu")
    expect(page.get_by_label("Hình thức nhận")).to_have_value("reception")  # «Tại buổi tiếp công dân»
    expect(page.get_by_label("Cơ quan giải quyết")).to_have_value("UBND-HK")
    page.get_by_label("Nội dung chính (trích yếu)").fill(SUBJECT)
    page.get_by_label("Nội dung đơn", exact=True).fill(
        "Ngày 20/02/2026 UBND phường ra quyết định thu hồi mặt bằng kinh doanh của 12 hộ tại chợ Hàng Da mà "
        "không thông báo trước. Các hộ đề nghị xem xét lại quyết định.")
    page.get_by_label("Ngày nhận được, biết được quyết định, hành vi bị khiếu nại").fill("2026-02-20")
    page.get_by_label("Xã, phường nơi phát sinh").select_option(label="Phường Hoàn Kiếm")

    rows = page.locator("table.filer-rows tbody tr")
    expect(rows).to_have_count(3)
    for i, (name, id_number, phone) in enumerate(FILERS):
        if i >= rows.count():  # three blank rows to start with: one more for each further person
            page.get_by_role("button", name="Thêm người gửi").click()
            expect(rows).to_have_count(i + 1)
        boxes = rows.nth(i).get_by_role("textbox")
        boxes.nth(0).fill(name)
        boxes.nth(1).fill(id_number)
        boxes.nth(2).fill(phone)
        boxes.nth(4).fill("Chợ Hàng Da, phường Hoàn Kiếm")
        rows.nth(i).get_by_role("checkbox").check()  # all six named as representatives
    page.get_by_label("Số người gửi đơn (cả nhóm)").fill("12")
    page.get_by_role("button", name="Tiếp nhận đơn", exact=True).click()

    # Refused: a group of more than 10 names at most 5 representatives; nothing typed is lost.
    expect(page.locator("#refusal")).to_have_text(
        "Nhóm trên 10 người cử không quá 5 người đại diện (đang có 6).")
    expect(page).to_have_url(re.compile(r"/can-bo/vu-viec/tiep-nhan/$"))
    expect(page.get_by_label("Loại đơn")).to_have_value("complaint_first")
    expect(page.get_by_label("Nội dung chính (trích yếu)")).to_have_value(SUBJECT)
    expect(page.get_by_label("Số người gửi đơn (cả nhóm)")).to_have_value("12")
    expect(page.get_by_label("Ngày nhận được, biết được quyết định, hành vi bị khiếu nại")).to_have_value("2026-02-20")
    expect(rows).to_have_count(6)
    for i, (name, id_number, _) in enumerate(FILERS):
        expect(rows.nth(i).get_by_role("textbox").nth(0)).to_have_value(name)
        expect(rows.nth(i).get_by_role("textbox").nth(1)).to_have_value(id_number)
        expect(rows.nth(i).get_by_role("checkbox")).to_be_checked()

    # Mr Đức is not a representative after all: five of them, and the complaint is filed.
    rows.nth(5).get_by_role("checkbox").uncheck()
    page.get_by_role("button", name="Tiếp nhận đơn", exact=True).click()
    message = page.locator("ul.messages li.success")
    expect(message).to_have_text(re.compile(r"^Đã tiếp nhận đơn, mã vụ việc KN-2026-\d{6}\.$"))
    code = re.search(r"(KN-2026-\d{6})", message.inner_text()).group(1)
    expect(page.locator("main h1")).to_contain_text(f"Khiếu nại lần đầu {code}")
    expect(page.locator("#state")).to_have_text("Đã tiếp nhận, chờ xử lý")
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:text-is('Hình thức nhận') + dd")).to_have_text("Tại buổi tiếp công dân")
    expect(facts.locator("dt:text-is('Số người gửi') + dd")).to_have_text("12")
    expect(page.locator("table.filers tbody tr")).to_have_count(6)
    expect(page.locator("table.filers .badge", has_text="người đại diện")).to_have_count(5)
    expect(page.locator("table.filers")).to_contain_text("••••••••0101")  # ID numbers masked
    expect(page.locator("table.filers")).not_to_contain_text("001180000101")

    # The acceptance deadline, still open; the group is already a flag.
    accept_by = page.locator("table.dues tr", has_text="Hạn xử lý đơn (thụ lý / từ chối)")
    expect(accept_by).to_contain_text(ACCEPT_BY)
    expect(accept_by.locator(".badge")).to_have_text("Còn hạn")
    expect(page.locator("#flags")).to_contain_text("Đông người: Vụ việc đông người (12 người, từ 5 người trở lên).")
    expect(page.locator("#overdue")).to_have_count(0)

    # Nobody accepts it. Tuesday 17/03/2026, the day after the deadline: the case is overdue.
    clock.set(vn(2026, 3, 17, 8, 0))
    page.reload()
    expect(page.locator("#overdue")).to_have_text("Quá hạn")
    expect(accept_by.locator(".badge")).to_have_text("Quá hạn")
    page.locator(".topbar").get_by_role("link", name="Phản ánh, khiếu nại, tố cáo").click()
    overdue_tab = page.locator("nav.tabs a[data-bucket=overdue]")
    expect(overdue_tab.locator(".count")).to_have_text("1")
    overdue_tab.click()
    expect(overdue_tab).to_have_class(re.compile(r"\bactive\b"))
    listed = page.locator("#results tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.get_by_role("link", name=code)).to_be_visible()
    expect(listed).to_contain_text("Lê Thị Hồng (12 người)")
    expect(listed).to_contain_text("Đông người")
    expect(listed.locator("time.late")).to_have_text(ACCEPT_BY)

    # The commune chair's hot-spot page now lists the commune.
    desk.reload()
    commune = desk.locator("#communes tbody tr", has_text="Phường Hoàn Kiếm")
    expect(commune).to_have_count(1)
    expect(commune.locator("td").nth(0)).to_have_text("1")  # rank
    expect(commune.locator("td").nth(2)).to_have_text("1")  # flagged cases
    expect(commune.locator("td").nth(3)).to_have_text("12")  # people
    expect(commune).to_contain_text("Đông người: 1")
    expect(desk.locator("#units tbody tr", has_text="UBND phường Hoàn Kiếm")).to_have_count(1)
    # its link leads to the flagged cases of the commune in the worklist
    commune.get_by_role("link", name="Phường Hoàn Kiếm").click()
    expect(desk).to_have_url(re.compile(r"/can-bo/vu-viec/\?area=00070&bucket=flagged$"))
    expect(desk.locator("#results tbody tr").get_by_role("link", name=code)).to_be_visible()
