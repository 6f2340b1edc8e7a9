"""Who may do what with surveys: any official reads rounds and results; only a service-centre
supervisor (giám sát) or an administrator (quản trị) creates and runs rounds."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from motcua.dossiers.access import Viewer
from motcua.rules.lifecycle import Role
from motcua.web.guards import official

MANAGERS = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})


def may_read(viewer: Viewer) -> bool:
    return viewer.everything or bool(viewer.units)


def may_manage(viewer: Viewer) -> bool:
    return viewer.everything or bool(MANAGERS & viewer.roles)


def survey_manager(view):
    """Officials who may create and run rounds (others: 403)."""

    @official
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_manage(request.viewer):
            raise PermissionDenied("Chỉ cán bộ giám sát hoặc quản trị hệ thống được tổ chức khảo sát.")
        return view(request, *args, **kwargs)

    return wrapper
