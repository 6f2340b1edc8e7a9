"""``{% menu %}``: the top bar's menu, rendered once per language and kind of user and then kept.

It names up to twenty pages, each a URL to reverse and a label to translate, on every page of
the site: the base layout alone took 1.3–1.5 ms to render for a visitor with the menu rendered
each time, and 0.7–1.1 ms with it kept. What it shows depends only on the language and on a few
facts about the user (signed in, an official, at a reception desk, leading a unit, serving a
unit), so those facts are its key; nothing personal is in it."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.translation import get_language

register = template.Library()

FACTS = ("signed_in", "official", "reception", "leads", "serves")


def facts(request) -> tuple[bool, ...]:
    """What the menu depends on, in the order of ``FACTS``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return (False,) * len(FACTS)
    viewer = request.viewer
    roles = viewer.roles
    return (True, bool(viewer.units or viewer.everything), "reception" in roles,
            bool(viewer.everything or "leader" in roles or "supervisor" in roles), bool(viewer.units))


@lru_cache(maxsize=256)
def kept_menu(language: str | None, flags: tuple[bool, ...]) -> str:
    return render_to_string("web/_menu.html", dict(zip(FACTS, flags, strict=True)))


@register.simple_tag(takes_context=True)
def menu(context) -> str:
    request = context.get("request")
    slot = getattr(request, "menu_html", None)  # web.shell's kept layout leaves the menu a slot
    return slot if slot is not None else kept_menu(get_language(), facts(request))


@receiver(setting_changed)
def _forget(*, setting, **_kwargs) -> None:
    if setting in {"ROOT_URLCONF", "TEMPLATES", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS"}:
        kept_menu.cache_clear()
