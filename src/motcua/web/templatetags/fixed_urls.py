"""``{% fixed_url 'web:home' %}`` and ``{% fixed_static 'web/app.css' %}``: addresses that take
no arguments, worked out once per process (and script prefix) instead of on every page: the base
layout's six reversals and three static files took a third of its rendering."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _reverse(name: str, _prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


@lru_cache(maxsize=256)
def _static(path: str, _prefix: str) -> str:
    return static(path)


@register.simple_tag
def fixed_url(name: str) -> str:
    return _reverse(name, get_script_prefix(), get_urlconf())


@register.simple_tag
def fixed_static(path: str) -> str:
    return _static(path, get_script_prefix())


@receiver(setting_changed)
def _forget(*, setting, **_kwargs) -> None:
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"}:
        _reverse.cache_clear()
        _static.cache_clear()
