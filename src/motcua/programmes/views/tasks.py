"""A task's page (every field, sub-tasks, the history timeline, extension requests) and its acts:
update progress, complete, reopen, request an extension, decide an extension request. Each act
is a POST that goes back to the task's page with what happened (or why it was refused)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from motcua import timesource
from motcua.programmes import queries
from motcua.programmes.access import may_steer, may_update
from motcua.programmes.forms import CompleteForm, DecisionForm, ExtensionForm, ProgressForm, ReopenForm
from motcua.programmes.models import ExtensionRequest
from motcua.programmes.services import (
    TaskRefused, complete_task, decide_extension, reopen, request_extension, update_progress,
)
from motcua.programmes.views.common import require_steer, require_update, today
from motcua.rules.tasks import AT_RISK_LABEL
from motcua.web.guards import official


def _task(pk: int):
    found = queries.task(pk)
    if found is None:
        raise Http404("Không có nhiệm vụ này.")
    return found


@official
def task_page(request, pk: int):
    task = _task(pk)
    day = today()
    detail = queries.task_detail(task, day)
    update, steer = may_update(request.viewer, task), may_steer(request.viewer, task.programme)
    return render(request, "programmes/task.html", {
        "task": task, "d": detail, "row": detail.row, "update": update, "steer": steer, "today": day,
        "at_risk_label": AT_RISK_LABEL,
        "progress_form": ProgressForm(initial={"version": task.version, "progress": task.progress}),
        "complete_form": CompleteForm(initial={"version": task.version, "completed_on": day}),
        "reopen_form": ReopenForm(initial={"version": task.version}),
        "extension_form": ExtensionForm(), "decision_form": DecisionForm()})


def _refused(request, form=None, exc: TaskRefused | None = None) -> None:
    if exc is not None:
        for message in exc.errors:
            messages.error(request, message)
    elif form is not None:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}: {e}" if label else e)


def _act(request, pk: int, form_class, act, done: str, steer: bool = False):
    task = _task(pk)
    (require_steer(request, task.programme) if steer else require_update(request, task))
    form = form_class(request.POST)
    if not form.is_valid():
        _refused(request, form)
    else:
        try:
            act(task, form.cleaned_data)
        except TaskRefused as exc:
            _refused(request, exc=exc)
        else:
            messages.success(request, done)
    return redirect("programmes:task", pk=task.pk)


@official
@require_POST
def progress(request, pk: int):
    return _act(request, pk, ProgressForm, lambda t, c: update_progress(
        t, by=request.user, now=timesource.now(), progress=c["progress"], version=c["version"], note=c["note"]),
        "Đã cập nhật tiến độ.")


@official
@require_POST
def complete(request, pk: int):
    return _act(request, pk, CompleteForm, lambda t, c: complete_task(
        t, by=request.user, now=timesource.now(), completed_on=c["completed_on"],
        result_document=c["result_document"], delay_reason=c["delay_reason"], version=c["version"]),
        "Đã ghi nhận hoàn thành nhiệm vụ.")


@official
@require_POST
def reopen_task(request, pk: int):
    return _act(request, pk, ReopenForm, lambda t, c: reopen(
        t, by=request.user, now=timesource.now(), reason=c["reason"], version=c["version"]),
        "Đã mở lại nhiệm vụ.", steer=True)


@official
@require_POST
def extension(request, pk: int):
    return _act(request, pk, ExtensionForm, lambda t, c: request_extension(
        t, by=request.user, now=timesource.now(), proposed_deadline=c["proposed_deadline"], reason=c["reason"]),
        "Đã gửi đề nghị gia hạn; chờ Ban Chỉ đạo xem xét.")


@official
@require_POST
def decide(request, pk: int):
    req = get_object_or_404(ExtensionRequest.objects.select_related("task__programme"), pk=pk)
    require_steer(request, req.task.programme)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _refused(request, form)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decide_extension(req, by=request.user, now=timesource.now(), approve=approve,
                             note=form.cleaned_data["note"])
        except TaskRefused as exc:
            _refused(request, exc=exc)
        else:
            messages.success(request, "Đã chấp thuận gia hạn." if approve else "Đã không chấp thuận gia hạn.")
    return redirect("programmes:task", pk=req.task_id)
