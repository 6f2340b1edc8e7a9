"""Tra cứu hồ sơ: anyone may follow a dossier with its code and the last four digits of the
applicant's identity number or phone (see ``portal.lookup`` for what is shown and the limits).

The page must serve about a thousand lookups a second on two cores, so its words are translated
once per language, its own part is written here (``content``), the layout around it is the one
kept by ``web.shell`` for a visitor who is not signed in, and such a visitor's request is
answered by ``portal.lookup_lane`` in front of Django's middleware stack."""

from __future__ import annotations

import functools
from html import escape

from django.utils.translation import get_language, gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua.portal.lookup import INVALID, NOT_FOUND, Found, client_ip, look_up, too_many, valid
from motcua.rules.calendar import VN_TZ
from motcua.web.shell import page

WORDS = {
    "title": gettext_noop("Tra cứu hồ sơ"),
    "code": gettext_noop("Mã hồ sơ (trên giấy tiếp nhận)"),
    "last4": gettext_noop("4 số cuối số định danh (CCCD) hoặc số điện thoại của người nộp"),
    "submit": gettext_noop("Tra cứu"),
    "procedure": gettext_noop("Thủ tục"),
    "state": gettext_noop("Trạng thái"),
    "received": gettext_noop("Tiếp nhận lúc"),
    "due": gettext_noop("Hẹn trả"),
    "returned": gettext_noop("Trả kết quả lúc"),
    "timeliness": gettext_noop("Tiến độ"),
    "holder": gettext_noop("Đơn vị đang giữ hồ sơ"),
}


@functools.lru_cache(maxsize=8)
def words(language: str | None) -> dict[str, str]:
    """The page's words in ``language`` (the active one when called)."""
    return {key: gettext(text) for key, text in WORDS.items()}


def _when(moment) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else "—"


def rows(found: Found, w: dict[str, str]) -> list[tuple[str, str]]:
    return [(w["procedure"], found.procedure_name), (w["state"], gettext(found.state_label)),
            (w["received"], _when(found.received_at)), (w["due"], _when(found.due_at)),
            (w["returned"], _when(found.returned_at)), (w["holder"], found.holder_unit or "—")]


def content(context: dict) -> str:
    """The page's own part (the form, then the dossier found). Written here rather than as a
    template: under the profiler, rendering the template took about a fifth of the lane's time."""
    w, found, error = context["w"], context.get("d"), context.get("error")
    out = [f'<section class="card narrow">\n<h1>{escape(w["title"])}</h1>\n<form method="get">\n  ',
           f'<div class="error" role="alert">{escape(error)}</div>' if error else "",
           f'\n  <label>{escape(w["code"])} <input name="code" value="{escape(context["code"])}" maxlength="80" '
           'required autocomplete="off"></label>\n'
           f'  <label>{escape(w["last4"])} <input name="last4" inputmode="numeric" pattern="[0-9]{{4}}" maxlength="4" '
           'required autocomplete="off"></label>\n'
           f'  <button class="primary">{escape(w["submit"])}</button>\n</form>\n</section>\n']
    if found:
        out.append(f'<section class="card narrow" aria-live="polite">\n<h2>{escape(found.code)}</h2>\n<table>\n')
        out.extend(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>\n" for label, value in context["rows"])
        timeliness = context["timeliness"]
        badge = (f'<span class="badge {"late" if found.timeliness == "overdue" else "ok"}">{escape(timeliness)}</span>'
                 if timeliness else "—")
        out.append(f'<tr><th>{escape(w["timeliness"])}</th><td>{badge}</td></tr>\n</table>\n</section>\n')
    return "".join(out)


def answer(request) -> tuple[int, dict, int | None]:
    """The lookup asked for by ``request``'s query: (status, the content's context, seconds to
    wait when refused). The page and ``portal.lookup_lane`` both answer with it."""
    code, last4 = request.GET.get("code", "").strip(), request.GET.get("last4", "").strip()
    w = words(get_language())
    context, status, retry_after = {"code": code[:80], "w": w}, 200, None
    if "code" in request.GET or "last4" in request.GET:
        if not valid(code, last4):
            context["error"], status = gettext(INVALID), 400
        else:
            outcome = look_up(code, last4, client_ip(request))
            if outcome.throttled:
                context["error"], status, retry_after = too_many(outcome.retry_after), 429, outcome.retry_after
            elif outcome.found is None:
                context["error"], status = gettext(NOT_FOUND), 404
            else:
                found = outcome.found
                context.update(d=found, rows=rows(found, w),
                               timeliness=gettext(found.timeliness_label) if found.timeliness else "")
    return status, context, retry_after


@never_cache
@require_safe
def lookup(request):
    status, context, retry_after = answer(request)
    response = page(request, context["w"]["title"], content(context), status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
