"""A unit's reports (due, submitted, late, missing), the filing form (one line per task of the
unit, attachments), a report's page and its files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from motcua import timesource
from motcua.programmes.models import Programme
from motcua.reporting import queries, storage
from motcua.reporting.access import may_file, official_or_committee
from motcua.reporting.models import ProgressReport, ReportAttachment
from motcua.reporting.services import ReportRefused, file_report
from motcua.rules.reporting import parse_period
from motcua.units.models import Unit
from motcua.web.guards import official

PER_PAGE = 30



@require_safe
@official
def mine(request):
    """Báo cáo của đơn vị tôi."""
    rows = queries.unit_rows(request.viewer, timesource.today())
    state = request.GET.get("state", "")
    states = [("", "Tất cả", len(rows))] + [(key, label, sum(1 for r in rows if r.state == key))
                                             for key, label in queries.STATE_LABELS.items()]
    if state in queries.STATE_LABELS:
        rows = [r for r in rows if r.state == state]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reporting/mine.html", {
        "page": page, "rows": page.object_list, "state": state, "states": states,
        "query": f"state={state}" if state else ""})


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


@require_http_methods(["GET", "HEAD", "POST"])
@official_or_committee
def file(request, code: str, period: str, unit: str):
    """Nộp báo cáo: the form with one line per task the unit leads in the period."""
    programme = get_object_or_404(Programme, code=code)
    unit = get_object_or_404(Unit, code=unit)
    try:
        chosen = queries.period_for(programme, period)
    except ValueError:
        raise Http404("Không có kỳ báo cáo này.") from None
    if not may_file(request.viewer, programme, unit):
        raise PermissionDenied("Chỉ cán bộ của đơn vị chủ trì hoặc Ban Chỉ đạo được nộp báo cáo của đơn vị này.")
    report = ProgressReport.objects.filter(programme=programme, unit=unit, period=chosen.key).first()
    lines = queries.form_lines(programme, unit, chosen, report)
    errors, summary, status = [], report.summary if report else "", 200
    if request.method == "POST":
        summary = request.POST.get("summary", "")
        given = {}
        for line in lines:
            progress = _int(request.POST.get(f"progress_{line.task.pk}"), -1)
            given[line.task.pk] = (progress, request.POST.get(f"note_{line.task.pk}", ""))
        try:
            saved = file_report(programme, unit, chosen.key, by=request.user, now=timesource.now(), summary=summary,
                                lines=given, files=request.FILES.getlist("files"))
        except ReportRefused as exc:
            errors, status = exc.errors, exc.status
            lines = [queries.FormLine(line.task, given[line.task.pk][0], given[line.task.pk][1]) for line in lines]
        else:
            messages.success(request, f"Đã nộp báo cáo {chosen.label} của {unit.name}.")
            return redirect("reporting:report", pk=saved.pk)
    return render(request, "reporting/file.html", {
        "programme": programme, "unit": unit, "period": chosen, "report": report, "lines": lines,
        "summary": summary, "errors": errors, "accept": storage.ACCEPT,
        "closed": queries.is_closed(programme, chosen)}, status=status)


@require_safe
@official_or_committee
def report_page(request, pk: int):
    report = get_object_or_404(ProgressReport.objects.select_related("programme", "unit", "submitted_by")
                               .prefetch_related("lines__task"), pk=pk)
    return render(request, "reporting/report.html", {
        "report": report, "period_label": parse_period(report.period).label, "lines": queries.sorted_lines(report),
        "attachments": report.attachments.all(), "revisions": report.revisions.select_related("submitted_by"),
        "may_file": may_file(request.viewer, report.programme, report.unit)})


@require_safe
@never_cache
@official_or_committee
def attachment(request, pk: int):
    item = get_object_or_404(ReportAttachment, pk=pk)
    try:
        handle = storage.path_of(item.stored_name).open("rb")
    except (storage.UploadRefused, FileNotFoundError):
        raise Http404("Không tìm thấy tệp trong kho lưu trữ.") from None
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
