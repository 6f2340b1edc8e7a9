"""Leaders' citizen-reception days (lịch tiếp công dân định kỳ của Chủ tịch UBND): schedule a day,
record it held or not held with the number of petitions received, and list the months (province
chair) or weeks (commune chair) of a period with too few days held (``rules.hotspots
.missing_reception``), the committees most behind first.

A week or month with no working day on the province's calendar (e.g. the Tết week) is not
required: the law asks for a reception day at the committee's office in working time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from motcua.complaints.models import ReceptionDay
from motcua.rules.calendar import VN_TZ
from motcua.rules.hotspots import RECEPTION_RULES, MissingPeriod, missing_reception
from motcua.units.models import Unit

MAX_PERIOD_DAYS = 3 * 366


class ReceptionRefused(Exception):
    """A reception-day act that was not done; nothing changed."""

    def __init__(self, message: str, code: str = "reception_invalid", status: int = 422):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


def committees() -> QuerySet:
    """The People's Committees whose chairs hold reception days (province and commune level)."""
    return Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE,
                               level__in=[Unit.Level.PROVINCE, Unit.Level.COMMUNE]).order_by("level", "name")


def _level(unit: Unit) -> str:
    if unit.kind != Unit.Kind.PEOPLES_COMMITTEE or unit.level not in (Unit.Level.PROVINCE, Unit.Level.COMMUNE):
        raise ReceptionRefused(f"{unit.name} không phải Ủy ban nhân dân cấp tỉnh hoặc cấp xã; "
                               "chỉ Chủ tịch UBND có lịch tiếp công dân định kỳ ở đây.")
    return unit.level


def _local_day(now: datetime) -> date:
    return now.astimezone(VN_TZ).date()


def schedule_day(unit: Unit, day: date, *, by, now: datetime, leader=None, note: str = "") -> ReceptionDay:
    """Put a reception day on the chair's schedule (lên lịch tiếp công dân)."""
    level = _level(unit)
    if len(note) > 255:
        raise ReceptionRefused("Ghi chú dài quá 255 ký tự.")
    if ReceptionDay.objects.filter(unit=unit, day=day).exists():
        raise ReceptionRefused(f"{unit.name} đã có lịch tiếp công dân ngày {day:%d/%m/%Y}.", "reception_exists", 409)
    try:
        with transaction.atomic():
            return ReceptionDay.objects.create(unit=unit, level=level, day=day, leader=leader, note=note.strip())
    except IntegrityError:
        raise ReceptionRefused(f"{unit.name} đã có lịch tiếp công dân ngày {day:%d/%m/%Y}.",
                               "reception_exists", 409) from None


@transaction.atomic
def record_day(row: ReceptionDay, *, by, now: datetime, held: bool, cases_received: int = 0,
               note: str | None = None) -> ReceptionDay:
    """Record whether the day was held (đã tiếp / không tiếp) and how many petitions came in."""
    row = ReceptionDay.objects.select_for_update().get(pk=row.pk)
    if row.day > _local_day(now):
        raise ReceptionRefused(f"Ngày {row.day:%d/%m/%Y} chưa đến; chỉ ghi kết quả sau buổi tiếp.")
    if cases_received < 0:
        raise ReceptionRefused("Số đơn nhận phải là số nguyên không âm.")
    if not held and cases_received:
        raise ReceptionRefused("Buổi tiếp không diễn ra thì không có đơn nhận tại buổi tiếp.")
    if note is not None:
        if len(note) > 255:
            raise ReceptionRefused("Ghi chú dài quá 255 ký tự.")
        row.note = note.strip()
    row.held, row.cases_received = held, cases_received
    row.save(update_fields=["held", "cases_received", "note"])
    return row


@transaction.atomic
def cancel_day(row: ReceptionDay, *, by, now: datetime) -> None:
    """Take a day that has not come yet off the schedule."""
    row = ReceptionDay.objects.select_for_update().get(pk=row.pk)
    if row.day <= _local_day(now) or row.held:
        raise ReceptionRefused("Chỉ bỏ được lịch của ngày chưa đến; ngày đã qua thì ghi là không tiếp.")
    row.delete()


# -- reads --------------------------------------------------------------------------------------

@dataclass
class Behind:
    """One committee's missing periods in the window."""

    unit: Unit
    level: str
    required: str  # "ít nhất 1 ngày mỗi tuần"
    held: int  # days held in the window
    missing: list[MissingPeriod]


def check_period(start: date, end: date) -> None:
    if start > end:
        raise ReceptionRefused("Ngày bắt đầu phải không sau ngày kết thúc.", "reception_period")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ReceptionRefused("Khoảng thời gian dài quá 3 năm.", "reception_period")


def _requirement(level: str) -> str:
    rule = next(r for r in RECEPTION_RULES if r.level == level and r.effective_to is None)
    what = "tuần" if rule.period == "week" else "tháng"
    return f"ít nhất {rule.min_days} ngày mỗi {what}"


def _has_working_day(calendar, start: date, end: date) -> bool:
    day = start
    while day <= end:
        try:
            if calendar.is_working_day(day):
                return True
        except ValueError:  # outside the calendar's years: assume an ordinary period
            return True
        day += timedelta(days=1)
    return False


def missing(units, start: date, end: date, calendar) -> list[Behind]:
    """Every committee of ``units`` with the periods in [start, end] it fell short in, most behind
    first (more missing periods; then fewer days held; then name). Two queries."""
    check_period(start, end)
    units = list(units)
    held: dict[int, list[date]] = {u.pk: [] for u in units}
    for unit_id, day in ReceptionDay.objects.filter(unit__in=[u.pk for u in units], held=True,
                                                     day__range=(start, end)).values_list("unit_id", "day"):
        held[unit_id].append(day)
    out = []
    for u in units:
        if u.level not in (Unit.Level.PROVINCE, Unit.Level.COMMUNE):
            continue
        gaps = [m for m in missing_reception(u.level, held[u.pk], start, end)
                if calendar is None or _has_working_day(calendar, m.start, m.end)]
        out.append(Behind(u, u.level, _requirement(u.level), len(set(held[u.pk])), gaps))
    out.sort(key=lambda b: (-len(b.missing), b.held, b.unit.name))
    return out


def schedule(units, start: date, end: date) -> QuerySet:
    """The reception days of ``units`` in [start, end], by day (one query)."""
    check_period(start, end)
    return (ReceptionDay.objects.filter(unit__in=[u.pk for u in units], day__range=(start, end))
            .select_related("unit", "leader").order_by("day", "unit__name"))
