"""``motcua quality``: the Decision 766 index: rebuild and check its counters, print scores."""

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from motcua.cli import django_setup

app = typer.Typer(help="Chất lượng phục vụ: chỉ số Quyết định 766 (dựng lại, đối chiếu, xem điểm).",
                  no_args_is_help=True)


@app.command()
def rebuild(check: bool = typer.Option(False, "--check", help="Chỉ đối chiếu với số đang lưu, không ghi gì; "
                                                            "thoát với mã 1 nếu có chênh lệch.")) -> None:
    """Dựng lại số đếm chỉ số 766 từ nhật ký của mọi hồ sơ (hoặc đối chiếu với --check)."""
    django_setup()
    from motcua.dossiers.models import Dossier
    from motcua.quality.rebuild import compare, from_log, replace_all, stored

    total = Dossier.objects.count()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("Dựng lại từ nhật ký", total=total)
        rebuilt = from_log(progress=lambda n: progress.update(task, completed=n))
    if check:
        differences = compare(rebuilt, stored())
        if differences:
            for d in differences[:50]:
                typer.echo(str(d), err=True)
            typer.echo(f"CHÊNH LỆCH: {len(differences)} dòng số đếm khác với nhật ký ({total} hồ sơ).", err=True)
            raise typer.Exit(1)
        typer.echo(f"Khớp: số đếm đang lưu đúng như nhật ký của {total} hồ sơ.")
        return
    replace_all(rebuilt)
    typer.echo(f"Đã dựng lại số đếm chỉ số 766 từ nhật ký của {total} hồ sơ.")


@app.command()
def scores(period: str = typer.Option("", "--period", help="2026-03 (tháng), 2026-Q1 (quý) hoặc 2026 (năm); "
                                                         "mặc định tháng hiện tại."),
           unit: str = typer.Option("", "--unit", help="Mã đơn vị; bỏ trống: toàn tỉnh và bảng xếp hạng.")) -> None:
    """In điểm chỉ số 766 theo nhóm của toàn tỉnh hoặc một đơn vị, và xếp hạng các đơn vị."""
    django_setup()
    from motcua import timesource
    from motcua.quality.index_queries import (Period, province_scope, ranked, scorecard, scored_units, unit_cards,
                                              unit_scope)
    from motcua.rules.calendar import VN_TZ
    from motcua.rules.index766 import GROUPS
    from motcua.units.models import Unit

    now = timesource.now()
    chosen = Period.parse(period, now.astimezone(VN_TZ).date())
    console = Console()
    if unit:
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            typer.echo(f"Không có đơn vị mã «{unit}».", err=True)
            raise typer.Exit(2)
        scope = unit_scope(found)
    else:
        scope = province_scope()
    card = scorecard(scope, chosen, now)
    table = Table(title=f"Chỉ số 766 — {scope.label} — {chosen.label}: {card.total:.2f} điểm")
    table.add_column("Chỉ tiêu")
    table.add_column("Tỷ lệ", justify="right")
    table.add_column("Điểm", justify="right")
    for key, label, _en, maximum in GROUPS:
        table.add_row(f"[bold]{label}[/bold]", "", f"[bold]{card.groups[key]:.2f}/{maximum}[/bold]")
        for s in card.indicators:
            if s.indicator.group == key:
                rate = "—" if s.rate is None else f"{s.rate * 100:.1f}%"
                table.add_row(f"  {s.indicator.code} {s.indicator.label}", rate,
                              f"{s.points:.2f}/{s.indicator.max_points:g}")
    console.print(table)
    if not unit:
        ranking = Table(title=f"Xếp hạng đơn vị — {chosen.label}")
        for name in ("Hạng", "Đơn vị", "Điểm"):
            ranking.add_column(name)
        for rank, u, c in ranked(unit_cards(Unit.objects.filter(scored_units()), chosen, now))[:30]:
            ranking.add_row(str(rank), u.name, f"{c.total:.2f}")
        console.print(ranking)
