"""Downloads of the official documents: a dossier's forms 01–06 as PDF, and a unit's tracking
book (sổ theo dõi hồ sơ, form 07) for a period as PDF or XLSX.

Who may have them is asked of ``dossiers.access`` (the same rule as the dossier's page) and of
the viewer's units (the book is the receiving unit's own register).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua import timesource
from motcua.documents.book import book_pdf, book_xlsx
from motcua.documents.forms import TITLES, UnknownForm, render_pdf
from motcua.dossiers.access import can_see, viewer_for
from motcua.dossiers.models import Dossier
from motcua.rules.calendar import VN_TZ
from motcua.units.models import Unit

LOGIN_URL = "/dang-nhap/"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The longest period one tracking book covers (a year): a longer one is a bulk export's job.
MAX_BOOK_DAYS = 366


def _message(response_class, text: str) -> HttpResponse:
    return response_class(text, content_type="text/plain; charset=utf-8")


def _filename(*parts: str) -> str:
    """An ASCII file name (codes are ASCII already; anything else becomes a hyphen)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(p for p in parts if p))


def _download(content: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


@require_safe
@never_cache  # personal data: no shared or browser cache keeps a copy
@login_required(login_url=LOGIN_URL)
def form_pdf(request, pk: int, number: str):
    """Form ``number`` (01–06) of dossier ``pk``, to open in the browser."""
    dossier = get_object_or_404(Dossier.objects.select_related(
        "procedure", "procedure_version", "receiving_unit", "competent_unit"), pk=pk)
    if not can_see(viewer_for(request.user), dossier):
        raise PermissionDenied("Ông/bà không được xem hồ sơ này.")
    if number not in TITLES:
        return _message(HttpResponseNotFound, f"Không có mẫu số {number}; các mẫu hiện có: {', '.join(TITLES)}.")
    if number in ("01", "06") and dossier.received_at is None:
        return _message(HttpResponseNotFound, f"Hồ sơ chưa được tiếp nhận: chưa có mẫu số {number} để in.")
    try:
        pdf = render_pdf(dossier, number)
    except UnknownForm as refusal:  # the act the form records never happened (no refusal, no stop…)
        return _message(HttpResponseNotFound, str(refusal))
    return _download(pdf, PDF, _filename(dossier.code or f"ho-so-{dossier.pk}", "mau", number) + ".pdf", inline=True)


def _period(query) -> tuple[date, date]:
    """``from`` and ``to`` (ISO dates, both included). Without them: the current month; with one
    of them: the rest of (or the start of) that date's month. Raises ``ValueError`` (Vietnamese)."""
    try:
        start = date.fromisoformat(query["from"]) if query.get("from") else None
        end = date.fromisoformat(query["to"]) if query.get("to") else None
    except ValueError:
        raise ValueError("Ngày không hợp lệ: hãy ghi ngày theo dạng NNNN-TT-NN, ví dụ 2026-03-01.") from None
    if start is None and end is None:
        start = timesource.now().astimezone(VN_TZ).date().replace(day=1)
    if end is None:
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if start is None:
        start = end.replace(day=1)
    if start > end:
        raise ValueError(f"Ngày bắt đầu ({start:%d/%m/%Y}) sau ngày kết thúc ({end:%d/%m/%Y}).")
    if (end - start).days + 1 > MAX_BOOK_DAYS:
        raise ValueError(f"Mỗi lần in sổ theo dõi tối đa {MAX_BOOK_DAYS} ngày.")
    return start, end


@require_safe
@never_cache
@login_required(login_url=LOGIN_URL)
def tracking_book(request):
    """``?unit=<code>&from=<date>&to=<date>&format=pdf|xlsx``: the unit's register for the period."""
    code, kind = request.GET.get("unit", "").strip(), request.GET.get("format", "pdf")
    if not code:
        return _message(HttpResponseBadRequest, "Thiếu mã đơn vị tiếp nhận (unit).")
    if kind not in ("pdf", "xlsx"):
        return _message(HttpResponseBadRequest, "Định dạng chỉ có thể là pdf hoặc xlsx.")
    try:
        start, end = _period(request.GET)
    except ValueError as error:
        return _message(HttpResponseBadRequest, str(error))
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404("Không có đơn vị mang mã này.")
    viewer = viewer_for(request.user)
    if not (viewer.everything or unit.pk in viewer.units):
        raise PermissionDenied("Chỉ đơn vị tiếp nhận được in sổ theo dõi hồ sơ của mình.")
    name = _filename("so-theo-doi", unit.code, start.isoformat(), end.isoformat())
    if kind == "xlsx":
        return _download(book_xlsx(viewer, unit, start, end), XLSX, f"{name}.xlsx", inline=False)
    return _download(book_pdf(viewer, unit, start, end), PDF, f"{name}.pdf", inline=True)
