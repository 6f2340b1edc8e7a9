"""A joint procedure (liên thông) across two agencies, on paper: the branch counter sends the
dossier to the police for the fire-safety review, the police hand it on to the Sở Xây dựng (the
lead agency); its head cannot decide while the police's part is open, and decides once it is done;
the dossier goes back to the counter.

Set-up: the joint procedure's two route steps, and the dossier received at the branch counter
(through the services) on Monday 02/03/2026 08:40."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from motcua.catalog.models import Procedure, ProcedureVersion, RouteStep
from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role
from motcua.text import fold

from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)

FIRE = "Thẩm duyệt thiết kế về phòng cháy và chữa cháy"
PERMIT = "Thẩm định hồ sơ, cấp giấy phép xây dựng"


def _joint_permit(world) -> ProcedureVersion:
    name = "Cấp giấy phép xây dựng công trình có thẩm duyệt phòng cháy (liên thông)"
    proc = Procedure.objects.create(code="1.009996", name=name, name_folded=fold(name),
                                    field=world.permit.procedure.field, level="province")
    version = ProcedureVersion.objects.create(
        procedure=proc, number=1, effective_from=date(2025, 7, 1), competent_unit=world.construction,
        duration_unit="days", duration_value=Decimal(15), route_mode="sequential",
        result_types=[{"code": "KQ03", "name": "Giấy phép xây dựng", "paper": True}],
        documents=[{"name": "Đơn đề nghị cấp giấy phép xây dựng", "originals": 1, "copies": 0, "required": True}])
    RouteStep.objects.create(version=version, order=1, agency=world.police, task=FIRE, duration_hours=Decimal(40),
                             depends_on=[])
    RouteStep.objects.create(version=version, order=2, agency=world.construction, task=PERMIT,
                             duration_hours=Decimal(80), depends_on=[1], is_lead=True)
    return version


def test_joint_two_agencies(page, people, clock, sign_in, sign_out, act):
    world = people
    dossier = sv.receive_at_counter(actor=world.official("reception", Role.RECEPTION), version=_joint_permit(world),
                                    receiving_unit=world.branch, applicant=world.applicant(),
                                    now=vn(2026, 3, 2, 8, 40))
    holder = page.locator("dl.facts dt:text-is('Đang ở') + dd")
    tasks = page.locator("table:has(th:text-is('Phần việc')) tbody tr")

    # The counter finds the dossier by the applicant's name typed without diacritics, and sends it.
    clock.set(vn(2026, 3, 2, 9, 10))
    sign_in("reception")
    page.get_by_label("Tìm (không cần dấu)").fill("nguyen van dinh")
    expect(page).to_have_url(re.compile(r"q=nguyen(\+|%20)van(\+|%20)dinh"))  # htmx swapped the results
    # Leaving the search box sends no second request: one arriving while the link below loads
    # would push its URL and cancel the navigation to the dossier.
    reloads = []
    page.on("request", lambda request: reloads.append(request.url) if "q=" in request.url else None)
    page.get_by_label("Tìm (không cần dấu)").blur()
    page.wait_for_timeout(500)
    assert reloads == []
    page.locator("#results").get_by_role("link", name=dossier.code).click()
    expect(page.locator("#state")).to_have_text("Đã tiếp nhận")
    act("transfer")
    expect(page.locator("#state")).to_have_text("Đang giải quyết")
    expect(holder).to_have_text("Công an thành phố Hà Nội")
    expect(tasks).to_have_count(2)
    expect(tasks.nth(1)).to_contain_text("chủ trì")
    expect(page.locator("li[data-act=transfer]")).to_contain_text("Chi nhánh số 1 (Hoàn Kiếm) → Công an thành phố Hà Nội")
    sign_out()

    # The head of the lead agency opens it from the transfer's link: no decision while the
    # police's part is open.
    clock.set(vn(2026, 3, 2, 14, 0))
    sign_in("builder_head", next=f"/can-bo/ho-so/{dossier.pk}/")
    expect(tasks.nth(0).locator("td").nth(4)).to_have_text("—")
    page.locator("a[data-act=decide]").click()
    page.get_by_role("button", name="Có kết quả giải quyết").click()
    expect(page.get_by_role("alert")).to_have_text(f"Còn phần việc liên thông chưa hoàn thành: {FIRE}.")
    page.get_by_role("link", name="Huỷ").click()
    expect(page.locator("#state")).to_have_text("Đang giải quyết")
    sign_out()

    # The police do their part and the papers go on to the lead agency.
    clock.set(vn(2026, 3, 4, 10, 0))
    sign_in("police_officer")
    page.get_by_role("link", name=dossier.code).click()
    act("complete_task", {"Phần việc": [f"1. {FIRE}"]})
    expect(holder).to_have_text("Sở Xây dựng")
    expect(tasks.nth(0).locator("td").nth(4)).to_have_text("10:00 04/03/2026")
    expect(page.locator("li[data-act=complete_task]")).to_contain_text("Công an thành phố Hà Nội → Sở Xây dựng")
    sign_out()

    # Now in the lead agency's worklist; its head decides, and the result goes back to the counter
    # that received the dossier.
    clock.set(vn(2026, 3, 11, 9, 0))
    sign_in("builder_head")
    page.get_by_role("link", name=dossier.code).click()
    act("decide", {"Kết quả": ["Giải quyết (cấp kết quả)"]})
    expect(page.locator("#state")).to_have_text("Đã có kết quả, chờ trả")
    expect(holder).to_have_text("Chi nhánh số 1 (Hoàn Kiếm)")
    acts = page.locator("ol.timeline > li").evaluate_all("items => items.map(i => i.dataset.act)")
    assert acts == ["file", "receive", "transfer", "complete_task", "decide"]
