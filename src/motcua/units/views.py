"""Organisation pages under ``/can-bo/to-chuc/``: the review report (grouped by finding, each line
with its fix link), the rotation list, the units in view and a unit's organisation. Who may see
what is decided by ``units.access.organisation_scope`` alone."""

from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from motcua import timesource
from motcua.rules.calendar import VN_TZ
from motcua.rules.organisation import LABELS
from motcua.rules.rotation import LEADER_STATUS_LABELS, STATUS_LABELS
from motcua.units import org_queries, review, rotation_queries
from motcua.units.access import organisation_scope
from motcua.units.models import Unit
from motcua.web.guards import official

PER_PAGE = 50


def organisation_reader(view):
    """Leaders, supervisors and the administrator; ``request.org_scope`` says which units."""

    @official
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.org_scope = organisation_scope(request.viewer)
        return view(request, *args, **kwargs)

    return wrapper


def day_of(request) -> tuple[dt.date, str]:
    """The review date from ``?ngay=YYYY-MM-DD`` (today in Hà Nội if absent or unreadable)."""
    today = timesource.now().astimezone(VN_TZ).date()
    raw = request.GET.get("ngay", "")
    try:
        return (dt.date.fromisoformat(raw) if raw else today), ""
    except ValueError:
        return today, f"Ngày «{raw[:20]}» không đúng dạng năm-tháng-ngày; hiển thị ngày hôm nay."


def _page(request, items):
    number = request.GET.get("page", "1")
    return Paginator(items, PER_PAGE).get_page(int(number) if number.isdigit() and len(number) < 7 else 1)


def _query(request, **keep) -> str:
    return urlencode({k: v for k, v in keep.items() if v})


def _partial(request) -> bool:
    return bool(request.headers.get("HX-Request")) and request.headers.get("HX-Target") == "results"


@organisation_reader
def review_page(request):
    on, warning = day_of(request)
    report = review.report(on, request.org_scope)
    kinds = [g.kind for g in report.groups]
    kind = request.GET.get("loai", "")
    kind = kind if kind in kinds else next((g.kind for g in report.groups if g.lines), kinds[0])
    group = next(g for g in report.groups if g.kind == kind)
    page = _page(request, group.lines)
    context = {"report": report, "group": group, "kind": kind, "page": page, "warning": warning,
               "keep": [("loai", kind)],
               "ngay": request.GET.get("ngay", ""),
               "query": _query(request, ngay=request.GET.get("ngay", ""), loai=kind)}
    template = "units/_review_lines.html" if _partial(request) else "units/review.html"
    return render(request, template, context)


GROUPS = {"chuyen-doi": ("transfer", "Định kỳ chuyển đổi vị trí"), "lanh-dao": ("leader", "Người đứng đầu (nhiệm kỳ)")}


@organisation_reader
def rotation_page(request):
    on, warning = day_of(request)
    rows = rotation_queries.rotation_list(on, request.org_scope)
    group = request.GET.get("nhom", "")
    if group in GROUPS:
        rows = [r for r in rows if r.kind == GROUPS[group][0]]
    else:
        group = ""
    counts = rotation_queries.counts(rows)
    status = request.GET.get("trang-thai", "")
    if status not in counts:
        status = ""
    shown = [r for r in rows if r.status == status] if status else [r for r in rows if r.status != "not_due"]
    page = _page(request, shown)
    labels = LEADER_STATUS_LABELS if group == "lanh-dao" else STATUS_LABELS
    tabs = [(s, labels[s], counts[s]) for s in rotation_queries.ORDER]
    keep = [(k, v) for k, v in (("nhom", group), ("trang-thai", status)) if v]
    context = {"on": on, "rows": page.object_list, "page": page, "tabs": tabs, "status": status, "warning": warning,
               "keep": keep, "group": group, "groups": [(k, label) for k, (_, label) in GROUPS.items()],
               "ngay": request.GET.get("ngay", ""),
               "query": _query(request, ngay=request.GET.get("ngay", ""), nhom=group, **{"trang-thai": status})}
    template = "units/_rotation_rows.html" if _partial(request) else "units/rotation.html"
    return render(request, template, context)


@organisation_reader
def unit_list(request):
    q = request.GET.get("q", "")[:100]
    page = _page(request, org_queries.units_in_scope(request.org_scope, q))
    context = {"page": page, "units": page.object_list, "q": q, "query": _query(request, q=q)}
    template = "units/_unit_rows.html" if _partial(request) else "units/units.html"
    return render(request, template, context)


@organisation_reader
def unit_page(request, code: str):
    unit = get_object_or_404(Unit.objects.select_related("successor", "parent"), code=code)
    if not request.org_scope.covers(unit.pk):
        raise PermissionDenied("Đơn vị này không thuộc phạm vi anh/chị được xem.")
    on, warning = day_of(request)
    org = org_queries.unit_organisation(unit, on)
    lines = [line for line in review.report(on, request.org_scope).lines() if unit.pk in line.units]
    return render(request, "units/unit.html", {"org": org, "lines": lines, "labels": LABELS, "warning": warning,
                                               "ngay": request.GET.get("ngay", "")})
