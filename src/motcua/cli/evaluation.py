"""``motcua evaluation``: Decree 335 scoring of a unit and its officials for a month or a year."""

from pathlib import Path

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Đánh giá, xếp loại theo kết quả, sản phẩm (Nghị định 335/2025/NĐ-CP).", no_args_is_help=True)

UNIT = typer.Option(..., "--unit", help="Mã nội bộ của đơn vị, ví dụ STP-HN.")
PERIOD = typer.Option(..., "--period", help="Kỳ: tháng 2026-10 hoặc năm 2026.")


def _load(code: str, period: str):
    from motcua.evaluation.periods import BadPeriod, Period
    from motcua.units.models import Unit

    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        typer.echo(f"Không có đơn vị mã «{code}».", err=True)
        raise typer.Exit(2)
    try:
        return unit, Period.parse(period)
    except BadPeriod as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


@app.command()
def compute(unit: str = UNIT, period: str = PERIOD) -> None:
    """Mở phiếu, cập nhật số liệu tự động (hồ sơ, nhiệm vụ), tính điểm, áp tỷ lệ và in kết quả."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.evaluation import queries
    from motcua.evaluation.services import GROUPS, EvaluationRefused, compute_unit

    found, parsed = _load(unit, period)
    try:
        compute_unit(found, parsed)
    except EvaluationRefused as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    up, console = queries.unit_period(found, parsed.code), Console()
    table = Table(title=f"Đánh giá, xếp loại — {found.name}, {parsed.label}")
    for col in ("Họ tên / đơn vị", "Nhóm", "Chung", "Kết quả", "Tổng", "Theo điểm, căn cứ", "Xếp loại", "Trạng thái"):
        table.add_column(col, justify="right" if col in ("Chung", "Kết quả", "Tổng") else "left")
    for s in up.sheets:
        table.add_row(s.name, GROUPS.get(s.group, s.group), f"{s.general_points}", f"{s.results_points}", f"{s.score}",
                      queries.band_label(s.band_computed),
                      queries.band_label(s.band) + (" ↓" if s.demoted else ""), s.get_state_display())
    console.print(table)
    for q in up.quotas:
        console.print(f"[bold]{GROUPS.get(q.group, q.group)}:[/bold] {q.explanation}")


@app.command()
def export(file: Path = typer.Argument(..., help="Tệp XLSX sẽ ghi."), unit: str = UNIT, period: str = PERIOD) -> None:
    """Ghi bảng tổng hợp đánh giá của đơn vị trong kỳ (tháng hoặc năm) ra tệp XLSX."""
    django_setup()
    from motcua.evaluation import queries
    from motcua.evaluation.export import unit_xlsx

    found, parsed = _load(unit, period)
    up = queries.unit_period(found, parsed.code)
    file.write_bytes(unit_xlsx(up))
    typer.echo(f"Đã ghi {len(up.sheets)} phiếu đánh giá của {found.name} ({parsed.label}) vào {file}.")
