"""Turning users into the rules' ``Actor``: an official acts for the units of their posts."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from motcua.rules.acting import SYSTEM, Actor
from motcua.rules.lifecycle import Role
from motcua.units.models import Official

__all__ = ["SYSTEM", "actor_id", "official_actor", "applicant_actor"]


def actor_id(user) -> str:
    return f"u{user.pk}"


def official_actor(user, role: Role | str, on: date | None = None) -> Actor:
    """The user acting in ``role`` for every unit where they hold a live post with that role."""
    role = Role(role)
    posts = Official.objects.filter(user=user, role=role.value)
    if on is not None:
        posts = posts.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                             Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return Actor(id=actor_id(user), role=role, units=frozenset(posts.values_list("unit_id", flat=True)))


def applicant_actor(user) -> Actor:
    return Actor(id=actor_id(user), role=Role.APPLICANT)
