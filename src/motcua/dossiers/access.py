"""Who may see which dossiers: the one place every page, API route and export asks.

- an official sees the dossiers of the units they serve: received there, competent there,
  held there now, or with an agency task there;
- a leader (lãnh đạo) and a service-centre supervisor also see every unit below theirs;
- a citizen or organisation sees only their own dossiers;
- a system administrator sees every dossier (administration, audit), but acts on none;
- nobody else sees anything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save

from motcua import sql_rows, timesource
from motcua.dossiers.models import Dossier, DossierTask
from motcua.rules.lifecycle import Role
from motcua.units.models import Official, Unit

_WIDE_ROLES = {Role.LEADER.value, Role.SUPERVISOR.value}


@dataclass(frozen=True)
class Viewer:
    """What one user may see, worked out once per request."""

    user_id: int | None
    units: frozenset[int] = frozenset()
    everything: bool = False
    roles: frozenset[str] = frozenset()  # the roles of the user's live posts (for menus)

    @property
    def is_official(self) -> bool:
        return bool(self.units)


NOBODY = Viewer(user_id=None)


_TREE_SECONDS = 60.0
_tree: tuple[float, dict[int, list[int]]] | None = None


def _children() -> dict[int, list[int]]:
    """parent -> children of the unit tree, read once a minute per process (and again at once
    when this process changes a unit): every request needs it, and it changes a few times a year."""
    global _tree
    if _tree is None or time.monotonic() > _tree[0]:
        children: dict[int, list[int]] = {}
        for pk, parent in Unit.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        _tree = (time.monotonic() + _TREE_SECONDS, children)
    return _tree[1]


def forget_unit_tree(**_kwargs) -> None:
    global _tree
    _tree = None


post_save.connect(forget_unit_tree, sender=Unit, dispatch_uid="access-unit-tree-save")
post_delete.connect(forget_unit_tree, sender=Unit, dispatch_uid="access-unit-tree-delete")


def _below(roots: set[int]) -> set[int]:
    """``roots`` and every unit under them (the unit tree is shallow: a few levels)."""
    children = _children()
    seen, stack = set(roots), list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


#: a post (alias ``o``) held on the day given twice as parameters
LIVE_POST = "(o.valid_from IS NULL OR o.valid_from <= %s) AND (o.valid_to IS NULL OR o.valid_to >= %s)"
_POSTS = f"SELECT o.unit_id, o.role FROM {Official._meta.db_table} o WHERE o.user_id = %s AND {LIVE_POST}"


def live_posts(user_id: int, on: date) -> list[tuple[int, str]]:
    """(unit, role) of each post the user holds on ``on``: read on every signed-in request, so
    by a constant statement (the ORM took ~0.5 ms building it)."""
    day = sql_rows.day(on)
    return sql_rows.fetch(_POSTS, [user_id, day, day])


def viewer_for(user, on: date | None = None) -> Viewer:
    """What ``user`` may see on ``on`` (today). The posts come with the user when the request's
    user was read with them (``accounts.backends``: one statement for both), else are read."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    on = on or timesource.today()
    read = getattr(user, "live_posts_on", None)
    posts = read[1] if read is not None and read[0] == on else live_posts(user.pk, on)
    if user.is_superuser or any(role == Role.ADMIN.value for _, role in posts):
        return Viewer(user_id=user.pk, everything=True, roles=frozenset(role for _, role in posts))
    units = {unit for unit, _ in posts}
    wide = {unit for unit, role in posts if role in _WIDE_ROLES}
    if wide:
        units |= _below(wide)
    return Viewer(user_id=user.pk, units=frozenset(units), roles=frozenset(role for _, role in posts))


def visible_dossiers(viewer: Viewer, dossiers: QuerySet | None = None) -> QuerySet:
    """The dossiers ``viewer`` may see (their own, and those of the units they serve)."""
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    if viewer.everything:
        return dossiers
    if viewer.user_id is None:
        return dossiers.none()
    mine = Q(applicant_user_id=viewer.user_id)
    if not viewer.units:
        return dossiers.filter(mine)
    units = list(viewer.units)
    tasks = DossierTask.objects.filter(dossier=OuterRef("pk"), agency_id__in=units)
    return dossiers.filter(mine | Q(receiving_unit_id__in=units) | Q(competent_unit_id__in=units)
                           | Q(holder_unit_id__in=units) | Q(Exists(tasks)))


def can_see(viewer: Viewer, dossier: Dossier) -> bool:
    """The same rule for one dossier (no query unless the answer hangs on a joint task)."""
    if viewer.everything:
        return True
    if viewer.user_id is None:
        return False
    if dossier.applicant_user_id == viewer.user_id:
        return True
    if not viewer.units:
        return False
    if {dossier.receiving_unit_id, dossier.competent_unit_id, dossier.holder_unit_id} & viewer.units:
        return True
    return DossierTask.objects.filter(dossier=dossier, agency_id__in=viewer.units).exists()
