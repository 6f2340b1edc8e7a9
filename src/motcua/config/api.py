"""The REST API (django-ninja): authentication, RFC 7807 problem bodies in Vietnamese and English,
and the routers of each app. The schema is committed as ``openapi.yaml``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from motcua.accounts.services import user_for_token
# Problem bodies live in config.problems, so that routers use them without importing this module.
from motcua.config.problems import ENGLISH, PLAIN, Problem, problem, problem_media_types, problems  # noqa: F401
from motcua.rules.lifecycle import ActRefused


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mc_…`` for other systems."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class MotcuaAPI(NinjaAPI):
    """The API whose schema documents its problem answers with their own media type.

    The schema is worked out once per process and language (it took more than a second each
    time ``/api/v1/openapi.json`` was asked for); callers read it and never change it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._schemas: dict = {}

    def get_openapi_schema(self, **kwargs):
        key = (get_language(), kwargs.get("path_prefix"), tuple(sorted((kwargs.get("path_params") or {}).items())))
        held = self._schemas.get(key)
        if held is None:
            held = self._schemas[key] = problem_media_types(super().get_openapi_schema(**kwargs))
        return held


api = MotcuaAPI(title="motcua API", version="1", urls_namespace="api", docs_url=None,
                auth=[TokenAuth(), django_auth],
                description="Hồ sơ thủ tục hành chính theo Nghị định 118/2025/NĐ-CP. "
                            "Lỗi trả về theo RFC 7807 (application/problem+json), tiếng Việt và tiếng Anh.")


@api.exception_handler(ActRefused)
def _refused(request, exc: ActRefused):
    return problem(request, 409 if exc.code == "conflict" else 422, exc.code, exc.message)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(request, 403, "forbidden", str(exc) or "Ông/bà không được xem hồ sơ này.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, 404, "not_found", "Không tìm thấy hồ sơ.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(request, 401, "unauthenticated", "Cần đăng nhập hoặc mã truy cập API hợp lệ.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # a body that is not JSON
        return problem(request, 400, "malformed", "Nội dung gửi lên không đọc được (phải là JSON hợp lệ).")
    return problem(request, exc.status_code, "refused", str(exc))


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return problem(request, 422, "invalid", "Dữ liệu gửi lên không hợp lệ.", errors=exc.errors)


from motcua.dossiers.api import router as dossiers_router  # noqa: E402  (routers import the api's helpers)

api.add_router("/dossiers", dossiers_router)

from motcua.portal.api import router as portal_router  # noqa: E402
from motcua.quality.api import router as quality_router  # noqa: E402

api.add_router("", portal_router)
api.add_router("/dossiers", quality_router)
api.add_router("/surveys", "motcua.surveys.api.router")  # SIPAS surveys: rounds, results, one-time links
api.add_router("", "motcua.quality.invitation_api.router")  # one-time rating links (slip QR)
api.add_router("/programmes", "motcua.programmes.api.router")  # steering programmes, tasks, extensions
api.add_router("/reports", "motcua.reporting.api.router")  # periodic progress reports, notices
api.add_router("/briefings", "motcua.briefings.api.router")  # briefing meetings and packs
api.add_router("/organisation", "motcua.units.api.router")  # organisation review, rotation
api.add_router("/evaluation", "motcua.evaluation.api.router")  # Decree 335 scoring sheets
api.add_router("/cases", "motcua.complaints.api.router")  # PAKN, complaints, denunciations
api.add_router("/hotspots", "motcua.complaints.hotspot_api.router")  # long-running cases, hot spots, reception days
