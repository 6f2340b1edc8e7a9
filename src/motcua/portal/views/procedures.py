"""The public procedure catalogue (danh mục thủ tục hành chính): the procedures in force,
searchable without diacritics and filtered by level and field, and one procedure's page with
what to bring, how long it takes, what it costs and a button to file online."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from motcua import timesource
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.catalog.queries import NoVersionInForce, search_procedures, version_in_force
from motcua.rules.calendar import VN_TZ

PER_PAGE = 25


def today() -> date:
    return timesource.now().astimezone(VN_TZ).date()


def in_force_on(on: date):
    """Versions in force on ``on`` (as a filter on ``ProcedureVersion``)."""
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def duration_text(version: ProcedureVersion) -> str:
    """«15 ngày làm việc», «4 giờ làm việc» or «Trả ngay»."""
    unit, value = version.duration_unit, version.duration_value
    if unit == ProcedureVersion.DurationUnit.IMMEDIATE or not value:
        return "Trả ngay"
    number = f"{float(value):g}".replace(".", ",")
    if unit == ProcedureVersion.DurationUnit.HOURS:
        return f"{number} giờ làm việc"
    return f"{number} ngày làm việc"


def money(amount) -> str:
    """``8000`` -> ``8.000 đồng``."""
    try:
        return f"{int(amount):,}".replace(",", ".") + " đồng"
    except (TypeError, ValueError):
        return str(amount)


def procedures(request):
    params = request.GET
    q = params.get("q", "").strip()[:100]
    level = params.get("level") if params.get("level") in Procedure.Level.values else ""
    fields = list(Field.objects.only("pk", "code", "name").order_by("name"))
    field = next((f for f in fields if f.code == params.get("field")), None)
    in_force = ProcedureVersion.objects.filter(in_force_on(today()), procedure=OuterRef("pk"))
    found = search_procedures(q, level or None, limit=None).filter(Exists(in_force))
    if field is not None:
        found = found.filter(field=field)
    page = Paginator(found, PER_PAGE).get_page(params.get("page"))
    keep = {k: v for k, v in {"q": q, "level": level, "field": field.code if field else ""}.items() if v}
    context = {"page": page, "query": urlencode(keep), "q": q, "level": level, "field": field,
               "levels": Procedure.Level.choices, "fields": fields}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "portal/_procedure_results.html", context)
    return render(request, "portal/procedures.html", context)


def procedure(request, code: str):
    proc = get_object_or_404(Procedure.objects.select_related("field__sector"), code=code)
    try:
        version = version_in_force(proc, today())
    except NoVersionInForce as exc:
        raise Http404(exc.messages[0]) from None
    fees = [{"name": f.get("name", ""), "amount": money(f.get("amount", 0))} for f in version.fees or []]
    documents = [{"name": d.get("name", ""), "originals": d.get("originals", 0), "copies": d.get("copies", 0),
                  "required": d.get("required", True)} for d in version.documents or []]
    return render(request, "portal/procedure.html", {
        "p": proc, "v": version, "duration": duration_text(version), "fees": fees, "documents": documents,
        "results": version.result_types or [], "online": version.online != ProcedureVersion.Online.NONE,
        "steps": list(version.route_steps.select_related("agency")) if version.is_joint else [],
    })
