"""Optional second factor for officials (TOTP, RFC 6238): once turned on, the login needs the
authenticator's current code; a code works once; a wrong code counts towards the lock."""

import base64
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from motcua import timesource
from motcua.accounts import totp
from motcua.accounts.models import TotpDevice
from motcua.accounts.services import confirm_second_factor, start_second_factor

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
PASSWORD = "mat-khau-that-dai-2025"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(("unix_time", "expected"), [(59, "287082"), (1111111109, "081804"),
                                                     (1234567890, "005924"), (2000000000, "279037")])
def test_codes_match_the_rfc_6238_vectors(unix_time, expected):
    assert totp.code_at(RFC_SECRET, unix_time // 30) == expected


def test_a_code_from_the_next_or_previous_step_is_accepted_but_not_further():
    at = datetime.fromtimestamp(1111111109, UTC)
    step = totp.step_of(at)
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step + 1), at) == step + 1
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step - 2), at) is None
    assert totp.matching_step(RFC_SECRET, "12ab56", at) is None


@pytest.fixture
def official(db):
    timesource.set_provider(lambda: NOW)
    user = get_user_model().objects.create_user("lanhdao.stp", password=PASSWORD, is_staff=True)
    yield user
    timesource.set_provider(None)


def _code(user, delta_steps=0):
    device = TotpDevice.objects.get(user=user)
    return totp.code_at(device.secret, totp.step_of(NOW) + delta_steps)


def _login(client, otp=""):
    return client.post("/admin/login/", {"username": "lanhdao.stp", "password": PASSWORD, "otp": otp,
                                         "next": "/admin/"})


def test_turning_it_on_needs_a_right_code(official):
    uri = start_second_factor(official)
    assert uri.startswith("otpauth://totp/motcua:lanhdao.stp?secret=")
    assert not confirm_second_factor(official, "000000")
    assert confirm_second_factor(official, _code(official))
    assert TotpDevice.objects.get(user=official).confirmed


def test_login_needs_the_current_code_once_turned_on(client, official):
    assert _login(client).status_code == 302  # not on yet: password is enough
    client.logout()
    start_second_factor(official)
    confirm_second_factor(official, _code(official, -1))
    page = _login(client, otp="")
    assert page.status_code == 200 and "Mã xác thực hai lớp không đúng" in page.content.decode()
    assert _login(client, otp=_code(official)).status_code == 302


def test_a_code_cannot_be_used_twice(client, official):
    start_second_factor(official)
    confirm_second_factor(official, _code(official, -1))
    code = _code(official)
    assert _login(client, otp=code).status_code == 302
    client.logout()
    assert _login(client, otp=code).status_code == 200


def test_wrong_codes_lock_the_account(client, official, settings):
    start_second_factor(official)
    confirm_second_factor(official, _code(official, -1))
    for _ in range(settings.MOTCUA_LOGIN_MAX_FAILURES):
        _login(client, otp="000000")
    page = _login(client, otp=_code(official))
    assert "Tài khoản tạm khoá" in page.content.decode()
