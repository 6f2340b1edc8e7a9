"""A briefing of the steering committee, from the new meeting to a task in the programme: the
standing agency's head creates April's meeting, reads its pack (the counts by status, the overdue
task on the agenda, both charts drawn by the page's script under the site's Content Security
Policy with no console error); two days later records a conclusion and the notice's number and
date, and turns the conclusion into a task; the programme lists the new task, whose page names the
notice as its source; the pack's PDF download answers ``application/pdf``.

Set-up through the services: the programme and five tasks in every state as of 14/04/2026."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from . import steering
from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)

CHARTS_DRAWN = ("() => { const c = [...document.querySelectorAll('canvas[data-chart]')];"
                " return c.length === 2 && !!window.Chart && c.every(x => window.Chart.getChart(x)); }")


def test_briefing_conclusion_becomes_a_task(page, people, clock, sign_in):
    world = people
    prog = steering.programme(world)
    steering.task(world, prog, "1", world.construction, "Đề án sắp xếp bộ phận một cửa",
                  deadline=date(2026, 2, 28), done=date(2026, 2, 20))
    steering.task(world, prog, "2", world.police, "Kế hoạch số hóa hồ sơ cư trú", deadline=date(2026, 3, 31),
                  progress=40)
    steering.task(world, prog, "3", world.construction, "Quy định cấp phép xây dựng trực tuyến",
                  deadline=date(2026, 4, 25), progress=30)
    steering.task(world, prog, "4", world.commune_ubnd, "Báo cáo rà soát thủ tục cấp xã",
                  deadline=date(2026, 12, 31), progress=20)
    steering.task(world, prog, "5", world.culture, "Chương trình truyền thông cải cách")
    problems = steering.watch_console(page)

    # Tuesday 14/04/2026, morning: the head of the standing agency sets up the afternoon's meeting.
    clock.set(vn(2026, 4, 14, 9, 0))
    sign_in("justice_head")
    page.locator(".topbar").get_by_role("link", name="Giao ban").click()
    expect(page.locator("main h1")).to_have_text("Giao ban Ban Chỉ đạo")
    listed = page.locator("#results tbody tr", has_text=steering.PROGRAMME_NUMBER)
    expect(listed).to_contain_text("Chưa có")
    listed.get_by_role("link", name=steering.PROGRAMME_NUMBER).click()
    expect(page.locator("main h1")).to_have_text(f"Các phiên giao ban — Chương trình {steering.PROGRAMME_NUMBER}")
    expect(page.locator("#results")).to_contain_text("Chưa có phiên giao ban nào.")
    page.get_by_role("link", name="Tạo phiên giao ban").click()
    page.get_by_label("Thời gian họp").fill("2026-04-14T14:00")
    page.get_by_role("combobox", name="Loại phiên").select_option(label="Giao ban tháng")
    page.get_by_label("Chủ trì").fill("Trưởng Ban Chỉ đạo")
    page.get_by_label("Địa điểm").fill("Phòng họp số 1, Sở Tư pháp")
    page.get_by_role("button", name="Tạo phiên giao ban").click()

    expect(page.locator("ul.messages li.success")).to_have_text(
        "Đã tạo phiên giao ban; chương trình họp đề xuất từ tài liệu giao ban.")
    expect(page.locator("main h1")).to_have_text(
        f"Giao ban tháng, ngày 14/04/2026 — Chương trình {steering.PROGRAMME_NUMBER}")
    meeting_url = page.url

    # The pack: counts by status, the overdue task proposed for the agenda, both charts drawn.
    pack = page.locator("#pack")
    counts = {key: pack.locator(f"thead + tbody td[data-status={key}]").first for key in
              ("done_on_time", "done_late", "open_in_time", "open_overdue", "at_risk")}
    expect(pack.locator("table").first.locator("tbody td").first).to_have_text("5")
    expect(counts["done_on_time"]).to_have_text("1")
    expect(counts["done_late"]).to_have_text("0")
    expect(counts["open_in_time"]).to_have_text("3")
    expect(counts["open_overdue"]).to_have_text("1")
    expect(counts["at_risk"]).to_have_text("1")
    expect(pack.locator("#late tbody tr", has_text="Kế hoạch số hóa hồ sơ cư trú")).to_contain_text("Quá hạn 14 ngày")
    expect(pack.locator("#late tbody tr", has_text="Quy định cấp phép xây dựng trực tuyến")).to_contain_text(
        "Nguy cơ chậm")
    expect(page.locator("#agenda")).to_contain_text("Kế hoạch số hóa hồ sơ cư trú")

    page.wait_for_function(CHARTS_DRAWN)
    canvases = page.locator("canvas[data-chart]")
    expect(canvases).to_have_count(2)
    for canvas in canvases.all():
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, box
    drawn = page.evaluate("[...document.querySelectorAll('canvas[data-chart]')].map(c => "
                          "window.Chart.getChart(c).data.datasets.map(d => d.data.reduce((a, b) => a + b, 0)))")
    assert sum(drawn[0]) == 6 and sum(drawn[1]) == 5, drawn  # 5 tasks by status (+1 at risk); by lead unit
    assert problems == [], problems

    # Thursday 16/04/2026: the conclusion, the notice's number and date, and the task it becomes.
    clock.set(vn(2026, 4, 16, 9, 30))
    page.reload()
    page.get_by_label("Nội dung kết luận").fill("Xây dựng kế hoạch đào tạo cán bộ bộ phận một cửa")
    page.get_by_role("combobox", name="Đơn vị chủ trì").select_option(label="Sở Văn hóa và Thể thao")
    page.get_by_role("combobox", name="Loại sản phẩm").select_option(label="Kế hoạch")
    page.get_by_label("Thời hạn (để trống: không thời hạn)").fill("2026-05-29")
    page.get_by_role("button", name="Ghi kết luận", exact=True).click()
    expect(page.locator("ul.messages li.success")).to_have_text("Đã ghi kết luận.")
    conclusion = page.locator("#conclusions > table tbody tr")
    expect(conclusion).to_have_count(1)
    expect(conclusion).to_contain_text("Xây dựng kế hoạch đào tạo cán bộ bộ phận một cửa")
    expect(conclusion).to_contain_text("Sở Văn hóa và Thể thao")
    expect(conclusion).to_contain_text("29/05/2026")
    expect(conclusion).to_contain_text("Chưa giao")
    expect(page.get_by_role("button", name="Giao nhiệm vụ theo kết luận")).to_be_disabled()  # no notice yet

    page.get_by_label("Số thông báo kết luận").fill("140-TB/BCĐ")
    page.get_by_label("Ngày thông báo").fill("2026-04-16")
    page.get_by_role("button", name="Lưu số, ngày thông báo").click()
    expect(page.locator("ul.messages li.success")).to_have_text("Đã ghi số, ngày thông báo kết luận.")
    expect(page.locator("dl.facts dt:text-is('Thông báo kết luận') + dd")).to_have_text("140-TB/BCĐ ngày 16/04/2026")

    page.get_by_role("button", name="Giao nhiệm vụ theo kết luận").click()
    expect(page.locator("ul.messages li.success")).to_have_text("Đã giao 1 nhiệm vụ theo thông báo 140-TB/BCĐ: 6.")
    expect(conclusion).to_contain_text("Nhiệm vụ 6")

    # The programme now has the task, its source the meeting's notice.
    page.locator(".topbar").get_by_role("link", name="Chương trình, nhiệm vụ").click()
    page.get_by_role("link", name=steering.PROGRAMME_NUMBER).click()
    expect(page.locator("main")).to_contain_text("6 nhiệm vụ.")
    row = page.locator("#nhiem-vu + form + section table tbody tr", has_text="Xây dựng kế hoạch đào tạo cán bộ")
    expect(row.locator("td").first).to_have_text("6")
    expect(row).to_contain_text("29/05/2026")
    row.get_by_role("link", name="Xây dựng kế hoạch đào tạo cán bộ bộ phận một cửa").click()
    expect(page.locator("main h1")).to_contain_text("Nhiệm vụ 6")
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:text-is('Văn bản giao') + dd")).to_have_text(
        f"140-TB/BCĐ của Ban Chỉ đạo Chương trình {steering.PROGRAMME_NUMBER}, ngày 16/04/2026")
    expect(facts.locator("dt:text-is('Đơn vị chủ trì') + dd")).to_have_text("Sở Văn hóa và Thể thao")
    expect(facts.locator("dt:text-is('Cấp trình, phê duyệt') + dd")).to_have_text("Ban Chỉ đạo")
    expect(facts.locator("dt:text-is('Ngày giao') + dd")).to_have_text("16/04/2026")

    # The pack as PDF, from the meeting's page.
    page.goto(meeting_url)
    link = page.get_by_role("link", name="Tài liệu giao ban (PDF)")
    response = page.request.get(link.get_attribute("href"), timeout=60_000)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    assert re.search(r'filename="giao-ban-CTR-E2E-20260414\.pdf"', response.headers["content-disposition"])
