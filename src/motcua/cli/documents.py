"""``motcua documents``: print an official form of a dossier as PDF."""

from pathlib import Path

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Biểu mẫu Thông tư 03/2025 (PDF).", no_args_is_help=True)


@app.command()
def form(number: str = typer.Argument(..., help="Số mẫu: 01 hoặc 06."), code: str = typer.Argument(..., help="Mã hồ sơ."),
         output: Path = typer.Option(None, "-o", "--output", help="Tệp PDF (mặc định: <mã hồ sơ>-mau<số>.pdf).")) -> None:
    """In mẫu số 01 (Giấy tiếp nhận và hẹn trả) hoặc 06 (Phiếu kiểm soát quá trình) của một hồ sơ."""
    django_setup()
    from motcua.documents.forms import UnknownForm, render_pdf
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.select_related("procedure", "procedure_version", "receiving_unit", "competent_unit") \
        .filter(code=code).first()
    if dossier is None:
        typer.echo(f"Không tìm thấy hồ sơ mã «{code}».", err=True)
        raise typer.Exit(2)
    try:
        pdf = render_pdf(dossier, number.zfill(2))
    except UnknownForm as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    output = output or Path(f"{code}-mau{number.zfill(2)}.pdf")
    output.write_bytes(pdf)
    typer.echo(f"Đã ghi {output} ({len(pdf) // 1024} KB).")


@app.command()
def book(unit: str = typer.Argument(..., help="Mã đơn vị tiếp nhận."),
         start: str = typer.Option(..., "--from", help="Từ ngày (YYYY-MM-DD)."),
         end: str = typer.Option(..., "--to", help="Đến ngày (YYYY-MM-DD)."),
         output: Path = typer.Option(..., "-o", "--output", help="Tệp .pdf hoặc .xlsx.")) -> None:
    """Sổ theo dõi hồ sơ (mẫu số 07) của một đơn vị tiếp nhận trong một kỳ."""
    from datetime import date

    django_setup()
    from motcua.documents.book import book_pdf, book_xlsx
    from motcua.dossiers.access import Viewer
    from motcua.units.models import Unit

    found = Unit.objects.filter(code=unit).first()
    if found is None:
        typer.echo(f"Không có đơn vị mã «{unit}».", err=True)
        raise typer.Exit(2)
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        typer.echo("Ngày phải có dạng YYYY-MM-DD.", err=True)
        raise typer.Exit(2) from None
    if output.suffix.lower() not in (".pdf", ".xlsx"):
        typer.echo("Tệp ra phải là .pdf hoặc .xlsx.", err=True)
        raise typer.Exit(2)
    operator = Viewer(user_id=None, everything=True)  # the command line is the operator's own tool
    make = book_xlsx if output.suffix.lower() == ".xlsx" else book_pdf
    output.write_bytes(make(operator, found, first, last))
    typer.echo(f"Đã ghi {output}.")
