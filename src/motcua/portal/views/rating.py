"""Đánh giá hồ sơ: the applicant rates their dossier once it has ended, one choice per criterion
of the scale in force (Decree 118 Art. 33), and may change it within the configured days."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from motcua import timesource
from motcua.dossiers.models import Dossier
from motcua.quality.models import Rating
from motcua.quality.services import COMMENT_MAX, RatingRefused, change_deadline, rate_dossier
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import STATE_LABELS, State
from motcua.rules.rating import OVERALL, has_ended, scale_on, scale_version
from motcua.web.guards import signed_in


class RatingForm(forms.Form):
    """One radio group per criterion (optional) and the overall level (required)."""

    comment = forms.CharField(label="Ý kiến khác (nếu có)", required=False, widget=forms.Textarea,
                              max_length=COMMENT_MAX)

    def __init__(self, scale, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(lv.key, lv.label) for lv in scale.levels]
        for criterion in scale.criteria:
            self.fields[criterion.key] = forms.ChoiceField(label=criterion.label, choices=choices, required=False,
                                                           widget=forms.RadioSelect)
        self.fields[OVERALL] = forms.ChoiceField(
            label="Mức độ hài lòng chung", choices=choices, widget=forms.RadioSelect,
            error_messages={"required": "Vui lòng chọn mức độ hài lòng chung."})
        self.order_fields([c.key for c in scale.criteria] + [OVERALL, "comment"])

    def levels(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k != "comment" and v}


def _initial(rating: Rating | None) -> dict:
    if rating is None:
        return {}
    return {**rating.levels, OVERALL: rating.overall, "comment": rating.comment}


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request, pk: int):
    dossier = get_object_or_404(Dossier.objects.select_related("procedure"), pk=pk)
    if dossier.applicant_user_id != request.user.pk:
        raise PermissionDenied("Chỉ người nộp hồ sơ được đánh giá hồ sơ này.")
    now = timesource.now()
    rating = Rating.objects.filter(dossier=dossier, applicant=request.user).first()
    scale = scale_version(rating.scale_version) if rating else scale_on(now.astimezone(VN_TZ).date())
    ended = has_ended(dossier.state, dossier.outcome)
    locked = rating is not None and now > change_deadline(rating)
    form = RatingForm(scale, request.POST if request.method == "POST" else None, initial=_initial(rating))
    status, error = 200, ""
    if not ended:
        status, error = 409, "Hồ sơ chưa kết thúc giải quyết; ông/bà đánh giá được sau khi hồ sơ đã trả kết quả, " \
                             "bị từ chối hoặc dừng giải quyết."
    elif request.method == "POST":
        if form.is_valid():
            try:
                rate_dossier(request.user, dossier, form.levels(), form.cleaned_data["comment"], now)
            except RatingRefused as exc:
                status, error = exc.status, exc.message
            else:
                messages.success(request, "Cảm ơn ông/bà đã đánh giá." if rating is None
                                 else "Đã cập nhật đánh giá của ông/bà.")
                return redirect("portal:rate", pk=dossier.pk)
        else:
            status = 400
    return render(request, "portal/rate.html", {
        "d": dossier, "state_label": STATE_LABELS[State(dossier.state)], "form": form, "scale": scale,
        "rating": rating, "ended": ended, "locked": locked, "error": error,
        "until": change_deadline(rating) if rating else None,
        "groups": [form[c.key] for c in scale.criteria], "overall": form[OVERALL],
    }, status=status)
