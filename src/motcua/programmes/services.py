"""Writes about programmes and their tasks, one function per act: create a programme, add a
committee member, assign a task (giao nhiệm vụ), update its progress, complete it, reopen it, edit
it, request an extension of its deadline (đề nghị gia hạn) and decide that request.

Each act runs in one transaction and appends a ``TaskChange`` recording the task's status class
after it (``rules.tasks.classify``). A refused act raises ``TaskRefused`` (Vietnamese message, a
problem ``code`` and an HTTP-like ``status``: 409 for a stale version or a wrong state, 422 for
invalid input) and changes nothing. Acts that change a task take the ``version`` the actor read:
if someone changed the task since, the act is refused (optimistic concurrency).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from motcua.programmes.models import CommitteeMember, ExtensionRequest, Programme, Task, TaskChange
from motcua.rules.calendar import VN_TZ
from motcua.rules.tasks import classify
from motcua.text import fold
from motcua.units.models import Unit

__all__ = ["TaskRefused", "create_programme", "add_member", "add_task", "update_progress", "complete_task", "reopen",
           "edit", "request_extension", "decide_extension", "today_of", "TASK_FIELDS"]

K = TaskChange.Kind

#: the Task fields ``add_task`` and ``edit`` accept (the rest are kept by the acts themselves)
TASK_FIELDS = frozenset({
    "code", "source_symbol", "source_issuer", "source_date", "content", "product", "approver", "lead_unit",
    "co_units", "leader", "officer", "assigned_on", "deadline", "progress", "completed_on", "result_document",
    "delay_reason", "failed_reviews", "original_deadline"})
#: fields an edit may not change (they have their own acts)
_NOT_BY_EDIT = frozenset({"code", "deadline", "original_deadline", "progress", "completed_on"})


class TaskRefused(Exception):
    def __init__(self, message: str, code: str = "task_invalid", status: int = 422,
                 errors: list[str] | None = None, problems: list[tuple[str | None, str]] | None = None):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status
        self.problems = problems or [(None, e) for e in (errors or [message])]  # (Task field or None, message)
        self.errors = [m for _, m in self.problems]


def today_of(now: datetime) -> date:
    return now.astimezone(VN_TZ).date()


def _log(task: Task, kind: str, *, by, now: datetime, note: str = "", deadline_before=None, deadline_after=None,
         ) -> TaskChange:
    status = classify(task.deadline, task.completed_on, today_of(now))
    return TaskChange.objects.create(task=task, kind=kind, at=now, by=by, progress=task.progress,
                                     deadline_before=deadline_before, deadline_after=deadline_after,
                                     status=status.value, note=note)


def _locked(task: Task, version: int | None) -> Task:
    """The task row, locked, checked against the version the actor read."""
    current = Task.objects.select_for_update().get(pk=task.pk)
    if version is not None and current.version != version:
        raise TaskRefused("Nhiệm vụ đã được người khác cập nhật sau khi bạn mở; hãy tải lại trang và thử lại.",
                          "stale_task", 409)
    return current


def _save(task: Task, original: Task, fields: list[str]) -> None:
    task.version += 1
    task.save(update_fields=[*fields, "version"])
    original.__dict__.update({k: v for k, v in task.__dict__.items() if not k.startswith("_")})


# -- programmes -----------------------------------------------------------------------------------

@transaction.atomic
def create_programme(*, code: str, number: str, title: str, issuing_body: str, issued_on: date, period_start: date,
                     period_end: date, standing_agency: Unit, report_frequency: str = "monthly") -> Programme:
    errors = []
    code = (code or "").strip()
    if not code:
        errors.append("Chưa nhập mã chương trình.")
    elif Programme.objects.filter(code=code).exists():
        errors.append(f"Đã có chương trình mã «{code}».")
    if period_end < period_start:
        errors.append("Ngày kết thúc thực hiện phải sau ngày bắt đầu.")
    if errors:
        raise TaskRefused(" ".join(errors), "programme_invalid", 422, errors)
    return Programme.objects.create(code=code, number=number, title=title, issuing_body=issuing_body,
                                    issued_on=issued_on, period_start=period_start, period_end=period_end,
                                    standing_agency=standing_agency, report_frequency=report_frequency)


@transaction.atomic
def add_member(programme: Programme, *, name: str, role: str = CommitteeMember.Role.MEMBER, position: str = "",
               user=None) -> CommitteeMember:
    if role not in CommitteeMember.Role.values:
        raise TaskRefused(f"Vai trò «{role}» không có trong Ban Chỉ đạo.", "programme_invalid")
    if not (name or "").strip():
        raise TaskRefused("Chưa nhập họ tên thành viên.", "programme_invalid")
    return CommitteeMember.objects.create(programme=programme, name=name.strip(), role=role, position=position,
                                          user=user)


# -- tasks ----------------------------------------------------------------------------------------

def _check(values: dict, today: date, problems: list[tuple[str | None, str]], check_live: bool = True) -> None:
    """Append (field, message) for each rule of a task's values that fails."""
    lead = values.get("lead_unit")
    if lead is None:
        problems.append(("lead_unit", "Nhiệm vụ phải có đúng một đơn vị chủ trì."))
    elif check_live and not lead.is_live(today):
        problems.append(("lead_unit", f"Đơn vị chủ trì «{lead.name}» không còn hoạt động; "
                                      "hãy giao cho đơn vị kế thừa."))
    if lead is not None and any(u.pk == lead.pk for u in values.get("co_units") or ()):
        problems.append(("co_units", "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))
    if not (values.get("content") or "").strip():
        problems.append(("content", "Chưa nhập nội dung nhiệm vụ."))
    if values.get("product") not in Task.Product.values:
        problems.append(("product", "Loại sản phẩm không hợp lệ."))
    if values.get("approver") and values["approver"] not in Task.Approver.values:
        problems.append(("approver", "Cấp trình, phê duyệt không hợp lệ."))
    assigned, deadline = values.get("assigned_on"), values.get("deadline")
    if assigned is None:
        problems.append(("assigned_on", "Chưa nhập ngày giao."))
    elif deadline is not None and deadline < assigned:
        problems.append(("deadline", "Thời hạn không được trước ngày giao."))
    original = values.get("original_deadline")
    if original is not None and (deadline is None or original > deadline):
        problems.append(("original_deadline", "Thời hạn ban đầu phải trước thời hạn sau gia hạn."))
    progress = values.get("progress", 0)
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        problems.append(("progress", "Tiến độ phải từ 0 đến 100 %."))
    done = values.get("completed_on")
    if done is not None and assigned is not None and done < assigned:
        problems.append(("completed_on", "Ngày hoàn thành không được trước ngày giao."))
    if done is not None and done > today:
        problems.append(("completed_on", "Ngày hoàn thành không được sau hôm nay."))


def _refuse(problems: list[tuple[str | None, str]]) -> None:
    if problems:
        raise TaskRefused(" ".join(m for _, m in problems), "task_invalid", 422, problems=problems)


@transaction.atomic
def add_task(programme: Programme, *, by, now: datetime, parent: Task | None = None, **fields) -> Task:
    """Giao nhiệm vụ: a task of ``programme`` (under ``parent``), from Task field names."""
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise TypeError(f"add_task: unknown fields {sorted(unknown)}")
    problems: list[tuple[str | None, str]] = []
    code = str(fields.get("code") or "").strip()
    if not code:
        problems.append(("code", "Chưa nhập số thứ tự (mã) nhiệm vụ."))
    elif Task.objects.filter(programme=programme, code=code).exists():
        problems.append(("code", f"Chương trình đã có nhiệm vụ số «{code}»."))
    if parent is not None and parent.programme_id != programme.pk:
        problems.append(("parent", "Nhiệm vụ cha thuộc chương trình khác."))
    values = {"progress": 0, **fields, "code": code}
    _check(values, today_of(now), problems)
    if not (values.get("source_symbol") or "").strip():
        problems.append(("source_symbol", "Chưa nhập văn bản giao nhiệm vụ (số, ký hiệu)."))
    _refuse(problems)
    co_units = values.pop("co_units", None) or []
    if values.get("completed_on") is not None:
        values["progress"] = 100
    for key in ("approver", "source_issuer", "result_document", "delay_reason"):
        values[key] = values.get(key) or ""
    task = Task.objects.create(programme=programme, parent=parent, content_folded=fold(values["content"]), **values)
    if co_units:
        task.co_units.set(co_units)
    _log(task, K.ASSIGNED, by=by, now=now, deadline_after=task.deadline)
    return task


@transaction.atomic
def update_progress(task: Task, *, by, now: datetime, progress: int, version: int | None, note: str = "") -> Task:
    current = _locked(task, version)
    if current.completed_on is not None:
        raise TaskRefused("Nhiệm vụ đã hoàn thành; muốn cập nhật tiến độ hãy mở lại nhiệm vụ.", "task_done", 409)
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise TaskRefused("Tiến độ phải từ 0 đến 100 %.", "task_invalid")
    current.progress = progress
    _save(current, task, ["progress"])
    _log(current, K.PROGRESS, by=by, now=now, note=note.strip())
    return current


@transaction.atomic
def complete_task(task: Task, *, by, now: datetime, completed_on: date, result_document: str,
                  version: int | None, delay_reason: str = "", note: str = "") -> Task:
    """Hoàn thành: the completion date and the result document; a reason when it is late."""
    current = _locked(task, version)
    errors = []
    if current.completed_on is not None:
        raise TaskRefused("Nhiệm vụ đã được ghi nhận hoàn thành.", "task_done", 409)
    if not (result_document or "").strip():
        errors.append("Chưa nhập văn bản kết quả.")
    if completed_on > today_of(now):
        errors.append("Ngày hoàn thành không được sau hôm nay.")
    if completed_on < current.assigned_on:
        errors.append("Ngày hoàn thành không được trước ngày giao.")
    late = current.deadline is not None and completed_on > current.deadline
    if late and not (delay_reason or "").strip():
        errors.append("Hoàn thành sau thời hạn: phải nêu lý do chậm.")
    if errors:
        raise TaskRefused(" ".join(errors), "task_invalid", 422, errors)
    current.completed_on, current.progress = completed_on, 100
    current.result_document = result_document.strip()
    current.delay_reason = (delay_reason or "").strip() if late else ""
    _save(current, task, ["completed_on", "progress", "result_document", "delay_reason"])
    _log(current, K.COMPLETED, by=by, now=now, note=note.strip() or current.result_document)
    return current


@transaction.atomic
def reopen(task: Task, *, by, now: datetime, reason: str, version: int | None, progress: int = 90) -> Task:
    """Mở lại: a completed task goes back to work (e.g. its product failed review)."""
    current = _locked(task, version)
    if current.completed_on is None:
        raise TaskRefused("Nhiệm vụ chưa hoàn thành nên không cần mở lại.", "task_open", 409)
    if not (reason or "").strip():
        raise TaskRefused("Phải nêu lý do mở lại nhiệm vụ.", "task_invalid")
    current.completed_on, current.progress = None, max(0, min(progress, 99))
    _save(current, task, ["completed_on", "progress"])
    _log(current, K.REOPENED, by=by, now=now, note=reason.strip())
    return current


@transaction.atomic
def edit(task: Task, *, by, now: datetime, version: int | None, note: str = "", **fields) -> Task:
    """Sửa thông tin: content, units, people, source… (not the deadline, progress or completion,
    which have their own acts)."""
    unknown = set(fields) - (TASK_FIELDS - _NOT_BY_EDIT)
    if unknown:
        raise TypeError(f"edit: fields not editable here {sorted(unknown)}")
    current = _locked(task, version)
    co_units = fields.pop("co_units", None)
    values = {f: getattr(current, f) for f in TASK_FIELDS - {"co_units"}}
    values.update(fields, co_units=co_units if co_units is not None else list(current.co_units.all()))
    problems: list[tuple[str | None, str]] = []
    moved = "lead_unit" in fields and getattr(fields["lead_unit"], "pk", None) != current.lead_unit_id
    _check(values, today_of(now), problems, check_live=moved)
    _refuse(problems)
    changed = [f for f, v in fields.items() if getattr(current, f) != v]
    for f in changed:
        setattr(current, f, fields[f])
    if "content" in changed:
        current.content_folded = fold(current.content)
        changed.append("content_folded")
    if co_units is not None:
        current.co_units.set(co_units)
    _save(current, task, changed)
    labels = [str(Task._meta.get_field(f).verbose_name) for f in changed if f != "content_folded"]
    if co_units is not None:
        labels.append("đơn vị phối hợp")
    _log(current, K.EDITED, by=by, now=now, note=note.strip() or "Sửa: " + ", ".join(labels))
    return current


@transaction.atomic
def request_extension(task: Task, *, by, now: datetime, proposed_deadline: date, reason: str) -> ExtensionRequest:
    current = Task.objects.select_for_update().get(pk=task.pk)
    errors = []
    if current.completed_on is not None:
        errors.append("Nhiệm vụ đã hoàn thành; không gia hạn.")
    if current.deadline is None:
        errors.append("Nhiệm vụ không có thời hạn; không cần gia hạn.")
    elif proposed_deadline <= current.deadline:
        errors.append("Thời hạn đề nghị phải sau thời hạn hiện tại.")
    if not (reason or "").strip():
        errors.append("Phải nêu lý do đề nghị gia hạn.")
    if current.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        errors.append("Nhiệm vụ đang có một đề nghị gia hạn chờ xem xét.")
    if errors:
        raise TaskRefused(" ".join(errors), "extension_refused", 409 if current.completed_on else 422, errors)
    return ExtensionRequest.objects.create(task=current, requested_by=by, requested_at=now,
                                           current_deadline=current.deadline, proposed_deadline=proposed_deadline,
                                           reason=reason.strip())


@transaction.atomic
def decide_extension(request: ExtensionRequest, *, by, now: datetime, approve: bool,
                     note: str = "") -> ExtensionRequest:
    """Approve (the deadline moves; the first deadline stays in ``original_deadline``) or refuse
    (nothing moves)."""
    req = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if req.state != ExtensionRequest.State.PENDING:
        raise TaskRefused("Đề nghị gia hạn này đã được xem xét.", "extension_decided", 409)
    if not approve and not (note or "").strip():
        raise TaskRefused("Không chấp thuận thì phải nêu ý kiến, lý do.", "task_invalid")
    req.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REFUSED
    req.decided_by, req.decided_at, req.decision_note = by, now, (note or "").strip()
    req.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    if approve:
        task = Task.objects.select_for_update().get(pk=req.task_id)
        before = task.deadline
        task.original_deadline = task.original_deadline or before
        task.deadline = req.proposed_deadline
        task.version += 1
        task.save(update_fields=["deadline", "original_deadline", "version"])
        _log(task, K.EXTENDED, by=by, now=now, deadline_before=before, deadline_after=task.deadline,
             note=req.reason)
    request.__dict__.update({k: v for k, v in req.__dict__.items() if not k.startswith("_")})
    return req
