"""The officials' survey pages: the list of rounds, a new round, a round's page (strata, sample,
invitations, response rate) and its acts (draw the sample, open, close), and the invitation links
for mailing (CSV or a page to print), issued once."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from motcua import timesource
from motcua.rules.calendar import VN_TZ
from motcua.rules.sipas import AGGREGATOR_LABELS, previous_quarter, questionnaires
from motcua.surveys import queries
from motcua.surveys.access import may_manage, survey_manager
from motcua.surveys.models import SurveyRound
from motcua.surveys.services import (
    SurveyRefused, close_round, create_round, draw_sample, issue_invitations, open_round,
)
from motcua.web.guards import official


class RoundForm(forms.Form):
    name = forms.CharField(label="Tên đợt khảo sát", max_length=200)
    questionnaire = forms.ChoiceField(label="Phiếu khảo sát")
    period_from = forms.DateField(label="Hồ sơ tiếp nhận từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label="Đến ngày", widget=forms.DateInput(attrs={"type": "date"}))
    margin = forms.DecimalField(label="Sai số cho phép (e)", min_value=Decimal("0.01"), max_value=Decimal("0.2"),
                                decimal_places=3, initial="0.05")
    aggregator = forms.ChoiceField(label="Cách tính chỉ số của mỗi tiêu chí", choices=list(AGGREGATOR_LABELS.items()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = [(q.key, q.name) for q in questionnaires().values()]


@official
def round_list(request):
    return render(request, "surveys/rounds.html", {"rounds": list(queries.rounds()),
                                                   "manage": may_manage(request.viewer)})


@survey_manager
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    start, end = previous_quarter(timesource.now().astimezone(VN_TZ).date())
    quarter = (start.month - 1) // 3 + 1
    form = RoundForm(request.POST or None, initial={
        "name": f"Khảo sát sự hài lòng quý {quarter}/{start.year}", "period_from": start, "period_to": end,
        "margin": "0.05", "aggregator": "top2box"})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey = create_round(request.user, **form.cleaned_data)
            except SurveyRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã tạo đợt khảo sát.")
                return redirect("surveys:round", pk=survey.pk)
        status = 400
    return render(request, "surveys/create.html", {"form": form}, status=status)


@survey_manager
def round_page(request, pk: int):
    survey = get_object_or_404(SurveyRound, pk=pk)
    rows = queries.progress(survey)
    totals = {k: sum(getattr(r, k) for r in rows) for k in ("population", "allocated", "issued", "used", "web", "paper")}
    totals["received"] = totals["web"] + totals["paper"]
    totals["rate"] = queries.rate(totals["received"], totals["allocated"])
    return render(request, "surveys/round.html", {
        "survey": survey, "form": questionnaires()[survey.questionnaire], "rows": rows, "totals": totals,
        "aggregator": AGGREGATOR_LABELS[survey.aggregator], "pending": totals["allocated"] - totals["issued"]})


ACTS = {"draw": "Đã chọn mẫu.", "open": "Đã bắt đầu khảo sát.", "close": "Đã kết thúc khảo sát."}


@survey_manager
@require_POST
def act(request, pk: int, act: str):
    survey = get_object_or_404(SurveyRound, pk=pk)
    if act not in ACTS:
        raise Http404
    try:
        if act == "draw":
            seed = request.POST.get("seed", "").strip()
            draw_sample(survey, seed=int(seed) if seed.isdigit() and int(seed) < 2**63 else None)
        elif act == "open":
            open_round(survey)
        else:
            close_round(survey)
    except SurveyRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ACTS[act])
    return redirect("surveys:round", pk=survey.pk)


def _rows(request, issued) -> list[dict]:
    return [{"unit": i.invitation.stratum.unit.name, "code": i.invitation.dossier.code or "",
             "name": i.invitation.dossier.applicant_name, "address": i.invitation.dossier.applicant_address,
             "phone": i.invitation.dossier.applicant_phone, "email": i.invitation.dossier.applicant_email,
             "link": request.build_absolute_uri(reverse("surveys:respond", args=[i.token])), "token": i.token}
            for i in issued]


CSV_HEADER = ["Đơn vị", "Mã hồ sơ", "Người nộp", "Địa chỉ", "Điện thoại", "Thư điện tử", "Đường dẫn khảo sát",
              "Mã khảo sát"]


@survey_manager
@require_POST
def invitations(request, pk: int):
    """Cấp và in thư mời: the links exist only in this answer (CSV or a page to print)."""
    survey = get_object_or_404(SurveyRound, pk=pk)
    try:
        rows = _rows(request, issue_invitations(survey, reissue=request.POST.get("reissue") == "1"))
    except SurveyRefused as exc:
        messages.error(request, exc.message)
        return redirect("surveys:round", pk=survey.pk)
    if not rows:
        messages.info(request, "Không có thư mời nào cần cấp mã.")
        return redirect("surveys:round", pk=survey.pk)
    if request.POST.get("format") == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        writer.writerows([r[k] for k in ("unit", "code", "name", "address", "phone", "email", "link", "token")]
                         for r in rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="thu-moi-khao-sat-{survey.pk}.csv"'
    else:
        response = render(request, "surveys/invitations.html", {"survey": survey, "rows": rows})
    response["Cache-Control"] = "no-store"
    return response
