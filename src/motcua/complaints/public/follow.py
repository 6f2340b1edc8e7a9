"""Pages anyone may open: following a case by its code and the last four digits of a filer's
identity number or phone (``complaints.lookup``: what is shown, and the throttle), and the public
list of answers to feedback published on the portal (công khai kết quả trả lời PAKN).

The published list shows only what was published: the kind, the handling unit, the dates, the
subject and the published answer, both passed again through ``anonymise`` with the filers' own
data (what an official typed is checked once more before it is shown). Search ignores
diacritics and case (``subject_folded``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua.complaints.anonymise import Personal, anonymise
from motcua.complaints.lookup import INVALID, NOT_FOUND, follow, too_many, valid
from motcua.complaints.models import Case
from motcua.portal.lookup import client_ip
from motcua.rules.complaints import CaseKind
from motcua.text import fold

PER_PAGE = 20


@never_cache
@require_safe
def follow_case(request):
    code, last4 = request.GET.get("code", "").strip(), request.GET.get("last4", "").strip()
    context, status, outcome = {"code": code[:40]}, 200, None
    if "last4" in request.GET:
        if not valid(code, last4):
            context["error"], status = INVALID, 400
        else:
            outcome = follow(code, last4, client_ip(request))
            if outcome.throttled:
                context["error"], status = too_many(outcome.retry_after), 429
            elif outcome.found is None:
                context["error"], status = NOT_FOUND, 404
            else:
                context["f"] = outcome.found
    response = render(request, "complaints/public_follow.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(outcome.retry_after)
    return response


@require_safe
def published_answers(request):
    query = request.GET.get("q", "").strip()[:200]
    cases = (Case.objects.filter(kind=CaseKind.PAKN, published_at__isnull=False).exclude(public_answer="")
             .select_related("handling_unit", "area").prefetch_related("filers")
             .only("pk", "code", "subject", "public_answer", "received_at", "answered_at", "published_at",
                   "handling_unit__name", "area__name")
             .order_by("-published_at", "-pk"))
    words = fold(query).split()
    for word in words:
        cases = cases.filter(subject_folded__contains=word)
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for case in page.object_list:
        personal = Personal.of(case.filers.all())
        rows.append({"code": case.code, "unit": case.handling_unit.name, "area": case.area.name if case.area else "",
                     "received_at": case.received_at, "answered_at": case.answered_at,
                     "published_at": case.published_at, "subject": anonymise(case.subject, personal),
                     "answer": anonymise(case.public_answer, personal)})
    return render(request, "complaints/public_answers.html", {"page": page, "rows": rows, "q": query})
