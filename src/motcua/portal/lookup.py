"""Public lookup of one dossier (tra cứu hồ sơ) by its code and the last four digits of the
applicant's identity number or phone, shared by the page ``/tra-cuu/`` and ``GET /api/v1/lookup``.

It shows only what a passer-by may know: code, procedure, state, received, due and returned
times, on time or late, and the unit holding the dossier; never the applicant's name or numbers.

- A wrong code and a right code with wrong digits answer the same (one generic message), after
  the same work: one query, then the failure is counted.
- Failures are counted per client address and per code (``accounts.services.record_failed_lookup``);
  past the limits the answer is 429 with the time to wait.
- A successful lookup is one indexed query (the dossier, its procedure and holder, and whether
  the address or the code is blocked) and writes nothing.
"""

from __future__ import annotations

import functools
import hmac
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime

from motcua import timesource
from motcua.accounts.models import LookupThrottle
from motcua.accounts.services import record_failed_lookup
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.rules.lifecycle import STATE_LABELS, State
from motcua.units.models import Unit

NOT_FOUND = "Không tìm thấy hồ sơ khớp mã và 4 số cuối."
NOT_FOUND_EN = "No dossier matches this code and these last four digits."
INVALID = "Vui lòng nhập mã hồ sơ và đúng 4 chữ số cuối của số định danh (CCCD) hoặc số điện thoại."

_LAST4 = re.compile(r"[0-9]{4}")
_CODE = re.compile(r"[^\x00-\x1f\x7f]{1,80}")  # printable, as on the receipt

TIMELINESS_LABELS = {("on_time", False): "Trong hạn", ("on_time", True): "Đúng hạn",
                     ("overdue", False): "Quá hạn", ("overdue", True): "Trễ hạn"}


@dataclass(frozen=True)
class Found:
    """What the lookup shows: no personal data."""

    code: str
    procedure_name: str
    state: str
    state_label: str
    received_at: datetime | None
    due_at: datetime | None
    returned_at: datetime | None
    ended: bool
    timeliness: str | None  # "on_time" | "overdue" | None (no due time: not received, or waiting)
    timeliness_label: str
    holder_unit: str | None


@dataclass(frozen=True)
class Outcome:
    found: Found | None = None
    retry_after: int | None = None  # seconds to wait, when refused for too many failures

    @property
    def throttled(self) -> bool:
        return self.retry_after is not None


def too_many(seconds: int) -> str:
    return f"Ông/bà đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau {math.ceil(seconds / 60)} phút."


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "?"


def valid(code: str, last4: str) -> bool:
    return bool(_CODE.fullmatch(code or "")) and bool(_LAST4.fullmatch(last4 or ""))


def _ends_with(value: str | None, last4: str) -> bool:
    tail = (value or "")[-4:].encode()
    return len(tail) == 4 and hmac.compare_digest(tail, last4.encode())


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


@functools.cache
def _statement(vendor: str) -> str:
    """The lookup's one query: the dossier by its unique code, with its procedure and holder,
    and whether the address or the code is blocked now. Written once per database kind: building
    it with the ORM on every request cost more than running it."""
    q = connection.ops.quote_name
    d, p, u, t = (q(m._meta.db_table) for m in (Dossier, Procedure, Unit, LookupThrottle))
    blocked = f"(SELECT t.blocked_until FROM {t} t WHERE t.scope = %s AND t.{q('key')} = %s AND t.blocked_until > %s LIMIT 1)"
    return (f"SELECT d.code, d.state, d.received_at, d.due_at, d.returned_at, d.ended_at, d.applicant_id_number, "
            f"d.applicant_phone, p.name, u.name, {blocked}, {blocked} FROM {d} d "
            f"INNER JOIN {p} p ON p.id = d.procedure_id LEFT OUTER JOIN {u} u ON u.id = d.holder_unit_id "
            f"WHERE d.code = %s LIMIT 1")


def _aware(value) -> datetime | None:
    """A datetime as the database gave it (SQLite: naive UTC, or text from a subquery)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def look_up(code: str, last4: str, ip: str, now: datetime | None = None) -> Outcome:
    """Find the dossier ``code`` if ``last4`` ends its applicant's identity number or phone.
    Call only with input that passed ``valid``."""
    now = now or timesource.now()
    code, ip = code.strip(), ip[:80]
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor), [LookupThrottle.Scope.IP.value, ip, at,
                                                       LookupThrottle.Scope.CODE.value, code[:80], at, code])
        row = cursor.fetchone()
    if row is not None:
        code_, state, received, due, returned, ended_at, id_number, phone, procedure, holder, *blocks = row
        blocks = [_aware(b) for b in blocks if b is not None]
        if blocks:
            return Outcome(retry_after=_seconds_until(max(blocks), now))
        matched = _ends_with(id_number, last4) | _ends_with(phone, last4)  # both compared, always
        if matched:
            return Outcome(found=_found(code_, state, _aware(received), _aware(due), _aware(returned),
                                        _aware(ended_at), procedure, holder, now))
    until = record_failed_lookup(ip, code, now)
    return Outcome(retry_after=_seconds_until(until, now)) if until else Outcome()


def _found(code, state, received, due, returned, ended_at, procedure, holder, now) -> Found:
    ended = ended_at is not None
    timeliness = None
    if due is not None:
        timeliness = "overdue" if (ended_at or now) > due else "on_time"
    return Found(code=code, procedure_name=procedure, state=state, state_label=STATE_LABELS[State(state)],
                 received_at=received, due_at=due, returned_at=returned, ended=ended, timeliness=timeliness,
                 timeliness_label=TIMELINESS_LABELS.get((timeliness, ended), ""), holder_unit=holder)
