"""Trả lời phiếu khảo sát: the citizen's page behind a one-time link (no sign-in), and the
official's page for typing in a paper form."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.rules.sipas import questionnaires
from motcua.surveys.access import survey_manager
from motcua.surveys.models import Invitation, Stratum, SurveyRound
from motcua.surveys.services import SurveyRefused, enter_paper_response, submit_response, token_hash
from motcua.surveys.views.questionnaire import blocks, posted_answers


def _private(response):
    """The link is a secret: not cached, not sent on as a referrer."""
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request, token: str):
    invitation = (Invitation.objects.select_related("round", "stratum__unit")
                  .filter(token_hash=token_hash(token)).first())
    if invitation is None:
        return _private(render(request, "surveys/message.html", {
            "title": "Không tìm thấy phiếu khảo sát",
            "message": "Đường dẫn khảo sát không đúng hoặc đã được thay bằng đường dẫn mới. "
                       "Vui lòng kiểm tra lại đường dẫn trên thư mời."}, status=404))
    survey = invitation.round
    if invitation.used_on is not None:
        return _private(render(request, "surveys/message.html", {
            "title": "Phiếu khảo sát đã được gửi",
            "message": "Phiếu khảo sát của đường dẫn này đã được gửi; mỗi đường dẫn chỉ dùng một lần. "
                       "Trân trọng cảm ơn ông/bà."}, status=409))
    if survey.status != SurveyRound.Status.OPEN:
        return _private(render(request, "surveys/message.html", {
            "title": "Đợt khảo sát không nhận phiếu",
            "message": "Đợt khảo sát chưa bắt đầu hoặc đã kết thúc."}, status=409))
    form = questionnaires()[survey.questionnaire]
    chosen, problems, errors, status = {}, {}, [], 200
    if request.method == "POST":
        chosen = posted_answers(form, request.POST)
        try:
            submit_response(token, chosen)
        except SurveyRefused as exc:
            problems, errors, status = exc.fields, exc.errors or [exc.message], exc.status
        else:
            return _private(render(request, "surveys/message.html", {
                "title": "Cảm ơn ông/bà đã tham gia khảo sát",
                "message": "Phiếu của ông/bà đã được ghi nhận. Câu trả lời được lưu tách biệt, "
                           "không gắn với họ tên hay hồ sơ của ông/bà.", "thanks": True}))
    return _private(render(request, "surveys/respond.html", {
        "survey": survey, "form": form, "unit": invitation.stratum.unit, "blocks": blocks(form, chosen, problems),
        "errors": errors}, status=status))


@survey_manager
@require_http_methods(["GET", "HEAD", "POST"])
def paper(request, pk: int):
    survey = get_object_or_404(SurveyRound, pk=pk)
    if survey.status != SurveyRound.Status.OPEN:
        raise Http404("Đợt khảo sát không nhận phiếu.")
    form = questionnaires()[survey.questionnaire]
    strata = list(Stratum.objects.filter(round=survey).select_related("unit").order_by("unit__name"))
    chosen, problems, errors, status = {}, {}, [], 200
    picked = request.POST.get("stratum", "")
    if request.method == "POST":
        chosen = posted_answers(form, request.POST)
        stratum = next((s for s in strata if str(s.pk) == picked), None)
        try:
            enter_paper_response(survey, request.user, chosen, stratum=stratum,
                                 token=request.POST.get("token", "").strip())
        except SurveyRefused as exc:
            problems, errors, status = exc.fields, exc.errors or [exc.message], exc.status
        else:
            messages.success(request, "Đã ghi nhận phiếu giấy.")
            return redirect("surveys:paper", pk=survey.pk)
    return render(request, "surveys/paper.html", {
        "survey": survey, "form": form, "strata": strata, "picked": picked, "blocks": blocks(form, chosen, problems),
        "errors": errors}, status=status)
