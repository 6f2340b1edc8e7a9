"""A programme's task list as XLSX (xuất danh mục nhiệm vụ): the import's columns
(``programmes.layout``) in tree order, then the status class and the at-risk flag on the day of
export. Importing the file into an empty programme gives back the same tasks."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.programmes import queries
from motcua.programmes.layout import COLUMNS, STATUS_COLUMNS
from motcua.programmes.models import Programme, Task

WIDTHS = {"content": 70, "lead_unit": 32, "co_units": 40, "source_issuer": 28, "result_document": 36,
          "delay_reason": 36, "approver": 28}


def _cell(task: Task, field: str):
    if field == "parent":
        return task.parent.code if task.parent_id else None
    if field == "lead_unit":
        return task.lead_unit.code
    if field == "co_units":
        return "; ".join(sorted(u.code for u in task.co_units.all())) or None
    if field in ("leader", "officer"):
        user = getattr(task, field)
        return user.username if user else None
    if field == "product":
        return task.get_product_display()
    if field == "approver":
        return task.get_approver_display() if task.approver else None
    value = getattr(task, field)
    return None if value == "" else value


def tasks_xlsx(programme: Programme, today: date) -> bytes:
    rows = queries.task_rows(programme, today)
    by_pk = {r.task.pk: r.task for r in rows}
    for r in rows:  # parents from memory, not one query each
        if r.task.parent_id:
            r.task.parent = by_pk.get(r.task.parent_id)
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiem vu"
    sheet.append([header for header, _, _ in COLUMNS] + STATUS_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        sheet.append([_cell(r.task, f) for _, f, _ in COLUMNS] + [r.status.label, "Có" if r.at_risk else None])
    for index, (_, field, _) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = WIDTHS.get(field, 14)
        if field in ("assigned_on", "deadline", "original_deadline", "source_date", "completed_on"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "B2"
    info = book.create_sheet("Chuong trinh")
    for label, value in [("Mã", programme.code), ("Số, ký hiệu", programme.number), ("Tên", programme.title),
                         ("Cơ quan ban hành", programme.issuing_body), ("Ngày ban hành", programme.issued_on),
                         ("Cơ quan thường trực", programme.standing_agency.name), ("Ngày xuất", today)]:
        info.append([label, value])
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
