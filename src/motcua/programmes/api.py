"""REST routes of programmes (``/api/v1/programmes``): officials read programmes and tasks (with
status filters and pages); a task's lead unit reports progress, completion and asks for more time;
the committee assigns tasks, decides extension requests and imports a task list from XLSX. A
stale ``version`` answers 409 and changes nothing. Errors are RFC 7807 problems."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import File, Form, Query, Router, Status, UploadedFile

from motcua import timesource
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import viewer_for
from motcua.programmes import queries
from motcua.programmes.access import may_read, may_steer, may_update
from motcua.programmes.export import tasks_xlsx
from motcua.programmes.importing import import_upload
from motcua.programmes.models import ExtensionRequest, Task
from motcua.programmes.schemas import (
    CompleteIn, CountsOut, DecisionIn, ExtensionIn, ExtensionOut, Id, ImportOut, ProgrammeDetailOut, ProgrammeOut,
    ProgressIn, TaskDetailOut, TaskFilters, TaskIn, TaskPageOut,
)
from motcua.programmes.services import (
    TaskRefused, add_task, complete_task, decide_extension, request_extension, today_of, update_progress,
)
from motcua.tabular import ImportFailed
from motcua.units.models import Unit

router = Router(tags=["Chương trình, nhiệm vụ"])


def _counts(c) -> CountsOut:
    return CountsOut(total=c.total, done_on_time=c.done_on_time, done_late=c.done_late, open_in_time=c.open_in_time,
                     open_overdue=c.open_overdue, at_risk=c.at_risk, due=c.due,
                     completion_rate=None if c.completion_rate is None else float(c.completion_rate),
                     overdue_share=None if c.overdue_share is None else float(c.overdue_share))


def _programme_out(p, counts) -> dict:
    return dict(id=p.pk, code=p.code, number=p.number, title=p.title, issuing_body=p.issuing_body,
                issued_on=p.issued_on, period_start=p.period_start, period_end=p.period_end,
                standing_agency=p.standing_agency.name, report_frequency=p.report_frequency, counts=_counts(counts))


def _task_out(r: queries.TaskRow, parents: dict[int, str]) -> dict:
    t = r.task
    return dict(id=t.pk, code=t.code, parent_code=parents.get(t.parent_id), content=t.content, product=t.product,
                approver=t.approver, lead_unit=t.lead_unit.name, lead_unit_code=t.lead_unit.code,
                co_units=sorted(u.code for u in t.co_units.all()), leader=t.leader.username if t.leader else None,
                officer=t.officer.username if t.officer else None, assigned_on=t.assigned_on, deadline=t.deadline,
                original_deadline=t.original_deadline, progress=t.progress, completed_on=t.completed_on,
                result_document=t.result_document, delay_reason=t.delay_reason, source_symbol=t.source_symbol,
                source_issuer=t.source_issuer, source_date=t.source_date, status=r.status.value,
                status_label=r.status.label, at_risk=r.at_risk, version=t.version)


def _viewer(request):
    viewer = viewer_for(request.user)
    if not may_read(viewer):
        raise PermissionDenied("Chỉ cán bộ, công chức được xem chương trình và nhiệm vụ.")
    return viewer


def _today() -> date:
    return today_of(timesource.now())


def _refused(request, exc: TaskRefused):
    extra = {"errors": exc.errors} if len(exc.errors) > 1 else {}
    return problem(request, exc.status, exc.code, exc.message, **extra)


def _no_programme(request):
    return problem(request, 404, "no_programme", "Không có chương trình này.")


def _no_task(request):
    return problem(request, 404, "no_task", "Không có nhiệm vụ này.")


@router.get("", response={200: list[ProgrammeOut], **problems(401, 403)}, summary="Các chương trình công tác")
def list_programmes(request, q: str = Query("", max_length=100, pattern=PLAIN)):
    _viewer(request)
    return [_programme_out(r.programme, r.counts) for r in queries.programme_list(_today(), q)]


@router.get("/{programme_id}", response={200: ProgrammeDetailOut, **problems(401, 403, 404)},
            summary="Một chương trình: Ban Chỉ đạo, số nhiệm vụ theo tình trạng và theo đơn vị chủ trì")
def get_programme(request, programme_id: Id):
    _viewer(request)
    p = queries.programme(programme_id)
    if p is None:
        return _no_programme(request)
    rows = queries.task_rows(p, _today())
    return {**_programme_out(p, queries.counts(rows)),
            "members": [dict(name=m.name, position=m.position, role=m.role, role_label=m.get_role_display())
                        for m in queries.members(p)],
            "by_unit": [dict(unit_code=u.unit_code, unit=u.unit, counts=_counts(u.counts))
                        for u in queries.counts_by_unit(rows)]}


@router.get("/{programme_id}/tasks", response={200: TaskPageOut, **problems(401, 403, 404)},
            summary="Nhiệm vụ của chương trình (theo cây, lọc theo tình trạng, đơn vị, tìm không dấu)")
def list_programme_tasks(request, programme_id: Id, filters: Query[TaskFilters]):
    _viewer(request)
    p = queries.programme(programme_id)
    if p is None:
        return _no_programme(request)
    rows = queries.task_rows(p, _today())
    parents = {r.task.pk: r.task.code for r in rows}
    unit = Unit.objects.filter(code=filters.unit).values_list("pk", flat=True).first() if filters.unit else None
    if filters.unit and unit is None:
        shown = []
    else:
        shown = [r for r in rows if queries.TaskFilter(filters.status, unit, filters.q).matches(r)]
    start = (filters.page - 1) * filters.per_page
    return {"items": [_task_out(r, parents) for r in shown[start:start + filters.per_page]], "total": len(shown),
            "page": filters.page, "per_page": filters.per_page, "counts": _counts(queries.counts(shown))}


def _detail(t: Task) -> dict:
    d = queries.task_detail(t, _today())
    parents = {t.parent_id: t.parent.code} if t.parent_id else {}
    return {**_task_out(d.row, parents), "programme_code": t.programme.code,
            "history": [dict(kind=c.kind, at=c.at, by=c.by.username if c.by else None, progress=c.progress,
                             deadline_before=c.deadline_before, deadline_after=c.deadline_after, status=c.status,
                             note=c.note) for c in d.changes],
            "extension_requests": [_extension_out(e) for e in d.extensions]}


def _extension_out(e: ExtensionRequest) -> dict:
    return dict(id=e.pk, requested_by=e.requested_by.username, requested_at=e.requested_at,
                current_deadline=e.current_deadline, proposed_deadline=e.proposed_deadline, reason=e.reason,
                state=e.state, decided_by=e.decided_by.username if e.decided_by else None, decided_at=e.decided_at,
                decision_note=e.decision_note)


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **problems(401, 403, 404)},
            summary="Một nhiệm vụ: mọi thông tin, lịch sử, đề nghị gia hạn")
def get_programme_task(request, task_id: Id):
    _viewer(request)
    t = queries.task(task_id)
    return _no_task(request) if t is None else _detail(t)


@router.post("/{programme_id}/tasks", response={201: TaskDetailOut, **problems(401, 403, 404)},
             summary="Giao nhiệm vụ (Ban Chỉ đạo)")
def create_programme_task(request, programme_id: Id, body: TaskIn):
    viewer = _viewer(request)
    p = queries.programme(programme_id)
    if p is None:
        return _no_programme(request)
    if not may_steer(viewer, p):
        raise PermissionDenied("Chỉ Ban Chỉ đạo, cơ quan thường trực giao được nhiệm vụ.")
    units = {u.code: u for u in Unit.objects.filter(code__in=[body.lead_unit_code, *body.co_unit_codes])}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[body.leader, body.officer])}
    missing = [c for c in [body.lead_unit_code, *body.co_unit_codes] if c not in units]
    missing += [f"tài khoản {n}" for n in (body.leader, body.officer) if n and n not in users]
    parent = None
    if body.parent_code:
        parent = Task.objects.filter(programme=p, code=body.parent_code).first()
        if parent is None:
            missing.append(f"nhiệm vụ {body.parent_code}")
    if missing:
        return problem(request, 422, "task_invalid", "Không có: " + ", ".join(missing) + ".")
    try:
        t = add_task(p, by=request.user, now=timesource.now(), parent=parent, code=body.code, content=body.content,
                     product=body.product, approver=body.approver, lead_unit=units[body.lead_unit_code],
                     co_units=[units[c] for c in body.co_unit_codes], leader=users.get(body.leader),
                     officer=users.get(body.officer), assigned_on=body.assigned_on or _today(),
                     deadline=body.deadline, source_symbol=body.source_symbol, source_issuer=body.source_issuer,
                     source_date=body.source_date)
    except TaskRefused as exc:
        return _refused(request, exc)
    return Status(201, _detail(queries.task(t.pk)))


def _for_update(request, task_id: int):
    viewer = _viewer(request)
    t = queries.task(task_id)
    if t is not None and not may_update(viewer, t):
        raise PermissionDenied("Chỉ đơn vị chủ trì nhiệm vụ hoặc Ban Chỉ đạo làm được việc này.")
    return t


@router.post("/tasks/{task_id}/progress", response={200: TaskDetailOut, **problems(401, 403, 404, 409)},
             summary="Cập nhật tiến độ (đơn vị chủ trì); 409 nếu nhiệm vụ đã đổi sau khi đọc")
def update_programme_task_progress(request, task_id: Id, body: ProgressIn):
    t = _for_update(request, task_id)
    if t is None:
        return _no_task(request)
    try:
        update_progress(t, by=request.user, now=timesource.now(), progress=body.progress, version=body.version,
                        note=body.note)
    except TaskRefused as exc:
        return _refused(request, exc)
    return _detail(queries.task(task_id))


@router.post("/tasks/{task_id}/complete", response={200: TaskDetailOut, **problems(401, 403, 404, 409)},
             summary="Báo cáo hoàn thành (ngày, văn bản kết quả, lý do nếu chậm)")
def complete_programme_task(request, task_id: Id, body: CompleteIn):
    t = _for_update(request, task_id)
    if t is None:
        return _no_task(request)
    try:
        complete_task(t, by=request.user, now=timesource.now(), completed_on=body.completed_on,
                      result_document=body.result_document, delay_reason=body.delay_reason, version=body.version)
    except TaskRefused as exc:
        return _refused(request, exc)
    return _detail(queries.task(task_id))


@router.post("/tasks/{task_id}/extension-requests", response={201: ExtensionOut, **problems(401, 403, 404, 409)},
             summary="Đề nghị gia hạn (đơn vị chủ trì)")
def request_programme_task_extension(request, task_id: Id, body: ExtensionIn):
    t = _for_update(request, task_id)
    if t is None:
        return _no_task(request)
    try:
        req = request_extension(t, by=request.user, now=timesource.now(), proposed_deadline=body.proposed_deadline,
                                reason=body.reason)
    except TaskRefused as exc:
        return _refused(request, exc)
    return Status(201, _extension_out(req))


@router.post("/extension-requests/{request_id}/decision", response={200: ExtensionOut, **problems(401, 403, 404, 409)},
             summary="Chấp thuận hoặc không chấp thuận đề nghị gia hạn (Ban Chỉ đạo)")
def decide_programme_task_extension(request, request_id: Id, body: DecisionIn):
    viewer = _viewer(request)
    req = ExtensionRequest.objects.select_related("task__programme", "requested_by").filter(pk=request_id).first()
    if req is None:
        return problem(request, 404, "no_task", "Không có đề nghị gia hạn này.")
    if not may_steer(viewer, req.task.programme):
        raise PermissionDenied("Chỉ Ban Chỉ đạo quyết định gia hạn.")
    try:
        req = decide_extension(req, by=request.user, now=timesource.now(), approve=body.approve, note=body.note)
    except TaskRefused as exc:
        return _refused(request, exc)
    return _extension_out(ExtensionRequest.objects.select_related("requested_by", "decided_by").get(pk=req.pk))


@router.post("/{programme_id}/import", response={201: ImportOut, 200: ImportOut, **problems(401, 403, 404)},
             summary="Nhập danh mục nhiệm vụ từ XLSX (multipart; lỗi theo từng dòng, có lỗi thì không ghi gì)")
def import_programme_tasks(request, programme_id: Id, file: File[UploadedFile], dry_run: bool = Form(False)):
    viewer = _viewer(request)
    p = queries.programme(programme_id)
    if p is None:
        return _no_programme(request)
    if not may_steer(viewer, p):
        raise PermissionDenied("Chỉ Ban Chỉ đạo, cơ quan thường trực nhập được nhiệm vụ.")
    try:
        outcome = import_upload(p, file, by=request.user, now=timesource.now(), dry_run=dry_run)
    except ImportFailed as exc:
        return problem(request, 422, "import_failed", f"Không nhập được: {len(exc.errors)} lỗi; không ghi gì.",
                       errors=[{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors])
    return Status(200 if dry_run else 201, ImportOut(created=outcome.created, dry_run=dry_run))


@router.get("/{programme_id}/export", response={200: None, **problems(401, 403, 404)},
            summary="Xuất danh mục nhiệm vụ (XLSX, cùng mẫu với tệp nhập, thêm cột tình trạng)")
def export_programme_tasks(request, programme_id: Id):
    _viewer(request)
    p = queries.programme(programme_id)
    if p is None:
        return _no_programme(request)
    response = HttpResponse(tasks_xlsx(p, _today()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{p.code}.xlsx"'
    return response
