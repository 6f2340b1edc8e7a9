"""The programmes and their briefing meetings, and a new meeting."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from motcua import timesource
from motcua.briefings import queries
from motcua.briefings.access import may_steer, require_steer
from motcua.briefings.models import Meeting
from motcua.briefings.services import BriefingRefused, create_meeting
from motcua.programmes.models import Programme
from motcua.rules.calendar import VN_TZ
from motcua.web.guards import official

PER_PAGE = 20


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(label="Thời gian họp", input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    kind = forms.ChoiceField(label="Loại phiên", choices=Meeting.Kind.choices)
    chair = forms.CharField(label="Chủ trì", max_length=255, required=False)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)


@official
def index(request):
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.programmes(search), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "briefings/index.html", {"page": page, "search": search,
                                                    "query": urlencode({"q": search})})


@official
def programme_meetings(request, code: str):
    programme = get_object_or_404(Programme.objects.select_related("standing_agency"), code=code)
    page = Paginator(queries.meetings(programme), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "briefings/meetings.html", {"programme": programme, "page": page, "query": "",
                                                       "steer": may_steer(request.viewer, programme)})


@official
@require_http_methods(["GET", "HEAD", "POST"])
def create(request, code: str):
    programme = get_object_or_404(Programme, code=code)
    require_steer(request.viewer, programme)
    now = timesource.now()
    form = MeetingForm(request.POST or None, initial={
        "held_at": now.astimezone(VN_TZ).replace(hour=14, minute=0, second=0, microsecond=0, tzinfo=None),
        "kind": Meeting.Kind.MONTHLY})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            held = data["held_at"].astimezone(VN_TZ) if data["held_at"].tzinfo else data["held_at"].replace(tzinfo=VN_TZ)
            try:
                meeting = create_meeting(programme, by=request.user, now=now, held_at=held, kind=data["kind"],
                                         chair=data["chair"], place=data["place"])
            except BriefingRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã tạo phiên giao ban; chương trình họp đề xuất từ tài liệu giao ban.")
                return redirect("briefings:meeting", pk=meeting.pk)
        status = 400
    return render(request, "briefings/create.html", {"programme": programme, "form": form}, status=status)
