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
