"""The public lookup's own lane: ``GET /tra-cuu/`` from a visitor who is not signed in, answered
in front of Django's middleware stack, with the same answer it would give.

The lookup must serve a thousand requests a second on two cores. Through the whole stack (ten
middlewares, the URL resolver, the handler's signals) it took about 2.3 ms of a server's CPU per
request, of which the lookup itself (one query, a small page) is a fraction. The lane keeps what
the stack does for such a request and drops the rest:

- Django's own request object (host checked against ``ALLOWED_HOSTS``, the query, the cookies);
  the language from the cookie or ``Accept-Language`` as ``LocaleMiddleware`` picks it;
- the CSRF cookie as ``CsrfViewMiddleware`` keeps it (the language switch posts a form);
- ``views.lookup.answer``, the page's own logic and throttling, and the layout kept by
  ``web.shell``;
- the headers of the security, CSP, clickjacking, locale and cache-control steps, added by those
  steps' own code; the ``request_started`` and ``request_finished`` signals (database
  connections).

Anything else goes to Django: another path or method, a session or messages cookie (someone
signed in, or a message to show), a host Django would refuse, a request to redirect to HTTPS, or
an error on the way. ``tests/portal/test_lookup_lane.py`` proves the two answers the same, byte
for byte and header for header, in both languages, with and without a CSRF cookie, for every
outcome.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest, get_script_name
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import set_script_prefix
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from motcua.config.security import add_headers
from motcua.portal.views.lookup import answer, content
from motcua.web.shell import assemble

PATH = "/tra-cuu/"
log = logging.getLogger(__name__)


def _nothing(request):  # the middlewares below are used for their request and response steps only
    return None


class _Steps:
    """The middlewares whose steps the lane takes, built from the settings of the moment."""

    def __init__(self):
        self.security, self.csrf = SecurityMiddleware(_nothing), CsrfViewMiddleware(_nothing)
        self.common, self.locale = CommonMiddleware(_nothing), LocaleMiddleware(_nothing)
        self.xframe = XFrameOptionsMiddleware(_nothing)


_steps: _Steps | None = None


def steps() -> _Steps:
    global _steps
    if _steps is None:
        _steps = _Steps()
    return _steps


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    global _steps
    _steps = None


class LookupLane:
    """WSGI: the lookup's lane in front of ``app`` (Django's handler)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == PATH and environ.get("REQUEST_METHOD") == "GET":
            answered = serve(environ)
            if answered is not None:
                status, headers, body = answered
                start_response(status, headers)
                return [body]
        return self.app(environ, start_response)


def _for_the_lane(request, s: _Steps) -> bool:
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return s.security.process_request(request) is None  # None: no redirect to HTTPS


def serve(environ) -> tuple[str, list, bytes] | None:
    """(status, headers, body) for a lookup the lane may answer; ``None`` to leave it to Django
    (decided before the request signals, so that Django's own are the only ones sent then)."""
    s = steps()
    try:
        request = WSGIRequest(environ)
        if not _for_the_lane(request, s):
            return None
    except Exception:  # noqa: BLE001 - Django answers instead, with its own error handling
        log.exception("the lookup lane could not read the request; Django answers")
        return None
    set_script_prefix(get_script_name(environ))
    signals.request_started.send(sender=LookupLane, environ=environ)
    try:
        return _answer(request, s)
    except Exception:  # noqa: BLE001 - Django answers instead, with its own error handling
        log.exception("the lookup lane failed; Django answers")
        return None
    finally:
        signals.request_finished.send(sender=LookupLane)


def _answer(request, s: _Steps) -> tuple[str, list, bytes]:
    with translation.override(translation.get_language_from_request(request)):
        s.csrf.process_request(request)
        status, context, retry_after = answer(request)
        html = assemble(context["w"]["title"], content(context), get_token(request),
                        request.get_full_path())
        response = HttpResponse(html, status=status)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        # the response steps in the order Django takes them (the reverse of MIDDLEWARE)
        for step in (s.xframe, s.csrf, s.common, s.locale):
            response = step.process_response(request, response)
        add_headers(response)
        response = s.security.process_response(request, response)
    headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
    return f"{response.status_code} {response.reason_phrase}", headers, response.content
