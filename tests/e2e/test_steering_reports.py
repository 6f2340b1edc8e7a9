"""A month's progress report, from the lead unit's desk to the committee's reminder: the Department
of Construction's officer files February's report the day before it is due — one line per task
the department leads, a PDF attached — and sees it filed, the file downloadable as sent; after the
due date the committee's page for February shows the department as submitted on time and the
culture department, which also leads a task, as missing; the daily reminder run (called here as
the timer would call it) leaves the committee a notice about the missing report, whose link leads
back to that page.

Set-up through the services: the monthly programme from February 2026 and its three tasks."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from motcua.reporting.reminders import send_reminders

from . import steering
from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def test_monthly_report_filed_and_missing_one_reminded(page, people, clock, sign_in, sign_out, settings, tmp_path):
    settings.MOTCUA_UPLOAD_DIR = tmp_path / "uploads"
    world = people
    prog = steering.programme(world, start=date(2026, 2, 1))
    steering.task(world, prog, "1", world.construction, "Đề án sắp xếp bộ phận một cửa",
                  assigned_on=date(2026, 2, 2), deadline=date(2026, 4, 30), progress=20,
                  officer=world.users["builder"])
    steering.task(world, prog, "2", world.construction, "Quy định cấp phép xây dựng trực tuyến",
                  assigned_on=date(2026, 2, 2))
    steering.task(world, prog, "3", world.culture, "Kế hoạch truyền thông cải cách hành chính",
                  assigned_on=date(2026, 2, 2), deadline=date(2026, 6, 30), progress=40)

    # Wednesday 04/03/2026: the construction department's officer files February's report.
    clock.set(vn(2026, 3, 4, 10, 15))
    sign_in("builder")
    page.locator(".topbar").get_by_role("link", name="Báo cáo định kỳ").click()
    expect(page.locator("main h1")).to_have_text("Báo cáo định kỳ của đơn vị")
    february = page.locator("#results tbody tr", has_text="Tháng 2/2026")
    expect(february).to_contain_text("Sở Xây dựng")
    expect(february).to_contain_text("05/03/2026")
    expect(february).to_contain_text("Chưa đến hạn")
    february.get_by_role("link", name="Nộp báo cáo").click()
    expect(page.locator("main h1")).to_have_text("Báo cáo Tháng 2/2026 — Sở Xây dựng")

    lines = page.locator("form table tbody tr")
    expect(lines).to_have_count(2)  # one line per task of the department, not the culture department's
    expect(lines.nth(0)).to_contain_text("1. Đề án sắp xếp bộ phận một cửa")
    expect(lines.nth(1)).to_contain_text("2. Quy định cấp phép xây dựng trực tuyến")
    expect(page.get_by_label("Tiến độ (%) 1", exact=True)).to_have_value("20")
    page.get_by_label("Tóm tắt kết quả, khó khăn, vướng mắc và kiến nghị").fill(
        "Hoàn thành dự thảo đề án; quy định cấp phép trực tuyến đang lấy ý kiến.")
    page.get_by_label("Tiến độ (%) 1", exact=True).fill("45")
    page.get_by_label("Kết quả, vướng mắc 1", exact=True).fill("Đã trình dự thảo, chờ góp ý của các sở")
    page.get_by_label("Tiến độ (%) 2", exact=True).fill("10")
    page.get_by_label("Kết quả, vướng mắc 2", exact=True).fill("Đang khảo sát nhu cầu")
    page.get_by_label("Tệp đính kèm (PDF, ảnh JPG/PNG, Word, Excel)").set_input_files(
        {"name": "bao-cao-thang-2.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Nộp báo cáo", exact=True).click()

    expect(page.locator("ul.messages li.success")).to_have_text("Đã nộp báo cáo Tháng 2/2026 của Sở Xây dựng.")
    expect(page.locator("main h1")).to_have_text("Báo cáo Sở Xây dựng — Tháng 2/2026")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("10:15 04/03/2026")
    expect(facts.locator(".badge")).to_have_text("Đúng hạn")
    by_task = page.locator("section.card", has=page.get_by_role("heading", name="Tiến độ từng nhiệm vụ"))
    filed = by_task.locator("tbody tr")
    expect(filed).to_have_count(2)
    expect(filed.nth(0).locator("td")).to_have_text(
        ["1. Đề án sắp xếp bộ phận một cửa", "45", "Đã trình dự thảo, chờ góp ý của các sở"])
    expect(filed.nth(1).locator("td")).to_have_text(
        ["2. Quy định cấp phép xây dựng trực tuyến", "10", "Đang khảo sát nhu cầu"])
    with page.expect_download() as download:
        page.get_by_role("link", name="bao-cao-thang-2.pdf").click()
    assert download.value.suggested_filename == "bao-cao-thang-2.pdf"
    assert open(download.value.path(), "rb").read() == PDF
    sign_out()

    # Thursday 12/03/2026, a week after the due date: the standing agency's head looks at February.
    clock.set(vn(2026, 3, 12, 8, 45))
    sign_in("justice_head", next=f"/can-bo/bao-cao/{prog.code}/")
    expect(page).to_have_url(re.compile(rf"/can-bo/bao-cao/{prog.code}/ky/2026-02/$"))
    expect(page.locator("main h1")).to_have_text("Tình hình báo cáo Tháng 2/2026")
    board = page.locator("section.card table tbody tr")
    expect(board).to_have_count(2)
    built = board.filter(has_text="Sở Xây dựng")
    expect(built.locator(".badge")).to_have_text("Đã nộp đúng hạn")
    expect(built).to_contain_text("10:15 04/03/2026")
    expect(built).to_contain_text("Đỗ Minh Tuấn")
    missing = board.filter(has_text="Sở Văn hóa và Thể thao")
    expect(missing.locator(".badge")).to_have_text("Chưa nộp (quá hạn)")
    expect(page.locator("main p .badge.state-missing")).to_have_text("Chưa nộp (quá hạn): 1")

    # No notice yet; the daily reminder run (the timer's call) leaves one for the committee.
    notices = page.locator(".topbar a.notices")  # its unread badge is cached for a minute: not read here
    notices.click()
    expect(page.locator("main h1")).to_have_text("Thông báo")
    expect(page.locator("#results")).to_contain_text("Chưa có thông báo nào.")
    sent = send_reminders(clock())
    assert any("justice_head" in s.recipients for s in sent)

    page.reload()
    expect(page.locator("#unread")).to_have_text("1 chưa đọc")
    notice = page.locator("#results li.unread")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("08:45 12/03/2026")
    expect(notice).to_contain_text("Sở Văn hóa và Thể thao chưa nộp báo cáo Tháng 2/2026 của Chương trình "
                                   "01-CTr/TU (hạn 05/03/2026, chậm 7 ngày).")
    expect(notice).not_to_contain_text("Sở Xây dựng")
    notice.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(rf"/can-bo/bao-cao/{prog.code}/ky/2026-02/$"))
    expect(missing.locator(".badge")).to_have_text("Chưa nộp (quá hạn)")

    notices.click()
    expect(page.locator("#unread")).to_have_count(0)
    expect(page.locator("#results li.muted")).to_contain_text("Sở Văn hóa và Thể thao chưa nộp báo cáo")
