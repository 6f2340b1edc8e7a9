"""The programme list, a programme's page (committee, counts by status and by lead unit, the task
tree with filters), a new task, and the task list's XLSX import and export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from motcua import timesource
from motcua.programmes import queries
from motcua.programmes.access import may_steer
from motcua.programmes.export import tasks_xlsx
from motcua.programmes.forms import ImportForm, TaskForm
from motcua.programmes.importing import import_upload
from motcua.programmes.services import TaskRefused, add_task
from motcua.programmes.views.common import page_of, require_steer, today
from motcua.tabular import ImportFailed
from motcua.web.guards import official


def _programme(pk: int):
    found = queries.programme(pk)
    if found is None:
        raise Http404("Không có chương trình này.")
    return found


@official
def programme_list(request):
    q = request.GET.get("q", "").strip()[:100]
    rows = queries.programme_list(today(), q)
    return render(request, "programmes/list.html", {"rows": rows, "q": q, "page": page_of(request, rows, 25),
                                                    "query": urlencode({"q": q})})


def _filter(request) -> queries.TaskFilter:
    unit = request.GET.get("unit", "")
    status = request.GET.get("status", "")
    return queries.TaskFilter(status=status if status in dict(queries.STATUS_FILTERS) else "",
                              unit=int(unit) if unit.isdigit() and len(unit) < 10 else None,
                              search=request.GET.get("q", "").strip()[:100])


@official
def programme_page(request, pk: int):
    programme = _programme(pk)
    day = today()
    rows = queries.task_rows(programme, day)
    flt = _filter(request)
    shown = [r for r in rows if flt.matches(r)]
    query = urlencode({k: v for k, v in (("status", flt.status), ("unit", flt.unit or ""), ("q", flt.search)) if v})
    return render(request, "programmes/programme.html", {
        "programme": programme, "members": queries.members(programme), "counts": queries.counts(rows),
        "by_unit": queries.counts_by_unit(rows), "units": queries.lead_units(rows), "flt": flt,
        "status_filters": queries.STATUS_FILTERS, "page": page_of(request, shown), "shown": len(shown),
        "query": query, "steer": may_steer(request.viewer, programme), "today": day})


@official
@require_http_methods(["GET", "HEAD", "POST"])
def new_task(request, pk: int):
    programme = _programme(pk)
    require_steer(request, programme)
    day = today()
    form = TaskForm(request.POST or None, programme=programme, today=day,
                    initial={"assigned_on": day, "source_symbol": programme.number,
                             "source_issuer": programme.issuing_body, "source_date": programme.issued_on})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            parent = data.pop("parent")
            try:
                task = add_task(programme, by=request.user, now=timesource.now(), parent=parent, **data)
            except TaskRefused as exc:
                for field, message in exc.problems:
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, f"Đã giao nhiệm vụ {task.code}.")
                return redirect("programmes:task", pk=task.pk)
        status = 400
    return render(request, "programmes/task_form.html", {"programme": programme, "form": form}, status=status)


@official
def export_xlsx(request, pk: int):
    programme = _programme(pk)
    response = HttpResponse(tasks_xlsx(programme, today()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{programme.code}.xlsx"'
    return response


@official
@require_http_methods(["GET", "HEAD", "POST"])
def import_xlsx(request, pk: int):
    programme = _programme(pk)
    require_steer(request, programme)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            dry = form.cleaned_data["dry_run"]
            try:
                outcome = import_upload(programme, form.cleaned_data["file"], by=request.user, now=timesource.now(),
                                        dry_run=dry)
            except ImportFailed as exc:
                errors = exc.errors
            else:
                if dry:
                    messages.info(request, f"Tệp hợp lệ: sẽ giao {outcome.created} nhiệm vụ. Chưa ghi gì.")
                    return redirect("programmes:import", pk=programme.pk)
                messages.success(request, f"Đã nhập {outcome.created} nhiệm vụ.")
                return redirect("programmes:programme", pk=programme.pk)
    return render(request, "programmes/import.html", {"programme": programme, "form": form, "errors": errors},
                  status=status)
