"""Form 07, the tracking book (sổ theo dõi hồ sơ) of a receiving unit over a period: as PDF,
and as XLSX for the unit's own records."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.dossiers.access import Viewer
from motcua.dossiers.models import Dossier
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import STATE_LABELS, State

COLUMNS = ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ", "Tên cá nhân, tổ chức",
           "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả",
           "Có kết quả", "Trả kết quả", "Ghi chú"]


def _when(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else ""


def book_rows(viewer: Viewer, unit, start: date, end: date) -> list[list]:
    """One row per dossier received at ``unit`` from ``start`` to ``end`` (inclusive), in order."""
    if not (viewer.everything or unit.pk in viewer.units):
        raise PermissionDenied("Chỉ đơn vị tiếp nhận được in sổ theo dõi hồ sơ của mình.")
    since = datetime.combine(start, time(0), tzinfo=VN_TZ)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=VN_TZ)
    dossiers = (Dossier.objects.filter(receiving_unit=unit, received_at__gte=since, received_at__lt=until)
                .select_related("procedure", "competent_unit").defer("snapshot").order_by("received_at", "pk"))
    return [[n, d.code, d.procedure.name, 1, d.applicant_name,
             ", ".join(x for x in (d.applicant_address, d.applicant_phone) if x), d.competent_unit.name,
             _when(d.received_at), _when(d.due_at), _when(d.ended_at), _when(d.returned_at),
             STATE_LABELS[State(d.state)]] for n, d in enumerate(dossiers, 1)]


def book_pdf(viewer: Viewer, unit, start: date, end: date) -> bytes:
    html = render_to_string("documents/form07.html", {
        "unit": unit, "start": start, "end": end, "columns": COLUMNS, "rows": book_rows(viewer, unit, start, end)})
    from weasyprint import HTML  # imported when a PDF is drawn: it costs seconds at start-up

    return HTML(string=html).write_pdf()


def book_xlsx(viewer: Viewer, unit, start: date, end: date) -> bytes:
    rows = book_rows(viewer, unit, start, end)
    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi ho so"
    sheet.append([f"SỔ THEO DÕI HỒ SƠ — {unit.name} — từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(COLUMNS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for letter, width in zip("ABCDEFGHIJKL", (5, 26, 40, 8, 24, 28, 30, 16, 16, 16, 16, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
