"""The REST API (django-ninja): authentication, RFC 7807 problem bodies in Vietnamese and English,
and the routers of each app. The schema is committed as ``openapi.yaml``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, django_auth

from motcua.accounts.services import user_for_token
from motcua.rules.lifecycle import ActRefused


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mc_…`` for other systems."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(title="motcua API", version="1", urls_namespace="api", docs_url=None,
               auth=[TokenAuth(), django_auth],
               description="Hồ sơ thủ tục hành chính theo Nghị định 118/2025/NĐ-CP. "
                           "Lỗi trả về theo RFC 7807 (application/problem+json), tiếng Việt và tiếng Anh.")

ENGLISH = {
    "wrong_state": "The act is not allowed in the dossier's current state.",
    "wrong_role": "This role may not perform the act.",
    "wrong_unit": "The dossier does not belong to a unit you serve.",
    "not_owner": "Only the applicant may do this.",
    "conflict": "The dossier changed since you read it; reload and try again.",
    "forbidden": "You may not see this dossier.",
    "not_found": "No such dossier.",
    "unauthenticated": "Authentication required.",
    "invalid": "The request is not valid.",
}


def problem(request, status: int, code: str, detail: str, **extra):
    body = {"type": f"/problems/{code}", "title": ENGLISH.get(code, "The act was refused."), "status": status,
            "detail": detail, "detail_en": ENGLISH.get(code, "The act was refused by the rules."), "code": code,
            "instance": request.path, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


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


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return problem(request, 422, "invalid", "Dữ liệu gửi lên không hợp lệ.", errors=exc.errors)


from motcua.dossiers.api import router as dossiers_router  # noqa: E402  (routers import the api's helpers)

api.add_router("/dossiers", dossiers_router)
