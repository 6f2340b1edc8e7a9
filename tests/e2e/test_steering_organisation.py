"""The organisation review finds the units without a head: the service centre's supervisor opens
«Tổ chức bộ máy», goes to the review and sees the two planted gaps under «Đơn vị không có người
đứng đầu» — the city police with no head's post at all (fix: create the post) and the culture
department whose director's post nobody holds (fix: appoint someone) — each with the admin page
that fixes it; the police's own page repeats its gap. A processing officer who types the review's
address gets 403 and none of it.

Set-up through the services: a supervisor at the centre, and a head's post held in every unit of
the world but those two (the branch needs none)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from motcua.rules.lifecycle import Role
from motcua.units import staffing
from motcua.units.models import Unit

from . import steering

pytestmark = pytest.mark.django_db(transaction=True)


def test_review_shows_units_without_a_head_to_the_supervisor_only(page, people, clock, sign_in, sign_out):
    world = people
    centre = Unit.objects.get(code="TTPVHCC")
    steering.add_official(world, "supervisor", centre, Role.SUPERVISOR.value)
    for unit, title, holder in ((centre, "Giám đốc Trung tâm", "supervisor"),
                                (world.commune_ubnd, "Chủ tịch UBND phường", "commune_chair"),
                                (world.justice, "Giám đốc Sở Tư pháp", "justice_head"),
                                (world.construction, "Giám đốc Sở Xây dựng", "builder_head")):
        staffing.appoint(world.users[holder], staffing.create_position(unit, title, is_head=True), date(2025, 1, 1))
    vacant = staffing.create_position(world.culture, "Giám đốc Sở Văn hóa và Thể thao", is_head=True)

    # Monday 02/03/2026: the supervisor reviews the organisation.
    sign_in("supervisor")
    page.locator(".topbar").get_by_role("link", name="Tổ chức bộ máy").click()
    expect(page.locator("main h1")).to_have_text("Tổ chức bộ máy")
    page.get_by_role("link", name="Rà soát tổ chức bộ máy").click()
    expect(page).to_have_url(re.compile(r"/can-bo/to-chuc/ra-soat/$"))
    expect(page.locator("main h1")).to_have_text(re.compile(r"Rà soát tổ chức bộ máy\s+02/03/2026"))
    expect(page.locator("main")).to_contain_text("2 phát hiện.")
    tab = page.locator("#findings a[data-kind=unit_headless]")
    expect(tab).to_have_class(re.compile(r"\bactive\b"))  # the first kind with findings is open
    expect(tab.locator(".count")).to_have_text("2")
    expect(page.locator("section.card h2")).to_have_text("Đơn vị không có người đứng đầu")

    lines = page.locator("table.findings tbody tr")
    expect(lines).to_have_count(2)
    police = lines.filter(has_text="Công an thành phố Hà Nội")
    expect(police.locator("td").nth(1)).to_have_text("Đơn vị chưa có vị trí người đứng đầu.")
    fix = police.get_by_role("link", name="Tạo vị trí người đứng đầu")
    expect(fix).to_have_attribute("href", f"/admin/units/position/add/?unit={world.police.pk}&is_head=1")
    culture = lines.filter(has_text="Sở Văn hóa và Thể thao")
    expect(culture.locator("td").nth(1)).to_have_text(
        "Vị trí người đứng đầu (Giám đốc Sở Văn hóa và Thể thao) không có người giữ.")
    expect(culture.get_by_role("link", name="Bổ nhiệm người đứng đầu")).to_have_attribute(
        "href", f"/admin/units/holding/add/?position={vacant.pk}")
    expect(lines.filter(has_text="Sở Tư pháp")).to_have_count(0)

    # Another kind of finding: none.
    page.locator("#findings a[data-kind=position_vacant]").click()
    expect(page.locator("table.findings tbody tr")).to_have_text(["Không có phát hiện nào."])

    # The police's own page repeats its gap with the same fix.
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_label("Tìm đơn vị (không cần dấu)").fill("cong an")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Công an thành phố Hà Nội").click()
    expect(page.locator("main h1")).to_have_text(re.compile(r"Công an thành phố Hà Nội\s+CATP"))
    gaps = page.locator("#gaps li")
    expect(gaps).to_have_count(1)
    expect(gaps).to_contain_text("Công an thành phố Hà Nội: Đơn vị chưa có vị trí người đứng đầu.")
    expect(gaps.get_by_role("link", name="Tạo vị trí người đứng đầu")).to_have_attribute(
        "href", f"/admin/units/position/add/?unit={world.police.pk}&is_head=1")
    expect(page.locator("#positions tbody")).to_contain_text("Chưa khai báo vị trí nào.")
    sign_out()

    # A processing officer typing the review's address: 403, not a word of the review.
    sign_in("police_officer")
    expect(page.locator(".topbar").get_by_role("link", name="Tổ chức bộ máy")).to_have_count(0)
    response = page.goto("/can-bo/to-chuc/ra-soat/")
    assert response.status == 403
    expect(page.locator("main h1")).to_have_text("Không có quyền truy cập")
    expect(page.get_by_role("alert")).to_contain_text(
        "Chỉ lãnh đạo đơn vị, cán bộ giám sát hoặc quản trị hệ thống được xem tổ chức bộ máy.")
    expect(page.locator("main")).not_to_contain_text("người đứng đầu")
    expect(page.locator("table.findings")).to_have_count(0)
