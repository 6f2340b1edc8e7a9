"""Downloads of the dashboard: any chart's data as an XLSX sheet (Vietnamese headers) and the
overview page as a PDF with its tables and its charts drawn as SVG."""

from __future__ import annotations

import io
import re

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.quality.dashboard_charts import Chart
from motcua.quality.dashboard_svg import svg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(*parts: str) -> str:
    """An ASCII file name (anything else becomes a hyphen)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(p for p in parts if p))


def chart_xlsx(chart: Chart, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = chart.name[:31]
    sheet.append([f"{chart.title} — {title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    header, rows = chart.rows()
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(chart: Chart, title: str, *names: str) -> HttpResponse:
    response = HttpResponse(chart_xlsx(chart, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename("chi-so-766", *names, chart.name)}.xlsx"'
    return response


def overview_pdf(context: dict, charts: dict[str, Chart]) -> bytes:
    drawings = {name: mark_safe(svg(chart)) for name, chart in charts.items()}  # noqa: S308 (escaped in svg())
    html = render_to_string("quality/dashboard/overview_pdf.html", {**context, "svgs": drawings})
    from weasyprint import HTML  # imported when a PDF is drawn: it costs seconds at start-up

    return HTML(string=html).write_pdf()


def pdf_response(content: bytes, *names: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename("chi-so-766", *names)}.pdf"'
    return response
