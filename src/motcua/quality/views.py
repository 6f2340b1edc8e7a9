"""Officials' pages for the rating channels of Decree 118 Art. 31 (``quality.invitations``):

- the rating slip (phiếu đánh giá) of a returned dossier: its one-time link and QR, as HTML or PDF;
- the counter kiosk (quầy đánh giá): the reception official opens it on the counter's tablet,
  types or scans the dossier code and the applicant's last four digits (checked as the public
  lookup checks them, ``portal.lookup``), and the applicant taps the levels.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua import timesource
from motcua.dossiers.access import can_see
from motcua.dossiers.intake_desk import reception_units
from motcua.dossiers.models import Dossier
from motcua.dossiers.views.detail import load_visible
from motcua.portal.lookup import INVALID, NOT_FOUND, client_ip, look_up, too_many, valid
from motcua.portal.views.rating import RatingForm
from motcua.portal.views.rating_link import form_context
from motcua.quality import slip
from motcua.quality.invitations import NOT_ENDED, issue_rating_link, rate_at_kiosk, scale_for
from motcua.quality.services import RatingRefused
from motcua.rules.calendar import VN_TZ
from motcua.rules.rating import has_ended
from motcua.web.guards import official

KIOSK = "quality/kiosk.html"
OTHER_UNIT = "Hồ sơ không thuộc đơn vị ông/bà phục vụ: không đánh giá hồ sơ này tại quầy này được."


@official
@never_cache  # the slip carries a live token
@require_http_methods(["GET", "HEAD", "POST"])
def rating_slip(request, pk: int):
    """GET: the choice of HTML or PDF; POST: a new link, and the slip that carries it."""
    dossier = load_visible(request, pk)
    ended = has_ended(dossier.state, dossier.outcome)
    if request.method == "POST" and ended:
        now = timesource.now()
        token = issue_rating_link(dossier, now, official=request.user)
        url = request.build_absolute_uri(reverse("portal:rate_link", args=[token]))
        if request.POST.get("format") != "pdf":
            return HttpResponse(slip.render_html(dossier, url, now))
        response = HttpResponse(slip.render_pdf(dossier, url, now), content_type="application/pdf")
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"phieu-danh-gia-{dossier.code or dossier.pk}")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    return render(request, "quality/slip_issue.html", {"d": dossier, "ended": ended,
                                                       "error": "" if ended else NOT_ENDED},
                  status=200 if ended else 409)


def _scanned(code: str) -> str:
    """A scanned receipt QR holds ``code|procedure|id|document`` (``documents.qr``): its code."""
    return code.split("|", 1)[0].strip()


def _find(request, code: str, last4: str):
    """(dossier, error, status): the dossier the applicant proved theirs, if this kiosk may rate it."""
    if not valid(code, last4):
        return None, INVALID, 400
    outcome = look_up(code, last4, client_ip(request))
    if outcome.throttled:
        return None, too_many(outcome.retry_after), 429
    if outcome.found is None:
        return None, NOT_FOUND, 404
    dossier = Dossier.objects.select_related("procedure").get(code=outcome.found.code)
    if not can_see(request.viewer, dossier):
        return None, OTHER_UNIT, 403
    if not has_ended(dossier.state, dossier.outcome):
        return None, NOT_ENDED, 409
    return dossier, "", 200


@official
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rating_kiosk(request):
    now = timesource.now()
    if not reception_units(request.user, now.astimezone(VN_TZ).date()):
        raise PermissionDenied("Quầy đánh giá dành cho cán bộ tiếp nhận tại Bộ phận Một cửa hoặc "
                               "Trung tâm Phục vụ hành chính công.")
    if request.method != "POST":
        return render(request, KIOSK, {})
    code, last4 = _scanned(request.POST.get("code", "")), request.POST.get("last4", "").strip()
    dossier, error, status = _find(request, code, last4)
    if dossier is None:
        return render(request, KIOSK, {"code": code[:80], "error": error}, status=status)
    scale = scale_for(dossier, now)
    rating = request.POST.get("step") == "rate"
    form = RatingForm(scale, request.POST if rating else None)
    context = {"d": dossier, "code": dossier.code, "last4": last4, **form_context(form, scale)}
    if rating:
        if not form.is_valid():
            return render(request, KIOSK, context, status=400)
        try:
            rate_at_kiosk(request.user, dossier, form.levels(), form.cleaned_data["comment"], now)
        except RatingRefused as exc:
            return render(request, KIOSK, {**context, "error": exc.message}, status=exc.status)
        messages.success(request, "Cảm ơn ông/bà đã đánh giá.")
        return redirect("workbench:rating_kiosk")
    return render(request, KIOSK, context)
