"""Following a case (tra cứu vụ việc) by its code and the last four digits of a filer's identity
number or phone, for the page ``/tra-cuu-vu-viec/``.

It shows what a passer-by may know and nothing that points at a person: the kind, the state, the
handling unit, when it was received, accepted and answered, the due times, the acts of its log by
name and date (no reasons: they may quote the filer), and, for feedback published on the portal,
the published answer (already without personal data). Never a name, number or address.

The guard against guessing the 10,000 endings is the dossier lookup's own
(``accounts.LookupThrottle`` through ``accounts.services.record_failed_lookup``): a wrong code and
a right code with wrong digits answer alike and count as failures for the client address and the
code; past the limits the answer is 429 with the time to wait. The address counts failures on
dossiers and on cases together (one guesser, one limit).
"""

from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from motcua import timesource
from motcua.accounts.models import LookupThrottle
from motcua.accounts.services import record_failed_lookup
from motcua.complaints.anonymise import anonymise_case
from motcua.complaints.models import Case, CaseEvent
from motcua.rules.complaints import KIND_LABELS

NOT_FOUND = "Không tìm thấy vụ việc khớp mã và 4 số cuối."
INVALID = ("Vui lòng nhập mã vụ việc và đúng 4 chữ số cuối của số định danh (CCCD) hoặc số điện thoại "
           "của người gửi đơn.")



@dataclass(frozen=True)
class Step:
    """One act of the log as the public sees it: its name and when."""

    act: str
    label: str
    at: datetime


@dataclass(frozen=True)
class Followed:
    """What the lookup shows: no personal data."""

    code: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    handling_unit: str
    received_at: datetime | None
    accepted_at: datetime | None
    due_at: datetime | None
    resolve_due_at: datetime | None
    answered_at: datetime | None
    published_at: datetime | None
    overdue: bool
    public_answer: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Outcome:
    found: Followed | None = None
    retry_after: int | None = None

    @property
    def throttled(self) -> bool:
        return self.retry_after is not None


def valid(code: str, last4: str) -> bool:
    code = code or ""
    return 0 < len(code) <= 40 and code.isprintable() and len(last4 or "") == 4 and (last4 or "").isdigit()


def too_many(seconds: int) -> str:
    return f"Ông/bà đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau {math.ceil(seconds / 60)} phút."


def _ends_with(value: str | None, last4: str) -> bool:
    tail = "".join(ch for ch in (value or "") if ch.isdigit())[-4:].encode()
    return len(tail) == 4 and hmac.compare_digest(tail, last4.encode())


def _blocked_until(ip: str, code: str, now: datetime) -> datetime | None:
    S = LookupThrottle.Scope
    return (LookupThrottle.objects.filter(Q(scope=S.IP, key=ip) | Q(scope=S.CODE, key=code[:80]), blocked_until__gt=now)
            .order_by("-blocked_until").values_list("blocked_until", flat=True).first())


def _wait(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def act_labels() -> dict[str, str]:
    """The Vietnamese names of the acts (``services.CASE_ACTS``) and of filing."""
    try:
        from motcua.complaints.services import CASE_ACTS
    except ImportError:  # pragma: no cover  (the services module comes with the app)
        CASE_ACTS = {}
    return {"file": "Tiếp nhận đơn", **CASE_ACTS}


def follow(code: str, last4: str, ip: str, now: datetime | None = None) -> Outcome:
    """The case ``code`` if ``last4`` ends one of its filers' identity numbers or phones. Call
    only with input that passed ``valid``."""
    now = now or timesource.now()
    code, ip = code.strip(), (ip or "?")[:80]
    until = _blocked_until(ip, code, now)
    if until is not None:
        return Outcome(retry_after=_wait(until, now))
    case = Case.objects.select_related("handling_unit").filter(code=code).first()
    if case is not None:
        numbers = [n for pair in case.filers.values_list("id_number", "phone") for n in pair]
        matched = False
        for number in numbers:  # every number compared: the time does not tell which one matched
            matched |= _ends_with(number, last4)
        if matched:
            return Outcome(found=followed(case, now))
    until = record_failed_lookup(ip, code, now)
    return Outcome(retry_after=_wait(until, now)) if until else Outcome()


def followed(case: Case, now: datetime) -> Followed:
    labels = act_labels()
    events = CaseEvent.objects.filter(case=case).order_by("seq").values_list("act", "at")
    ended = case.answered_at or case.closed_at
    overdue = bool(case.resolve_due_at and (ended or now) > case.resolve_due_at)
    published = case.state == Case.State.PUBLISHED or case.published_at is not None
    return Followed(
        code=case.code, kind=case.kind, kind_label=KIND_LABELS.get(case.kind, case.kind), state=case.state,
        state_label=Case.State(case.state).label, handling_unit=case.handling_unit.name,
        received_at=case.received_at, accepted_at=case.accepted_at, due_at=case.due_at,
        resolve_due_at=case.resolve_due_at, answered_at=case.answered_at, published_at=case.published_at,
        overdue=overdue, public_answer=anonymise_case(case, case.public_answer) if published else "",
        steps=tuple(Step(act, labels.get(act, act), at) for act, at in events))
