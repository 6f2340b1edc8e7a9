"""From transfer to result (Decree 118/2025 Arts. 18–23): transfer, assignment, joint-procedure
tasks, return for supplement, apology and extension, decision, return of the result,
correction of a wrong result, withdrawal and closing when not supplemented."""

from __future__ import annotations

from datetime import timedelta

from motcua.rules.acting import HOUR, Context, event, fmt, guard, require_items, require_text, timers_for
from motcua.rules.dossier import DossierRecord, Event, Task
from motcua.rules.lifecycle import Act, ActRefused, Role

OUTCOMES = ("approved", "refused")


def _plan_tasks(record: DossierRecord, steps: list[dict]) -> list[dict]:
    """Paper dossiers run the route as a chain through the lead agency (Art. 20.2.a);
    electronic ones fan out along the declared dependencies (Art. 20.2.b)."""
    ordered = sorted(steps, key=lambda s: s["step"])
    sequential = record.route_mode == "sequential" or not record.electronic
    planned = []
    for i, s in enumerate(ordered):
        depends = (ordered[i - 1]["step"],) if sequential and i else tuple(s.get("depends_on", ()))
        planned.append({"step": s["step"], "agency": s["agency"], "name": s["name"], "hours": float(s["hours"]),
                        "depends_on": list(depends), "is_lead": bool(s.get("is_lead"))})
    return planned


def _to_open(tasks: list[Task], done: set[int], ctx: Context) -> list[dict]:
    """Tasks whose prerequisites are all done start now, each with its own sub-deadline.
    The lead agency's part has no task clock: it ends with the decision."""
    opened = []
    for t in tasks:
        if t.started_at is None and t.step not in done and not t.is_lead and all(d in done for d in t.depends_on):
            due = ctx.calendar.add_working_seconds(ctx.now, t.hours * HOUR)
            opened.append({"step": t.step, "started_at": ctx.now.isoformat(), "due_at": due.isoformat()})
    return opened


def _holder_after(sequential: bool, tasks: list[Task], opened: list[dict], lead: int) -> int:
    """On a paper chain the dossier travels to the agency whose part is open; otherwise the lead
    agency holds it while the parts run in parallel."""
    if sequential and opened:
        return next(t.agency for t in tasks if t.step == opened[0]["step"])
    return lead


def transfer(record: DossierRecord, ctx: Context, *, route: list[dict] | None = None) -> Event:
    """Chuyển hồ sơ đến cơ quan có thẩm quyền; for a joint procedure, open its agency tasks."""
    guard(record, Act.TRANSFER, ctx, record.receiving_unit)
    tasks = _plan_tasks(record, route or [])
    leads = [t for t in tasks if t["is_lead"]]
    if tasks and len(leads) != 1:
        raise ActRefused("Quy trình liên thông phải có đúng một cơ quan chủ trì.", code="route")
    objects = [Task(**{**t, "depends_on": tuple(t["depends_on"])}) for t in tasks]
    opened = _to_open(objects, set(), ctx)
    sequential = bool(tasks) and (record.route_mode == "sequential" or not record.electronic)
    to_unit = _holder_after(sequential, objects, opened, record.competent_unit)
    on_time = record.transfer_due_at is None or ctx.now <= record.transfer_due_at
    return event(Act.TRANSFER, ctx, from_unit=record.receiving_unit, to_unit=to_unit,
                 data={"tasks": tasks, "opened": opened, "on_time": on_time})


def assign(record: DossierRecord, ctx: Context, *, officer: str, officer_units: frozenset[int] = frozenset()) -> Event:
    """Phân công: the head of the agency holding the dossier names an officer of that agency
    (``officer_units``: the units where the officer holds a processing or leading post)."""
    guard(record, Act.ASSIGN, ctx, record.holder_unit)
    officer = require_text(officer, "Chưa chọn cán bộ xử lý.")
    if record.holder_unit not in officer_units:
        raise ActRefused("Cán bộ được phân công phải là cán bộ xử lý của cơ quan đang giải quyết hồ sơ.",
                         code="wrong_officer")
    return event(Act.ASSIGN, ctx, from_unit=record.holder_unit, to_unit=record.holder_unit, data={"officer": officer})


