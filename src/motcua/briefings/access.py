"""Who may do what with briefings: any official reads meetings and packs (``programmes.access.
may_read``); the programme's committee steers them (create, agenda, conclusions, notice, assign)
under ``programmes.access.may_steer``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from motcua.programmes.access import may_read, may_steer

__all__ = ["may_read", "may_steer", "require_steer", "STEER_REFUSED"]

STEER_REFUSED = "Chỉ Ban Chỉ đạo của chương trình (thành viên, lãnh đạo cơ quan thường trực, giám sát) được điều hành giao ban."


def require_steer(viewer, programme) -> None:
    if not may_steer(viewer, programme):
        raise PermissionDenied(STEER_REFUSED)
