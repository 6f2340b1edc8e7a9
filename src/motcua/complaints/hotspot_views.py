"""Leaders' pages: the hot-spot view (điểm nóng) with its XLSX export, and the citizen-reception
days (lịch tiếp công dân) of the People's Committee chairs. Who may see them:
``hotspots.may_see_hotspots`` (leaders, supervisors, the administrator); who keeps a committee's
schedule: ``hotspots.may_keep_schedule``."""

from __future__ import annotations

import io
from datetime import date, timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua import timesource
from motcua.complaints import hotspots, reception
from motcua.complaints.forms import KIND_LABELS
from motcua.complaints.models import ReceptionDay
from motcua.rules.calendar import VN_TZ
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit
from motcua.web.guards import official

ARROWS = {"up": "↑", "down": "↓", "same": "→", "new": "mới"}
PER_PAGE = 50


def leaders_only(view):
    @official
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not hotspots.may_see_hotspots(request.viewer):
            raise PermissionDenied(hotspots.DENIED)
        return view(request, *args, **kwargs)

    return wrapper



def _date(raw: str, default: date, warnings: list[str]) -> date:
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        warnings.append(f"Ngày «{raw[:20]}» không đúng dạng năm-tháng-ngày; dùng ngày {default:%d/%m/%Y}.")
        return default


def _filters(request) -> tuple[str, date, list[str]]:
    warnings: list[str] = []
    kind = request.GET.get("loai", "")
    if kind and kind not in KIND_LABELS:
        warnings.append("Loại vụ việc không có; hiển thị tất cả các loại.")
        kind = ""
    today = timesource.today()
    on = _date(request.GET.get("ngay", ""), today, warnings)
    if on > today:
        warnings.append("Chưa đến ngày đã chọn; hiển thị ngày hôm nay.")
        on = today
    return kind, on, warnings


def _ranking(request):
    kind, on, warnings = _filters(request)
    data = hotspots.ranking(hotspots.cases_in_view(request.viewer), on, timesource.now(), calendar_for(), kind)
    return data, warnings


@leaders_only
def hotspot_page(request):
    data, warnings = _ranking(request)
    query = urlencode({k: v for k, v in (("loai", data.kind), ("ngay", data.on.isoformat())) if v})
    return render(request, "complaints/hotspots.html", {
        "data": data, "warnings": warnings, "kinds": KIND_LABELS, "arrows": ARROWS, "query": query,
        "communes": data.communes[:PER_PAGE], "units": data.units[:PER_PAGE],
        "more_communes": max(len(data.communes) - PER_PAGE, 0), "more_units": max(len(data.units) - PER_PAGE, 0),
        "chart": {"labels": data.chart["labels"], "series": data.chart["series"]},
    })


HEADERS = ["Hạng", "Mã", "Tên", "Vụ việc có dấu hiệu", "Số người", "Vụ lâu nhất (ngày)", "Tuổi trung bình (ngày)",
           "Hạng tháng trước", "Thay đổi so với tháng trước", "Dấu hiệu"]


