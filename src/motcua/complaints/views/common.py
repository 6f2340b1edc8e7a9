"""What the officials' case pages share: finding a case the viewer may see, masking personal
numbers, labels of kinds, states and flags, and the due-time labels (còn hạn, sắp đến hạn,
quá hạn; đúng hạn, trễ hạn)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.complaints.access import may_see
from motcua.complaints.forms import KIND_LABELS
from motcua.complaints.models import Case
from motcua.rules.calendar import VN_TZ
from motcua.rules.hotspots import Flag

FLAG_LABELS = {
    Flag.PAST_MAXIMUM.value: "Quá thời hạn giải quyết tối đa",
    Flag.REFILED_AFTER_FINAL.value: "Gửi lại sau khi đã có quyết định cuối cùng",
    Flag.ABOVE_COMPETENT_LEVEL.value: "Gửi vượt cấp",
    Flag.GROUP.value: "Đông người",
}
STATE_LABELS = dict(Case.State.choices)
CHANNEL_LABELS = dict(Case.Channel.choices)
OPEN_STATES = (Case.State.RECEIVED, Case.State.INFO_REQUESTED, Case.State.ACCEPTED)
ENDED_STATES = (Case.State.REFUSED, Case.State.WITHDRAWN, Case.State.CLOSED)


def mask(value: str, keep: int = 4) -> str:
    """``001090012345`` → ``••••••••2345``: a personal number shown only as far as needed."""
    value = value or ""
    return "•" * max(len(value) - keep, 0) + value[-keep:] if value else ""


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def flag_label(flag) -> str:
    value = flag.get("flag", "") if isinstance(flag, dict) else str(flag)
    return FLAG_LABELS.get(value, value)


def case_rows():
    return Case.objects.select_related("handling_unit", "handler", "area", "concerned_unit", "concerned_official",
                                       "dossier", "account", "previous", "matter_of")


def load_case(viewer, code: str) -> Case:
    """The case ``code`` (404), if ``viewer`` may see it (403, with the reason)."""
    case = case_rows().filter(code=code[:40]).first()
    if case is None:
        raise Http404("Không có vụ việc với mã này.")
    if not may_see(viewer, case):
        raise PermissionDenied("Ông/bà không được xem vụ việc này (vụ việc không thuộc đơn vị ông/bà phục vụ).")
    return case


def local(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else "—"


@dataclass(frozen=True)
class Due:
    """One due time on the case page and its label."""

    label: str
    at: datetime | None
    done_at: datetime | None
    status: str  # "on_time", "late", "open", "overdue", ""

    @property
    def status_label(self) -> str:
        return {"on_time": "Đúng hạn", "late": "Trễ hạn", "open": "Còn hạn", "overdue": "Quá hạn"}.get(self.status, "")


def _due(label: str, at, done_at, now) -> Due:
    if at is None:
        return Due(label, None, done_at, "")
    if done_at is not None:
        return Due(label, at, done_at, "on_time" if done_at <= at else "late")
    return Due(label, at, None, "overdue" if now > at else "open")


def due_times(case: Case, now: datetime) -> list[Due]:
    """The case's due moments with on-time or late labels: the current step's (while open), the
    resolution (answer, decision, conclusion), and publication (PAKN)."""
    out = []
    if case.state in OPEN_STATES and case.due_at and case.due_at != case.resolve_due_at:
        step = {Case.State.RECEIVED: "Hạn xử lý đơn (thụ lý / từ chối)",
                Case.State.INFO_REQUESTED: "Hạn bổ sung thông tin",
                Case.State.ACCEPTED: "Hạn bước hiện tại"}[Case.State(case.state)]
        out.append(_due(step, case.due_at, None, now))
    if case.resolve_due_at:
        out.append(_due("Hạn trả lời, giải quyết", case.resolve_due_at, case.answered_at, now)
                   if case.state not in ENDED_STATES or case.answered_at else
                   Due("Hạn trả lời, giải quyết", case.resolve_due_at, None, ""))
    if case.state == Case.State.ANSWERED and case.due_at:
        out.append(_due("Hạn công khai kết quả", case.due_at, None, now))
    elif case.published_at:
        out.append(Due("Đã công khai", case.published_at, case.published_at, ""))
    return out


def is_overdue(case: Case, now: datetime) -> bool:
    return case.state not in ENDED_STATES and case.state != Case.State.PUBLISHED and bool(
        case.due_at and case.due_at < now)
