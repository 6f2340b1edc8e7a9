"""Writing XLSX exports: one table per sheet with a bold, frozen header row, dates shown as
``dd/mm/yyyy``, long text wrapped, and column widths given by letter."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

DATE = "DD/MM/YYYY"
_TOP = Alignment(wrap_text=True, vertical="top")


def add_sheet(book: Workbook, title: str, header: list[str], rows: Iterable[list], *,
              widths: Mapping[str, float] | None = None, first: bool = False, start: int = 1, wrap: bool = False):
    """A sheet ``title`` (the book's first sheet with ``first``) holding ``header`` on row ``start``
    and ``rows`` under it; returns the sheet."""
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    for _ in range(start - 1):
        sheet.append([])
    sheet.append(header)
    for cell in sheet[start]:
        cell.font = Font(bold=True)
        if wrap:
            cell.alignment = _TOP
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=start + 1):
        for cell in line:
            if hasattr(cell.value, "year"):
                cell.number_format = DATE
            if wrap:
                cell.alignment = _TOP
    for column, width in (widths or {"A": 32}).items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{start + 1}"
    return sheet
