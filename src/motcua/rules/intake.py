"""Filing and intake (Decree 118/2025 Arts. 15–17): filing, acceptance with dossier code and due
time, the one consolidated supplement request, refusal at intake and resubmission."""

from __future__ import annotations

from motcua.rules.acting import HOUR, Context, event, fmt, guard, require_items, require_text, timers_for
from motcua.rules.clock import statutory_due, transfer_due
from motcua.rules.dossier import DossierRecord, Event
from motcua.rules.lifecycle import Act, ActRefused, Role, State
from motcua.rules.timers import timers_at

CHANNELS = ("counter", "post", "online", "vneid")
ONLINE_CHANNELS = ("online", "vneid")


def file_dossier(
    ctx: Context, *, channel: str, receiving_unit: int, competent_unit: int, budget_seconds: float,
    applicant: str | None = None, electronic: bool | None = None, route_mode: str = "",
) -> Event:
    """Nộp hồ sơ: an online filing starts the 8-working-hour acceptance limit (Art. 17.2.c)."""
    if channel not in CHANNELS:
        raise ActRefused(f"Kênh nộp «{channel}» không hợp lệ (quầy, bưu chính, trực tuyến, VNeID).", code="channel")
    if ctx.actor.role not in (Role.APPLICANT, Role.RECEPTION):
        raise ActRefused("Chỉ người nộp hoặc cán bộ tiếp nhận được nộp hồ sơ.", code="wrong_role")
    if ctx.actor.role is Role.APPLICANT and applicant != ctx.actor.id:
        raise ActRefused("Người nộp chỉ nộp hồ sơ bằng tài khoản của chính mình (Điều 17.1.a).", code="not_owner")
    if ctx.actor.role is Role.RECEPTION and receiving_unit not in ctx.actor.units:
        raise ActRefused("Cán bộ chỉ tiếp nhận hồ sơ tại đơn vị mình.", code="wrong_unit")
    if budget_seconds < 0:
        raise ActRefused("Thời hạn giải quyết không được âm.", code="budget")
    online = channel in ONLINE_CHANNELS
    timers = timers_at(ctx.now.date())
    data = {
        "channel": channel,
        "electronic": online if electronic is None else electronic,
        "receiving_unit": receiving_unit,
        "competent_unit": competent_unit,
        "budget": budget_seconds,
        "applicant": applicant,
        "route_mode": route_mode,
    }
    if online:
        data["acceptance_due_at"] = ctx.calendar.add_working_seconds(
            ctx.now, timers.online_acceptance_hours * HOUR).isoformat()
    return event(Act.FILE, ctx, to_unit=receiving_unit, data=data)


def receive(record: DossierRecord, ctx: Context, *, code: str, cross_level: bool) -> Event:
    """Tiếp nhận: issue the dossier code and the due time (Art. 17.3); the clock starts at the next
    working moment; counter paper gets its transfer limit (Arts. 18.2, 20.1)."""
    guard(record, Act.RECEIVE, ctx, record.receiving_unit)
    timers = timers_for(record)
    cal = ctx.calendar
    clock_start = cal.next_working_moment(ctx.now)
    due = statutory_due(cal, timers, ctx.now, record.budget)
    data = {
        "code": code,
        "clock_started_at": clock_start.isoformat(),
        "transfer_due_at": transfer_due(cal, timers, ctx.now, cross_level).isoformat(),
        "cross_level": cross_level,
    }
    data.update(_answered_on_time(record, ctx))
    return event(Act.RECEIVE, ctx, from_unit=record.receiving_unit, to_unit=record.receiving_unit,
                 due_after=due, data=data)


def request_intake_supplement(record: DossierRecord, ctx: Context, *, items, reason: str = "") -> Event:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: one consolidated list, once only (Arts. 11.2.c, 16)."""
    guard(record, Act.REQUEST_INTAKE_SUPPLEMENT, ctx, record.receiving_unit)
    timers = timers_for(record)
    if record.intake_supplements >= timers.max_intake_supplements:
        raise ActRefused(
            "Chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần, bằng một phiếu liệt kê đầy đủ "
            f"(Điều 11, 16 {timers.basis}).", code="supplement_once")
    items = require_items(items, "Phiếu yêu cầu bổ sung phải liệt kê đầy đủ các thành phần cần bổ sung.")
    return event(Act.REQUEST_INTAKE_SUPPLEMENT, ctx, from_unit=record.receiving_unit, reason=reason.strip(),
                 data={"items": items, **_answered_on_time(record, ctx)})


def refuse_intake(record: DossierRecord, ctx: Context, *, reason: str) -> Event:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ: always with reasons."""
    guard(record, Act.REFUSE_INTAKE, ctx, record.receiving_unit)
    reason = require_text(reason, "Phiếu từ chối tiếp nhận phải nêu rõ lý do.")
    return event(Act.REFUSE_INTAKE, ctx, from_unit=record.receiving_unit, reason=reason,
                 data=_answered_on_time(record, ctx))


def _answered_on_time(record: DossierRecord, ctx: Context) -> dict:
    """An online filing is answered (accepted, one correction request, or refused) within 8
    working hours (Art. 17.2.c); counter filings have no such limit."""
    if record.acceptance_due_at is None:
        return {}
    return {"accepted_on_time": ctx.now <= record.acceptance_due_at}


def resubmit(record: DossierRecord, ctx: Context) -> Event:
    """Nộp bổ sung. Before intake: back to acceptance. After appraisal: the clock restarts from
    zero (Art. 19.5) and the dossier goes back to the agency that returned it."""
    unit = record.receiving_unit if record.state is State.AWAITING_INTAKE_SUPPLEMENT else None
    guard(record, Act.RESUBMIT, ctx, unit)
    timers = timers_for(record)
    cal = ctx.calendar
    if record.state is State.AWAITING_INTAKE_SUPPLEMENT:
        data = {}
        if record.channel in ONLINE_CHANNELS:
            data["acceptance_due_at"] = cal.add_working_seconds(ctx.now, timers.online_acceptance_hours * HOUR).isoformat()
        return event(Act.RESUBMIT, ctx, to_unit=record.receiving_unit, data=data)
    if record.supplement_expires_at is not None and ctx.now > record.supplement_expires_at:
        raise ActRefused(
            f"Đã quá hạn bổ sung hồ sơ ({fmt(record.supplement_expires_at)}); hồ sơ sẽ kết thúc.", code="expired")
    if timers.supplement_clock == "restart":
        clock_start = cal.next_working_moment(ctx.now)
        due = statutory_due(cal, timers, ctx.now, record.budget)
    else:  # pause: resume with the time not yet used
        used = cal.working_seconds_between(record.clock_started_at, record.waiting_since)
        clock_start = cal.next_working_moment(ctx.now)
        due = cal.add_working_seconds(clock_start, max(record.budget + record.extended_by - used, 0))
    back_to = record.returned_by_unit or record.competent_unit
    # The agency parts still open restart with the dossier's clock: the applicant's time is nobody's.
    reopened = [{"step": t.step, "started_at": clock_start.isoformat(),
                 "due_at": cal.add_working_seconds(clock_start, t.hours * HOUR).isoformat()}
                for t in record.tasks if t.is_open and not t.is_lead]
    return event(Act.RESUBMIT, ctx, to_unit=back_to, due_before=None, due_after=due,
                 data={"clock_started_at": clock_start.isoformat(), "reopened": reopened})
