"""A case's statutory clock on the province's working calendar (``units.calendars.calendar_for``),
read from ``rules.complaints``; and the facts the long-running flags read (``rules.hotspots``).

Which moment each clock starts from:

* PAKN — received: the refuse-by time (2 WD) is the current step's ``due_at``, the answer-by time
  (15 WD) is ``resolve_due_at``; accepted: ``due_at`` = ``resolve_due_at``; answered: publish-by
  (2 WD from the answer).
* Information requested (đề nghị bổ sung thông tin): the clock **stops** (``due_at`` empty, the
  flags ignore it) and **starts again in full** when the information arrives, the filing being
  complete only from then (Nghị định 20/2008/NĐ-CP: the time limits run from the receipt of a
  complete filing; the same for an incomplete complaint or denunciation before acceptance) [U].
* Complaint — received: accept-by (10); accepted: resolve-by from the acceptance (30/45, remote
  45/60; second 45/60, remote 60/70).
* Denunciation — received: accept-by (7 WD; once, before it runs out, up to 10 WD from the same
  start when the check needs verification: ``extend_intake``); accepted: resolve-by 30 days from acceptance, moved
  by each recorded extension (``rules.complaints.denunciation_due``).
* Transfer to another unit (chuyển đơn): the receiving unit's intake clock starts at the transfer.
"""

from __future__ import annotations

from datetime import datetime

from motcua.complaints.models import Case
from motcua.rules import hotspots
from motcua.rules.complaints import (EXTENSIONS_ALLOWED, CaseKind, Complexity, Extension, Step, add_days,
                                     denunciation_due, due_at, limit_on, local_date)
from motcua.units.calendars import calendar_for

LEVELS = {"commune": hotspots.Level.COMMUNE, "province": hotspots.Level.PROVINCE, "central": hotspots.Level.CENTRAL}
COMPLAINTS = (CaseKind.COMPLAINT_FIRST, CaseKind.COMPLAINT_SECOND)


def calendar():
    return calendar_for()


def intake_due(kind: str, start: datetime) -> tuple[datetime, datetime | None]:
    """(current step's due, resolve-by) for a case whose intake clock starts at ``start``."""
    kind, cal = CaseKind(kind), calendar()
    if kind is CaseKind.PAKN:
        return due_at(kind, Step.REFUSE, start, cal), due_at(kind, Step.RESOLVE, start, cal)
    return due_at(kind, Step.ACCEPT, start, cal), None


def intake_extended_due(start: datetime) -> datetime:
    """A denunciation's accept-by when its check needs verification (10 WD from the start of its
    intake clock instead of 7; Luật Tố cáo 2018, Điều 24)."""
    return due_at(CaseKind.DENUNCIATION, Step.ACCEPT_EXTENDED, start, calendar())


def resolve_due(case: Case, accepted_at: datetime, extensions: list[Extension] = ()) -> datetime:
    """Resolve-by of an accepted complaint or denunciation (PAKN keeps its intake answer-by)."""
    kind, cal = CaseKind(case.kind), calendar()
    if kind is CaseKind.DENUNCIATION:
        return denunciation_due(accepted_at, cal, Complexity(case.complexity), list(extensions))
    if kind in COMPLAINTS:
        return due_at(kind, Step.RESOLVE, accepted_at, cal, is_complex=case.complexity != Complexity.NORMAL,
                      remote=case.remote)
    return case.resolve_due_at


def publish_due(answered_at: datetime) -> datetime:
    return due_at(CaseKind.PAKN, Step.PUBLISH, answered_at, calendar())


def request_info_due(received_at: datetime) -> datetime:
    """By when a PAKN's filer may be asked for more information (5 WD from receipt)."""
    return due_at(CaseKind.PAKN, Step.REQUEST_INFO, received_at, calendar())


def max_due(case: Case) -> datetime | None:
    """The legal maximum for the flags: every allowed extension included; None while the clock
    stops (information requested) or once the case was refused or withdrawn."""
    if case.state in (Case.State.INFO_REQUESTED, Case.State.REFUSED, Case.State.WITHDRAWN):
        return None
    if case.kind == CaseKind.DENUNCIATION and case.accepted_at is not None:
        on = local_date(case.accepted_at)
        base = limit_on("denunciation.resolve", on)
        step, ceiling = limit_on("denunciation.extension", on), limit_on("denunciation.resolve_max", on)
        days = min(base.amount + step.amount * EXTENSIONS_ALLOWED[Complexity(case.complexity)], ceiling.amount)
        return add_days(calendar(), case.accepted_at, days, base.unit)
    return case.resolve_due_at or case.due_at


def facts(case: Case, earlier_final: datetime | None) -> hotspots.CaseFacts:
    """What ``rules.hotspots.case_flags`` reads of a case; ``earlier_final`` is the earliest final
    decision on the same matter (its first case, the previous case, earlier linked cases)."""
    ends = [m for m in (case.answered_at, case.closed_at) if m is not None]
    return hotspots.CaseFacts(filed_at=case.received_at, people=case.people, max_due_at=max_due(case),
                              closed_at=min(ends) if ends else None, final_decision_at=earlier_final,
                              filed_level=LEVELS.get(case.filed_level), competent_level=LEVELS.get(case.competent_level))


def flags_of(case: Case, earlier_final: datetime | None, now: datetime) -> list[str]:
    return [f.flag.value for f in hotspots.case_flags(facts(case, earlier_final), now)]
