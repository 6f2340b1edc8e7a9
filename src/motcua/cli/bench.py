"""``motcua bench``: benchmarks that print JSON."""

import json

import typer

app = typer.Typer(help="Đo hiệu năng (in kết quả dạng JSON).", no_args_is_help=True)


@app.command()
def engine(
    lifecycles: int = typer.Option(2000, help="Số vòng đời hồ sơ đầy đủ mỗi cơ sở dữ liệu."),
    pg_workers: int = typer.Option(4, help="Số tiến trình đồng thời với PostgreSQL."),
) -> None:
    """Vòng đời hồ sơ/giây trên SQLite và PostgreSQL, và số hạn trả tính được mỗi giây."""
    from motcua.benchmarks.engine import main

    typer.echo(json.dumps(main(lifecycles, pg_workers), ensure_ascii=False))
