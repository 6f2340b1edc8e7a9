"""Recording an act on a case, the machinery every service shares: the refusal (``CaseRefused``),
the row locked and checked against the version the actor read, who acted in which role, the
log row (``log.append_event``), the long-running flags (``refresh_flags``), the hook for the 766
index (``index_feed.on_case_change``, same transaction) and for the letters (``letters.on_act``,
after commit), and the caller's object brought up to date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from motcua.complaints import clock
from motcua.complaints.log import append_event
from motcua.complaints.models import Case, CaseRating
from motcua.units.models import Official

S = Case.State
OPEN = (S.RECEIVED, S.INFO_REQUESTED, S.ACCEPTED)

#: act -> Vietnamese label (timeline, letters, API)
CASE_ACTS = {
    "file": "Tiếp nhận đơn", "refuse": "Không thụ lý, trả lại đơn", "request_info": "Đề nghị bổ sung thông tin",
    "receive_info": "Nhận thông tin bổ sung", "accept": "Thụ lý giải quyết", "assign": "Giao cán bộ thụ lý",
    "transfer": "Chuyển đơn đến cơ quan có thẩm quyền", "extend": "Gia hạn thời hạn giải quyết",
    "extend_intake": "Kéo dài thời hạn kiểm tra, xác minh để thụ lý tố cáo",
    "answer": "Trả lời, ban hành quyết định, kết luận", "publish": "Công khai kết quả trả lời",
    "withdraw": "Người gửi rút đơn", "close": "Kết thúc vụ việc", "rate": "Người gửi đánh giá kết quả trả lời",
}


class CaseRefused(Exception):
    """An act that may not be done: ``message`` (Vietnamese), problem ``code``, HTTP ``status``
    (409: stale version or wrong state; 422: bad input)."""

    def __init__(self, message: str, code: str = "case_invalid", status: int = 422):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


@dataclass
class FilerIn:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    representative: bool = False


@dataclass(frozen=True)
class CaseSnapshot:
    """The case before an act, as ``index_feed.on_case_change`` reads it."""

    state: str
    kind: str
    handling_unit_id: int | None
    area_id: int | None
    received_at: datetime | None
    answered_at: datetime | None
    resolve_due_at: datetime | None
    rating: int | None  # CaseRating.level, None: not rated

    @classmethod
    def of(cls, case: Case) -> CaseSnapshot:
        rating = CaseRating.objects.filter(case_id=case.pk).values_list("level", flat=True).first()
        return cls(case.state, case.kind, case.handling_unit_id, case.area_id, case.received_at, case.answered_at,
                   case.resolve_due_at, rating)


def _actor(by, case: Case, filer: bool = False) -> tuple[str, str]:
    if by is None:
        return ("filer", "filer") if filer else ("system", "system")
    if case.account_id is not None and by.pk == case.account_id:
        return f"u{by.pk}", "filer"
    if by.is_superuser:
        return f"u{by.pk}", "admin"
    posts = list(Official.objects.filter(user=by).values_list("unit_id", "role"))
    role = next((r for u, r in posts if u == case.handling_unit_id), posts[0][1] if posts else "citizen")
    return f"u{by.pk}", role


def _locked(case: Case, expected_version: int | None, states=None, act: str = "") -> Case:
    current = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise CaseRefused("Vụ việc đã được người khác cập nhật sau khi bạn mở; hãy tải lại trang và thử lại.",
                          "stale_case", 409)
    if states is not None and current.state not in states:
        raise CaseRefused(f"Không thể «{CASE_ACTS[act].lower()}» khi vụ việc đang ở trạng thái "
                          f"«{current.get_state_display()}».", "case_wrong_state", 409)
    return current


def _earlier_final(case: Case) -> datetime | None:
    """The earliest final decision on the same matter before this case was filed."""
    root = case.matter_of_id
    pks = {p for p in (root, case.previous_id) if p}
    if not pks:
        return None
    finals = (Case.objects.filter(pk__in=pks) | Case.objects.filter(matter_of_id=root)).exclude(pk=case.pk) \
        if root else Case.objects.filter(pk__in=pks)
    found = [m for m in finals.filter(final_decision_at__isnull=False, final_decision_at__lte=case.received_at)
             .values_list("final_decision_at", flat=True)]
    return min(found) if found else None


def refresh_flags(case: Case, now: datetime, *, save: bool = True) -> list[str]:
    """Store on ``case.flags`` the long-running flags it has at ``now`` (``rules.hotspots``)."""
    flags = clock.flags_of(case, _earlier_final(case), now)
    if flags != case.flags:
        case.flags = flags
        if save:
            Case.objects.filter(pk=case.pk).update(flags=flags)
    return flags


def _after(case: Case, before: CaseSnapshot | None, act: str, now: datetime) -> None:
    """Flags, the index feed (same transaction) and the letter (after commit)."""
    try:
        from motcua.complaints import index_feed
    except ModuleNotFoundError:
        index_feed = None
    if index_feed is not None:
        index_feed.on_case_change(case, before, now)
    try:
        from motcua.complaints import letters
    except ModuleNotFoundError:
        letters = None
    if letters is not None:
        case_id = case.pk
        transaction.on_commit(lambda: letters.on_act(case_id, act, now))


def _done(case: Case, original: Case, before: CaseSnapshot, act: str, now: datetime, by, *, due_before=None,
          reason: str = "", data: dict | None = None, filer: bool = False, from_unit_id=None, to_unit_id=None,
          fields: tuple[str, ...] = ()) -> Case:
    actor, role = _actor(by, case, filer)
    append_event(case, act, at=now, actor=actor, role=role, due_before=due_before, due_after=case.due_at,
                 reason=reason, data=data or {}, from_unit_id=from_unit_id, to_unit_id=to_unit_id)
    refresh_flags(case, now, save=False)
    case.save(update_fields=[*fields, "flags", "version", "last_hash"])
    _after(case, before, act, now)
    _copy_into(original, case)
    return original


def _copy_into(original: Case, current: Case) -> None:
    """Give the caller's object the saved values (and forget related objects that changed)."""
    original.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    cache = original._state.fields_cache
    for name in list(cache):
        obj = cache[name]
        if name not in _FORWARD or getattr(obj, "pk", None) != original.__dict__.get(f"{name}_id"):
            del cache[name]
    cache.update({k: v for k, v in current._state.fields_cache.items() if k in _FORWARD})


_FORWARD = frozenset(f.name for f in Case._meta.concrete_fields if f.is_relation)


def _late(now: datetime, due: datetime | None) -> bool:
    return due is not None and now > due


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseRefused(f"Chưa nhập {what}.", "case_invalid", 422)
    return value
