"""The briefing pack as an XLSX workbook (openpyxl): one sheet per section of the pack, with native
Excel charts (tasks by status; tasks per lead unit stacked by status). Dates are date cells."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from motcua.briefings.pack import Pack, TaskRow, local_day
from motcua.briefings.pdf import percent
from motcua.briefings.services import committee_name
from motcua.rules.tasks import LABELS, Status
from motcua.tabular.writing import DATE, add_sheet


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], widths: dict[str, int],
           first: bool = False, start: int = 1):
    return add_sheet(book, title, header, rows, widths=widths, first=first, start=start, wrap=True)


def _summary(book: Workbook, pack: Pack) -> None:
    meeting = pack.meeting
    head = [["Ban Chỉ đạo", committee_name(pack.programme)],
            ["Chương trình", f"{pack.programme.number}: {pack.programme.title}"],
            ["Phiên giao ban", f"{meeting.get_kind_display()} ngày {local_day(meeting.held_at):%d/%m/%Y}"],
            ["Số liệu tính đến ngày", pack.as_of],
            ["Phiên giao ban trước", pack.since or "Không có"],
            ["Tỷ lệ hoàn thành (đã hoàn thành / đã đến hạn)", percent(pack.counts.completion_rate)],
            []]
    sheet = book.active
    sheet.title = "Tổng hợp"
    for row in head:
        sheet.append(row)
    start = len(head) + 1
    sheet.append(["Tình trạng", "Số nhiệm vụ"])
    for cell in sheet[start]:
        cell.font = Font(bold=True)
    sheet.append(["Tổng số nhiệm vụ", pack.counts.total])
    for _, label, n in pack.statuses:
        sheet.append([label, n])
    for r in sheet.iter_rows(max_row=len(head)):
        if hasattr(r[1].value, "year"):
            r[1].number_format = DATE
    sheet.column_dimensions["A"].width = 46
    sheet.column_dimensions["B"].width = 60
    chart = BarChart()
    chart.type, chart.style, chart.legend = "col", 10, None
    chart.title, chart.y_axis.title = "Số nhiệm vụ theo tình trạng", "Số nhiệm vụ"
    first = start + 2  # after the total
    chart.add_data(Reference(sheet, min_col=2, min_row=first - 1, max_row=first + len(pack.statuses) - 1),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=first + len(pack.statuses) - 1))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, f"D{start}")


def _units(book: Workbook, pack: Pack) -> None:
    statuses = list(Status)
    rows = [[u.name, u.code, u.counts.total, *[u.counts.of(s) for s in statuses], u.counts.at_risk] for u in pack.units]
    sheet = _sheet(book, "Theo đơn vị", ["Đơn vị chủ trì", "Mã đơn vị", "Tổng", *[LABELS[s] for s in statuses],
                                         "Có nguy cơ chậm"], rows, {"A": 44, "B": 14})
    if not rows:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.style = "bar", "stacked", 100, 10
    chart.title = "Nhiệm vụ theo đơn vị chủ trì"
    chart.add_data(Reference(sheet, min_col=4, max_col=3 + len(statuses), min_row=1, max_row=len(rows) + 1),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(rows) + 1))
    chart.width, chart.height = 22, max(8, 1.1 * len(rows) + 3)
    sheet.add_chart(chart, "J2")


def _task(t: TaskRow) -> list:
    return [t.code, t.content, t.product, t.lead_unit, "; ".join(t.co_units), t.leader, t.officer, t.assigned_on,
            t.deadline, t.original_deadline, t.progress, t.completed_on, t.status_label, t.days, t.delay_reason,
            t.result_document]


TASK_HEADER = ["Số", "Nội dung", "Loại sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Lãnh đạo phụ trách",
               "Cán bộ theo dõi", "Ngày giao", "Thời hạn", "Thời hạn ban đầu", "Tiến độ (%)", "Ngày hoàn thành",
               "Tình trạng", "Số ngày (quá hạn / còn lại / chậm)", "Lý do chậm", "Văn bản kết quả"]
TASK_WIDTHS = {"B": 60, "D": 30, "E": 30, "F": 22, "G": 22, "M": 24}


def pack_xlsx(pack: Pack) -> bytes:
    book = Workbook()
    _summary(book, pack)
    _units(book, pack)
    _sheet(book, "Đã hoàn thành", TASK_HEADER, [_task(t) for t in pack.finished], TASK_WIDTHS)
    _sheet(book, "Quá hạn, nguy cơ chậm", TASK_HEADER, [_task(t) for t in [*pack.overdue, *pack.at_risk]],
           TASK_WIDTHS)
    _sheet(book, "Chương trình họp", ["TT", "Nội dung", "Nhiệm vụ", "Đơn vị báo cáo"],
           [[a.order, a.title, a.task_code, a.presenter] for a in pack.agenda], {"B": 90, "D": 34})
    _sheet(book, "Kết luận kỳ trước", ["TT", "Kết luận", "Đơn vị chủ trì", "Thời hạn", "Nhiệm vụ", "Kết quả",
                                       "Tiến độ (%)"],
           [[c.order, c.content, c.lead_unit, c.deadline, c.task_code, c.outcome, c.progress]
            for c in pack.previous_conclusions], {"B": 60, "C": 30, "F": 26})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