def ranking_xlsx(data) -> bytes:
    book = Workbook()
    for index, (title, places) in enumerate((("Xa phuong", data.communes), ("Don vi", data.units))):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(HEADERS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for p in places:
            h = p.spot
            sheet.append([h.rank, p.code, p.name, h.flagged_cases, h.people, h.oldest_days, h.mean_age_days,
                          h.previous_rank, h.change, "; ".join(f"{k}: {v}" for k, v in p.reasons.items())])
        for letter, width in zip("ABCDEFGHIJ", (7, 12, 40, 12, 10, 12, 12, 12, 14, 60)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "D2"
    info = book.create_sheet("Thong tin")
    for row in (("Ngày số liệu", data.on), ("Loại vụ việc", KIND_LABELS.get(data.kind, "Tất cả")),
                ("So sánh với", data.previous.astimezone(VN_TZ).date()), ("Vụ việc đang giải quyết", data.open_cases),
                ("Vụ việc có dấu hiệu kéo dài, phức tạp", data.flagged_cases)):
        info.append(list(row))
    info["B1"].number_format = info["B3"].number_format = "DD/MM/YYYY"
    info.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@leaders_only
def hotspot_xlsx(request):
    data, _ = _ranking(request)
    response = HttpResponse(ranking_xlsx(data),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="diem-nong-{data.on:%Y%m%d}.xlsx"'
    return response


# -- reception days -------------------------------------------------------------------------------

def period_of(request, today: date, warnings: list[str]) -> tuple[date, date]:
    """``?tu=…&den=…``; by default the last three whole months and this month so far."""
    first = hotspots.month_before(today.replace(day=1), 3)
    start = _date(request.GET.get("tu", ""), first, warnings)
    end = _date(request.GET.get("den", ""), today, warnings)
    if start > end or (end - start).days > reception.MAX_PERIOD_DAYS:
        warnings.append("Khoảng thời gian không hợp lệ (từ ngày phải trước đến ngày, dài tối đa 3 năm); "
                        "dùng khoảng mặc định.")
        start, end = first, today
    return start, end


@leaders_only
def reception_page(request):
    warnings: list[str] = []
    today = timesource.today()
    start, end = period_of(request, today, warnings)
    units = list(hotspots.committees_in_view(request.viewer, reception.committees()))
    behind = reception.missing(units, start, end, calendar_for())
    upcoming_end = max(end, today + timedelta(days=31))
    days = reception.schedule(units, start, upcoming_end)
    page = Paginator(days, PER_PAGE).get_page(request.GET.get("page", "1")[:6])
    keep = [u for u in units if hotspots.may_keep_schedule(request.viewer, u)]
    return render(request, "complaints/reception.html", {
        "start": start, "end": end, "today": today, "warnings": warnings, "behind": behind,
        "page": page, "query": f"tu={start:%Y-%m-%d}&den={end:%Y-%m-%d}", "keep": keep,
        "keep_ids": {u.pk for u in keep}, "shortfall": sum(1 for b in behind if b.missing),
    })


@require_POST
@leaders_only
def reception_schedule(request):
    unit = Unit.objects.filter(code=request.POST.get("unit", "")[:40]).first()
    if unit is None:
        raise Http404("Không có UBND này.")
    if not hotspots.may_keep_schedule(request.viewer, unit):
        raise PermissionDenied("Chỉ lãnh đạo UBND này hoặc quản trị hệ thống lên được lịch tiếp công dân.")
    try:
        day = date.fromisoformat(request.POST.get("day", ""))
        reception.schedule_day(unit, day, by=request.user, now=timesource.now(),
                               leader=request.user if request.POST.get("self") else None,
                               note=request.POST.get("note", ""))
    except ValueError:
        messages.error(request, "Ngày tiếp công dân không đúng dạng ngày.")
    except reception.ReceptionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã lên lịch tiếp công dân ngày {day:%d/%m/%Y} cho {unit.name}.")
    return redirect("complaints:reception")


@require_POST
@leaders_only
def reception_act(request, pk: int, act: str):
    row = ReceptionDay.objects.select_related("unit").filter(pk=pk).first()
    if row is None or act not in ("held", "not_held", "cancel"):
        raise Http404("Không có ngày tiếp công dân này.")
    if not hotspots.may_keep_schedule(request.viewer, row.unit):
        raise PermissionDenied("Chỉ lãnh đạo UBND này hoặc quản trị hệ thống ghi được lịch tiếp công dân.")
    now = timesource.now()
    try:
        if act == "cancel":
            reception.cancel_day(row, by=request.user, now=now)
            messages.success(request, f"Đã bỏ lịch ngày {row.day:%d/%m/%Y}.")
        else:
            raw = request.POST.get("cases_received", "0").strip() or "0"
            count = int(raw) if raw.isdigit() and len(raw) < 7 else -1
            reception.record_day(row, by=request.user, now=now, held=act == "held", cases_received=count,
                                 note=request.POST.get("note"))
            messages.success(request, f"Đã ghi kết quả ngày {row.day:%d/%m/%Y}.")
    except reception.ReceptionRefused as exc:
        messages.error(request, exc.message)
    return redirect("complaints:reception")
