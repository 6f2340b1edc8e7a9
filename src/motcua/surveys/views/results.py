"""Kết quả khảo sát: indices overall, by content, group and item; units ranked; expectations and
assessments; the same as XLSX. Any official may read them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from motcua.rules.sipas import AGGREGATOR_LABELS
from motcua.surveys import queries
from motcua.surveys.access import may_manage
from motcua.surveys.export import results_xlsx
from motcua.surveys.models import SurveyRound
from motcua.web.guards import official


@official
def results_page(request, pk: int):
    survey = get_object_or_404(SurveyRound, pk=pk)
    r = queries.results(survey)
    o = r.overall
    contents = [{"label": c.label, "value": o.contents[c.key], "groups": [
        {"key": g.key, "label": g.label, "value": o.groups[g.key],
         "items": [{"label": q.label, "value": o.items[q.key]} for q in g.items]} for g in c.groups]}
        for c in r.form.contents]
    units = [{"rank": u.rank, "unit": u.unit, "n": u.indices.n, "overall": u.indices.overall,
              "contents": [u.indices.contents[c.key] for c in r.form.contents]} for u in r.units]
    return render(request, "surveys/results.html", {
        "survey": survey, "r": r, "contents": contents, "units": units, "manage": may_manage(request.viewer),
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
