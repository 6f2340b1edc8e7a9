"""The dashboard's charts as plain data: one ``Chart`` feeds the page (Chart.js reads it as JSON),
the XLSX download (its table) and the PDF (a server-side SVG drawing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from motcua.quality.dashboard_data import Overview
from motcua.quality.dashboard_progress import Progress
from motcua.quality.dashboard_ratings import RatingsView
from motcua.rules.index766 import GROUPS

CHART_BARS = 20  # a bar chart shows at most this many bars; its XLSX has every row


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    kind: str  # "line" | "bar" | "hbar" (horizontal bars) | "stacked" (horizontal, stacked)
    label_header: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str = ""
    #: the XLSX table when it has more than the chart shows (header, rows)
    table: tuple[list[str], list[list]] | None = field(default=None, compare=False)

    def config(self) -> dict:
        """What ``dashboard.js`` turns into a Chart.js chart."""
        return {"kind": self.kind, "labels": self.labels, "unit": self.unit,
                "series": [{"label": name, "data": values} for name, values in self.series]}

    def rows(self) -> tuple[list[str], list[list]]:
        if self.table is not None:
            return self.table
        header = [self.label_header, *(name for name, _ in self.series)]
        return header, [[label, *(values[i] for _, values in self.series)] for i, label in enumerate(self.labels)]


def block(chart: Chart, xlsx_href: str) -> dict:
    """What ``quality/dashboard/_chart.html`` shows of one chart (its XLSX at ``xlsx_href``)."""
    tall = chart.kind in ("hbar", "stacked")
    return {"name": chart.name, "title": chart.title, "id": f"chart-{chart.name}", "config": chart.config(),
            "xlsx": xlsx_href, "height": max(160, 24 * len(chart.labels) + 70) if tall else 300}


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def overview_charts(o: Overview) -> dict[str, Chart]:
    months = [f"{p.number:02d}/{p.year}" for p, _ in o.trend]
    trend = Chart("trend", "Điểm chỉ số 766 trong 12 tháng", "line", "Tháng", months,
                  [("Tổng điểm", [c.total for _, c in o.trend]),
                   *[(label, [c.groups[key] for _, c in o.trend]) for key, label, _en, _m in GROUPS]], "điểm")
    groups = Chart("groups", "Điểm theo nhóm chỉ tiêu", "bar", "Nhóm chỉ tiêu", [g.label for g in o.groups],
                   [("Điểm đạt", [g.points for g in o.groups]), ("Điểm tối đa", [g.max_points for g in o.groups])],
                   "điểm")
    header = ["Hạng", "Hạng trong nhóm", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Thay đổi so với kỳ trước",
              *[label for _, label, _en, _m in GROUPS]]
    rows = [[r.rank, r.group_rank, r.unit.code, r.unit.name, r.card.total, r.change,
             *[r.card.groups[key] for key, *_ in GROUPS]] for r in o.ranking]
    top = o.ranking[:CHART_BARS]
    ranking = Chart("ranking", f"Xếp hạng đơn vị ({len(top)} đơn vị đứng đầu)", "hbar", "Đơn vị",
                    [r.unit.name for r in top], [("Tổng điểm", [r.card.total for r in top])], "điểm",
                    table=(header, rows))
    return {c.name: c for c in (trend, groups, ranking)}


def progress_charts(p: Progress) -> dict[str, Chart]:
    named = [u for u in p.units if u.received]
    worst = named[:CHART_BARS]
    header = ["Mã đơn vị", "Cơ quan giải quyết", "Hồ sơ tiếp nhận", "Đúng hạn", "Trễ hạn (đã xong)",
              "Đang quá hạn", "Tỷ lệ đúng hạn (%)"]
    table = [[u.unit.code if u.unit else "", u.unit.name if u.unit else "", u.received, u.on_time, u.late_done,
              u.overdue, _pct(u.rate)] for u in named]
    ontime = Chart("ontime", f"Tỷ lệ đúng hạn theo cơ quan ({len(worst)} cơ quan thấp nhất)", "hbar", "Cơ quan",
                   [u.unit.name if u.unit else "—" for u in worst],
                   [("Tỷ lệ đúng hạn (%)", [_pct(u.rate) for u in worst])],
                   "%", table=(header, table))
    most = sorted(named, key=lambda u: (-u.late, u.unit.name if u.unit else ""))[:CHART_BARS]
    overdue = Chart("overdue", "Hồ sơ trễ hạn và đang quá hạn theo cơ quan", "stacked", "Cơ quan",
                    [u.unit.name if u.unit else "—" for u in most],
                    [("Trễ hạn (đã xong)", [u.late_done for u in most]), ("Đang quá hạn", [u.overdue for u in most])],
                    "hồ sơ", table=(header, table))
    names = [d.unit.name if d.unit else "Không có bước quá hạn (yêu cầu bổ sung nhiều lần)" for d in p.delays]
    delays = Chart("delays", "Đơn vị làm chậm hồ sơ nhiều nhất", "hbar", "Đơn vị", names[:CHART_BARS],
                   [("Số hồ sơ trễ", [d.count for d in p.delays[:CHART_BARS]])], "hồ sơ",
                   table=(["Đơn vị", "Số hồ sơ trễ do đơn vị", "Tỷ lệ (%)", "Bước quá hạn"],
                          [[n, d.count, _pct(d.share), "; ".join(f"{s}: {k}" for s, k in d.steps)]
                           for n, d in zip(names, p.delays, strict=True)]))
    return {c.name: c for c in (ontime, overdue, delays)}


def ratings_charts(r: RatingsView) -> dict[str, Chart]:
    levels = Chart("levels", "Mức hài lòng chung", "bar", "Mức", r.levels,
                   [("Số đánh giá", [r.overall.counts.get(lv, 0) for lv in r.levels])], "đánh giá")
    criteria = Chart("criteria", "Mức hài lòng theo tiêu chí", "stacked", "Tiêu chí", [c.name for c in r.criteria],
                     [(lv, [c.counts.get(lv, 0) for c in r.criteria]) for lv in r.levels], "đánh giá")

    def worst(name: str, title: str, header: str, rows) -> Chart:
        table = ([header, "Số đánh giá", *r.levels, "Tỷ lệ không hài lòng (%)"],
                 [[x.name, x.total, *[x.counts.get(lv, 0) for lv in r.levels], _pct(x.bad_share)] for x in rows])
        return Chart(name, title, "hbar", header, [x.name for x in rows],
                     [("Số đánh giá không hài lòng", [x.bad for x in rows])], "đánh giá", table=table)

    return {c.name: c for c in (levels, criteria,
                                worst("units", "Đơn vị bị đánh giá không hài lòng nhiều nhất", "Đơn vị", r.units),
                                worst("officers", "Cán bộ bị đánh giá không hài lòng nhiều nhất", "Cán bộ",
                                      r.officers))}