def complete_task(record: DossierRecord, ctx: Context, *, step: int, note: str = "") -> Event:
    """An agency finishes its part; the next parts open (Phiếu chuyển xử lý for each hop)."""
    try:
        task = record.task(step)
    except KeyError:
        raise ActRefused(f"Hồ sơ không có phần việc liên thông số {step}.", code="no_task") from None
    guard(record, Act.COMPLETE_TASK, ctx, task.agency)
    if task.is_lead:
        raise ActRefused("Phần việc của cơ quan chủ trì kết thúc bằng quyết định giải quyết.", code="lead_task")
    if not task.is_open:
        raise ActRefused(f"Phần việc «{task.name}» chưa đến lượt hoặc đã hoàn thành.", code="task_state")
    done = {t.step for t in record.tasks if t.done_at is not None} | {step}
    opened = _to_open(record.tasks, done, ctx)
    sequential = record.route_mode == "sequential" or not record.electronic
    to_unit = _holder_after(sequential, record.tasks, opened, record.competent_unit)
    return event(Act.COMPLETE_TASK, ctx, from_unit=task.agency, to_unit=to_unit, reason=note.strip(),
                 data={"step": step, "opened": opened, "on_time": ctx.now <= task.due_at})


def return_for_supplement(record: DossierRecord, ctx: Context, *, items, reason: str = "") -> Event:
    """Trả lại để bổ sung sau thẩm định: within 3 working days of reception, once; the dossier
    closes if not supplemented within 15 days of the notice (Art. 19.5)."""
    guard(record, Act.RETURN_FOR_SUPPLEMENT, ctx, record.holder_unit)
    timers = timers_for(record)
    if record.appraisal_returns >= timers.max_appraisal_returns:
        raise ActRefused("Hồ sơ đã được trả lại để bổ sung một lần sau thẩm định; không được yêu cầu thêm.",
                         code="supplement_once")
    used = ctx.calendar.working_seconds_between(record.agency_received_at, ctx.now)
    if used > timers.appraisal_return_hours * HOUR:
        limit = ctx.calendar.add_working_seconds(record.agency_received_at, timers.appraisal_return_hours * HOUR)
        raise ActRefused(
            f"Đã quá 03 ngày làm việc kể từ khi nhận hồ sơ (hạn {fmt(limit)}); không được trả lại để bổ sung "
            f"(Điều 19.5 {timers.basis}).", code="too_late")
    items = require_items(items, "Phải liệt kê đầy đủ các nội dung cần bổ sung, hoàn thiện.")
    expires = ctx.now + timedelta(days=timers.supplement_expiry_days)
    return event(Act.RETURN_FOR_SUPPLEMENT, ctx, from_unit=record.holder_unit, to_unit=None,
                 due_before=record.due_at, due_after=None, reason=reason.strip(),
                 data={"items": items, "expires_at": expires.isoformat(),
                       "second_request": record.supplement_requests >= 1})


def extend(record: DossierRecord, ctx: Context, *, working_hours: float, reason: str) -> Event:
    """Xin lỗi và gia hạn (mẫu 04): signed by the agency head at least 1 working day before the due
    time; the date moves only once (Art. 19.6)."""
    guard(record, Act.EXTEND, ctx, record.competent_unit)
    timers = timers_for(record)
    if record.extensions >= timers.max_extensions:
        raise ActRefused("Hồ sơ đã được gia hạn một lần; chỉ được hẹn lại ngày trả kết quả một lần (Điều 19.6).",
                         code="extend_once")
    if working_hours <= 0:
        raise ActRefused("Thời gian gia hạn phải lớn hơn 0.", code="extend_amount")
    reason = require_text(reason, "Văn bản xin lỗi phải nêu rõ lý do chậm.")
    left = ctx.calendar.working_seconds_between(ctx.now, record.due_at)
    if left < timers.extension_notice_hours * HOUR:
        raise ActRefused(
            f"Phải xin lỗi và đề nghị gia hạn chậm nhất 01 ngày làm việc trước hạn trả ({fmt(record.due_at)}).",
            code="extend_too_late")
    seconds = working_hours * HOUR
    new_due = ctx.calendar.add_working_seconds(record.due_at, seconds)
    return event(Act.EXTEND, ctx, from_unit=record.competent_unit, to_unit=record.holder_unit,
                 due_before=record.due_at, due_after=new_due, reason=reason, data={"seconds": seconds})


