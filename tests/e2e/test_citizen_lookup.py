"""Looking a dossier up by its code (tra cứu hồ sơ), signed out: with the code on the receipt and
the last four digits of the phone or identity number, anyone sees the state, the due time, the
unit holding it and whether it is on time, and never the applicant's name or numbers; a mistyped
digit finds nothing. The citizen looks again once the result is returned.

Set-up through the services: a birth registration received at the branch counter on Monday
02/03/2026 09:00 and sent to the commune at 09:30; later decided and returned."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role

from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_lookup(page, people, clock):
    world = people
    reception = world.official("reception", Role.RECEPTION)
    dossier = sv.receive_at_counter(actor=reception, version=world.birth, receiving_unit=world.branch,
                                    applicant=world.applicant(), area=world.commune, now=vn(2026, 3, 2, 9, 0))
    sv.transfer_dossier(dossier, reception, now=vn(2026, 3, 2, 9, 30))
    clock.set(vn(2026, 3, 3, 10, 0))
    answer = page.locator("main section.card", has=page.locator("h2", has_text=dossier.code))

    def look_up(code: str, last4: str):
        page.get_by_label("Mã hồ sơ").fill(code)
        page.get_by_label("4 số cuối").fill(last4)
        page.get_by_role("button", name="Tra cứu").click()

    def row(header: str):
        return answer.locator(f"tr:has(th:text-is('{header}')) td")

    # From the portal's top bar, signed out; one digit wrong first.
    page.goto("/")
    page.locator(".topbar").get_by_role("link", name="Tra cứu hồ sơ").click()
    expect(page.locator("main h1")).to_have_text("Tra cứu hồ sơ")
    look_up(dossier.code, "5679")
    expect(page.get_by_role("alert")).to_have_text("Không tìm thấy hồ sơ khớp mã và 4 số cuối.")
    expect(answer).to_have_count(0)

    # The last four digits of the phone.
    look_up(dossier.code, "5678")
    expect(answer).to_be_visible()
    expect(row("Thủ tục")).to_have_text("Đăng ký khai sinh")
    expect(row("Trạng thái")).to_have_text("Đang giải quyết")
    expect(row("Tiếp nhận lúc")).to_have_text("09:00 02/03/2026")
    expect(row("Hẹn trả")).to_have_text("09:00 05/03/2026")
    expect(row("Tiến độ")).to_have_text("Trong hạn")
    expect(row("Đơn vị đang giữ hồ sơ")).to_have_text("UBND phường Hoàn Kiếm")
    main = page.locator("main")
    for personal in ("Nguyễn Văn Đình", "Nguyen Van Dinh", "001090012345", "0912345678"):
        expect(main).not_to_contain_text(personal)

    # Two days later, with the last four digits of the identity number: returned, on time.
    sv.decide_dossier(dossier, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 4, 9, 0))
    sv.return_result(dossier, reception, now=vn(2026, 3, 4, 15, 0))
    clock.set(vn(2026, 3, 5, 8, 0))
    look_up(dossier.code, "2345")
    expect(row("Trạng thái")).to_have_text("Đã trả kết quả")
    expect(row("Trả kết quả lúc")).to_have_text("15:00 04/03/2026")
    expect(row("Tiến độ")).to_have_text("Đúng hạn")
    expect(main).not_to_contain_text("Nguyễn Văn Đình")
    expect(page.locator(".topbar .who")).to_have_count(0)  # never signed in
