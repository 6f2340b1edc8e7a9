"""The pack's two charts, drawn twice from the same numbers: as inline SVG by Python for the PDF
(WeasyPrint runs no script) and as JSON specs for Chart.js on the page (``static/briefings/pack.js``).

* tasks by status class (four classes, and those at risk among the open ones), one bar each;
* tasks per lead unit, one horizontal bar stacked by status class.
"""

from __future__ import annotations

from html import escape

from motcua.briefings.pack import Pack
from motcua.rules.tasks import AT_RISK_LABEL, LABELS, Status

COLOURS = {Status.DONE_ON_TIME.value: "#1e7a3c", Status.DONE_LATE.value: "#b35c00",
           Status.OPEN_IN_TIME.value: "#0b5cad", Status.OPEN_OVERDUE.value: "#a4161a", "at_risk": "#d99a00"}
FONT = "Liberation Sans, DejaVu Sans, sans-serif"
WIDTH = 660


def _text(x: float, y: float, s, size: float = 10, anchor: str = "start", weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="{FONT}" font-weight="{weight}" '
            f'text-anchor="{anchor}" fill="#1d2733">{escape(str(s))}</text>')


def _svg(parts: list[str], height: float, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{escape(label)}">' + "".join(parts) + "</svg>")


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _two_lines(label: str) -> tuple[str, str]:
    words = label.split()
    half = (len(words) + 1) // 2
    return " ".join(words[:half]), " ".join(words[half:])


def status_svg(pack: Pack) -> str:
    """Vertical bars: how many tasks in each status class, and at risk; the count above each bar."""
    height, top_pad, bottom = 220, 24, 46
    plot_h = height - top_pad - bottom
    top = max((n for _, _, n in pack.statuses), default=0) or 1
    step = (WIDTH - 20) / len(pack.statuses)
    base = top_pad + plot_h
    out = [f'<line x1="10" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="#8a96a3"/>']
    for i, (key, label, n) in enumerate(pack.statuses):
        bar_h = plot_h * n / top
        x = 10 + step * i + step * 0.2
        out.append(f'<rect x="{x:.1f}" y="{base - bar_h:.1f}" width="{step * 0.6:.1f}" height="{bar_h:.1f}" '
                   f'fill="{COLOURS[key]}"/>')
        out.append(_text(x + step * 0.3, base - bar_h - 6, n, 13, "middle", "bold"))
        first, second = _two_lines(label)
        out.append(_text(x + step * 0.3, base + 16, first, 10.5, "middle"))
        out.append(_text(x + step * 0.3, base + 30, second, 10.5, "middle"))
    return _svg(out, height, "Số nhiệm vụ theo tình trạng")


def _legend(y: float) -> list[str]:
    out, x = [], 10.0
    for s in Status:
        out.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{COLOURS[s.value]}"/>')
        out.append(_text(x + 14, y, LABELS[s], 10))
        x += 26 + 5.6 * len(LABELS[s])
    return out


def units_svg(pack: Pack) -> str:
    """One horizontal bar per lead unit, stacked by status class, the unit's total at its end."""
    row, left, top_pad = 26, 250, 6
    plot_w = WIDTH - left - 40
    top = max((u.counts.total for u in pack.units), default=0) or 1
    out = []
    for i, unit in enumerate(pack.units):
        y = top_pad + row * i
        out.append(_text(left - 6, y + 17, _short(unit.name, 40), 11, "end"))
        x = float(left)
        for s in Status:
            w = plot_w * unit.counts.of(s) / top
            if w:
                out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
                           f'fill="{COLOURS[s.value]}"/>')
            x += w
        out.append(_text(x + 5, y + 17, unit.counts.total, 11, weight="bold"))
    height = top_pad + row * max(len(pack.units), 1) + 8
    out += _legend(height + 12)
    return _svg(out, height + 22, "Nhiệm vụ theo đơn vị chủ trì")


def chart_specs(pack: Pack) -> dict:
    """The same two charts for Chart.js (read by ``static/briefings/pack.js`` from json_script)."""
    return {
        "status": {"kind": "bar", "labels": [label for _, label, _ in pack.statuses],
                   "series": [{"label": "Số nhiệm vụ", "data": [n for _, _, n in pack.statuses],
                               "colours": [COLOURS[k] for k, _, _ in pack.statuses]}]},
        "units": {"kind": "stacked", "labels": [u.name for u in pack.units],
                  "series": [{"label": LABELS[s], "data": [u.counts.of(s) for u in pack.units],
                              "colours": [COLOURS[s.value]]} for s in Status]},
        "at_risk_label": AT_RISK_LABEL,
    }
