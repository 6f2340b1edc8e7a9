"""The pack of a meeting as PDF or XLSX, for any official."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from motcua import timesource
from motcua.briefings import queries
from motcua.briefings.pack import build_pack, local_day
from motcua.briefings import pdf, xlsx
from motcua.web.guards import official

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pack(pk: int):
    meeting = queries.meeting(pk)
    if meeting is None:
        raise Http404("Không có phiên giao ban này.")
    return build_pack(meeting, today=local_day(timesource.now()))


def _download(content: bytes, content_type: str, name: str, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@official
def pack_pdf(request, pk: int):
    pack = _pack(pk)
    return _download(pdf.render_pdf(pack), PDF, pdf.filename(pack, "pdf"), inline=True)


@require_safe
@official
def pack_xlsx(request, pk: int):
    pack = _pack(pk)
    return _download(xlsx.pack_xlsx(pack), XLSX, pdf.filename(pack, "xlsx"), inline=False)
