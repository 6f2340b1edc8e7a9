"""Simple server-side SVG drawings of the dashboard's charts, for the PDF (WeasyPrint draws inline
SVG; no script runs there). Lines, grouped vertical bars and horizontal (optionally stacked) bars."""

from __future__ import annotations

from html import escape

from motcua.quality.dashboard_charts import Chart

COLOURS = ("#0b5cad", "#a4161a", "#1e7a3c", "#b35c00", "#6a3d9a", "#00838f", "#5b6775")
WIDTH, FONT = 720, "Liberation Sans, DejaVu Sans, sans-serif"


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _text(x, y, s, size=10, anchor="start", fill="#1d2733") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="{FONT}" text-anchor="{anchor}" '
            f'fill="{fill}">{escape(str(s))}</text>')


def _short(s: str, n: int = 42) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _legend(chart: Chart, y: float) -> list[str]:
    out, x = [], 10.0
    for i, (name, _) in enumerate(chart.series):
        out.append(f'<rect x="{x:.1f}" y="{y - 8:.1f}" width="10" height="10" fill="{COLOURS[i % len(COLOURS)]}"/>')
        out.append(_text(x + 14, y, _short(name, 30), 9))
        x += 20 + 6 * min(len(name), 30)
        if x > WIDTH - 120:
            x, y = 10.0, y + 14
    return out


def _top(chart: Chart, stacked: bool) -> float:
    if stacked:
        sums = [sum(values[i] or 0 for _, values in chart.series) for i in range(len(chart.labels))]
        return max(sums, default=0) or 1
    return max((v for _, values in chart.series for v in values if v is not None), default=0) or 1


def _vertical(chart: Chart) -> str:
    h, left, bottom, top_pad = 240, 40, 40, 10
    plot_w, plot_h = WIDTH - left - 10, h - bottom - top_pad
    top = _top(chart, False)
    n = max(len(chart.labels), 1)
    out = [f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{WIDTH - 10}" y2="{top_pad + plot_h}" stroke="#999"/>']
    for k in range(5):
        v = top * k / 4
        y = top_pad + plot_h - plot_h * k / 4
        out += [f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="#eee"/>',
                _text(left - 4, y + 3, _num(v), 8, "end")]
    step = plot_w / n
    for i, label in enumerate(chart.labels):
        out.append(_text(left + step * (i + .5), top_pad + plot_h + 12, _short(label, max(int(step / 5), 6)), 8,
                         "middle"))
    for s, (_, values) in enumerate(chart.series):
        colour = COLOURS[s % len(COLOURS)]
        if chart.kind == "line":
            points = [(left + step * (i + .5), top_pad + plot_h - plot_h * v / top)
                      for i, v in enumerate(values) if v is not None]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            width = 2.5 if s == 0 else 1.5
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
        else:
            bar = step * .8 / len(chart.series)
            for i, v in enumerate(values):
                height = plot_h * (v or 0) / top
                x = left + step * i + step * .1 + bar * s
                out.append(f'<rect x="{x:.1f}" y="{top_pad + plot_h - height:.1f}" width="{bar:.1f}" '
                           f'height="{height:.1f}" fill="{colour}"/>')
    out += _legend(chart, h - 8)
    return _svg(out, h + 14 * (len(chart.series) // 6))


def _horizontal(chart: Chart) -> str:
    stacked = chart.kind == "stacked"
    row, left, top_pad = 16, 230, 6
    n = max(len(chart.labels), 1)
    plot_w = WIDTH - left - 50
    top = _top(chart, stacked)
    out = []
    for i, label in enumerate(chart.labels):
        y = top_pad + row * i
        out.append(_text(left - 6, y + 11, _short(label), 9, "end"))
        x = float(left)
        for s, (_, values) in enumerate(chart.series):
            v = values[i] or 0
            w = plot_w * v / top
            if stacked:
                out.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 4}" '
                           f'fill="{COLOURS[s % len(COLOURS)]}"/>')
                x += w
            else:
                bar = (row - 4) / len(chart.series)
                out.append(f'<rect x="{left}" y="{y + 2 + bar * s:.1f}" width="{w:.1f}" height="{bar:.1f}" '
                           f'fill="{COLOURS[s % len(COLOURS)]}"/>')
                x = max(x, left + w)
        total = sum(values[i] or 0 for _, values in chart.series) if stacked else chart.series[0][1][i]
        out.append(_text(x + 4, y + 11, "—" if total is None else _num(total), 8))
    h = top_pad + row * n + 10
    out += _legend(chart, h + 4)
    return _svg(out, h + 14)


def _svg(parts: list[str], height: float) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}">' + "".join(parts) + "</svg>")


def svg(chart: Chart) -> str:
    """The chart as an SVG element (text escaped)."""
    if not chart.labels:
        return _svg([_text(10, 20, "Không có số liệu.", 10)], 30)
    return _horizontal(chart) if chart.kind in ("hbar", "stacked") else _vertical(chart)
