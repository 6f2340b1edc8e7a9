"""Repeated failed logins lock the account for a while, whatever the password tried next, and
the login page says so in Vietnamese; a successful login clears the count."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from motcua import timesource

PASSWORD = "mat-khau-that-dai-2025"
LOGIN = "/admin/login/"


@pytest.fixture
def clock():
    moment = {"now": datetime(2026, 3, 2, 2, 0, tzinfo=UTC)}
    timesource.set_provider(lambda: moment["now"])
    yield moment
    timesource.set_provider(None)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("canbo.stp", password=PASSWORD, is_staff=True)


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_five_failures_lock_the_account_even_against_the_right_password(client, staff, clock):
    for _ in range(5):
        assert _login(client, "canbo.stp", "sai-mat-khau").status_code == 200
    page = _login(client, "canbo.stp", PASSWORD)
    assert page.status_code == 200  # the form again, not a redirect into the admin
    assert "Tài khoản tạm khoá do đăng nhập sai nhiều lần" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_lock_period(client, staff, clock, settings):
    for _ in range(settings.MOTCUA_LOGIN_MAX_FAILURES):
        _login(client, "canbo.stp", "sai")
    clock["now"] += timedelta(minutes=settings.MOTCUA_LOGIN_LOCK_MINUTES + 1)
    assert _login(client, "canbo.stp", PASSWORD).status_code == 302


def test_a_success_clears_the_failures(client, staff, clock):
    for _ in range(4):
        _login(client, "canbo.stp", "sai")
    assert _login(client, "canbo.stp", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "canbo.stp", "sai")
    assert _login(client, "canbo.stp", PASSWORD).status_code == 302  # still not locked


def test_old_failures_do_not_add_up(client, staff, clock):
    for _ in range(4):
        _login(client, "canbo.stp", "sai")
    clock["now"] += timedelta(hours=2)
    _login(client, "canbo.stp", "sai")
    assert _login(client, "canbo.stp", PASSWORD).status_code == 302


def test_the_lock_holds_whatever_the_letter_case(client, staff, clock):
    for _ in range(5):
        _login(client, "CANBO.STP", "sai")
    assert "Tài khoản tạm khoá" in _login(client, "canbo.stp", PASSWORD).content.decode()


def test_pages_carry_a_policy_without_inline_scripts(client, db):
    page = client.get(LOGIN)
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    html = page.content.decode()
    inline = [s for s in re.findall(r"<script\b[^>]*>", html) if "src=" not in s]
    assert inline == []
