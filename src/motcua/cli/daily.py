"""``motcua daily``: the jobs that time alone sets off, run once a day by a systemd timer
(``deploy/systemd/motcua-daily.timer``):

1. dossiers not supplemented within 15 days of the request are closed (Decree 118 Art. 19.5);
2. the long-running flags of open complaint cases are worked out again ("past its legal maximum"
   comes with time, not with an act);
3. reminders and escalations of report and task deadlines are sent;
4. the Decision 766 counters' pending journal rows are added to them (``quality.journal``; a
   dashboard does that too when it is read, so this only keeps the journal short).

Each job commits its work as it goes (a dossier closed, a reminder logged with its notices, the
flags all at once). A job that fails stops there and is reported, and the others still run; the
command then exits 1. A second run on the same day finds nothing more to do.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from datetime import datetime

import typer

from motcua.cli import app, django_setup
from motcua.cli.timeparse import parse_moment


def _close_expired(now: datetime) -> str:
    from motcua.dossiers.services import close_expired

    return f"{close_expired(now)} hồ sơ được kết thúc"


def _complaint_flags(now: datetime) -> str:
    from django.db import transaction

    from motcua.complaints.flags import refresh_all

    with transaction.atomic():  # all the flags or none
        return f"{refresh_all(now)} vụ việc thay đổi dấu hiệu"


def _reminders(now: datetime) -> str:
    from motcua.reporting.services import send_reminders

    sent = send_reminders(now)
    failed = [s for s in sent if s.error]
    text = f"{len(sent)} lượt nhắc, {sum(s.emails for s in sent)} thư điện tử"
    if failed:  # the notices are kept; the e-mails of these reminders are not sent again
        raise RuntimeError(f"{text}; {len(failed)} lượt không gửi được thư: {failed[0].error}")
    return text


def _fold_index(now: datetime) -> str:
    from motcua.quality.journal import fold

    return f"{fold()} thay đổi được cộng vào số đếm"


#: (name, what it does) in the order they run: closing first, so that a dossier closed today is
#: not reminded of; the flags before the reminders, which read no flags but share the clock; the
#: counters last, after the closings' changes.
JOBS: list[tuple[str, Callable[[datetime], str]]] = [
    ("Kết thúc hồ sơ quá hạn bổ sung (Điều 19.5)", _close_expired),
    ("Tính lại dấu hiệu vụ việc kéo dài, phức tạp", _complaint_flags),
    ("Nhắc hạn, đôn đốc báo cáo và nhiệm vụ", _reminders),
    ("Cộng thay đổi chờ vào số đếm chỉ số 766", _fold_index),
]


def run_jobs(now: datetime, jobs=None) -> list[tuple[str, bool, str]]:
    """Every job at ``now``: (name, succeeded, what it did or why it failed)."""
    out = []
    for name, job in jobs if jobs is not None else JOBS:
        try:
            out.append((name, True, job(now)))
        except Exception as exc:  # noqa: BLE001 - reported, and the other jobs still run
            traceback.print_exc()
            out.append((name, False, f"{type(exc).__name__}: {exc}"))
    return out


@app.command()
def daily(now: str = typer.Option(None, "--now", help="Chạy như vào thời điểm này (ISO 8601; giờ Hà Nội nếu "
                                                       "không ghi múi giờ). Mặc định: bây giờ.")) -> None:
    """Chạy các việc hằng ngày: kết thúc hồ sơ quá hạn bổ sung, tính lại dấu hiệu vụ việc kéo dài,
    gửi nhắc hạn. Việc lỗi không làm dừng việc khác; khi có việc lỗi, thoát với mã 1."""
    moment = parse_moment(now)
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua import timesource
    from motcua.rules.calendar import VN_TZ

    moment = moment or timesource.now()
    results = run_jobs(moment)
    table = Table(title=f"Việc hằng ngày, {moment.astimezone(VN_TZ):%H:%M %d/%m/%Y}")
    for col in ("Việc", "Kết quả", "Chi tiết"):
        table.add_column(col)
    for name, ok, text in results:
        table.add_row(name, "[green]Xong[/green]" if ok else "[red]Lỗi[/red]", text)
    Console(width=160).print(table)
    if not all(ok for _name, ok, _text in results):
        raise typer.Exit(1)
