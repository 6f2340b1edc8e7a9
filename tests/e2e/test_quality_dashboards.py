"""A leader reads the service-quality dashboards in the browser: the Decision 766 card, its twelve
months and the ranking, drawn by Chart.js (vendored, under the Content Security Policy); then the
SIPAS round's results with their charts, and one chart's data downloaded as XLSX."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from motcua.surveys import services as sv
from tests.quality.dashboard_fixtures import decide
from tests.surveys.conftest import answers

from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)

DRAWN = "() => [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart && Chart.getChart(c))"


def sipas_round():
    """A closed March round: three answers at the ward, all satisfied."""
    survey = sv.create_round(None, "Khảo sát tháng 3/2026", "bnv-1001-2023", date(2026, 3, 1), date(2026, 3, 31),
                             seed=7, now=vn(2026, 3, 31, 9, 0))
    sv.draw_sample(survey, now=vn(2026, 3, 31, 9, 5))
    tokens = [item.token for item in sv.issue_invitations(survey, now=vn(2026, 3, 31, 9, 10))]
    survey = sv.open_round(survey, now=vn(2026, 3, 31, 9, 15))
    for token in tokens[:3]:
        sv.submit_response(token, answers("5"))
    return sv.close_round(survey), len(tokens)


def test_a_leader_reads_the_dashboards_and_the_sipas_results(page, people, clock, sign_in):
    world = people
    for at in (vn(2026, 3, 3, 9, 0), vn(2026, 3, 3, 9, 0), vn(2026, 3, 10, 9, 0)):  # two in time, one late
        decide(world, at)
    survey, invited = sipas_round()
    assert invited >= 3
    clock.set(vn(2026, 3, 31, 12, 0))

    sign_in("commune_chair")
    page.get_by_role("link", name="Chất lượng phục vụ").first.click()
    expect(page.locator("main h1")).to_have_text("Chất lượng phục vụ: chỉ số Quyết định 766")
    expect(page.locator(".dash-title")).to_contain_text("Toàn tỉnh, thành phố — Tháng 03/2026")
    expect(page.locator("tr[data-code='2.1']")).to_contain_text("2/3")
    page.wait_for_function(DRAWN)
    assert page.locator("canvas[data-chart]").count() == 3

    page.locator("nav.tabs").get_by_role("link", name="Khảo sát SIPAS").click()  # the dashboard's tab
    expect(page.locator("main")).to_contain_text(survey.name)
    page.get_by_role("link", name="Kết quả").first.click()
    expect(page).to_have_url(re.compile(rf"/can-bo/khao-sat/{survey.pk}/ket-qua/$"))
    expect(page.locator("#sipas")).to_have_text(re.compile(r"^\d+(,\d+)?%$"))
    expect(page.locator("#figure-units figcaption")).to_contain_text("Xếp hạng đơn vị theo chỉ số SIPAS")
    page.wait_for_function(DRAWN)
    assert page.locator("canvas[data-chart]").count() == 4

    with page.expect_download() as download:
        page.locator("#figure-units a.xlsx").click()
    assert download.value.suggested_filename == f"khao-sat-{survey.pk}-units.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet["A1"].value.startswith("Xếp hạng đơn vị theo chỉ số SIPAS")
    assert sheet["C3"].value == "UBND phường Hoàn Kiếm" and sheet["D3"].value == 3
