"""``motcua calendar``: due times and month views of the working calendar (lịch làm việc)."""

from __future__ import annotations

import calendar as stdlib_calendar
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn, Optional

import typer

from motcua.cli import django_setup
from motcua.rules.calendar import HOURS_PER_WORKING_DAY, VN_TZ, WorkingCalendar, default_calendar

app = typer.Typer(help="Lịch làm việc: tính thời hạn theo ngày, giờ làm việc; xem lịch tháng.", no_args_is_help=True)

WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def _fail(message: str) -> NoReturn:
    typer.echo(f"Lỗi: {message}", err=True)
    raise typer.Exit(code=2)


def _load_calendar(province: str | None) -> WorkingCalendar:
    """The database calendar when the database is migrated, else the national package calendar."""
    django_setup()
    from django.db import DatabaseError, connection

    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not connection.creation.is_in_memory_db(name) and not Path(name).exists():
            return default_calendar()  # no database yet: do not create an empty file
    from motcua.units.calendars import calendar_for

    try:
        return calendar_for(province)
    except DatabaseError as exc:
        typer.echo(f"Cảnh báo: không đọc được cơ sở dữ liệu ({exc}); dùng lịch nghỉ lễ quốc gia.", err=True)
        return default_calendar()


def _parse_amount(text: str, option: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        _fail(f"{option} phải là một số (ví dụ 3 hoặc 0.5), không phải {text!r}.")
    if not math.isfinite(value) or value < 0:
        _fail(f"{option} phải là một số không âm, không phải {text!r}.")
    return value


def _parse_start(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        _fail(f"thời điểm bắt đầu {text!r} không đúng dạng ISO 8601 (ví dụ 2026-02-13T16:30).")
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


@app.command()
def due(
    start: Optional[str] = typer.Option(None, "--start", help="Thời điểm bắt đầu tính (ISO 8601; không ghi múi giờ = giờ Việt Nam)."),
    working_days: Optional[str] = typer.Option(None, "--working-days", help="Số ngày làm việc (1 ngày = 8 giờ; cho phép 0.5)."),
    working_hours: Optional[str] = typer.Option(None, "--working-hours", help="Số giờ làm việc."),
    province: Optional[str] = typer.Option(None, "--province", help="Mã tỉnh, thành phố (mặc định theo cấu hình, 01 = Hà Nội)."),
) -> None:
    """In thời hạn (ISO 8601, giờ Việt Nam) sau một số ngày hoặc giờ làm việc."""
    if not start:
        _fail("thiếu --start (thời điểm bắt đầu tính).")
    if (working_days is None) == (working_hours is None):
        _fail("cần đúng một trong hai tùy chọn --working-days hoặc --working-hours.")
    begin = _parse_start(start)
    if working_days is not None:
        hours = _parse_amount(working_days, "--working-days") * HOURS_PER_WORKING_DAY
    else:
        hours = _parse_amount(working_hours, "--working-hours")
    calendar = _load_calendar(province)
    try:
        result = calendar.add_working_hours(begin, hours)
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(result.isoformat(timespec="seconds"))


def _day_names(year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.VN(years=year, language="vi").items())


@app.command()
def month(
    which: str = typer.Argument(..., metavar="YYYY-MM", help="Tháng cần xem, ví dụ 2026-02."),
    province: Optional[str] = typer.Option(None, "--province", help="Mã tỉnh, thành phố."),
) -> None:
    """Xem lịch một tháng: ngày nghỉ, ngày làm bù, ngày làm việc theo buổi riêng."""
    from rich.console import Console
    from rich.table import Table

    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", which)
    if not match or not 1 <= int(match[2]) <= 12:
        _fail(f"tháng {which!r} không hợp lệ; ghi theo mẫu 2026-02.")
    year, mon = int(match[1]), int(match[2])
    calendar = _load_calendar(province)
    first, last = calendar.years
    if not first <= year <= last:
        _fail(f"năm {year} ngoài phạm vi lịch làm việc ({first}–{last}).")

    names = _day_names(year)
    table = Table(title=f"Tháng {mon:02d}/{year}", show_lines=False)
    for label in WEEKDAYS:
        table.add_column(label, justify="right")
    notes: list[str] = []
    for week in stdlib_calendar.Calendar().monthdatescalendar(year, mon):
        cells = []
        for day in week:
            if day.month != mon:
                cells.append("")
                continue
            sessions = calendar.sessions_on(day)
            weekend = day.weekday() >= 5
            cell, note = str(day.day), ""
            if not sessions and not weekend:
                cell, note = f"[bold red]{day.day} N[/]", "nghỉ"
            elif sessions and weekend:
                cell, note = f"[bold green]{day.day} LB[/]", "làm bù"
            elif sessions and sessions != calendar.office_sessions:
                cell = f"[bold yellow]{day.day} B[/]"
                note = "làm việc " + ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in sessions)
            elif weekend:
                cell = f"[dim]{day.day}[/]"
            cells.append(cell)
            if note:
                name = names.get(day, "")
                notes.append(f"{day:%d/%m} ({WEEKDAYS[day.weekday()]}): {note}" + (f" — {name}" if name else ""))
        table.add_row(*cells)

    console = Console()
    console.print(table)
    console.print("N = ngày nghỉ; LB = ngày làm bù; B = làm việc theo buổi riêng.")
    for line in notes:
        console.print(line, highlight=False)
