"""A unit's sheets for a month or a year as an XLSX workbook (openpyxl): the summary (one row per
sheet), the products, the disqualifying facts, the quota; for a year, also each person's monthly
scores."""

from __future__ import annotations

import io

from openpyxl import Workbook

from motcua.accounts.names import person_name
from motcua.evaluation.models import Sheet
from motcua.evaluation.queries import UnitPeriod, band_label, fact_label
from motcua.evaluation.services import GROUPS
from motcua.tabular.writing import add_sheet


def _num(value):
    return float(value) if value is not None else None


def unit_xlsx(up: UnitPeriod) -> bytes:
    book = Workbook()
    add_sheet(book, "Tong hop", [
        "Họ tên / đơn vị", "Đối tượng", "Nhóm", "Điểm tiêu chí chung", "Số lượng (%)", "Chất lượng (%)",
        "Tiến độ (%)", "Điểm kết quả", "Tổng điểm", "Xếp loại theo điểm và căn cứ", "Xếp loại sau áp tỷ lệ",
        "Lý do điều chỉnh", "Trạng thái", "Người đánh giá", "Lãnh đạo phê duyệt"],
        [[s.name, s.get_subject_display(), GROUPS.get(s.group, s.group), _num(s.general_points), _num(s.quantity),
          _num(s.quality), _num(s.timeliness), _num(s.results_points), _num(s.score), band_label(s.band_computed),
          band_label(s.band), s.quota_note, s.get_state_display(),
          person_name(s.assessor) if s.assessor else "",
          person_name(s.approver) if s.approver else ""] for s in up.sheets],
        first=True)
    add_sheet(book, "San pham", ["Họ tên / đơn vị", "Sản phẩm", "Nguồn", "Được giao", "Hoàn thành",
                              "Lần không đạt", "Lần chậm", "Chậm được miễn trừ", "Hệ số", "Ghi chú"],
           [[s.name, p.name, p.get_source_display(), p.assigned, p.completed, p.failed_reviews, p.delays,
             p.exempt_delays, _num(p.weight), p.note] for s in up.sheets for p in s.products.all()])
    add_sheet(book, "Can cu", ["Họ tên / đơn vị", "Căn cứ", "Ngày", "Văn bản", "Ghi chú"],
           [[s.name, fact_label(s, f.kind), f.occurred_on, f.document, f.note] for s in up.sheets for f in s.facts.all()])
    add_sheet(book, "Ty le xuat sac", ["Nhóm", "Số người làm căn cứ", "Tối đa xuất sắc", "Đạt điểm xuất sắc",
                                    "Chuyển xuống", "Thành tích nổi trội", "Giải thích"],
           [[GROUPS.get(q.group, q.group), q.base, q.limit, q.excellent_before, q.demoted,
             "Có" if q.outstanding else "", q.explanation] for q in up.quotas])
    if len(up.period) == 4:
        months = (Sheet.objects.filter(unit=up.unit, period_kind=Sheet.PeriodKind.MONTH,
                                       period__startswith=f"{up.period}-").order_by("name", "period")
                  .values_list("name", "period", "score", "band"))
        table: dict[str, dict[int, object]] = {}
        for name, period, score, band in months:
            table.setdefault(name, {})[int(period[5:])] = _num(score)
        add_sheet(book, "Theo thang", ["Họ tên / đơn vị", *[f"Tháng {m}" for m in range(1, 13)]],
               [[name, *[row.get(m) for m in range(1, 13)]] for name, row in table.items()])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
