"""Who may see and handle which cases: the one place every page, API route and export asks.
``viewer`` is a ``dossiers.access.Viewer`` (``viewer_for(request.user)``).

- an official sees the cases handled by, or concerning, the units they serve (a leader or a
  supervisor: their unit and the units below it), and the cases they filed themselves;
- a citizen or organisation sees only their own cases (filed from their account);
- the system administrator sees every case (administration, audit) but handles none;
- the officials of the handling unit handle the case;
- leaders, supervisors and the administrator see the hot-spot view.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from motcua.complaints.models import Case
from motcua.dossiers.access import Viewer
from motcua.rules.lifecycle import Role

HOTSPOT_ROLES = frozenset({Role.LEADER.value, Role.SUPERVISOR.value, Role.ADMIN.value})


def visible_cases(viewer: Viewer, cases: QuerySet | None = None) -> QuerySet:
    cases = Case.objects.all() if cases is None else cases
    if viewer.everything:
        return cases
    if viewer.user_id is None:
        return cases.none()
    mine = Q(account_id=viewer.user_id)
    if not viewer.units:
        return cases.filter(mine)
    units = list(viewer.units)
    return cases.filter(mine | Q(handling_unit_id__in=units) | Q(concerned_unit_id__in=units))


def may_see(viewer: Viewer, case: Case) -> bool:
    if viewer.everything:
        return True
    if viewer.user_id is None:
        return False
    if case.account_id is not None and case.account_id == viewer.user_id:
        return True
    return bool({case.handling_unit_id, case.concerned_unit_id} & viewer.units)


def may_handle(viewer: Viewer, case: Case) -> bool:
    """Officials of the handling unit (or a leader above it); not the filer, not the official
    the case is about."""
    if viewer.user_id is None or case.handling_unit_id not in viewer.units:
        return False
    return viewer.user_id not in (case.account_id, case.concerned_official_id)


def may_see_hotspots(viewer: Viewer) -> bool:
    return viewer.everything or bool(viewer.roles & HOTSPOT_ROLES)
