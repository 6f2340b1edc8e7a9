"""The lookup page for a visitor who is not signed in is put together from the kept layout
(``web.shell``): byte for byte the page the layout renders, in both languages and for every
answer, with a CSRF token that works; anyone signed in, or with a message waiting, gets the
layout rendered as usual."""

import re

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory

from motcua.web import shell
from tests.portal.test_lookup_page import birth, get  # noqa: F401  (fixture)

_TOKENS = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+')


def _same_tokens(html: str) -> str:
    return _TOKENS.sub(r"\1TOKEN", html)


def both_ways(client, monkeypatch, path, params):
    """The page from the kept layout, then rendered in full (the shell refused)."""
    kept = client.get(path, params, REMOTE_ADDR="203.0.113.7")
    with monkeypatch.context() as m:
        m.setattr(shell, "for_visitor", lambda request: False)
        rendered = client.get(path, params, REMOTE_ADDR="203.0.113.7")
    return kept, rendered


CASES = {
    "empty form": {},
    "found": {"code": None, "last4": "2345"},
    "wrong digits": {"code": None, "last4": "0000"},
    "malformed": {"code": None, "last4": "12a"},
    "odd characters in the address": {"code": 'Đ<"&\' />x', "last4": "1234"},
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("case", CASES)
def test_the_kept_layout_gives_the_page_the_layout_renders(client, world, birth, monkeypatch, language, case):
    client.cookies["django_language"] = language
    params = {k: birth.code if v is None else v for k, v in CASES[case].items()}
    kept, rendered = both_ways(client, monkeypatch, "/tra-cuu/", params)
    assert kept.status_code == rendered.status_code
    assert kept["Content-Language"] == language
    assert _same_tokens(kept.content.decode()) == _same_tokens(rendered.content.decode())
    assert ("Tra cứu hồ sơ" if language == "vi" else "Track a dossier") in kept.content.decode()
    assert {k: v for k, v in kept.items() if k != "Expires"} == {k: v for k, v in rendered.items() if k != "Expires"}


def test_the_address_is_written_escaped_in_the_form_and_quoted_in_the_sign_in_link(client, world, birth):
    page = get(client, '<b>"x"</b>', "1234").content.decode()
    assert "<b>" not in page
    assert 'name="next" value="/tra-cuu/?code=%3Cb%3E%22x%22%3C%2Fb%3E&amp;last4=1234"' in page
    assert "?next=/tra-cuu/%3Fcode%3D%253Cb%253E%2522x%2522%253C%252Fb%253E%26last4%3D1234" in page


def test_the_language_switch_on_a_kept_page_carries_a_working_csrf_token(world, birth):
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/tra-cuu/", {"code": birth.code, "last4": "2345"}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page).group(1)
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/tra-cuu/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302
    assert "Track a dossier" in visitor.get("/tra-cuu/").content.decode()
    refused = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": "x"})
    assert refused.status_code == 403


def test_a_signed_in_citizen_gets_the_layout_with_their_account(client, world, birth):
    client.force_login(world.users["citizen"])
    page = get(client, birth.code, "2345").content.decode()
    assert "Đăng xuất" in page and birth.code in page
    assert "/dang-nhap/?next=" not in page


def test_a_visitor_with_a_message_waiting_does_not_get_the_kept_layout(rf: RequestFactory, db):
    request = rf.get("/tra-cuu/")
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request.user, request.session = AnonymousUser(), SessionStore()
    request._messages = FallbackStorage(request)
    assert shell.for_visitor(request)
    request._messages.add(constants.INFO, "Đã đăng xuất.")
    assert not shell.for_visitor(request)
    assert [str(m) for m in get_messages(request)] == ["Đã đăng xuất."]  # still there to be shown
