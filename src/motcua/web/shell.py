"""Pages for visitors who are not signed in, put together from the site's layout rendered once
per language and then kept (the "shell").

The layout (``web/base.html``) took more than half of a public page's time: on the citizen
lookup, 2.0 ms a request through the whole stack with it, 0.6–0.9 ms without it. For a visitor
who is not signed in and has no message waiting, the layout differs from one request to the
next only by the CSRF token, the page's own address (the language switch's ``next`` and the
sign-in link) and the page's title and content. The shell is the layout rendered with markers in
those places, split there; a page fills them in. ``tests/portal/test_lookup_shell.py`` proves
that the result is the same, byte for byte, as rendering the layout.

A signed-in user's layout also differs by their name, their unread-notice badge and their menu
(``{% menu %}``, itself kept per kind of user); those are slots too, and the shell is kept per
language, per whether the user serves a unit (their name then links to the second factor) and per
whether the badge shows. ``render`` gives a page whose template extends the layout: it renders
only the page's ``title`` and ``content`` blocks and puts them in the kept layout (on the dossier
page and the worklist the layout was ~0.6 ms of 1.7–2.3 ms of template).
``tests/web/test_member_shell.py`` proves those pages the same, byte for byte.

Anyone with a message to show gets the layout rendered as usual.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import quote

from django.contrib.auth.models import AnonymousUser
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.context import make_context
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import ExtendsNode
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from motcua.accounts.names import person_name
from motcua.reporting.badge import unread_badge
from motcua.web.templatetags.menu import facts, kept_menu

LAYOUT = "web/page.html"  # base.html with a title and the page's own HTML
_TOKEN, _TITLE, _CONTENT = "zzshelltokenzz", "zzshelltitlezz", "zzshellcontentzz"
_PATH = "zzshell pathzz"  # the space tells the two ways the address is written: as is, or %20
_PERSON, _NOTICES, _MENU = "zzshellpersonzz", "zzshellnoticeszz", "zzshellmenuzz"
_SLOTS = {_TOKEN: "token", _TITLE: "title", _CONTENT: "content", _PATH: "path",
          quote(_PATH): "path_quoted", _PERSON: "person", _NOTICES: "notices", _MENU: "menu"}
BASE = "web/base.html"
_SPLIT = re.compile("(" + "|".join(re.escape(m) for m in _SLOTS) + ")")


@lru_cache(maxsize=8)
def _shell(language: str | None) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """The layout for a visitor, split at its slots: (texts, slot names), alternating."""
    visitor = SimpleNamespace(user=AnonymousUser(), get_full_path=lambda: _PATH, viewer=None)
    return _split(render_to_string(LAYOUT, {"request": visitor, "csrf_token": _TOKEN, "page_title": _TITLE,
                                            "page_html": _CONTENT}))


@lru_cache(maxsize=16)
def _member_shell(language: str | None, serves: bool, badge: bool) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """The layout for a signed-in user, split at its slots (name, badge and menu among them)."""
    user = SimpleNamespace(is_authenticated=True, last_name=_PERSON, first_name="", username="")
    member = SimpleNamespace(user=user, get_full_path=lambda: _PATH, viewer=SimpleNamespace(units=serves),
                             menu_html=_MENU)
    return _split(render_to_string(LAYOUT, {"request": member, "csrf_token": _TOKEN, "page_title": _TITLE,
                                            "page_html": _CONTENT, "unread_notices": _NOTICES if badge else 0,
                                            "messages": ()}))


def _split(html: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    pieces = _SPLIT.split(html)
    return tuple(pieces[0::2]), tuple(_SLOTS[m] for m in pieces[1::2])


def _join(shell: tuple[tuple[str, ...], tuple[str | None, ...]], values: dict) -> str:
    texts, slots = shell
    out = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=True):
        out.append(values[slot])
        out.append(text)
    return "".join(out)


def for_visitor(request) -> bool:
    """The shell fits: the visitor is not signed in and has no message waiting."""
    return not request.user.is_authenticated and _no_messages(request)


def for_member(request) -> bool:
    """The member's shell fits: the user is signed in and has no message waiting."""
    return request.user.is_authenticated and _no_messages(request)


def _no_messages(request) -> bool:
    messages = getattr(request, "_messages", None)
    return messages is None or not len(messages)  # len() reads them without marking them shown


def fill(request, title: str, content: str) -> str:
    """The layout for ``request`` with ``title`` (text) and ``content`` (HTML) in place."""
    return assemble(title, content, get_token(request), request.get_full_path())


def assemble(title: str, content: str, token: str, path: str) -> str:
    """The layout in the active language with its slots filled: ``title`` (text), ``content``
    (HTML), the CSRF ``token`` and the page's own ``path`` (with its query)."""
    return _join(_shell(get_language()), {"token": token, "title": escape(title), "content": content,
                                          "path": escape(path), "path_quoted": escape(quote(path))})


def _blocks(template) -> dict | None:
    """The ``title`` and ``content`` blocks of a template that extends the layout directly."""
    nodes = [n for n in template.nodelist if isinstance(n, ExtendsNode)]
    if len(nodes) != 1 or nodes[0].parent_name.var != BASE or set(nodes[0].blocks) - {"title", "content"}:
        return None
    return nodes[0].blocks


def render(request, template_name: str, context: dict, status: int = 200) -> HttpResponse:
    """``django.shortcuts.render`` for a page that extends the layout; for a signed-in user
    without a message waiting, its two blocks in the kept layout."""
    template = get_template(template_name)
    blocks = _blocks(template.template) if for_member(request) else None
    if blocks is None:
        return HttpResponse(template.render(context, request), status=status)
    inner = template.template
    ctx = make_context(context, request, autoescape=template.backend.engine.autoescape)
    with ctx.render_context.push_state(inner), ctx.bind_template(inner):
        ctx.template_name = inner.name
        title = blocks["title"].render(ctx) if "title" in blocks else "motcua"
        content = blocks["content"].render(ctx) if "content" in blocks else ""
    user, path = request.user, request.get_full_path()
    notices, language = unread_badge(user), get_language()
    html = _join(_member_shell(language, bool(request.viewer.units), bool(notices)), {
        "token": get_token(request), "title": title, "content": content, "path": escape(path),
        "path_quoted": escape(quote(path)), "person": escape(person_name(user)), "notices": escape(localize(notices)),
        "menu": kept_menu(language, facts(request))})
    return HttpResponse(html, status=status)


def page(request, title: str, html: str, status: int = 200) -> HttpResponse:
    """A page of the site: its own ``html`` inside the layout, under ``title``."""
    if for_visitor(request):
        return HttpResponse(fill(request, title, html), status=status)
    return render(request, LAYOUT, {"page_title": title, "page_html": mark_safe(html)}, status=status)  # noqa: S308


@receiver(setting_changed)
def _forget(*, setting, **_kwargs) -> None:
    if setting in {"ROOT_URLCONF", "TEMPLATES", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS", "STATIC_URL",
                   "STORAGES"}:
        _shell.cache_clear()
        _member_shell.cache_clear()
