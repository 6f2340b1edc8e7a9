"""Kết quả khảo sát: indices overall, by content, group and item; units ranked; expectations and
assessments, with charts (each one's data as XLSX: ``?format=xlsx&chart=<name>``; them all as PDF:
``?format=pdf``); the whole as XLSX. Any official may read them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from motcua.quality.dashboard_charts import block
from motcua.quality.dashboard_exports import chart_download
from motcua.rules.sipas import AGGREGATOR_LABELS
from motcua.surveys import queries
from motcua.surveys.access import may_manage
from motcua.surveys.charts import results_charts
from motcua.surveys.export import results_xlsx
from motcua.surveys.models import SurveyRound
from motcua.web.guards import official


@official
def results_page(request, pk: int):
    survey = get_object_or_404(SurveyRound, pk=pk)
    r = queries.results(survey)
    charts = results_charts(r)
    if response := chart_download(request, charts, survey.name, str(survey.pk), prefix="khao-sat",
                                  pdf_title=f"Kết quả khảo sát: {survey.name}"):
        return response
    o = r.overall
    contents = [{"label": c.label, "value": o.contents[c.key], "groups": [
        {"key": g.key, "label": g.label, "value": o.groups[g.key],
         "items": [{"label": q.label, "value": o.items[q.key]} for q in g.items]} for g in c.groups]}
        for c in r.form.contents]
    units = [{"rank": u.rank, "unit": u.unit, "n": u.indices.n, "overall": u.indices.overall,
              "contents": [u.indices.contents[c.key] for c in r.form.contents]} for u in r.units]
    return render(request, "surveys/results.html", {
        "survey": survey, "r": r, "contents": contents, "units": units, "manage": may_manage(request.viewer),
        "charts": {name: block(c, f"?format=xlsx&chart={name}") for name, c in charts.items()},
        "aggregator": AGGREGATOR_LABELS[survey.aggregator],
        "expectations": [{"label": r.label(k), "value": v} for k, v in r.expectations.items()],
        "flagged": [{"label": r.label(k), "value": v} for k, v in r.flagged.items()]})


@official
def results_xlsx_download(request, pk: int):
    survey = get_object_or_404(SurveyRound, pk=pk)
    response = HttpResponse(results_xlsx(queries.results(survey)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ket-qua-khao-sat-{survey.pk}.xlsx"'
    return response
