"""The working calendar a province keeps in the database (lịch làm việc của tỉnh).

:func:`calendar_for` builds a :class:`~motcua.rules.calendar.WorkingCalendar` from the
package's national holidays, the province's office hours (:class:`OfficeHours`) and the days
announced later (:class:`CalendarOverride`, nationwide or for the province), and keeps it in
memory until one of those rows is saved or deleted.
"""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, time

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from motcua.rules.calendar import (
    DEFAULT_SESSIONS,
    VN_TZ,
    Sessions,
    WorkingCalendar,
    default_calendar,
    validate_sessions,
)
from motcua.units.models import CalendarOverride, OfficeHours

_SESSION = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

_cache: dict[tuple[str, date], WorkingCalendar] = {}
_lock = threading.Lock()


def parse_sessions(text: str) -> Sessions:
    """``"08:00-12:00,13:00-17:00"`` -> ``((time(8), time(12)), (time(13), time(17)))``.

    An empty string means no session (a day off)."""
    if text is None or not text.strip():
        return ()
    sessions = []
    for part in text.split(","):
        match = _SESSION.match(part)
        if not match:
            raise ValueError(
                f"Buổi làm việc không hợp lệ: {part.strip()!r}. Ghi theo mẫu 08:00-12:00,13:00-17:00."
            )
        h1, m1, h2, m2 = (int(x) for x in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(f"Giờ không hợp lệ trong buổi {part.strip()!r} (giờ 0–23, phút 0–59).")
        sessions.append((time(h1, m1), time(h2, m2)))
    return validate_sessions(sessions)


def clear_calendar_cache(**_kwargs) -> None:
    """Forget every built calendar (they are rebuilt on the next :func:`calendar_for`)."""
    with _lock:
        _cache.clear()


def calendar_for(province_code: str | None = None) -> WorkingCalendar:
    """The working calendar of a province (None = ``settings.MOTCUA_PROVINCE_CODE``).

    Falls back to the national package calendar when the tables do not exist yet."""
    code = province_code or settings.MOTCUA_PROVINCE_CODE
    today = datetime.now(VN_TZ).date()
    key = (code, today)  # today: office hours that take effect tomorrow are picked up then
    found = _cache.get(key)
    if found is not None:
        return found
    if not _tables_exist():
        return default_calendar()
    calendar = _build(code, today)
    with _lock:
        for stale in [k for k in _cache if k[1] != today]:
            del _cache[stale]
        _cache[key] = calendar
    return calendar


def _tables_exist() -> bool:
    connection = connections[router.db_for_read(OfficeHours)]
    with connection.cursor() as cursor:
        names = set(connection.introspection.table_names(cursor))
    return {OfficeHours._meta.db_table, CalendarOverride._meta.db_table} <= names


def _build(code: str, today: date) -> WorkingCalendar:
    hours = (
        OfficeHours.objects.filter(province__code=code, valid_from__lte=today)
        .order_by("-valid_from")
        .values_list("sessions", flat=True)
        .first()
    )
    office = parse_sessions(hours) if hours is not None else DEFAULT_SESSIONS
    if not office:
        office = DEFAULT_SESSIONS
    overrides: dict[date, Sessions] = {}
    rows = (
        CalendarOverride.objects.filter(Q(province__isnull=True) | Q(province__code=code))
        .order_by("day")
        .values_list("day", "kind", "sessions", "province_id")
    )
    provincial: set[date] = set()
    for day, kind, text, province_id in rows:
        if day in provincial:
            continue  # the province's own row wins over the nationwide one
        if province_id is not None:
            provincial.add(day)
        if kind == CalendarOverride.Kind.OFF:
            overrides[day] = ()
        elif kind == CalendarOverride.Kind.WORKING:
            overrides[day] = office
        else:
            try:
                overrides[day] = parse_sessions(text)
            except ValueError as exc:
                raise ValueError(f"Điều chỉnh lịch ngày {day:%d/%m/%Y}: {exc}") from None
    return WorkingCalendar.vietnam(overrides=overrides, sessions=office)


def _changed(**_kwargs) -> None:
    clear_calendar_cache()
    # A calendar rebuilt inside the writing transaction may still hold a row that is later
    # rolled back; clear once more when the transaction commits.
    transaction.on_commit(clear_calendar_cache)


for _model in (OfficeHours, CalendarOverride):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"motcua-calendar-{_model.__name__}-save")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"motcua-calendar-{_model.__name__}-delete")
