"""The worklist and the dossier page of a signed-in official are put together from the kept layout
(``web.shell.render``): byte for byte the page the layout renders, for each kind of user, in both
languages, with and without unread notices and with odd characters in the address; a message
waiting is shown as before."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from motcua.dossiers import services as sv
from motcua.reporting import badge
from motcua.reporting.models import Notice
from motcua.web import shell
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db

_TOKENS = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+')


def _same_tokens(html: str) -> str:
    return _TOKENS.sub(r"\1TOKEN", html)


def both_ways(client, monkeypatch, path, params=None):
    """The page from the kept layout, then with the whole layout rendered (the shell refused)."""
    kept = client.get(path, params or {})
    with monkeypatch.context() as m:
        m.setattr(shell, "for_member", lambda request: False)
        rendered = client.get(path, params or {})
    assert kept.status_code == rendered.status_code == 200
    assert {k: v for k, v in kept.items() if k != "Expires"} == {k: v for k, v in rendered.items() if k != "Expires"}
    return kept.content.decode(), rendered.content.decode()


def _dossier(world):
    d = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.permit,
                              receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2))
    sv.transfer_dossier(d, world.official("reception", "reception"), now=vn(2026, 3, 2, 10))
    return d


def _administrator():
    return get_user_model().objects.create(username="quantri", is_superuser=True)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("who", ["reception", "builder_head", "administrator"])
@pytest.mark.parametrize("notices", [0, 3])
def test_the_kept_layout_gives_the_pages_the_layout_renders(client, world, monkeypatch, language, who, notices):
    d = _dossier(world)
    user = _administrator() if who == "administrator" else world.users[who]
    user.first_name, user.last_name = 'Đình "A"', "Nguyễn <Văn>"
    user.save()
    for n in range(notices):
        Notice.objects.create(user=user, kind=Notice.Kind.TASK_DUE, text=f"Nhiệm vụ {n}", key=f"k{n}",
                              created_at=vn(2026, 3, 2))
    badge.forget(user.pk)
    client.force_login(user)
    client.cookies["django_language"] = language
    pages = [(f"/can-bo/ho-so/{d.pk}/", {}), ("/can-bo/", {}), ("/can-bo/", {"q": '<b>"Đình"</b> & x', "page": "2"})]
    for path, params in pages:
        kept, rendered = both_ways(client, monkeypatch, path, params)
        assert _same_tokens(kept) == _same_tokens(rendered)
        assert "Nguyễn &lt;Văn&gt; Đình &quot;A&quot;" in kept
        assert (f'<span class="badge" title="' in kept) == bool(notices)
        assert ("Bàn làm việc" if language == "vi" else "Workbench") in kept
        assert ('<a class="who" href="/tai-khoan/xac-thuc-hai-lop/"' in kept) == (who != "administrator")


def test_a_waiting_message_is_shown_and_the_form_token_works(client, world):
    d = _dossier(world)
    client.force_login(world.users["builder_head"])
    waiting = CookieStorage(RequestFactory().get("/"))._encode([Message(constants.SUCCESS, "Đã chuyển hồ sơ.")])
    client.cookies[CookieStorage.cookie_name] = waiting
    page = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert 'class="messages"' in page and "Đã chuyển hồ sơ." in page
    page = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert 'class="messages"' not in page  # shown once, as before
    enforcing = client.__class__(enforce_csrf_checks=True)
    enforcing.force_login(world.users["builder_head"])
    enforcing.get(f"/can-bo/ho-so/{d.pk}/")
    token = _TOKENS.search(enforcing.get(f"/can-bo/ho-so/{d.pk}/").content.decode())[0].rsplit('"', 1)[1]
    assert enforcing.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token}).status_code == 302
