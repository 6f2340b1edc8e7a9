"""The lookup's own lane (``portal.lookup_lane``) answers a visitor's ``GET /tra-cuu/`` exactly as
Django's whole stack does: the same status, the same headers (cookie attributes included), the
same page byte for byte, in both languages, with or without a CSRF cookie, for every outcome;
and it leaves to Django everything it must not answer."""

import re

import pytest
from django.core.signals import request_started
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import RequestFactory

from motcua.config import wsgi
from motcua.portal import lookup_lane
from tests.api.test_schemathesis import in_test_transaction  # noqa: F401  (fixture)
from tests.portal.test_lookup_page import birth  # noqa: F401  (fixture)
from tests.portal.test_lookup_shell import CASES, _same_tokens  # the same five outcomes

SECRET = _get_new_csrf_string()


def call(app, environ):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    body = b"".join(app(dict(environ), start_response))
    return seen["status"], seen["headers"], body.decode()


def comparable(status, headers, body):
    """What must be equal: the headers but the moment (Expires, and the cookie's expiry: the two
    answers may fall in different seconds) and the cookie's fresh value when a new one is made,
    the page but its masked CSRF tokens (new for every page)."""
    out = []
    for name, value in headers:
        if name == "Expires":
            continue
        if name == "Set-Cookie":
            value = re.sub(r"expires=[^;]+;", "expires=WHEN;", value)
            if SECRET not in value:
                value = re.sub(r"csrftoken=[A-Za-z0-9]+;", "csrftoken=NEW;", value)
        out.append((name, value))
    return status, sorted(out), _same_tokens(body)


def environ(params, cookie="", accept="", ip="203.0.113.7", host="testserver", method="get"):
    extra = {"REMOTE_ADDR": ip, "HTTP_HOST": host}
    if cookie:
        extra["HTTP_COOKIE"] = cookie
    if accept:
        extra["HTTP_ACCEPT_LANGUAGE"] = accept
    return getattr(RequestFactory(), method)("/tra-cuu/", params, **extra).environ


def both(env):
    lane = call(wsgi.application, env)
    stack = call(wsgi.django_application, env)
    return lane, stack


COOKIES = {"no cookie": "", "a CSRF cookie": f"csrftoken={SECRET}",
           "an old masked CSRF cookie": f"csrftoken={_mask_cipher_secret(SECRET)}",
           "a broken CSRF cookie": "csrftoken=not-a-token"}
LANGUAGES = {"vi": ("", ""), "en by cookie": ("django_language=en", ""), "en by browser": ("", "en-GB,en;q=0.8")}


@pytest.mark.one_backend("sqlite")  # 60 cases of the HTTP layer; the query is the page's, tested on both
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("cookie", COOKIES)
@pytest.mark.parametrize("case", CASES)
def test_the_lane_answers_as_the_whole_stack(world, birth, in_test_transaction, case, cookie, language):  # noqa: F811
    params = {k: birth.code if v is None else v for k, v in CASES[case].items()}
    language_cookie, accept = LANGUAGES[language]
    cookies = "; ".join(c for c in (COOKIES[cookie], language_cookie) if c)
    lane, stack = both(environ(params, cookies, accept))
    assert comparable(*lane) == comparable(*stack)
    status, headers, page = lane
    assert status.split()[0] == {"empty form": "200", "found": "200", "wrong digits": "404", "malformed": "400",
                                 "odd characters in the address": "404"}[case]
    assert dict(headers)["Content-Language"] == ("vi" if language == "vi" else "en")
    assert ("csrftoken=" + SECRET) in dict(headers)["Set-Cookie"] or cookie not in ("a CSRF cookie",
                                                                                     "an old masked CSRF cookie")


def test_past_the_limit_both_refuse_alike_and_say_how_long_to_wait(world, birth, in_test_transaction, settings):  # noqa: F811
    for n in range(settings.MOTCUA_LOOKUP_CODE_MAX_FAILURES):
        call(wsgi.application, environ({"code": birth.code, "last4": f"{n:04d}"}, ip=f"198.51.100.{n}"))
    lane, stack = both(environ({"code": birth.code, "last4": "2345"}, ip="192.0.2.1"))
    assert lane[0] == "429 Too Many Requests"
    assert comparable(*lane) == comparable(*stack)
    assert int(dict(lane[1])["Retry-After"]) > 0


def test_the_lane_does_not_call_django_for_a_visitor(world, birth, in_test_transaction, monkeypatch):  # noqa: F811
    monkeypatch.setattr(wsgi.application, "app", lambda environ, start_response: pytest.fail("Django was called"))
    status, _headers, page = call(wsgi.application, environ({"code": birth.code, "last4": "2345"}))
    assert status == "200 OK" and birth.code in page


@pytest.mark.parametrize("reason,env", [
    ("signed in (a session cookie)", {"cookie": "sessionid=abc"}),
    ("a message waiting", {"cookie": "messages=abc"}),
    ("a host Django refuses", {"host": "evil.example"}),
    ("not a GET", {"method": "post"}),
    ("to be moved to HTTPS", {}),
])
def test_everything_else_is_left_to_django(world, birth, in_test_transaction, monkeypatch, settings,  # noqa: F811
                                           reason, env):
    asked = []

    def django(environ, start_response):
        asked.append(environ["PATH_INFO"])
        start_response("204 No Content", [])
        return [b""]

    monkeypatch.setattr(wsgi.application, "app", django)
    if reason == "to be moved to HTTPS":
        settings.SECURE_SSL_REDIRECT = True  # the lane's steps are built again from the settings
    started = []

    def count(**kwargs):
        started.append(kwargs)

    request_started.connect(count)  # the lane sends none when it leaves the request to Django
    try:
        call(wsgi.application, environ({"code": birth.code, "last4": "2345"}, **env))
    finally:
        request_started.disconnect(count)
    assert asked == ["/tra-cuu/"] and started == [], reason


def test_an_error_in_the_lane_leaves_the_answer_to_django(world, birth, in_test_transaction, monkeypatch):  # noqa: F811
    monkeypatch.setattr(lookup_lane, "answer", lambda request: 1 / 0)
    status, _headers, page = call(wsgi.application, environ({"code": birth.code, "last4": "2345"}))
    assert status == "200 OK" and birth.code in page
