"""A round's results as an XLSX workbook (openpyxl): the summary, units ranked, every item,
expectations and assessment distributions, one sheet each. Indices in per cent, two decimals."""

from __future__ import annotations

import io

from openpyxl import Workbook

from motcua.surveys.queries import Results
from motcua.tabular.writing import add_sheet


def _pct(value: float | None):
    return round(value, 2) if value is not None else None


WIDTHS = {"A": 14, "B": 60}


def results_xlsx(r: Results) -> bytes:
    form, overall = r.form, r.overall
    book = Workbook()
    summary = [["Đợt khảo sát", r.survey.name], ["Phiếu", form.name], ["Căn cứ", form.basis],
               ["Kỳ", f"{r.survey.period_from:%d/%m/%Y} – {r.survey.period_to:%d/%m/%Y}"], ["Số phiếu", overall.n],
               ["Chỉ số SIPAS (%)", _pct(overall.overall)]]
    summary += [[f"Chỉ số {c.label} (%)", _pct(overall.contents[c.key])] for c in form.contents]
    summary += [[f"Nhóm {g.label} (%)", _pct(overall.groups[g.key])] for g in form.groups()]
    summary += [[f"Tỷ lệ có/nhiều — {r.label(k)} (%)", _pct(v)] for k, v in r.flagged.items()]
    add_sheet(book, "Tong hop", ["Nội dung", "Giá trị"], summary, widths={"A": 60, "B": 60}, first=True)
    contents = [c.key for c in form.contents]
    add_sheet(book, "Theo don vi", ["Xếp hạng", "Đơn vị", "Mã đơn vị", "Số phiếu", *[c.label for c in form.contents],
                                 "Chỉ số SIPAS (%)"],
           [[u.rank, u.unit, u.unit_code, u.indices.n, *[_pct(u.indices.contents[k]) for k in contents],
             _pct(u.indices.overall)] for u in r.units], widths=WIDTHS)
    add_sheet(book, "Tieu chi", ["Nhóm", "Tiêu chí", "Chỉ số (%)"],
           [[g.key, q.label, _pct(overall.items[q.key])] for g in form.groups() for q in g.items], widths=WIDTHS)
    add_sheet(book, "Mong doi", ["Mã", "Nội dung", "Tỷ lệ mong muốn và rất mong muốn (%)"],
           [[k, r.label(k), _pct(v)] for k, v in r.expectations.items()], widths=WIDTHS)
    add_sheet(book, "Nhan dinh", ["Mã", "Câu hỏi", "Phương án", "Số người chọn", "Tỷ lệ (%)"],
           [[d.question.key, d.question.label, label, count, _pct(share)]
            for d in r.distributions for label, count, share in d.counts], widths=WIDTHS)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
