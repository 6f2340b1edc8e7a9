"""Parsing times typed on the command line (naive = Asia/Ho_Chi_Minh)."""

from datetime import datetime

import typer

from motcua.rules.calendar import VN_TZ


def parse_moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        typer.echo(f"Thời điểm «{text}» không đúng dạng ISO 8601 (ví dụ 2026-02-13T16:30).", err=True)
        raise typer.Exit(2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def show(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else ""
