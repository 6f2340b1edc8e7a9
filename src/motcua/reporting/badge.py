"""The menu's unread-notice badge (``{{ unread_notices }}``): counted at most once a minute per
user and process, so that the workbench's busiest pages do not pay a query for it on every
request; marking notices read here clears it at once."""

from __future__ import annotations

from django.core.cache import cache

from motcua.reporting.queries import unread_count

SECONDS = 60


def _key(user_id: int) -> str:
    return f"motcua:unread-notices:{user_id}"


def unread_badge(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return cache.get_or_set(_key(user.pk), lambda: unread_count(user), SECONDS)


def forget(user_id: int) -> None:
    cache.delete(_key(user_id))


def notices(request) -> dict:
    """Context processor: the badge, counted only when a page shows it."""
    user = getattr(request, "user", None)
    return {"unread_notices": lambda: unread_badge(user)}
