"""Who may see the organisation review, the rotation list and a unit's positions (the one place
pages, API routes and exports ask):

- the administrator and a service-centre supervisor (giám sát) see every unit;
- a unit leader (lãnh đạo) sees the units they serve (their own and those below);
- nobody else (other officials, citizens): 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from motcua.dossiers.access import Viewer
from motcua.rules.lifecycle import Role

DENIED = "Chỉ lãnh đạo đơn vị, cán bộ giám sát hoặc quản trị hệ thống được xem tổ chức bộ máy."


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    units: frozenset[int] = frozenset()

    def covers(self, unit_ids) -> bool:
        """Whether a line about ``unit_ids`` (one id or several) is in view."""
        if self.everything:
            return True
        ids = (unit_ids,) if isinstance(unit_ids, int) else tuple(unit_ids)
        return any(i in self.units for i in ids)


EVERYTHING = Scope(everything=True)


def organisation_scope(viewer: Viewer) -> Scope:
    """The units whose organisation ``viewer`` may see; raises ``PermissionDenied`` for anyone else."""
    if viewer.everything or Role.SUPERVISOR.value in viewer.roles:
        return EVERYTHING
    if Role.LEADER.value in viewer.roles and viewer.units:
        return Scope(units=viewer.units)
    raise PermissionDenied(DENIED)
