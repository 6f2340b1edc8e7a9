"""The evaluation pages: the start page (my sheets; the units I lead, with a period to choose), a
unit's sheets for a period (score, band, the quota's effect and its explanation), one sheet
(general criteria, products by source, facts, the computed breakdown) and the XLSX export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from motcua import timesource
from motcua.evaluation import access, queries
from motcua.evaluation.export import unit_xlsx
from motcua.evaluation.periods import BadPeriod, Period
from motcua.evaluation.services import GROUPS
from motcua.rules.calendar import VN_TZ
from motcua.text import fold
from motcua.units.models import Unit
from motcua.web.guards import official
from motcua.accounts.names import person_name

PER_PAGE = 50


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except BadPeriod:
        raise Http404 from None


def _unit(code: str) -> Unit:
    return get_object_or_404(Unit, code=code)


@official
def home(request):
    viewer = request.viewer
    default = Period.month_before(timesource.now().astimezone(VN_TZ).date()).code
    if request.GET.get("unit") and request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except BadPeriod as exc:
            return render(request, "evaluation/home.html", {"error": str(exc), "default": default,
                                                            "page": None, "mine": []}, status=400)
        unit = Unit.objects.filter(code=request.GET["unit"]).first()
        if unit is None:
            raise Http404
        return redirect("evaluation:unit", code=unit.code, period=period.code)
    units = queries.units_for(viewer)
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(name_folded__contains=fold(q))
    page = Paginator(units, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "evaluation/home.html", {
        "mine": list(queries.my_sheets(viewer)[:24]), "page": page, "q": q, "default": default,
        "query": f"q={q}" if q else ""})


@official
def unit_page(request, code: str, period: str):
    unit, period = _unit(code), _period(period)
    access.require_see_unit(request.viewer, unit.pk)
    up = queries.unit_period(unit, period.code)
    return render(request, "evaluation/unit.html", {
        "up": up, "unit": unit, "period": period, "groups": GROUPS,
        "assess": access.may_assess_unit(request.viewer, unit.pk)})


@official
def sheet_page(request, pk: int):
    sheet = queries.sheets_with_details().filter(pk=pk).first()
    if sheet is None:
        raise Http404
    access.require_see(request.viewer, sheet)
    facts = [(f, queries.fact_label(sheet, f.kind),
              person_name(f.recorded_by) if f.recorded_by else "hệ thống")
             for f in sheet.facts.all()]
    return render(request, "evaluation/sheet.html", {
        "sheet": sheet, "criteria": queries.criteria(sheet), "facts": facts, "fact_kinds": queries.fact_kinds(sheet),
        "products": list(sheet.products.all()), "assess": access.may_assess(request.viewer, sheet),
        "group": GROUPS.get(sheet.group, sheet.group), "band_computed": queries.band_label(sheet.band_computed),
        "band": queries.band_label(sheet.band), "band_by_score": queries.band_label(sheet.band_by_score),
        "unit_url": reverse("evaluation:unit", args=[sheet.unit.code, sheet.period])})


@official
def unit_xlsx_download(request, code: str, period: str):
    unit, period = _unit(code), _period(period)
    access.require_see_unit(request.viewer, unit.pk)
    body = unit_xlsx(queries.unit_period(unit, period.code))
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="danh-gia-{unit.code}-{period.code}.xlsx"'
    return response
