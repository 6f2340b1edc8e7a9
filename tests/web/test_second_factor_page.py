"""An official turns the second factor on from their own page, then needs the code to sign in;
turning it off asks for the password."""

import re

import pytest

from motcua import timesource
from motcua.accounts.models import TotpDevice
from motcua.accounts.totp import code_at, step_of

pytestmark = pytest.mark.django_db
PAGE = "/tai-khoan/xac-thuc-hai-lop/"


def test_turn_on_then_sign_in_needs_the_code_then_turn_off(client, world):
    official = world.users["builder"]
    official.set_password("mat-khau-dai-du-10")
    official.save()
    client.force_login(official)
    assert "Chưa bật" in client.get(PAGE).content.decode()

    page = client.get(client.post(PAGE, {"action": "start"})["Location"]).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert "<svg" in page  # the QR code for the app
    wrong = client.post(PAGE, {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400 and not TotpDevice.objects.get(user=official).confirmed
    client.post(PAGE, {"action": "confirm", "code": code_at(secret, step_of(timesource.now()))})
    assert TotpDevice.objects.get(user=official).confirmed

    client.logout()
    no_code = client.post("/dang-nhap/", {"username": "builder", "password": "mat-khau-dai-du-10"})
    assert no_code.status_code == 400 and "xác thực hai lớp" in no_code.content.decode()

    client.force_login(official)
    kept = client.post(PAGE, {"action": "stop", "password": "sai"})
    assert kept.status_code == 400 and TotpDevice.objects.filter(user=official).exists()
    client.post(PAGE, {"action": "stop", "password": "mat-khau-dai-du-10"})
    assert not TotpDevice.objects.filter(user=official).exists()


def test_citizens_have_no_such_page(client, world):
    client.force_login(world.users["citizen"])
    assert client.get(PAGE).status_code == 403
