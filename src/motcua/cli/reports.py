"""``motcua reports``: the daily reminder run and the lead units that have not reported."""

from datetime import datetime

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Báo cáo định kỳ của đơn vị chủ trì, nhắc hạn và đôn đốc.", no_args_is_help=True)


def _moment(text: str | None) -> datetime:
    from motcua import timesource
    from motcua.rules.calendar import VN_TZ

    if not text:
        return timesource.now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        typer.echo(f"Thời điểm «{text}» không đúng dạng ISO 8601 (ví dụ 2026-04-06T07:00).", err=True)
        raise typer.Exit(2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


@app.command()
def remind(now: str = typer.Option(None, "--now", help="Chạy như vào thời điểm này (ISO 8601; giờ Hà Nội nếu "
                                                        "không ghi múi giờ). Mặc định: bây giờ.")) -> None:
    """Gửi nhắc hạn và đôn đốc của hôm nay (thư điện tử và thông báo); chạy lại trong ngày không gửi trùng."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.reporting.models import Notice
    from motcua.reporting.services import send_reminders

    moment = _moment(now)
    sent = send_reminders(moment)
    console = Console()
    if not sent:
        console.print(f"Không có nhắc hạn mới ngày {moment:%d/%m/%Y}.")
        return
    table = Table(title=f"Nhắc hạn, đôn đốc đã gửi ngày {moment:%d/%m/%Y}")
    for col in ("Loại", "Tiêu đề", "Người nhận", "Thư điện tử"):
        table.add_column(col)
    labels = dict(Notice.Kind.choices)
    for s in sent:
        table.add_row(labels.get(s.kind, s.kind), s.subject, ", ".join(s.recipients) or "—",
                      f"lỗi: {s.error}" if s.error else str(s.emails))
    console.print(table)
    console.print(f"{len(sent)} lượt nhắc, {sum(s.emails for s in sent)} thư điện tử, "
                  f"{sum(len(s.recipients) for s in sent)} thông báo.")


@app.command()
def missing(code: str = typer.Argument(..., help="Mã chương trình (ví dụ CTR-01)."),
            period: str = typer.Option(None, "--period", help="Kỳ báo cáo: 2026-03, 2026-Q1, 2026-H1. "
                                                               "Mặc định: kỳ gần nhất đã đến hạn nộp.")) -> None:
    """Liệt kê đơn vị chủ trì chưa nộp báo cáo của một kỳ (và đơn vị đã nộp, đúng hạn hay chậm)."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua import timesource
    from motcua.programmes.models import Programme
    from motcua.reporting import queries
    from motcua.rules.calendar import VN_TZ
    from motcua.rules.reporting import due_on

    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        typer.echo(f"Không có chương trình mã «{code}».", err=True)
        raise typer.Exit(2)
    today = timesource.now().astimezone(VN_TZ).date()
    if period:
        try:
            chosen = queries.period_for(programme, period)
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    else:
        chosen = next((p for p in queries.programme_periods(programme, today) if due_on(p) < today), None)
        if chosen is None:
            typer.echo("Chương trình chưa có kỳ báo cáo nào đến hạn.", err=True)
            raise typer.Exit(1)
    rows = queries.board(programme, chosen, today)
    absent = [r for r in rows if r.report is None]
    table = Table(title=f"{programme.number} — báo cáo {chosen.label} (hạn {due_on(chosen):%d/%m/%Y})")
    for col in ("Mã đơn vị", "Đơn vị chủ trì", "Tình trạng", "Nộp lúc"):
        table.add_column(col)
    for r in sorted(rows, key=lambda r: (r.report is not None, r.unit.name)):
        at = f"{r.report.first_submitted_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}" if r.report else "—"
        table.add_row(r.unit.code, r.unit.name, r.state_label, at)
    console = Console()
    console.print(table)
    console.print(f"{len(absent)}/{len(rows)} đơn vị chưa nộp.")
