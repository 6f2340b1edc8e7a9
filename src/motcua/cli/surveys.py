"""``motcua surveys``: SIPAS survey rounds and their indices."""

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Khảo sát sự hài lòng (SIPAS).", no_args_is_help=True)


def _pct(value) -> str:
    return "—" if value is None else f"{value:.2f}"


@app.command()
def rounds() -> None:
    """Liệt kê các đợt khảo sát."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.surveys.queries import rounds as all_rounds

    table = Table(title="Các đợt khảo sát SIPAS")
    for col in ("Số hiệu", "Tên", "Kỳ", "Trạng thái", "Cỡ mẫu", "Số phiếu"):
        table.add_column(col)
    for s in all_rounds():
        table.add_row(str(s.pk), s.name, f"{s.period_from:%d/%m/%Y} – {s.period_to:%d/%m/%Y}", s.get_status_display(),
                      str(s.sample), str(s.received))
    Console().print(table)


@app.command()
def results(round_id: int = typer.Argument(..., help="Số hiệu đợt khảo sát.")) -> None:
    """In chỉ số SIPAS chung, theo nội dung, nhóm tiêu chí và theo đơn vị (có xếp hạng)."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.surveys.models import SurveyRound
    from motcua.surveys.queries import results as round_results

    survey = SurveyRound.objects.filter(pk=round_id).first()
    if survey is None:
        typer.echo(f"Không có đợt khảo sát số {round_id}.", err=True)
        raise typer.Exit(2)
    r, console = round_results(survey), Console()
    o = r.overall
    console.print(f"[bold]{survey.name}[/bold] — {r.form.name}; {o.n} phiếu; chỉ số tính theo «{survey.aggregator}».")
    console.print(f"Chỉ số SIPAS: [bold]{_pct(o.overall)}%[/bold]")
    groups = Table(title="Chỉ số theo nội dung và nhóm tiêu chí (%)")
    groups.add_column("Nội dung / nhóm")
    groups.add_column("Chỉ số", justify="right")
    for c in r.form.contents:
        groups.add_row(f"[bold]{c.label}[/bold]", f"[bold]{_pct(o.contents[c.key])}[/bold]")
        for g in c.groups:
            groups.add_row(f"  {g.label}", _pct(o.groups[g.key]))
    console.print(groups)
    units = Table(title="Theo đơn vị (%)")
    for col in ("Hạng", "Đơn vị", "Số phiếu", *[c.label for c in r.form.contents], "SIPAS"):
        units.add_column(col, justify="left" if col == "Đơn vị" else "right")
    for u in r.units:
        units.add_row(str(u.rank or "—"), u.unit, str(u.indices.n),
                      *[_pct(u.indices.contents[c.key]) for c in r.form.contents], _pct(u.indices.overall))
    console.print(units)
