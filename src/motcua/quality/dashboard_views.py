"""Leaders' dashboards of service quality (bảng điều hành chất lượng phục vụ), for officials:

- overview: the Decision 766 card of the province or a unit, its change on the previous period,
  twelve months of it, and every scored unit ranked (``dashboard_data``);
- progress: on-time rate, overdue dossiers and the units that make dossiers late
  (``dashboard_progress``);
- ratings: applicants' satisfaction, overall and per criterion, and the worst-rated units and
  officials (``dashboard_ratings``);
- one indicator's dossiers or procedures (``dashboard_drill``).

Each chart downloads as XLSX (``?format=xlsx&chart=<name>``); each page as PDF (``?format=pdf``:
the overview with its tables, the others their charts with their tables).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua import timesource
from motcua.quality import dashboard_drill as drill
from motcua.quality.dashboard_charts import block, overview_charts, progress_charts, ratings_charts
from motcua.quality.dashboard_data import overview
from motcua.quality.journal import read_once
from motcua.quality.dashboard_exports import chart_download, overview_pdf, pdf_response
from motcua.quality.dashboard_filters import RANK_GROUPS, form_context, parse_filters, rank_group
from motcua.quality.dashboard_progress import progress
from motcua.quality.dashboard_ratings import ratings
from motcua.quality.index_queries import cutoff
from motcua.rules.calendar import VN_TZ
from motcua.rules.index766 import GROUPS, POLICIES
from motcua.web.guards import official

PER_PAGE = 25
SURVEYS_URL = "/can-bo/khao-sat/"


def _num(value, digits=2) -> str:
    """``15,00`` in Vietnamese, ``15.00`` in English (formatted here: the ranking has thousands)."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def _pct(rate) -> str:
    return "—" if rate is None else _num(rate * 100, 1) + "%"


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _start(request):
    now = timesource.now()
    today = now.astimezone(VN_TZ).date()
    return parse_filters(request.GET, today), now, today


def _export(request, charts, filters, name: str, heading: str | None = None):
    """The XLSX of the chart asked for, the PDF of the page's charts under ``heading`` (if given),
    or ``None`` when the page itself is asked for."""
    return chart_download(request, charts, filters.title, filters.period.key, name,
                          pdf_title=f"{heading} — {filters.title}" if heading else None)


def _page_context(filters, today, page: str, charts) -> dict:
    return {**form_context(filters, today), "page_name": page, "query": filters.query(), "surveys_url": SURVEYS_URL,
            "charts": {name: block(c, "?" + filters.query(format="xlsx", chart=name)) for name, c in charts.items()}}


def _indicator_rows(card, previous, filters, en: bool) -> list[tuple]:
    """Per group: (label, points, max, [indicator rows]) formatted once here."""
    before = {s.indicator.code: s.points for s in previous.indicators}
    link = "?" + filters.query()
    out = []
    for key, label, label_en, top in GROUPS:
        rows = []
        for s in card.indicators:
            i = s.indicator
            if i.group != key:
                continue
            change = round(s.points - before[i.code], 2) if i.code in before else None
            rows.append((i.code, i.label_en if en else i.label, f"{_num(s.numerator, 0)}/{_num(s.denominator, 0)}",
                         _pct(s.rate), _num(s.points), f"{i.max_points:g}", _num(change) if change else "",
                         reverse("quality_dashboard:indicator", args=[i.code]) + link))
        out.append((label_en if en else label, _num(card.groups[key]), top, rows))
    return out


def _ranking_rows(o, group: str) -> list[tuple]:
    rows = [r for r in o.ranking if group == "all" or rank_group(r.unit) == group]
    cell = '<td class="right">{}</td>'
    return [(r.rank if group == "all" else r.group_rank, r.unit.name, r.unit.code, _num(r.card.total),
             "" if r.change is None else ("+" if r.change > 0 else "") + _num(r.change),
             format_html_join("", cell, ((_num(r.card.groups[k]),) for k, *_ in GROUPS)), r.selected) for r in rows]


