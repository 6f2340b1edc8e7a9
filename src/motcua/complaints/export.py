"""A worklist of cases as XLSX (xuất sổ theo dõi đơn): the rows the page lists, in its order and
with its filters, one line each; no personal numbers (the filer's name only)."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.rules.calendar import VN_TZ

EXPORT_LIMIT = 10_000
COLUMNS = [("Mã vụ việc", 20), ("Loại", 18), ("Nội dung chính", 60), ("Người gửi", 26), ("Số người", 9),
           ("Hình thức nhận", 22), ("Ngày nhận", 12), ("Trạng thái", 26), ("Cơ quan giải quyết", 32),
           ("Cán bộ thụ lý", 24), ("Hạn", 17), ("Quá hạn", 9), ("Dấu hiệu phức tạp, kéo dài", 40)]


def worklist_xlsx(rows, now: datetime, *, title: str = "") -> bytes:
    """``rows`` are the list page's rows (``views.worklist.Row``)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Vu viec"
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        sheet.append([r.code, r.kind, r.subject, r.filer, r.people, r.channel, r.received, r.state, r.unit,
                      r.handler or None, r.due or None, "Có" if r.overdue else None, "; ".join(r.flags) or None])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "B2"
    info = book.create_sheet("Thong tin")
    for label, value in [("Danh sách", title), ("Số vụ việc", len(rows)),
                         ("Xuất lúc", now.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y"))]:
        info.append([label, value])
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
