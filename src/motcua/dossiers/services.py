"""Every write on a dossier: one function per act, each in one transaction that checks the act
against the law (``rules``), appends its event to the log and refreshes the cached row.

A refused act raises ``ActRefused`` (Vietnamese message) and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.db import transaction

from motcua import timesource
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.actors import officer_units
from motcua.dossiers.models import Dossier
from motcua.dossiers.persistence import cached_values, copy_of, load_record, next_sequence, save_act
from motcua.rules import intake, processing
from motcua.rules.acting import SYSTEM, Actor, Context
from motcua.rules.calendar import HOURS_PER_WORKING_DAY, VN_TZ
from motcua.rules.codes import code_identifier, dossier_code, result_code
from motcua.quality.tallies import change_of, tally_of
from motcua.rules.dossier import Event, apply, with_facts
from motcua.rules.lifecycle import ActRefused, State
from motcua.text import fold
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit

__all__ = ["ActRefused", "Applicant", "Conflict", "file_dossier", "receive_dossier", "receive_at_counter",
           "request_intake_supplement", "refuse_intake", "resubmit_dossier", "transfer_dossier", "assign_dossier",
           "complete_task", "return_for_supplement", "extend_deadline", "decide_dossier", "return_result",
           "report_wrong_result", "correct_result", "withdraw_dossier", "close_unsupplemented", "close_expired"]


class Conflict(ActRefused):
    """The dossier changed since the caller read it (optimistic concurrency)."""

    def __init__(self):
        super().__init__("Hồ sơ đã được người khác cập nhật; vui lòng tải lại và thực hiện lại.", code="conflict")


@dataclass(frozen=True)
class Applicant:
    """Người nộp hồ sơ."""

    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    user: object = None


def _context(actor: Actor, now: datetime | None) -> Context:
    return Context(calendar=calendar_for(), now=now or timesource.now(), actor=actor)


def _competent_unit(version: ProcedureVersion, area) -> Unit:
    if version.competent_unit_id:
        return version.competent_unit
    unit = Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE, level=Unit.Level.COMMUNE, area=area).first()
    if unit is None:
        raise ActRefused("Chưa xác định được cơ quan có thẩm quyền: thủ tục cấp xã cần chọn xã, phường nơi giải quyết.",
                         code="no_competent_unit")
    return unit


def _act(dossier: Dossier | int, actor: Actor, now: datetime | None, decide, expected_version: int | None = None,
         **kwargs) -> Dossier:
    """Lock the dossier, let the rules decide, apply and save, all in one transaction.

    Returns the dossier instance brought up to date (the one passed in, when one was)."""
    with transaction.atomic():
        return _act_in_transaction(dossier, actor, now, decide, expected_version, **kwargs)


def _act_in_transaction(dossier, actor, now, decide, expected_version=None, **kwargs) -> Dossier:
    """Decide and write one act. When the instance kept the record of its own last act, the act
    is decided on it and written only if the row still has that act count (optimistic); if it
    does not, or the rules refuse on what may be old data, the row is read again under a lock
    and the act decided afresh."""
    row = dossier if isinstance(dossier, Dossier) else Dossier.objects.get(pk=dossier)
    ctx = _context(actor, now)
    kept = getattr(row, "_kept_record", None)
    if kept is not None and (expected_version is None or expected_version == row.event_count):
        record = copy_of(kept)
        try:
            done = _decide_and_save(row, record, ctx, decide, kwargs, expect=row.event_count)
        except ActRefused:
            done = False  # may rest on old data: check against the stored row below
        if done:
            return row
        row._kept_record = None
    record = load_record(row)
    if expected_version is not None and row.event_count != expected_version:
        raise Conflict()
    _decide_and_save(row, record, ctx, decide, kwargs)
    return row


def _decide_and_save(row, record, ctx, decide, kwargs, expect=None) -> bool:
    before_tasks = [replace(t) for t in record.tasks]  # apply() mutates the record
    before = cached_values(record)
    tally = tally_of(record)
    kwargs = dict(kwargs)
    facts = kwargs.pop("facts", None)
    event = _with_facts(decide(record, ctx, **kwargs), facts)
    after = apply(record, event)
    return save_act(row, after, [event], before_tasks, before, expect=expect,
                    index=change_of(row, tally, after))  # the Decision 766 counters, written with the act


def _with_facts(event: Event, facts: dict | None) -> Event:
    try:
        return with_facts(event, facts)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ActRefused(f"Thông tin số hóa, thanh toán không hợp lệ ({exc}).", code="facts") from None


def version_facts(version: ProcedureVersion) -> dict[str, bool]:
    """What the procedure version tells the index about every dossier filed under it."""
    return {"paper_result": any(r.get("paper") for r in version.result_types or []),
            "fee": any((f.get("amount") or 0) > 0 for f in version.fees or [])}


# -- filing and intake ---------------------------------------------------------------------------

def file_dossier(*, actor: Actor, version: ProcedureVersion, receiving_unit: Unit, applicant: Applicant,
                 channel: str, area=None, now: datetime | None = None, facts: dict | None = None) -> Dossier:
    """Nộp hồ sơ (counter, post, online or VNeID) at any one-stop unit of the province.
    ``facts``: what the index of Decision 766 reads (``rules.index766.FACTS``), e.g. a VNeID login."""
    with transaction.atomic():
        dossier, event = _file(actor, version, receiving_unit, applicant, channel, area, now)
        event = _with_facts(event, facts)
        save_act(dossier, apply(None, event), [event])  # not received yet: nothing to count
        return dossier


def _file(actor, version, receiving_unit, applicant, channel, area, now) -> tuple[Dossier, Event]:
    """The new dossier (not yet saved) and its filing event."""
    if not receiving_unit.is_one_stop:
        raise ActRefused("Hồ sơ chỉ được nộp tại Bộ phận Một cửa hoặc Trung tâm Phục vụ hành chính công.",
                         code="not_one_stop")
    if not (applicant.name or "").strip():
        raise ActRefused("Chưa nhập họ tên người nộp hồ sơ.", code="applicant")
    competent = _competent_unit(version, area)
    ctx = _context(actor, now)
    event = with_facts(intake.file_dossier(
        ctx, channel=channel, receiving_unit=receiving_unit.pk, competent_unit=competent.pk,
        budget_seconds=version.duration_hours * 3600, route_mode=version.route_mode,
        applicant=f"u{applicant.user.pk}" if applicant.user is not None else None,
    ), {**version_facts(version), **({"citizen_data": True} if channel == "vneid" else {})})
    dossier = Dossier(
        procedure_id=version.procedure_id, procedure_version=version, area=area, channel=channel,
        applicant_user=applicant.user, applicant_name=applicant.name.strip(), applicant_name_folded=fold(applicant.name),
        applicant_id_number=applicant.id_number.strip(), applicant_phone=applicant.phone.strip(),
        applicant_email=applicant.email.strip(), applicant_address=applicant.address.strip(),
        receiving_unit=receiving_unit, competent_unit=competent, filed_at=event.at,
    )
    return dossier, event


def _new_code(dossier: Dossier, now: datetime) -> str:
    version = dossier.procedure_version
    identifier = code_identifier(
        joint=version.is_joint, online=dossier.channel in intake.ONLINE_CHANNELS,
        competent=dossier.competent_unit.e_identifier, receiving=dossier.receiving_unit.e_identifier,
        portal=getattr(settings, "MOTCUA_PORTAL_IDENTIFIER", "000.00.00.G22"),
    )
    day = now.astimezone(VN_TZ).date()
    return dossier_code(settings.MOTCUA_DOSSIER_CODE_PATTERN, identifier, day, next_sequence(identifier, day))


def receive_dossier(dossier: Dossier, actor: Actor, now: datetime | None = None, **kw) -> Dossier:
    """Tiếp nhận: dossier code and due time on the receipt (mẫu 01)."""
    with transaction.atomic():
        return _receive(dossier, actor, now or timesource.now(), **kw)


def _receipt_facts(facts: dict | None) -> dict:
    """A received dossier is sent to the national portal with its code (``MOTCUA_SYNC_TO_PORTAL``)."""
    return {"synced": settings.MOTCUA_SYNC_TO_PORTAL, **(facts or {})}


def _receive(dossier, actor, now, facts=None, **kw) -> Dossier:
    kw["facts"] = _receipt_facts(facts)
    row = dossier if isinstance(dossier, Dossier) else Dossier.objects.get(pk=dossier)
    code = _new_code(row, now)  # a refused act rolls the number back with everything else
    cross = row.receiving_unit.level != row.competent_unit.level
    return _act_in_transaction(row, actor, now, intake.receive, code=code, cross_level=cross, **kw)


def receive_at_counter(*, actor: Actor, version: ProcedureVersion, receiving_unit: Unit, applicant: Applicant,
                       channel: str = "counter", area=None, now: datetime | None = None,
                       facts: dict | None = None) -> Dossier:
    """A complete dossier at the counter or by post: filed and received in one transaction."""
    now = now or timesource.now()
    with transaction.atomic():
        dossier, filed = _file(actor, version, receiving_unit, applicant, channel, area, now)
        record = apply(None, filed)
        cross = receiving_unit.level != dossier.competent_unit.level
        received = intake.receive(record, _context(actor, now), code=_new_code(dossier, now), cross_level=cross)
        received = _with_facts(received, _receipt_facts(facts))
        record = apply(record, received)
        save_act(dossier, record, [filed, received], index=change_of(dossier, None, record))  # one row, written once
        return dossier


def request_intake_supplement(dossier, actor, items, reason="", now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, intake.request_intake_supplement, items=items, reason=reason, **kw)


def refuse_intake(dossier, actor, reason, now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, intake.refuse_intake, reason=reason, **kw)


def resubmit_dossier(dossier, actor, now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, intake.resubmit, **kw)


# -- processing ----------------------------------------------------------------------------------

def _route(version: ProcedureVersion) -> list[dict]:
    return [
        {"step": s.order, "agency": s.agency_id, "name": s.task, "hours": float(s.duration_hours),
         "depends_on": list(s.depends_on or []), "is_lead": s.is_lead}
        for s in version.route_steps.all()
    ]


def transfer_dossier(dossier, actor, now=None, **kw) -> Dossier:
    """Chuyển hồ sơ: to the competent agency, or along the joint route."""
    version = (dossier if isinstance(dossier, Dossier) else Dossier.objects.get(pk=dossier)).procedure_version
    route = _route(version) if version.is_joint else None
    return _act(dossier, actor, now, processing.transfer, route=route, **kw)


def assign_dossier(dossier, actor, officer, now=None, **kw) -> Dossier:
    """Phân công cán bộ xử lý (an officer of the agency holding the dossier)."""
    return _act(dossier, actor, now, processing.assign, officer=f"u{officer.pk}",
                officer_units=officer_units(officer, (now or timesource.now()).astimezone(VN_TZ).date()), **kw)


def complete_task(dossier, actor, step: int, note="", now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, processing.complete_task, step=step, note=note, **kw)


def return_for_supplement(dossier, actor, items, reason="", now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, processing.return_for_supplement, items=items, reason=reason, **kw)


def extend_deadline(dossier, actor, reason, working_days: float = 0, working_hours: float = 0, now=None, **kw):
    """Xin lỗi và gia hạn thời gian giải quyết (mẫu 04)."""
    hours = working_days * HOURS_PER_WORKING_DAY + working_hours
    return _act(dossier, actor, now, processing.extend, working_hours=hours, reason=reason, **kw)


def decide_dossier(dossier, actor, outcome="approved", reason="", now=None, **kw) -> Dossier:
    row = dossier if isinstance(dossier, Dossier) else Dossier.objects.get(pk=dossier)
    code = ""
    if outcome == "approved":
        types = row.procedure_version.result_types or []
        code = result_code(row.applicant_id_number, types[0]["code"] if types else "KQ")
    return _act(row, actor, now, processing.decide, outcome=outcome, reason=reason, result_code=code, **kw)


def return_result(dossier, actor, method="counter", now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, processing.return_result, method=method, **kw)


def report_wrong_result(dossier, actor, reason, now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, processing.report_wrong_result, reason=reason, **kw)


def correct_result(dossier, actor, now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, processing.correct_result, **kw)


def withdraw_dossier(dossier, actor, reason="", now=None, **kw) -> Dossier:
    """Dừng giải quyết theo yêu cầu của người nộp (mẫu 05)."""
    return _act(dossier, actor, now, processing.withdraw, reason=reason, **kw)


def close_unsupplemented(dossier, actor=SYSTEM, now=None, **kw) -> Dossier:
    return _act(dossier, actor, now, processing.close_unsupplemented, **kw)


def close_expired(now: datetime | None = None) -> int:
    """Close every dossier whose supplement period has run out (run daily)."""
    now = now or timesource.now()
    due = Dossier.objects.filter(state=State.AWAITING_SUPPLEMENT, supplement_expires_at__lte=now).values_list("pk", flat=True)
    closed = 0
    for pk in list(due):
        close_unsupplemented(pk, SYSTEM, now)
        closed += 1
    return closed
