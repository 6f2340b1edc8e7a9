"""A dossier that will be late: the head of the Sở Xây dựng apologises and extends (Decree 118
Art. 19.6, form 04) on the last day the law allows, the due time on the page moves once and only
once, the decision comes after the receipt's date (late, within the extension) and the page says
who made it late; the counter returns the result.

Set-up through the services, in the past: a building permit received at the branch counter on
Monday 02/03/2026 09:00 (due Monday 23/03 09:00) and sent to the Sở Xây dựng at 10:00."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role

from .conftest import hm_dmy, vn

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Cần lấy ý kiến cơ quan phòng cháy chữa cháy về phương án thoát nạn"


def test_late_apology_extension(page, people, clock, sign_in, sign_out, act):
    world = people
    reception = world.official("reception", Role.RECEPTION)
    permit = sv.receive_at_counter(actor=reception, version=world.permit, receiving_unit=world.branch,
                                   applicant=world.applicant(), now=vn(2026, 3, 2, 9, 0))
    sv.transfer_dossier(permit, reception, now=vn(2026, 3, 2, 10, 0))
    due, extended = vn(2026, 3, 23, 9, 0), vn(2026, 3, 30, 9, 0)

    # Friday 20/03 09:00, one working day before the due time: the leader's "due soon" tab has it.
    clock.set(vn(2026, 3, 20, 9, 0))
    sign_in("builder_head")
    tab = page.locator("a[data-bucket=due_soon]")
    expect(tab.locator(".count")).to_have_text("1")
    tab.click()
    row = page.locator("table.worklist tbody tr", has=page.get_by_role("link", name=permit.code))
    expect(row).to_contain_text(hm_dmy(due))
    row.get_by_role("link", name=permit.code).click()
    expect(page.locator("#state")).to_have_text("Đang giải quyết")
    expect(page.locator("#due")).to_have_text(hm_dmy(due))

    # Apology and extension: 5 working days, with the reason; the due time moves.
    act("extend", {"Lý do": REASON, "Gia hạn thêm (ngày làm việc)": "5"})
    expect(page.locator("#due")).to_have_text(hm_dmy(extended))
    entry = page.locator("li[data-act=extend]")
    expect(entry).to_contain_text("Xin lỗi và gia hạn thời gian giải quyết")
    expect(entry).to_contain_text(REASON)
    expect(entry).to_contain_text(f"hẹn trả {hm_dmy(extended)}")
    expect(page.get_by_role("link", name=re.compile("Mẫu 04"))).to_be_visible()

    # A second extension is refused with the law's reason, and nothing moves.
    page.locator("a[data-act=extend]").click()
    page.get_by_label("Lý do").fill("Chưa có ý kiến của cơ quan phòng cháy")
    page.get_by_label("Gia hạn thêm (ngày làm việc)").fill("2")
    page.get_by_role("button", name="Xin lỗi và gia hạn thời gian giải quyết").click()
    expect(page.get_by_role("alert")).to_contain_text("chỉ được hẹn lại ngày trả kết quả một lần")
    page.get_by_role("link", name="Huỷ").click()
    expect(page.locator("#due")).to_have_text(hm_dmy(extended))
    expect(page.locator("li[data-act=extend]")).to_have_count(1)

    # Wednesday 25/03: the permit is decided, after the receipt's date but within the extension.
    clock.set(vn(2026, 3, 25, 9, 0))
    page.reload()
    act("decide", {"Kết quả": ["Giải quyết (cấp kết quả)"]})
    expect(page.locator("#state")).to_have_text("Đã có kết quả, chờ trả")
    expect(page.locator("#late")).to_contain_text("Sở Xây dựng")
    sign_out()

    # The branch counter returns the result.
    clock.set(vn(2026, 3, 25, 14, 0))
    sign_in("reception", next=f"/can-bo/ho-so/{permit.pk}/")
    act("return_result", {"Hình thức trả": ["Tại quầy"]})
    expect(page.locator("#state")).to_have_text("Đã trả kết quả")
    expect(page.locator("li[data-act=return_result]")).to_contain_text("Trần Thị Lan")
    expect(page.locator("#late")).to_contain_text("Sở Xây dựng")
    acts = page.locator("ol.timeline > li").evaluate_all("items => items.map(i => i.dataset.act)")
    assert acts == ["file", "receive", "transfer", "extend", "decide", "return_result"]
