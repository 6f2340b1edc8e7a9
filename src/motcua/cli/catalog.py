"""``motcua catalog``: the procedure catalogue (danh mục thủ tục hành chính)."""

from pathlib import Path

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Danh mục thủ tục hành chính: nhập, tra cứu.", no_args_is_help=True)


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="Tệp .xlsx (trang thu_tuc, lien_thong) hoặc .csv danh sách thủ tục."),
    routes: Path | None = typer.Option(None, "--routes", help="Tệp .csv các bước liên thông (khi nhập từ CSV)."),
) -> None:
    """Nhập danh mục thủ tục (thêm hoặc cập nhật); lỗi ở bất kỳ dòng nào thì không ghi gì."""
    django_setup(migrate=True)
    from motcua.catalog.services import import_procedures
    from motcua.cli.units import print_import_errors
    from motcua.tabular import ImportFailed

    try:
        report = import_procedures(file, route_path=routes)
    except ImportFailed as exc:
        print_import_errors(exc)
        raise typer.Exit(1) from None
    typer.echo(f"Đã nhập: {report}")


@app.command("search")
def search(
    text: str = typer.Argument(..., help="Mã hoặc tên thủ tục, có dấu hay không dấu đều được."),
    level: str | None = typer.Option(None, "--cap", help="Chỉ cấp «tinh» hoặc «xa»."),
    limit: int = typer.Option(50, help="Số kết quả tối đa."),
) -> None:
    """Tra cứu thủ tục theo mã hoặc tên (không phân biệt dấu)."""
    django_setup(migrate=True)
    from rich.console import Console
    from rich.table import Table

    from motcua.catalog.formats import LEVELS
    from motcua.catalog.queries import search_procedures
    from motcua.tabular import CellError, parse_choice

    chosen = None
    if level:
        try:
            chosen = parse_choice(level, LEVELS, ["tỉnh", "xã"])
        except CellError as exc:
            typer.echo(f"--cap: {exc}", err=True)
            raise typer.Exit(2) from None
    found = list(search_procedures(text, level=chosen, limit=limit))
    if not found:
        typer.echo(f"Không tìm thấy thủ tục nào khớp «{text}».")
        raise typer.Exit(1)
    table = Table("Mã", "Tên thủ tục", "Cấp", "Lĩnh vực", title=f"{len(found)} thủ tục khớp «{text}»")
    for p in found:
        table.add_row(p.code, p.name, p.get_level_display(), p.field.name)
    Console(width=max(120, Console().width)).print(table)
