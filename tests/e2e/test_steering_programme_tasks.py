"""A programme's overdue task, from the committee's filter to an approved extension: the standing
agency's head opens the programme list and the programme and filters the overdue tasks (the
Department of Construction's task is there, the culture department's task in time is not); the
construction department's officer updates the task's progress and asks for more time; the head
approves; the task page shows the new deadline beside the original one, its status back in time,
and the history lists the progress update and the extension.

Set-up through the services: the programme and its two tasks as assigned in January."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from . import steering
from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)


def test_overdue_task_gets_an_extension(page, people, clock, sign_in, sign_out):
    world = people
    prog = steering.programme(world)
    late = steering.task(world, prog, "1", world.construction, "Đề án sắp xếp bộ phận một cửa cấp thành phố",
                         deadline=date(2026, 5, 15), progress=30, officer=world.users["builder"])
    steering.task(world, prog, "2", world.culture, "Kế hoạch truyền thông về cải cách hành chính",
                  deadline=date(2026, 9, 30), progress=20)
    status = page.locator("main h1 [data-status]").first

    # Monday 01/06/2026: the standing agency's head reviews the programme.
    clock.set(vn(2026, 6, 1, 8, 30))
    sign_in("justice_head")
    page.locator(".topbar").get_by_role("link", name="Chương trình, nhiệm vụ").click()
    expect(page.locator("main h1")).to_have_text("Chương trình công tác và nhiệm vụ")
    page.get_by_role("link", name=steering.PROGRAMME_NUMBER).click()
    expect(page.locator("main h1")).to_have_text(f"Chương trình {steering.PROGRAMME_NUMBER}")
    expect(page.locator("main")).to_contain_text("2 nhiệm vụ.")

    page.get_by_role("combobox", name="Tình trạng").select_option(label="Quá hạn chưa hoàn thành")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"status=open_overdue"))
    expect(page.locator("main")).to_contain_text("1 nhiệm vụ khớp bộ lọc.")
    task_rows = page.locator("#nhiem-vu + form + section table tbody tr")
    expect(task_rows).to_have_count(1)
    expect(task_rows).to_contain_text("Đề án sắp xếp bộ phận một cửa cấp thành phố")
    expect(task_rows).to_contain_text("15/05/2026")
    expect(task_rows.locator("[data-status]")).to_have_text("Quá hạn chưa hoàn thành")
    expect(page.get_by_role("link", name="Kế hoạch truyền thông về cải cách hành chính")).to_have_count(0)
    sign_out()

    # The construction department's officer reports progress and asks for more time.
    clock.set(vn(2026, 6, 1, 10, 0))
    sign_in("builder", next=f"/can-bo/chuong-trinh/{prog.pk}/")
    page.get_by_role("link", name="Đề án sắp xếp bộ phận một cửa cấp thành phố").click()
    expect(page).to_have_url(re.compile(rf"/can-bo/chuong-trinh/nhiem-vu/{late.pk}/$"))
    expect(page.locator("main h1")).to_contain_text("Nhiệm vụ 1")
    expect(status).to_have_text("Quá hạn chưa hoàn thành")

    page.get_by_label("Tiến độ (%)").fill("70")
    page.get_by_label("Ghi chú").fill("Đã trình dự thảo đề án, chờ ý kiến các sở")
    page.get_by_role("button", name="Cập nhật", exact=True).click()
    expect(page.locator("ul.messages li.success")).to_have_text("Đã cập nhật tiến độ.")
    expect(page.locator("dl.facts")).to_contain_text("70 %")

    page.get_by_label("Thời hạn đề nghị").fill("2026-07-31")
    page.get_by_label("Lý do", exact=True).fill("Chờ ý kiến thẩm định của Sở Nội vụ")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator("ul.messages li.success")).to_have_text("Đã gửi đề nghị gia hạn; chờ Ban Chỉ đạo xem xét.")
    requests = page.locator("section.card", has=page.get_by_role("heading", name="Đề nghị gia hạn")).locator("tbody tr")
    expect(requests).to_have_count(1)
    expect(requests).to_contain_text("15/05/2026 → 31/07/2026")
    expect(requests).to_contain_text("Chờ xem xét")
    expect(requests.get_by_role("button", name="Chấp thuận")).to_have_count(0)  # not the officer's to decide
    sign_out()

    # The next day the head approves the extension on the task's page.
    clock.set(vn(2026, 6, 2, 9, 0))
    sign_in("justice_head", next=f"/can-bo/chuong-trinh/nhiem-vu/{late.pk}/")
    expect(requests).to_contain_text("Đỗ Minh Tuấn")
    requests.get_by_label("Ý kiến").fill("Đồng ý gia hạn đến 31/7")
    requests.get_by_role("button", name="Chấp thuận", exact=True).click()
    expect(page.locator("ul.messages li.success")).to_have_text("Đã chấp thuận gia hạn.")
    expect(requests).to_contain_text("Đã chấp thuận, 02/06/2026 (Ngô Thị Thu)")

    deadline = page.locator("dl.facts dt:text-is('Thời hạn') + dd")
    expect(deadline).to_have_text("31/07/2026 (thời hạn ban đầu 15/05/2026)")
    expect(status).to_have_text("Đang thực hiện trong hạn")

    history = page.locator("ol.timeline > li")
    expect(history).to_have_count(4)  # assigned, progress 30 %, progress 70 %, extended
    update = history.filter(has_text="Đã trình dự thảo đề án")
    expect(update).to_contain_text(re.compile(r"01/06/2026 10:00\s+Cập nhật tiến độ — Đỗ Minh Tuấn\s*: 70 %"))
    expect(history.filter(has_text="Gia hạn")).to_contain_text(
        re.compile(r"02/06/2026 09:00\s+Gia hạn — Ngô Thị Thu\s*: thời hạn 15/05/2026 → 31/07/2026"))
    expect(history.filter(has_text="Giao nhiệm vụ")).to_contain_text("05/01/2026")

    # Back on the programme: the task is no longer among the overdue ones, and its row says why.
    page.get_by_role("link", name=f"‹ Chương trình {steering.PROGRAMME_NUMBER}").click()
    page.get_by_role("combobox", name="Tình trạng").select_option(label="Quá hạn chưa hoàn thành")
    page.get_by_role("button", name="Lọc").click()
    expect(task_rows).to_have_text(re.compile("Không có nhiệm vụ nào khớp bộ lọc."))
    page.get_by_role("link", name="Bỏ lọc").click()
    row = task_rows.filter(has_text="Đề án sắp xếp bộ phận một cửa cấp thành phố")
    expect(row).to_contain_text("31/07/2026 (gia hạn từ 15/05/2026)")
    expect(row).to_contain_text("70 %")
