"""Downloads of the dashboard: any chart's data as an XLSX sheet (Vietnamese headers); the
overview page as a PDF with its tables and its charts drawn as SVG; any other page of charts as a
PDF of its charts, each with its whole table."""

from __future__ import annotations

import io
import re

from django.http import HttpResponse, HttpResponseBadRequest
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


def xlsx_response(chart: Chart, title: str, *names: str, prefix: str = "chi-so-766") -> HttpResponse:
    response = HttpResponse(chart_xlsx(chart, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(prefix, *names, chart.name)}.xlsx"'
    return response


def chart_download(request, charts: dict[str, Chart], title: str, *names: str, prefix: str = "chi-so-766",
                   pdf_title: str | None = None) -> HttpResponse | None:
    """The XLSX of the chart ``?chart=`` names when ``?format=xlsx`` asks for one (400 for a chart
    that is not there); with a ``pdf_title``, the PDF of them all (``charts_pdf``) for
    ``?format=pdf``; ``None`` when the page itself is asked for."""
    if pdf_title is not None and request.GET.get("format") == "pdf":
        return pdf_response(charts_pdf(pdf_title, charts), *names, prefix=prefix)
    if request.GET.get("format") != "xlsx":
        return None
    chart = charts.get(request.GET.get("chart", ""))
    if chart is None:
        return HttpResponseBadRequest(f"Không có biểu đồ này; các biểu đồ: {', '.join(charts)}.",
                                      content_type="text/plain; charset=utf-8")
    return xlsx_response(chart, title, *names, prefix=prefix)


def overview_pdf(context: dict, charts: dict[str, Chart]) -> bytes:
    drawings = {name: mark_safe(svg(chart)) for name, chart in charts.items()}  # noqa: S308 (escaped in svg())
    return _pdf(render_to_string("quality/dashboard/overview_pdf.html", {**context, "svgs": drawings}))


def charts_pdf(title: str, charts: dict[str, Chart]) -> bytes:
    """A page of charts as PDF: under ``title``, each chart drawn as SVG with its whole table
    (the rows of its XLSX)."""
    figures = [(chart.title, mark_safe(svg(chart)), *chart.rows())  # noqa: S308 (escaped in svg())
               for chart in charts.values()]
    return _pdf(render_to_string("quality/dashboard/charts_pdf.html", {"title": title, "figures": figures}))


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when a PDF is drawn: it costs seconds at start-up

    return HTML(string=html).write_pdf()


def pdf_response(content: bytes, *names: str, prefix: str = "chi-so-766") -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(prefix, *names)}.pdf"'
    return response
