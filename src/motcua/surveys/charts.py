"""A SIPAS round's results as charts (``quality.dashboard_charts.Chart``, drawn by the
dashboards' script): the index by content, by group, the units ranked and the expectations. Each
downloads as XLSX with every row (``?format=xlsx&chart=<name>`` on the results page)."""

from __future__ import annotations

from motcua.quality.dashboard_charts import CHART_BARS, Chart
from motcua.surveys.queries import Results


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def results_charts(r: Results) -> dict[str, Chart]:
    o, form = r.overall, r.form
    contents = Chart("contents", "Chỉ số hài lòng theo nội dung", "bar", "Nội dung",
                     [c.label for c in form.contents] + ["Chỉ số SIPAS"],
                     [("Chỉ số (%)", [_pct(o.contents[c.key]) for c in form.contents] + [_pct(o.overall)])], "%")
    groups = Chart("groups", "Chỉ số hài lòng theo nhóm tiêu chí", "hbar", "Nhóm tiêu chí",
                   [g.label for g in form.groups()], [("Chỉ số (%)", [_pct(o.groups[g.key]) for g in form.groups()])],
                   "%", table=(["Nội dung", "Nhóm tiêu chí", "Chỉ số (%)"],
                               [[c.label, g.label, _pct(o.groups[g.key])] for c in form.contents for g in c.groups]))
    ranked = [u for u in r.units if u.rank is not None]
    top = ranked[:CHART_BARS]
    units = Chart("units", f"Xếp hạng đơn vị theo chỉ số SIPAS ({len(top)} đơn vị đứng đầu)", "hbar", "Đơn vị",
                  [u.unit for u in top], [("Chỉ số SIPAS (%)", [_pct(u.indices.overall) for u in top])], "%",
                  table=(["Hạng", "Mã đơn vị", "Đơn vị", "Số phiếu", *(f"{c.label} (%)" for c in form.contents),
                          "Chỉ số SIPAS (%)"],
                         [[u.rank, u.unit_code, u.unit, u.indices.n,
                           *(_pct(u.indices.contents[c.key]) for c in form.contents), _pct(u.indices.overall)]
                          for u in r.units]))
    charts = [contents, groups, units]
    if r.expectations:
        charts.append(Chart("expectations", "Mong đợi của người dân (tỷ lệ mong muốn, rất mong muốn)", "hbar",
                            "Nội dung mong đợi", [r.label(k) for k in r.expectations],
                            [("Tỷ lệ (%)", [_pct(v) for v in r.expectations.values()])], "%"))
    return {c.name: c for c in charts}
