"""An official of another unit who opens a dossier by its address gets 403, not the dossier: the
police officer never sees the Sở Xây dựng's building permit in their worklist, and typing its
address (the page or one of its acts) shows the "no access" page without a word of the dossier."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role

from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)


def test_other_units_official_gets_403(page, people, clock, sign_in, sign_out):
    world = people
    reception = world.official("reception", Role.RECEPTION)
    permit = sv.receive_at_counter(actor=reception, version=world.permit, receiving_unit=world.branch,
                                   applicant=world.applicant(), now=vn(2026, 3, 2, 8, 40))
    sv.transfer_dossier(permit, reception, now=vn(2026, 3, 2, 9, 0))
    clock.set(vn(2026, 3, 3, 9, 0))

    # The Sở Xây dựng's officer finds it in the worklist and opens it.
    sign_in("builder")
    expect(page.locator("main h1")).to_have_text("Hồ sơ của Sở Xây dựng")
    page.get_by_role("link", name=permit.code).click()
    expect(page).to_have_url(re.compile(rf"/can-bo/ho-so/{permit.pk}/$"))
    expect(page.locator("#state")).to_have_text("Đang giải quyết")
    address = page.url
    sign_out()

    # The police officer: not in their worklist ...
    sign_in("police_officer")
    expect(page.locator("main h1")).to_have_text("Hồ sơ của Công an thành phố Hà Nội")
    expect(page.locator("table.worklist")).to_contain_text("Không có hồ sơ nào.")
    expect(page.get_by_role("link", name=permit.code)).to_have_count(0)

    # ... and the address typed by hand is refused, for an act page as well.
    for target in (f"/can-bo/ho-so/{permit.pk}/viec/decide/", address):
        response = page.goto(target)
        assert response.status == 403
        expect(page.locator("main h1")).to_have_text("Không có quyền truy cập")
        expect(page.get_by_role("alert")).to_contain_text("không thuộc đơn vị ông/bà phục vụ")
        expect(page.locator("main")).not_to_contain_text("Nguyễn Văn Đình")
        expect(page.locator("main")).not_to_contain_text(permit.code)
