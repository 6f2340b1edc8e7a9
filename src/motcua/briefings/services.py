"""Writes about briefing meetings, one function per act: create a meeting, set its agenda (by
default the one its pack proposes), record the notice of its conclusions, record a conclusion,
withdraw one not yet assigned, and ``conclude``: turn every open conclusion into a programme task
(``programmes.services.add_task``) sourced to the notice.

Who may do these is asked at the entry points (``programmes.access.may_steer``). A refused act
raises ``BriefingRefused`` (Vietnamese message, a problem ``code``, an HTTP-like ``status``: 409 for
a wrong state, 422 for invalid input) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max

from motcua.briefings.models import AgendaItem, Conclusion, Meeting
from motcua.briefings.pack import build_pack, code_key, local_day
from motcua.programmes.models import Programme, Task
from motcua.programmes.services import TaskRefused, add_task
from motcua.units.models import Unit

__all__ = ["BriefingRefused", "create_meeting", "set_agenda", "record_notice", "record_conclusion",
           "withdraw_conclusion", "conclude", "committee_name"]


class BriefingRefused(Exception):
    def __init__(self, message: str, code: str = "briefing_invalid", status: int = 422,
                 errors: list[str] | None = None):
        super().__init__(message)
        self.message, self.code, self.status, self.errors = message, code, status, errors or [message]


def committee_name(programme: Programme) -> str:
    """The issuer of a meeting's notice: the programme's steering committee."""
    return f"Ban Chỉ đạo Chương trình {programme.number}"


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("programme").get(pk=meeting.pk)


@transaction.atomic
def create_meeting(programme: Programme, *, by, now: datetime, held_at: datetime, kind: str = Meeting.Kind.MONTHLY,
                   chair: str = "", place: str = "") -> Meeting:
    """Tạo phiên giao ban của Ban Chỉ đạo."""
    errors = []
    if kind not in Meeting.Kind.values:
        errors.append("Loại phiên giao ban không hợp lệ.")
    if held_at.tzinfo is None:
        errors.append("Thời gian họp phải có múi giờ.")
    elif local_day(held_at) < programme.issued_on:
        errors.append("Phiên giao ban không thể trước ngày ban hành chương trình.")
    if errors:
        raise BriefingRefused(" ".join(errors), errors=errors)
    return Meeting.objects.create(programme=programme, held_at=held_at, kind=kind, chair=(chair or "").strip()[:255],
                                  place=(place or "").strip()[:255], created_by=by, created_at=now)


@transaction.atomic
def set_agenda(meeting: Meeting, items: Iterable[dict] | None = None, *, by, now: datetime) -> list[AgendaItem]:
    """Đặt chương trình họp: ``items`` in order, each ``{"title", "task" (optional Task or pk),
    "presenter" (optional Unit or pk)}``; ``None`` takes the agenda the pack proposes (overdue
    and at-risk tasks). Replaces the agenda there was."""
    meeting = _locked(meeting)
    if meeting.concluded_at is not None:
        raise BriefingRefused("Phiên giao ban đã kết luận và giao nhiệm vụ; không sửa chương trình họp.",
                              "briefing_concluded", 409)
    if items is None:
        AgendaItem.objects.filter(meeting=meeting).delete()
        pack = build_pack(meeting, today=local_day(now))
        items = [{"title": r.title, "task": r.task_id, "presenter": r.presenter_id} for r in pack.agenda]
    items = list(items)
    task_ids = {i.get("task").pk if isinstance(i.get("task"), Task) else i.get("task") for i in items} - {None}
    tasks = set(Task.objects.filter(programme=meeting.programme, pk__in=task_ids).values_list("pk", flat=True))
    unit_ids = {i.get("presenter").pk if isinstance(i.get("presenter"), Unit) else i.get("presenter")
                for i in items} - {None}
    units = set(Unit.objects.filter(pk__in=unit_ids).values_list("pk", flat=True))
    errors, rows = [], []
    for n, item in enumerate(items, 1):
        title = str(item.get("title") or "").strip()
        task = item.get("task")
        task = task.pk if isinstance(task, Task) else task
        presenter = item.get("presenter")
        presenter = presenter.pk if isinstance(presenter, Unit) else presenter
        if not title:
            errors.append(f"Mục {n}: chưa nhập nội dung.")
        if task is not None and task not in tasks:
            errors.append(f"Mục {n}: nhiệm vụ không thuộc chương trình này.")
        if presenter is not None and presenter not in units:
            errors.append(f"Mục {n}: không có đơn vị báo cáo này.")
        rows.append(AgendaItem(meeting=meeting, order=n, title=title[:500], task_id=task, presenter_id=presenter))
    if not rows:
        errors.append("Chương trình họp phải có ít nhất một nội dung.")
    if errors:
        raise BriefingRefused(" ".join(errors), errors=errors)
    AgendaItem.objects.filter(meeting=meeting).delete()
    return AgendaItem.objects.bulk_create(rows)


@transaction.atomic
def record_notice(meeting: Meeting, *, by, now: datetime, symbol: str, notice_date: date) -> Meeting:
    """Ghi số, ngày thông báo kết luận của phiên giao ban (the source of the tasks it assigns)."""
    current = _locked(meeting)
    symbol = (symbol or "").strip()
    errors = []
    if not symbol:
        errors.append("Chưa nhập số thông báo kết luận (ví dụ 125-TB/BCĐ).")
    if notice_date is None or notice_date < local_day(current.held_at):
        errors.append("Ngày thông báo kết luận không được trước ngày họp.")
    elif notice_date > local_day(now):
        errors.append("Ngày thông báo kết luận không được sau hôm nay.")
    if current.concluded_at is not None and (symbol, notice_date) != (current.notice_symbol, current.notice_date):
        errors.append("Đã giao nhiệm vụ theo thông báo kết luận này; không sửa số, ngày thông báo.")
    if errors:
        raise BriefingRefused(" ".join(errors), errors=errors)
    current.notice_symbol, current.notice_date = symbol[:60], notice_date
    current.save(update_fields=["notice_symbol", "notice_date"])
    meeting.notice_symbol, meeting.notice_date = current.notice_symbol, current.notice_date
    return current


@transaction.atomic
def record_conclusion(meeting: Meeting, *, by, now: datetime, content: str, lead_unit: Unit,
                      product: str, deadline: date | None = None, co_units: Iterable[Unit] = ()) -> Conclusion:
    """Ghi một kết luận: the work, its lead unit and co-operating units, product and deadline."""
    current = _locked(meeting)
    co_units = list(co_units)
    errors = []
    if not (content or "").strip():
        errors.append("Chưa nhập nội dung kết luận.")
    if lead_unit is None:
        errors.append("Kết luận phải có đúng một đơn vị chủ trì.")
    elif not lead_unit.is_live(local_day(now)):
        errors.append(f"Đơn vị «{lead_unit.name}» không còn hoạt động.")
    elif any(u.pk == lead_unit.pk for u in co_units):
        errors.append("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if product not in Task.Product.values:
        errors.append("Loại sản phẩm không hợp lệ.")
    if deadline is not None and deadline < local_day(current.held_at):
        errors.append("Thời hạn không được trước ngày họp.")
    if errors:
        raise BriefingRefused(" ".join(errors), errors=errors)
    last = current.conclusions.aggregate(n=Max("order"))["n"] or 0
    conclusion = Conclusion.objects.create(meeting=current, order=last + 1, content=content.strip(),
                                           lead_unit=lead_unit, product=product, deadline=deadline)
    if co_units:
        conclusion.co_units.set(co_units)
    return conclusion


@transaction.atomic
def withdraw_conclusion(conclusion: Conclusion, *, by, now: datetime) -> None:
    """Bỏ một kết luận chưa giao thành nhiệm vụ (typed by mistake)."""
    _locked(conclusion.meeting)
    current = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    if current.task_id is not None:
        raise BriefingRefused("Kết luận đã được giao thành nhiệm vụ; không bỏ được.", "briefing_concluded", 409)
    current.delete()


def _next_code(programme: Programme) -> int:
    codes = Task.objects.filter(programme=programme, parent__isnull=True).values_list("code", flat=True)
    top = [int(c) for c in codes if c.isdigit()]
    return max(top, default=0) + 1


@transaction.atomic
def conclude(meeting: Meeting, *, by, now: datetime) -> list[Task]:
    """Giao nhiệm vụ theo kết luận: every conclusion not yet a task becomes one (the next numbers of
    the programme), its source the meeting's notice, issued by the steering committee. Run again,
    it assigns only what is new. Refused without a notice symbol, or when a conclusion cannot be
    a task (then none is assigned)."""
    current = _locked(meeting)
    if not current.notice_symbol or current.notice_date is None:
        raise BriefingRefused("Chưa có số, ngày thông báo kết luận của phiên giao ban: nhập số thông báo "
                              "trước khi giao nhiệm vụ.", "briefing_no_notice", 409)
    if not current.conclusions.exists():
        raise BriefingRefused("Phiên giao ban chưa có kết luận nào để giao nhiệm vụ.", "briefing_no_conclusions", 409)
    programme = current.programme
    open_ = list(current.conclusions.filter(task__isnull=True).select_related("lead_unit")
                 .prefetch_related("co_units").order_by("order"))
    number, created = _next_code(programme), []
    for c in open_:
        try:
            task = add_task(programme, by=by, now=now, code=str(number), content=c.content, product=c.product,
                            approver=Task.Approver.STEERING_COMMITTEE, lead_unit=c.lead_unit,
                            co_units=list(c.co_units.all()), assigned_on=current.notice_date, deadline=c.deadline,
                            source_symbol=current.notice_symbol, source_issuer=committee_name(programme),
                            source_date=current.notice_date)
        except TaskRefused as exc:
            raise BriefingRefused(f"Kết luận {c.order}: {exc.message}", "briefing_invalid", 422,
                                  [f"Kết luận {c.order}: {e}" for e in exc.errors]) from exc
        c.task = task
        c.save(update_fields=["task"])
        created.append(task)
        number += 1
    if created or current.concluded_at is None:
        current.concluded_at = now
        current.save(update_fields=["concluded_at"])
        meeting.concluded_at = now
    return sorted(created, key=lambda t: code_key(t.code))
