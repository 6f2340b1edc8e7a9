"""Turning users into the rules' ``Actor``: an official acts for the units of their posts."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from motcua import timesource
from motcua.rules.calendar import VN_TZ

from motcua.rules.acting import SYSTEM, Actor
from motcua.rules.lifecycle import Role
from motcua.units.models import Official

__all__ = ["SYSTEM", "actor_id", "official_actor", "applicant_actor", "officer_units"]


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


def officer_units(user, on: date | None = None) -> frozenset[int]:
    """Units where ``user`` holds a live processing or leading post (who may be assigned a
    dossier there). One small indexed read; called on every assignment."""
    from django.db import connection

    on = on or timesource.now().astimezone(VN_TZ).date()
    table = Official._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id FROM {table} WHERE user_id = %s AND role IN (%s, %s) "
            "AND (valid_from IS NULL OR valid_from <= %s) AND (valid_to IS NULL OR valid_to >= %s)",
            [user.pk, Role.PROCESSING.value, Role.LEADER.value, on, on],
        )
        return frozenset(row[0] for row in cursor.fetchall())