@official
@require_safe
@read_once
def overview_page(request):
    filters, now, today = _start(request)
    o = overview(filters, now, today)
    charts = overview_charts(o)
    if response := _export(request, charts, filters, "tong-quan"):
        return response
    en = _english()
    labels = {key: label_en if en else label for key, label, label_en, _top in GROUPS}
    group = request.GET.get("rank", "all")
    group = group if group in dict(RANK_GROUPS) else "all"
    context = {**_page_context(filters, today, "overview", charts), "o": o, "total": _num(o.card.total),
               "change": ("+" if o.change > 0 else "") + _num(o.change), "maximum": f"{o.maximum:g}",
               "unit_maximum": f"{o.unit_maximum:g}", "groups": _indicator_rows(o.card, o.previous, filters, en),
               "group_cards": [(labels[g.key], _num(g.points), f"{g.max_points:g}",
                                ("+" if (g.change or 0) > 0 else "") + _num(g.change)) for g in o.groups],
               "group_heads": [(labels[key], top) for key, *_, top in GROUPS],
               "rank_group": group, "rank_groups": RANK_GROUPS, "rank_rows": _ranking_rows(o, group),
               "rank_query": filters.query()}
    if request.GET.get("format") == "pdf":
        context["all_rank_rows"] = _ranking_rows(o, "all")
        return pdf_response(overview_pdf(context, charts), filters.period.key)
    return render(request, "quality/dashboard/overview.html", context)


@official
@require_safe
@read_once
def progress_page(request):
    filters, now, today = _start(request)
    p = progress(filters, request.viewer, now)
    charts = progress_charts(p)
    if response := _export(request, charts, filters, "tien-do", "Tiến độ giải quyết hồ sơ"):
        return response
    units = [(u.unit.name if u.unit else "—", u.received, u.on_time, u.late_done, u.overdue, _pct(u.rate))
             for u in p.units]
    delays = [(d.unit.name if d.unit else None, d.count, _pct(d.share), d.steps) for d in p.delays]
    return render(request, "quality/dashboard/progress.html", {
        **_page_context(filters, today, "progress", charts), "p": p, "total_rate": _pct(p.total.rate),
        "unit_rows": units, "delay_rows": delays})


@official
@require_safe
@read_once
def ratings_page(request):
    filters, now, today = _start(request)
    r = ratings(filters)
    charts = ratings_charts(r)
    if response := _export(request, charts, filters, "danh-gia", "Đánh giá của người dân"):
        return response

    def rows(items):
        return [(x.name, x.total, [x.counts.get(lv, 0) for lv in r.levels], x.bad,
                 _pct(x.bad_share if x.total else None)) for x in items]

    return render(request, "quality/dashboard/ratings.html", {
        **_page_context(filters, today, "ratings", charts), "r": r, "overall": rows([r.overall])[0],
        "criteria_rows": rows(r.criteria), "unit_rows": rows(r.units), "officer_rows": rows(r.officers)})


def _int(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


@official
@never_cache  # the dossiers' names, even masked, are not for shared caches
@require_safe
@read_once
def indicator_page(request, code: str):
    filters, now, today = _start(request)
    try:
        indicator = POLICIES[-1].indicator(code)
    except StopIteration:
        raise Http404("Không có chỉ tiêu này.") from None
    show = "hit" if request.GET.get("show") == "hit" else "miss"
    kind = drill.kind_of(indicator)
    context = {**form_context(filters, today), "indicator": indicator, "kind": kind, "show": show,
               "label": indicator.label_en if _english() else indicator.label,
               "query": filters.query(show=show), "base_query": filters.query(), "surveys_url": SURVEYS_URL,
               "page_name": "indicator", "province_only": indicator.scope == "province" and filters.unit is not None}
    items, hits, misses = [], 0, 0
    if kind == drill.DOSSIERS:
        pks, hits, misses = drill.matching_dossiers(indicator, filters, now, show)
        page = Paginator(pks, PER_PAGE).get_page(_int(request.GET.get("page")))
        items = drill.dossier_lines(list(page.object_list), request.viewer, now)
    elif kind == drill.PROCEDURES:
        lines, hits, misses = drill.procedure_lines(indicator, filters.scope, filters.period, show)
        page = Paginator(lines, PER_PAGE * 2).get_page(_int(request.GET.get("page")))
        items = list(page.object_list)
    elif kind == drill.COMMUNES:
        lines, hits, misses = drill.commune_lines(show)
        page = Paginator(lines, PER_PAGE * 2).get_page(_int(request.GET.get("page")))
        items = list(page.object_list)
    else:  # FEEDBACK: the PAKN behind 5.2 and 5.3
        pks, hits, misses = drill.matching_cases(indicator, filters, now, show)
        page = Paginator(pks, PER_PAGE).get_page(_int(request.GET.get("page")))
        items = drill.case_lines(list(page.object_list), request.viewer, cutoff(filters.period, now))
    context.update(page=page, items=items, hits=hits, misses=misses)
    if page is not None and request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "quality/dashboard/_indicator_results.html", context)
    return render(request, "quality/dashboard/indicator.html", context)
