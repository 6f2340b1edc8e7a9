"""The sign-in page of the workbench and portal (/dang-nhap/): a right password signs in, a wrong
one says so with 400, five failures lock the account with a Vietnamese message, an official who
turned on the second factor needs the authenticator's code, ``next`` never leads off the site,
the page is never cached, and signing out takes a POST."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from motcua.accounts import totp
from motcua.accounts.models import TotpDevice
from motcua.accounts.services import confirm_second_factor, start_second_factor
from tests.clock import frozen_clock

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-that-dai-2026"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


clock = frozen_clock(NOW)


@pytest.fixture
def officer(world):
    user = world.users["reception"]
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, password=PASSWORD, username="reception", **extra):
    return client.post("/dang-nhap/", {"username": username, "password": password, **extra})


def test_the_page_has_the_form_and_is_never_cached(client, db):
    page = client.get("/dang-nhap/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'name="username"' in body and 'name="password"' in body and "csrfmiddlewaretoken" in body
    for directive in ("no-cache", "no-store", "max-age=0", "private"):
        assert directive in page["Cache-Control"]
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_a_right_password_signs_in_and_goes_to_next(client, officer):
    response = _sign_in(client, next="/can-bo/tiep-nhan/")
    assert response.status_code == 302 and response["Location"] == "/can-bo/tiep-nhan/"
    assert int(client.session["_auth_user_id"]) == officer.pk
    assert client.get("/can-bo/tiep-nhan/").status_code == 200


def test_without_next_the_official_lands_on_the_worklist(client, officer):
    response = _sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/")["Location"] == "/can-bo/"


def test_a_wrong_password_is_400_with_the_message_and_keeps_the_username(client, officer):
    page = _sign_in(client, password="sai-mat-khau")
    body = page.content.decode()
    assert page.status_code == 400
    assert 'role="alert"' in body and "mật khẩu chính xác" in body
    assert 'value="reception"' in body and PASSWORD not in body
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_with_the_vietnamese_message(client, officer, settings):
    assert settings.MOTCUA_LOGIN_MAX_FAILURES == 5
    for _ in range(5):
        assert _sign_in(client, password="sai").status_code == 400
    page = _sign_in(client)  # even the right password now
    body = page.content.decode()
    assert page.status_code == 400 and "_auth_user_id" not in client.session
    assert "Tài khoản tạm khoá do đăng nhập sai nhiều lần; vui lòng thử lại sau 09:15 ngày 02/03/2026." in body


def _code(user, delta_steps=0):
    device = TotpDevice.objects.get(user=user)
    return totp.code_at(device.secret, totp.step_of(NOW) + delta_steps)


def test_an_official_with_a_second_factor_needs_the_code(client, officer):
    start_second_factor(officer)
    assert confirm_second_factor(officer, _code(officer, -1))
    page = _sign_in(client)
    assert page.status_code == 400 and "Mã xác thực hai lớp không đúng" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert _sign_in(client, otp="000000").status_code == 400
    response = _sign_in(client, otp=_code(officer))
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == officer.pk


def test_the_code_is_not_asked_of_someone_who_never_turned_it_on(client, officer):
    start_second_factor(officer)  # started but never confirmed
    assert _sign_in(client).status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/can-bo/", "//evil.example/", "http://evil.example"])
def test_next_to_another_host_is_ignored(client, officer, target):
    response = _sign_in(client, next=target)
    assert response.status_code == 302 and response["Location"] == "/"
    form = client.get("/dang-nhap/", {"next": target}).content.decode().split('action="/dang-nhap/"')[1]
    assert '<input type="hidden" name="next" value="/">' in form.split("</form>")[0]


def test_logout_is_post_only(client, officer):
    client.force_login(officer)
    assert client.get("/dang-xuat/").status_code == 405
    assert "_auth_user_id" in client.session  # a link or an image cannot sign anyone out
    response = client.post("/dang-xuat/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/"
    assert "_auth_user_id" not in client.session


def test_logout_needs_the_csrf_token(officer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    assert strict.post("/dang-xuat/").status_code == 403
    assert "_auth_user_id" in strict.session


def test_a_citizen_signs_in_too(client, world):
    citizen = get_user_model().objects.get(username="citizen")
    citizen.set_password(PASSWORD)
    citizen.save()
    assert _sign_in(client, username="citizen").status_code == 302
