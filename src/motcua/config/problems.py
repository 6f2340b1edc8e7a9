"""RFC 7807 problem bodies (application/problem+json) in Vietnamese (``detail``) and English
(``detail_en``), the schema that documents them and the pattern text parameters share. Every router
and the API's exception handlers (``config.api``) answer errors through ``problem``."""

from __future__ import annotations

import json

from django.http import HttpResponse
from ninja import Schema
from ninja.responses import NinjaJSONEncoder

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
    "lookup_not_found": "No dossier matches this code and these last four digits.",
    "too_many_lookups": "Too many failed lookups; try again after the time in Retry-After.",
    "no_procedure": "No such procedure.",
    "no_rating": "This dossier has not been rated yet.",
    "not_ended": "The dossier may be rated only once its handling has ended.",
    "rating_locked": "The rating can no longer be changed.",
    "invalid_rating": "The levels do not fit the rating scale.",
    "malformed": "The request body could not be read (it must be JSON).",
    "no_unit": "No such unit.",
    "no_version": "No version of the procedure is in force today.",
    "not_online": "This procedure does not take online filings.",
    "no_one_stop": "No one-stop unit takes online filings.",
    "upload_refused": "The file was refused (type by content, size or count).",
    "bad_document": "The document is not in the dossier's checklist.",
    "facts": "These facts cannot be recorded with this act, or not by this account.",
    "link_unknown": "No such rating link.",
    "link_used": "This rating link has been used; each link rates once.",
    "link_expired": "This rating link has expired; ask the one-stop unit for a new slip.",
    "no_survey": "No such survey round.",
    "unknown_token": "No such survey invitation.",
    "token_used": "This survey invitation has already been answered.",
    "invalid_answers": "The answers do not fit the questionnaire.",
}


#: a pattern for text parameters: no control characters (never in a code or a search; PostgreSQL refuses NUL).
PLAIN = r"^[^\x00-\x1f\x7f]*$"


class Problem(Schema):
    """An RFC 7807 problem (application/problem+json), in Vietnamese (``detail``) and English."""

    type: str
    title: str
    status: int
    detail: str
    detail_en: str
    code: str
    instance: str


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """The problem answers a route documents beside its success (422, bad input, always)."""
    return {status: Problem for status in sorted({422, *statuses})}


def problem(request, status: int, code: str, detail: str, **extra):
    body = {"type": f"/problems/{code}", "title": ENGLISH.get(code, "The act was refused."), "status": status,
            "detail": detail, "detail_en": ENGLISH.get(code, "The act was refused by the rules."), "code": code,
            "instance": request.path, **extra}
    return HttpResponse(json.dumps(body, cls=NinjaJSONEncoder), status=status,
                        content_type="application/problem+json")


def problem_media_types(schema: dict) -> dict:
    """Document problem answers as ``application/problem+json`` (what ``problem`` sends)."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for answer in operation.get("responses", {}).values():
                content = answer.get("content") or {}
                plain = content.get("application/json") or {}
                if plain.get("schema", {}).get("$ref", "").endswith("/Problem"):
                    answer["content"] = {"application/problem+json": plain}
    return schema
