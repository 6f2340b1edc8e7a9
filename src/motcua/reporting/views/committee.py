"""The committee's view of a programme's reporting: for one period, every lead unit that owes a
report with submitted on time / late / missing; closing the period."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from motcua import timesource
from motcua.programmes.models import Programme
from motcua.reporting import queries
from motcua.reporting.access import may_steer, official_or_committee
from motcua.reporting.services import ReportRefused, close_period
from motcua.rules.reporting import due_on



@require_safe
@official_or_committee
def programme_page(request, code: str):
    """The latest period whose report has fallen due (else the current one)."""
    programme = get_object_or_404(Programme, code=code)
    found = queries.programme_periods(programme, timesource.today())
    if not found:
        raise Http404("Chương trình chưa có kỳ báo cáo nào.")
    chosen = next((p for p in found if due_on(p) <= timesource.today()), found[-1])
    return redirect("reporting:period", code=programme.code, period=chosen.key)


@require_safe
@official_or_committee
def period_page(request, code: str, period: str):
    programme = get_object_or_404(Programme, code=code)
    try:
        chosen = queries.period_for(programme, period)
    except ValueError:
        raise Http404("Không có kỳ báo cáo này.") from None
    today = timesource.today()
    rows = queries.board(programme, chosen, today)
    counts = {key: sum(1 for r in rows if r.state == key) for key in queries.STATE_LABELS}
    return render(request, "reporting/period.html", {
        "programme": programme, "period": chosen, "rows": rows, "counts": counts, "due": due_on(chosen),
        "periods": queries.programme_periods(programme, today), "closed": queries.is_closed(programme, chosen),
        "steer": may_steer(request.viewer, programme), "ended": chosen.end < today})


@require_POST
@official_or_committee
def close(request, code: str, period: str):
    programme = get_object_or_404(Programme, code=code)
    try:
        close_period(programme, period, by=request.user, now=timesource.now())
    except ReportRefused as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã khóa kỳ báo cáo; các đơn vị không nộp lại được nữa.")
    return redirect("reporting:period", code=programme.code, period=period)
