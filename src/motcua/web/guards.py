"""Who may open a page: the decorators every view of the workbench and the portal wears.

The rule for *which dossiers* a user sees lives in ``dossiers.access``; these only say whether a
page is for officials, for signed-in citizens, or for anyone, and attach the user's ``Viewer``.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject

from motcua.dossiers.access import viewer_for

LOGIN_URL = "/dang-nhap/"


class ViewerMiddleware:
    """``request.viewer``: what the user may see, worked out at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))
        return self.get_response(request)


def signed_in(view):
    """Any signed-in user (a citizen files and follows their own dossiers)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        return view(request, *args, **kwargs)

    return wrapper


def official(view):
    """Officials only: a user with a live post in some unit (or the administrator, who reads)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        if not (request.viewer.units or request.viewer.everything):
            raise PermissionDenied("Trang này dành cho cán bộ, công chức.")
        return view(request, *args, **kwargs)

    return wrapper
