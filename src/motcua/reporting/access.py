"""Who may do what with periodic reports (the programmes' rules, ``programmes.access``, applied):

- any official, and any committee member with an account, reads reports, the committee's view
  of a period and the attachments;
- a lead unit's report is filed by an official serving that unit (a unit that leads a task of
  the programme), or by the committee on its behalf;
- the committee (``may_steer``) closes a period;
- notices are read by the person they were sent to, and nobody else.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from motcua.dossiers.access import Viewer
from motcua.programmes.access import may_read, may_steer  # noqa: F401  (re-exported for the app)
from motcua.web.guards import LOGIN_URL


def may_file(viewer: Viewer, programme, unit) -> bool:
    if viewer.user_id is None:
        return False
    if unit.pk in viewer.units and programme.tasks.filter(lead_unit=unit).exists():
        return True
    return may_steer(viewer, programme)


def may_read_reports(viewer: Viewer, user) -> bool:
    """Officials, and committee members with an account."""
    return may_read(viewer) or bool(getattr(user, "is_authenticated", False) and user.committee_seats.exists())


def official_or_committee(view):
    """Pages of the steering tools: officials, and committee members with an account (who may hold
    no post in any unit); others 403, anonymous users to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        if not may_read_reports(request.viewer, request.user):
            raise PermissionDenied("Trang này dành cho cán bộ, công chức và thành viên Ban Chỉ đạo.")
        return view(request, *args, **kwargs)

    return wrapper
