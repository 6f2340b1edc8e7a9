"""``motcua briefings``: briefing meetings of a steering programme and their packs."""

from pathlib import Path

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Giao ban Ban Chỉ đạo: các phiên giao ban và tài liệu giao ban (PDF, XLSX).",
                  no_args_is_help=True)


def _programme(code: str):
    from motcua.programmes.models import Programme

    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        typer.echo(f"Không có chương trình mã «{code}».", err=True)
        raise typer.Exit(2)
    return programme


@app.command()
def meetings(programme_code: str = typer.Argument(..., help="Mã chương trình, ví dụ CTR-01.")) -> None:
    """Liệt kê các phiên giao ban của một chương trình (mới nhất trước)."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.briefings import queries

    programme = _programme(programme_code)
    table = Table(title=f"Các phiên giao ban — Chương trình {programme.number}")
    for col in ("Số hiệu", "Thời gian họp", "Loại phiên", "Thông báo kết luận", "Kết luận đã giao / tổng"):
        table.add_column(col)
    for m in queries.meetings(programme):
        table.add_row(str(m.pk), f"{m.held_at.astimezone(_tz()):%H:%M %d/%m/%Y}", m.get_kind_display(),
                      m.notice_symbol or "—", f"{m.assigned_count}/{m.conclusion_count}")
    Console().print(table)


def _tz():
    from motcua.rules.calendar import VN_TZ

    return VN_TZ


@app.command()
def pack(programme_code: str = typer.Argument(..., help="Mã chương trình, ví dụ CTR-01."),
         meeting: int | None = typer.Option(None, "--meeting", help="Số hiệu phiên giao ban (mặc định: phiên gần nhất)."),
         pdf: Path | None = typer.Option(None, "--pdf", help="Ghi tài liệu giao ban ra tệp PDF này."),
         xlsx: Path | None = typer.Option(None, "--xlsx", help="Ghi tài liệu giao ban ra tệp XLSX này.")) -> None:
    """In tóm tắt tài liệu giao ban của một phiên và ghi ra PDF, XLSX."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua import timesource
    from motcua.briefings import queries
    from motcua.briefings.pack import build_pack, local_day
    from motcua.briefings.pdf import percent, render_pdf
    from motcua.briefings.xlsx import pack_xlsx

    programme = _programme(programme_code)
    chosen = (queries.meetings(programme).filter(pk=meeting).first() if meeting is not None
              else queries.latest_meeting(programme))
    if chosen is None:
        typer.echo(f"Chương trình {programme.code} không có phiên giao ban"
                   + (f" số {meeting}." if meeting is not None else " nào."), err=True)
        raise typer.Exit(2)
    p, console = build_pack(chosen, today=local_day(timesource.now())), Console()
    console.print(f"[bold]Tài liệu giao ban[/bold] — {chosen}; số liệu đến ngày {p.as_of:%d/%m/%Y}; "
                  f"tỷ lệ hoàn thành {percent(p.counts.completion_rate)}.")
    table = Table(title="Nhiệm vụ theo tình trạng")
    table.add_column("Tình trạng")
    table.add_column("Số nhiệm vụ", justify="right")
    table.add_row("Tổng số", str(p.counts.total))
    for _, label, n in p.statuses:
        table.add_row(label, str(n))
    console.print(table)
    units = Table(title="Theo đơn vị chủ trì")
    for col in ("Đơn vị", "Tổng", "Đúng hạn", "Quá hạn (HT)", "Trong hạn", "Quá hạn", "Nguy cơ"):
        units.add_column(col, justify="left" if col == "Đơn vị" else "right")
    for u in p.units:
        c = u.counts
        units.add_row(u.name, *(str(v) for v in (c.total, c.done_on_time, c.done_late, c.open_in_time,
                                                 c.open_overdue, c.at_risk)))
    console.print(units)
    for row in p.overdue:
        console.print(f"[red]Quá hạn {row.days} ngày[/red]: {row.code}. {row.content} — {row.lead_unit}")
    for row in p.at_risk:
        console.print(f"[yellow]Nguy cơ chậm, còn {row.days} ngày[/yellow]: {row.code}. {row.content} — {row.lead_unit}")
    if pdf is not None:
        pdf.write_bytes(render_pdf(p))
        console.print(f"Đã ghi {pdf}.")
    if xlsx is not None:
        xlsx.write_bytes(pack_xlsx(p))
        console.print(f"Đã ghi {xlsx}.")
