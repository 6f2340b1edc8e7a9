"""``motcua units``: administrative areas and agencies (đơn vị hành chính, cơ quan, đơn vị)."""

from pathlib import Path

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Đơn vị hành chính, cơ quan và bộ phận một cửa.", no_args_is_help=True)


def print_import_errors(exc) -> None:
    """Print every problem of a failed import to stderr (shared by the import commands)."""
    typer.echo(f"Không nhập được: {len(exc.errors)} lỗi, chưa ghi dữ liệu nào.", err=True)
    for error in exc.errors:
        typer.echo(f"  {error}", err=True)


@app.command("load-areas")
def load_areas() -> None:
    """Nạp 34 tỉnh/thành phố và 3.321 xã/phường/đặc khu (sắp xếp năm 2025)."""
    django_setup(migrate=True)
    from rich.console import Console
    from rich.progress import Progress

    from motcua.units.services import load_areas as load

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Nạp đơn vị hành chính", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        provinces, communes = load(progress=advance)
    typer.echo(f"Đã nạp {provinces} tỉnh/thành phố, {communes} xã/phường/đặc khu.")


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="Tệp .csv (UTF-8) hoặc .xlsx danh sách cơ quan, đơn vị."),
) -> None:
    """Nhập (thêm hoặc cập nhật theo mã) cơ quan, đơn vị từ tệp CSV/XLSX; lỗi thì không ghi gì."""
    django_setup(migrate=True)
    from motcua.tabular import ImportFailed
    from motcua.units.services import import_units

    try:
        count = import_units(file)
    except ImportFailed as exc:
        print_import_errors(exc)
        raise typer.Exit(1) from None
    typer.echo(f"Đã nhập {count} cơ quan, đơn vị từ «{file.name}».")
