"""A briefing meeting's page (its agenda, the pack in HTML with Chart.js charts, the conclusions)
and the committee's acts on it: set the agenda, record a conclusion or withdraw one, record the
notice, turn the conclusions into tasks."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from motcua import timesource
from motcua.briefings import queries
from motcua.briefings.access import may_steer, require_steer
from motcua.briefings.charts import chart_specs
from motcua.briefings.models import Conclusion
from motcua.briefings.pack import build_pack, code_key, local_day
from motcua.briefings.pdf import percent
from motcua.briefings.services import (
    BriefingRefused, conclude, record_conclusion, record_notice, set_agenda, withdraw_conclusion,
)
from motcua.programmes.models import Task
from motcua.units.models import Unit
from motcua.web.guards import official

BLANK_ROWS = 3


def _live_units(today):
    return Unit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("name")


class ConclusionForm(forms.Form):
    content = forms.CharField(label="Nội dung kết luận", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    lead_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(label="Đơn vị phối hợp", queryset=Unit.objects.none(), required=False)
    product = forms.ChoiceField(label="Loại sản phẩm", choices=Task.Product.choices)
    deadline = forms.DateField(label="Thời hạn (để trống: không thời hạn)", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = self.fields["co_units"].queryset = _live_units(today)


class NoticeForm(forms.Form):
    symbol = forms.CharField(label="Số thông báo kết luận", max_length=60,
                             widget=forms.TextInput(attrs={"placeholder": "125-TB/BCĐ"}))
    notice_date = forms.DateField(label="Ngày thông báo", widget=forms.DateInput(attrs={"type": "date"}))


def _meeting(pk: int):
    meeting = queries.meeting(pk)
    if meeting is None:
        raise Http404("Không có phiên giao ban này.")
    return meeting


@official
def meeting_page(request, pk: int):
    return _render(request, _meeting(pk))


def _render(request, meeting, conclusion_form=None, notice_form=None, status=200):
    today = local_day(timesource.now())
    pack = build_pack(meeting, today=today)
    steer = may_steer(request.viewer, meeting.programme)
    context = {"meeting": meeting, "programme": meeting.programme, "pack": pack, "steer": steer,
               "rate": percent(pack.counts.completion_rate), "charts": chart_specs(pack),
               "conclusions": queries.conclusions(meeting), "held": local_day(meeting.held_at)}
    if steer:
        tasks = sorted(Task.objects.filter(programme=meeting.programme).only("pk", "code", "content"),
                       key=lambda t: code_key(t.code))
        context.update(
            tasks=tasks, units=list(_live_units(today).only("pk", "name")), blank_rows=range(BLANK_ROWS),
            conclusion_form=conclusion_form or ConclusionForm(today=today),
            notice_form=notice_form or NoticeForm(initial={"symbol": meeting.notice_symbol,
                                                           "notice_date": meeting.notice_date or today}))
    return render(request, "briefings/meeting.html", context, status=status)


def _steered(request, pk: int):
    meeting = _meeting(pk)
    require_steer(request.viewer, meeting.programme)
    return meeting


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


@official
@require_POST
def agenda(request, pk: int):
    meeting = _steered(request, pk)
    now = timesource.now()
    try:
        if request.POST.get("proposed") == "1":
            set_agenda(meeting, None, by=request.user, now=now)
        else:
            titles, tasks, presenters = (request.POST.getlist(k) for k in ("title", "task", "presenter"))
            items = [{"title": t, "task": _int(tasks[i]) if i < len(tasks) else None,
                      "presenter": _int(presenters[i]) if i < len(presenters) else None}
                     for i, t in enumerate(titles[:200]) if t.strip()]
            set_agenda(meeting, items, by=request.user, now=now)
    except BriefingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu chương trình họp.")
    return redirect("briefings:meeting", pk=meeting.pk)


@official
@require_POST
def add_conclusion(request, pk: int):
    meeting = _steered(request, pk)
    now = timesource.now()
    form = ConclusionForm(request.POST, today=local_day(now))
    if form.is_valid():
        try:
            record_conclusion(meeting, by=request.user, now=now, **form.cleaned_data)
        except BriefingRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã ghi kết luận.")
            return redirect("briefings:meeting", pk=meeting.pk)
    return _render(request, meeting, conclusion_form=form, status=400)


@official
@require_POST
def withdraw(request, pk: int, cid: int):
    meeting = _steered(request, pk)
    conclusion = get_object_or_404(Conclusion, pk=cid, meeting=meeting)
    try:
        withdraw_conclusion(conclusion, by=request.user, now=timesource.now())
    except BriefingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã bỏ kết luận.")
    return redirect("briefings:meeting", pk=meeting.pk)


@official
@require_POST
def notice(request, pk: int):
    meeting = _steered(request, pk)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            record_notice(meeting, by=request.user, now=timesource.now(), **form.cleaned_data)
        except BriefingRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã ghi số, ngày thông báo kết luận.")
            return redirect("briefings:meeting", pk=meeting.pk)
    return _render(request, meeting, notice_form=form, status=400)


@official
@require_POST
def assign(request, pk: int):
    meeting = _steered(request, pk)
    try:
        tasks = conclude(meeting, by=request.user, now=timesource.now())
    except BriefingRefused as exc:
        messages.error(request, exc.message)
    else:
        if tasks:
            messages.success(request, f"Đã giao {len(tasks)} nhiệm vụ theo thông báo {meeting.notice_symbol}: "
                                      + ", ".join(t.code for t in tasks) + ".")
        else:
            messages.info(request, "Mọi kết luận đã được giao thành nhiệm vụ.")
    return redirect("briefings:meeting", pk=meeting.pk)
