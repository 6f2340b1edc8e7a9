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
    # periodic reports (reporting)
    "report_forbidden": "Only officials of the task's lead unit, or the steering committee, may file this report.",
    "report_invalid": "The report is not valid (period, tasks, progress or files).",
    "period_closed": "The committee has closed this reporting period; the report can no longer be replaced.",
    "no_programme": "No such programme.",
    "no_period": "The programme has no reporting period that has fallen due.",
    "no_sheet": "No such evaluation sheet.",
    "sheet_approved": "The evaluation sheet has been approved and can no longer change.",
    "sheet_not_computed": "The evaluation sheet has not been scored yet.",
    "bad_period": "The period must be a month (2026-10) or a year (2026).",
    "no_scoring_rules": "No results-based scoring rules were in force for this period (Decree 335 applies from 2026).",
    "invalid_points": "The general criteria points are outside their limits.",
    "invalid_product": "The product's figures are not consistent.",
    "invalid_fact": "This disqualifying fact cannot be recorded on this sheet.",
    "no_product": "No such manually entered product on this sheet.",
    "no_fact": "No such fact on this sheet.",
    # briefing meetings (briefings)
    "briefing_invalid": "The meeting, agenda or conclusion is not valid.",
    "briefing_concluded": "The meeting's conclusions have been assigned as tasks; this can no longer change.",
    "briefing_no_notice": "Record the number of the meeting's notice of conclusions before assigning tasks.",
    "briefing_no_conclusions": "The meeting has no conclusions to assign as tasks.",
    # programmes and tasks (programmes)
    "no_task": "No such task or extension request.",
    "task_invalid": "The task is not valid (units, dates, progress, product or source document).",
    "stale_task": "The task changed since you read it; reload and try again.",
    "task_done": "The task has been completed; reopen it first.",
    "task_open": "The task is not completed, so it cannot be reopened.",
    "programme_invalid": "The programme or committee member is not valid.",
    "extension_refused": "The extension request is not valid for this task.",
    "extension_decided": "The extension request has already been decided.",
    "import_failed": "The task list was not imported; see the errors for each row. Nothing was written.",
    # organisation review and rotation (units)
    "organisation_forbidden": "Only unit leaders, service-centre supervisors and the administrator may see the organisation.",
    "unit_out_of_scope": "This unit is not among the units you may see.",
    # hot spots and citizen-reception days (complaints, K5)
    "reception_invalid": "The citizen-reception day is not valid (committee, date, result or note).",
    "reception_exists": "The committee already has a citizen-reception day on this date.",
    "reception_period": "The period is not valid (start after end, or longer than three years).",
    "no_committee": "No such People's Committee.",
    "no_reception_day": "No such citizen-reception day.",
    # cases: officials' pages and API (complaints, K2)
    "no_case": "No such case (feedback, complaint or denunciation).",
    "case_forbidden": "You may not see or handle this case.",
    "no_area": "No such commune or ward.",
    "no_user": "No such official's account.",
    "no_dossier": "No such dossier.",
    # cases: the acts (complaints, K1)
    "case_invalid": "The case or the act's input is not valid (kind, channel, subject, filers, levels, reason).",
    "stale_case": "The case changed since you read it; reload and try again.",
    "case_wrong_state": "The act is not allowed in the case's current state.",
    "case_wrong_kind": "The act does not apply to this kind of case.",
    "case_extension_refused": "The denunciation's resolution may not be extended this way (complexity, days, total or timing).",
    "representatives_invalid": "The group's representatives are not valid (how many, or not among the filers).",
    "case_not_filer": "Only the person who filed the case may rate its answer.",
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
    """Document problem answers as ``application/problem+json`` (what ``problem`` sends), and the
    400 answer of every route that reads a JSON body (a body that is not JSON, before any route runs)."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                operation.setdefault("responses", {}).setdefault("400", {
                    "description": "Bad Request",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
            for answer in operation.get("responses", {}).values():
                content = answer.get("content") or {}
                plain = content.get("application/json") or {}
                if plain.get("schema", {}).get("$ref", "").endswith("/Problem"):
                    answer["content"] = {"application/problem+json": plain}
    return schema
