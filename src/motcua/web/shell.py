"""Pages for visitors who are not signed in, put together from the site's layout rendered once
per language and then kept (the "shell").

The layout (``web/base.html``) took more than half of a public page's time: on the citizen
lookup, 2.0 ms a request through the whole stack with it, 0.6–0.9 ms without it. For a visitor
who is not signed in and has no message waiting, the layout differs from one request to the
next only by the CSRF token, the page's own address (the language switch's ``next`` and the
sign-in link) and the page's title and content. The shell is the layout rendered with markers in
those places, split there; a page fills them in. ``tests/portal/test_lookup_shell.py`` proves
that the result is the same, byte for byte, as rendering the layout.

Anyone else (signed in, or with a message to show) gets the layout rendered as usual.
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
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

LAYOUT = "web/page.html"  # base.html with a title and the page's own HTML
_TOKEN, _TITLE, _CONTENT = "zzshelltokenzz", "zzshelltitlezz", "zzshellcontentzz"
_PATH = "zzshell pathzz"  # the space tells the two ways the address is written: as is, or %20
_SLOTS = {_TOKEN: "token", _TITLE: "title", _CONTENT: "content", _PATH: "path",
          quote(_PATH): "path_quoted"}
_SPLIT = re.compile("(" + "|".join(re.escape(m) for m in _SLOTS) + ")")


@lru_cache(maxsize=8)
def _shell(language: str | None) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """The layout for a visitor, split at its slots: (texts, slot names), alternating."""
    visitor = SimpleNamespace(user=AnonymousUser(), get_full_path=lambda: _PATH, viewer=None)
    html = render_to_string(LAYOUT, {"request": visitor, "csrf_token": _TOKEN, "page_title": _TITLE,
                                     "page_html": _CONTENT})
    pieces = _SPLIT.split(html)
    return tuple(pieces[0::2]), tuple(_SLOTS[m] for m in pieces[1::2])


def for_visitor(request) -> bool:
    """The shell fits: the visitor is not signed in and has no message waiting."""
    if request.user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return messages is None or not len(messages)  # len() reads them without marking them shown


def fill(request, title: str, content: str) -> str:
    """The layout for ``request`` with ``title`` (text) and ``content`` (HTML) in place."""
    return assemble(title, content, get_token(request), request.get_full_path())


def assemble(title: str, content: str, token: str, path: str) -> str:
    """The layout in the active language with its slots filled: ``title`` (text), ``content``
    (HTML), the CSRF ``token`` and the page's own ``path`` (with its query)."""
    texts, slots = _shell(get_language())
    values = {"token": token, "title": escape(title), "content": content, "path": escape(path),
              "path_quoted": escape(quote(path))}
    out = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=True):
        out.append(values[slot])
        out.append(text)
    return "".join(out)


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
