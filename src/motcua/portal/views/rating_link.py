"""Đánh giá qua phiếu: the page the QR on the result slip opens, ``/danh-gia/<token>/``. Anyone
holding the slip may rate the dossier once, without signing in (``quality.invitations``).

The page names the dossier by its code and procedure only: whoever picks up a slip learns no
more about the applicant than the slip itself says."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua import timesource
from motcua.portal.views.rating import RatingForm
from motcua.quality.invitations import find_invitation, rate_by_link, scale_for
from motcua.quality.services import RatingRefused
from motcua.rules.lifecycle import STATE_LABELS, State
from motcua.rules.rating import OVERALL, has_ended

TEMPLATE = "portal/rate_link.html"


def form_context(form, scale) -> dict:
    """What ``portal/_rating_fields.html`` needs."""
    return {"form": form, "scale": scale, "groups": [form[c.key] for c in scale.criteria], "overall": form[OVERALL]}


@never_cache  # the token is in the address: no shared cache keeps the page
@require_http_methods(["GET", "HEAD", "POST"])
def rate_link(request, token: str):
    now = timesource.now()
    try:
        invitation = find_invitation(token[:100], now)
    except RatingRefused as exc:
        return render(request, TEMPLATE, {"error": exc.message}, status=exc.status)
    dossier = invitation.dossier
    scale = scale_for(dossier, now)
    form = RatingForm(scale, request.POST if request.method == "POST" else None)
    context = {"d": dossier, "state_label": STATE_LABELS[State(dossier.state)], "open": True,
               "expires_at": invitation.expires_at, **form_context(form, scale)}
    status = 200
    if not has_ended(dossier.state, dossier.outcome):
        context.update(open=False, error="Hồ sơ đang được đính chính hoặc xử lý lại; vui lòng đánh giá sau khi "
                                         "nhận kết quả.")
        status = 409
    elif request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                rate_by_link(token, form.levels(), form.cleaned_data["comment"], now)
            except RatingRefused as exc:
                context["error"], status = exc.message, exc.status
            else:
                return render(request, TEMPLATE, {"d": dossier, "thanks": True})
    return render(request, TEMPLATE, context, status=status)
