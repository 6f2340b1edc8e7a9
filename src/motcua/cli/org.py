"""``motcua org``: the organisation review (rà soát tổ chức bộ máy) and the rotation list
(chuyển đổi vị trí công tác, luân chuyển)."""

from __future__ import annotations

import json
from datetime import date

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Tổ chức bộ máy: rà soát, chuyển đổi vị trí công tác.", no_args_is_help=True)

ON = typer.Option(None, "--on", help="Ngày rà soát, dạng YYYY-MM-DD (mặc định: hôm nay).")


def _day(on: str | None) -> date:
    from motcua import timesource
    from motcua.rules.calendar import VN_TZ

    if not on:
        return timesource.now().astimezone(VN_TZ).date()
    try:
        return date.fromisoformat(on)
    except ValueError:
        typer.echo(f"Ngày «{on}» không đúng dạng YYYY-MM-DD.", err=True)
        raise typer.Exit(2) from None


@app.command()
def review(on: str | None = ON,
           as_json: bool = typer.Option(False, "--json", help="In báo cáo dạng JSON."),
           strict: bool = typer.Option(False, "--strict", help="Trả mã thoát 1 khi có phát hiện.")) -> None:
    """In báo cáo rà soát tổ chức bộ máy: khoảng trống chức năng, thủ tục, người đứng đầu, vị trí."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.units.review import report

    r = report(_day(on))
    if as_json:
        typer.echo(json.dumps({"on": r.on.isoformat(), "basis": r.basis, "total": r.total, "groups": [
            {"kind": g.kind, "label": g.label, "count": len(g.lines),
             "lines": [{"subject": x.subject, "explanation": x.explanation, "fix_url": x.fix_url} for x in g.lines]}
            for g in r.groups]}, ensure_ascii=False, indent=2))
    else:
        console = Console()
        console.print(f"[bold]Rà soát tổ chức bộ máy ngày {r.on:%d/%m/%Y}[/bold]: {r.total} phát hiện.")
        summary = Table(title="Tổng hợp")
        summary.add_column("Phát hiện")
        summary.add_column("Số", justify="right")
        for g in r.groups:
            summary.add_row(g.label, str(len(g.lines)))
        console.print(summary)
        for g in r.groups:
            if not g.lines:
                continue
            table = Table(title=g.label, show_lines=False)
            for col in ("Nội dung", "Giải thích", "Khắc phục"):
                table.add_column(col)
            for x in g.lines:
                table.add_row(x.subject, x.explanation, x.fix_url)
            console.print(table)
    if strict and r.total:
        raise typer.Exit(1)


@app.command()
def rotation(on: str | None = ON,
             everyone: bool = typer.Option(False, "--all", help="Cả những người chưa đến hạn.")) -> None:
    """In danh sách chuyển đổi vị trí công tác: quá hạn, sắp đến hạn, tạm hoãn, không chuyển đổi (có lý do)."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.units.rotation_queries import counts, rotation_list

    day = _day(on)
    rows = rotation_list(day)
    n = counts(rows)
    console = Console()
    console.print(f"[bold]Chuyển đổi vị trí công tác ngày {day:%d/%m/%Y}[/bold]: {n['overdue']} quá hạn, "
                  f"{n['due']} sắp đến hạn, {n['postponed']} tạm hoãn, {n['exempt']} không chuyển đổi, "
                  f"{n['not_due']} chưa đến hạn.")
    table = Table()
    for col in ("Họ tên", "Vị trí", "Đơn vị", "Từ ngày", "Tháng", "Đến hạn", "Tình trạng", "Lý do"):
        table.add_column(col, justify="right" if col == "Tháng" else "left")
    for r in rows:
        if r.status == "not_due" and not everyone:
            continue
        due = f"{r.due_on:%d/%m/%Y}" if r.due_on else "—"
        reason = r.reason + "".join(f"\n{note}" for note in r.notes)
        table.add_row(r.person, r.position, r.unit, f"{r.start:%d/%m/%Y}", str(r.months_in_post), due,
                      r.status_label, reason)
    console.print(table)
