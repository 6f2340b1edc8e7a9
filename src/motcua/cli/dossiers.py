"""``motcua dossiers``: warnings, a dossier's timeline, closing expired dossiers."""

import typer
from rich.console import Console
from rich.table import Table

from motcua.cli import django_setup
from motcua.cli.timeparse import parse_moment, show

app = typer.Typer(help="Hồ sơ: cảnh báo quá hạn, tra cứu nhật ký.", no_args_is_help=True)
STATUS = {"overdue": "[red]Quá hạn[/red]", "due_soon": "[yellow]Sắp đến hạn[/yellow]"}
KIND = {"dossier": "Hồ sơ", "task": "Phần việc liên thông", "acceptance": "Chờ tiếp nhận trực tuyến"}


@app.command()
def overdue(
    unit: str = typer.Option(None, help="Mã đơn vị đang giữ hồ sơ (mặc định: mọi đơn vị)."),
    within_hours: float = typer.Option(8, help="Cảnh báo hồ sơ đến hạn trong số giờ làm việc này."),
    now: str = typer.Option(None, help="Thời điểm tính (ISO 8601; mặc định: bây giờ)."),
    limit: int = typer.Option(200, help="Số dòng tối đa."),
) -> None:
    """Hồ sơ và phần việc liên thông quá hạn hoặc sắp đến hạn, theo đơn vị và người đang giữ."""
    django_setup()
    from motcua.dossiers.queries import warnings
    from motcua.units.models import Unit

    holder = None
    if unit:
        holder = Unit.objects.filter(code=unit).first()
        if holder is None:
            typer.echo(f"Không có đơn vị mã «{unit}».", err=True)
            raise typer.Exit(2)
    try:
        rows = warnings(now=parse_moment(now), within_hours=within_hours, unit=holder, limit=limit)
    except ValueError as exc:  # a negative duration, a moment outside the working calendar
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    table = Table(title=f"Cảnh báo hồ sơ ({len(rows)} dòng)")
    for col in ("Tình trạng", "Loại", "Mã hồ sơ", "Thủ tục", "Hạn", "Đơn vị đang giữ", "Người giữ"):
        table.add_column(col, no_wrap=col in ("Mã hồ sơ", "Hạn"))
    for w in rows:
        kind = KIND[w.kind] + (f": {w.task}" if w.task else "")
        table.add_row(STATUS[w.status], kind, w.code, w.procedure[:50], show(w.due_at),
                      w.unit.name if w.unit else "", w.officer)
    Console().print(table)


@app.command("show")
def show_dossier(code: str, now: str = typer.Option(None, help="Thời điểm tính (ISO 8601).")) -> None:
    """Nhật ký một hồ sơ: ai giữ, bao lâu, đúng hạn hay trễ và do đơn vị nào."""
    django_setup()
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.queries import holding_report
    from motcua.rules.lifecycle import ACT_LABELS, STATE_LABELS, Act, State

    dossier = Dossier.objects.select_related("procedure").filter(code=code).first()
    if dossier is None:
        typer.echo(f"Không tìm thấy hồ sơ mã «{code}».", err=True)
        raise typer.Exit(2)
    console = Console()
    console.print(f"[bold]{dossier.code}[/bold] — {dossier.procedure.name}")
    console.print(f"Trạng thái: {STATE_LABELS[State(dossier.state)]}; hẹn trả: {show(dossier.due_at)}")
    events = Table(title="Nhật ký")
    for col in ("#", "Lúc", "Việc", "Hạn trước", "Hạn sau", "Lý do"):
        events.add_column(col)
    for ev in dossier.events.order_by("seq"):
        events.add_row(str(ev.seq), show(ev.at), ACT_LABELS[Act(ev.act)], show(ev.due_before), show(ev.due_after),
                       ev.reason[:60])
    console.print(events)
    report, units = holding_report(dossier, parse_moment(now))
    held = Table(title="Thời gian giữ hồ sơ (giờ làm việc)")
    held.add_column("Đơn vị")
    held.add_column("Giờ", justify="right")
    for unit_id, seconds in report.per_unit.items():
        held.add_row(units[unit_id].name, f"{seconds / 3600:.1f}")
    console.print(held)
    if report.late:
        names = ", ".join(units[u].name for u in report.responsible if u in units)
        console.print(f"[red]Trễ hạn {report.late_seconds / 3600:.1f} giờ làm việc[/red]; đơn vị làm trễ: {names}")
    else:
        console.print("[green]Đúng hạn[/green]")


@app.command("close-expired")
def close_expired(now: str = typer.Option(None, help="Thời điểm tính (ISO 8601).")) -> None:
    """Kết thúc các hồ sơ quá 15 ngày không bổ sung (Điều 19.5)."""
    django_setup()
    from motcua.dossiers.services import close_expired as close

    typer.echo(f"Đã kết thúc {close(parse_moment(now))} hồ sơ quá hạn bổ sung.")