def decide(record: DossierRecord, ctx: Context, *, outcome: str, reason: str = "", result_code: str = "") -> Event:
    """Quyết định giải quyết: a result, or a reasoned refusal recorded as the result (Art. 19.3);
    the result goes back to the receiving unit."""
    guard(record, Act.DECIDE, ctx, record.competent_unit)
    if outcome not in OUTCOMES:
        raise ActRefused("Kết quả phải là «cấp kết quả» hoặc «từ chối giải quyết».", code="outcome")
    if outcome == "refused":
        reason = require_text(reason, "Văn bản từ chối giải quyết phải nêu rõ lý do.")
    pending = [t.name for t in record.tasks if not t.is_lead and t.done_at is None]
    if pending:
        raise ActRefused("Còn phần việc liên thông chưa hoàn thành: " + "; ".join(pending) + ".", code="tasks_pending")
    on_time = ctx.now <= record.reference_due_at if record.reference_due_at else True
    return event(Act.DECIDE, ctx, from_unit=record.competent_unit, to_unit=record.receiving_unit,
                 due_before=record.due_at, due_after=record.due_at, reason=reason.strip(),
                 data={"outcome": outcome, "result_code": result_code or None, "on_time": on_time,
                       "within_extension": record.due_at is not None and ctx.now <= record.due_at})


def return_result(record: DossierRecord, ctx: Context, *, method: str = "counter") -> Event:
    """Trả kết quả at the receiving unit, by post or on the portal (Art. 22)."""
    guard(record, Act.RETURN_RESULT, ctx, record.receiving_unit)
    if method not in ("counter", "post", "online"):
        raise ActRefused("Hình thức trả kết quả không hợp lệ.", code="method")
    return event(Act.RETURN_RESULT, ctx, from_unit=record.receiving_unit, data={"method": method})


def report_wrong_result(record: DossierRecord, ctx: Context, *, reason: str) -> Event:
    """A result wrong through officials' fault is corrected within 3 working days (Art. 23.1)."""
    guard(record, Act.REPORT_WRONG_RESULT, ctx, None)
    if ctx.actor.is_official and not {record.receiving_unit, record.competent_unit} & ctx.actor.units:
        raise ActRefused("Chỉ đơn vị tiếp nhận hoặc cơ quan giải quyết hồ sơ được ghi nhận kết quả sai sót.",
                         code="wrong_unit")
    reason = require_text(reason, "Phải nêu nội dung sai sót của kết quả.")
    due = ctx.calendar.add_working_seconds(ctx.now, timers_for(record).correction_hours * HOUR)
    return event(Act.REPORT_WRONG_RESULT, ctx, to_unit=record.competent_unit, reason=reason,
                 data={"correction_due_at": due.isoformat()})


def correct_result(record: DossierRecord, ctx: Context, *, result_code: str = "") -> Event:
    guard(record, Act.CORRECT_RESULT, ctx, record.competent_unit)
    return event(Act.CORRECT_RESULT, ctx, from_unit=record.competent_unit, to_unit=record.receiving_unit,
                 data={"result_code": result_code or None, "on_time": ctx.now <= record.correction_due_at})


def withdraw(record: DossierRecord, ctx: Context, *, reason: str = "") -> Event:
    """Dừng giải quyết theo yêu cầu (mẫu 05): possible from filing until the decision (Art. 21)."""
    guard(record, Act.WITHDRAW, ctx, record.receiving_unit if ctx.actor.role is Role.RECEPTION else None)
    return event(Act.WITHDRAW, ctx, from_unit=record.holder_unit, reason=reason.strip())


def close_unsupplemented(record: DossierRecord, ctx: Context) -> Event:
    """The one-stop unit closes a dossier not supplemented 15 days after the notice (Art. 19.5)."""
    guard(record, Act.CLOSE_UNSUPPLEMENTED, ctx, record.receiving_unit if ctx.actor.is_official else None)
    if ctx.now < record.supplement_expires_at:
        raise ActRefused(f"Chưa hết thời hạn bổ sung (đến {fmt(record.supplement_expires_at)}).", code="not_expired")
    return event(Act.CLOSE_UNSUPPLEMENTED, ctx, from_unit=record.receiving_unit,
                 reason="Quá thời hạn bổ sung, hoàn thiện hồ sơ")
