"""``motcua programmes``: steering programmes and their tasks — list, show a task list with
filters, import a task list from XLSX (with a dry run) and export it."""

from __future__ import annotations

from pathlib import Path

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Chương trình công tác và nhiệm vụ.", no_args_is_help=True)


def _pct(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}"


def _programme(code: str):
    from motcua.programmes.queries import programme

    found = programme(code)
    if found is None:
        typer.echo(f"Không có chương trình mã «{code}».", err=True)
        raise typer.Exit(2)
    return found


def _today():
    from motcua import timesource
    from motcua.programmes.services import today_of

    return today_of(timesource.now())


@app.command("list")
def list_programmes() -> None:
    """Liệt kê các chương trình và số nhiệm vụ theo tình trạng."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.programmes.queries import programme_list

    table = Table(title=f"Chương trình công tác (đến ngày {_today():%d/%m/%Y})")
    for col in ("Mã", "Số hiệu", "Tên", "Tổng", "Xong đúng hạn", "Xong quá hạn", "Trong hạn", "Nguy cơ chậm",
                "Quá hạn", "Hoàn thành (%)"):
        table.add_column(col, justify="right" if col not in ("Mã", "Số hiệu", "Tên") else "left")
    for r in programme_list(_today()):
        p, c = r.programme, r.counts
        table.add_row(p.code, p.number, p.title, str(c.total), str(c.done_on_time), str(c.done_late),
                      str(c.open_in_time), str(c.at_risk), str(c.open_overdue), _pct(c.completion_rate))
    Console().print(table)


@app.command()
def tasks(code: str = typer.Argument(..., help="Mã chương trình (ví dụ CTR-01)."),
          status: str = typer.Option("", "--status", help="done_on_time, done_late, open_in_time, open_overdue, "
                                                          "at_risk, open, done, due"),
          unit: str = typer.Option("", "--unit", help="Mã đơn vị chủ trì."),
          search: str = typer.Option("", "--search", "-q", help="Tìm không dấu trong nội dung.")) -> None:
    """In danh mục nhiệm vụ của chương trình (theo cây), có lọc."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua.programmes.queries import STATUS_FILTERS, TaskFilter, counts, filtered_rows
    from motcua.units.models import Unit

    if status and status not in dict(STATUS_FILTERS):
        typer.echo(f"Tình trạng «{status}» không hợp lệ; dùng: {', '.join(dict(STATUS_FILTERS))}.", err=True)
        raise typer.Exit(2)
    unit_pk = None
    if unit:
        unit_pk = Unit.objects.filter(code=unit).values_list("pk", flat=True).first()
        if unit_pk is None:
            typer.echo(f"Không có đơn vị mã «{unit}».", err=True)
            raise typer.Exit(2)
    p = _programme(code)
    rows = filtered_rows(p, _today(), TaskFilter(status, unit_pk, search))
    table = Table(title=f"Nhiệm vụ của chương trình {p.number}")
    for col in ("Số", "Nội dung", "Đơn vị chủ trì", "Thời hạn", "Tiến độ", "Tình trạng"):
        table.add_column(col)
    for r in rows:
        t = r.task
        label = r.status.label + (" · có nguy cơ chậm" if r.at_risk else "")
        table.add_row(t.code, "  " * r.depth + t.content[:90], t.lead_unit.code,
                      f"{t.deadline:%d/%m/%Y}" if t.deadline else "không thời hạn", f"{t.progress} %", label)
    console = Console()
    console.print(table)
    c = counts(rows)
    console.print(f"{c.total} nhiệm vụ: {c.done_on_time} hoàn thành đúng hạn, {c.done_late} hoàn thành quá hạn, "
                  f"{c.open_in_time} trong hạn ({c.at_risk} có nguy cơ chậm), {c.open_overdue} quá hạn.")


@app.command("import")
def import_file(code: str = typer.Argument(..., help="Mã chương trình."),
                file: Path = typer.Argument(..., help="Tệp .xlsx theo mẫu xuất danh mục nhiệm vụ."),
                dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ kiểm tra, không ghi."),
                by: str = typer.Option("", "--by", help="Tên đăng nhập của người nhập (ghi vào lịch sử).")) -> None:
    """Nhập danh mục nhiệm vụ từ XLSX; có lỗi ở dòng nào thì không ghi dòng nào."""
    django_setup()
    from django.contrib.auth import get_user_model

    from motcua import timesource
    from motcua.programmes.importing import import_tasks
    from motcua.tabular import ImportFailed

    p = _programme(code)
    user = get_user_model().objects.filter(username=by).first() if by else None
    if by and user is None:
        typer.echo(f"Không có tài khoản «{by}».", err=True)
        raise typer.Exit(2)
    try:
        outcome = import_tasks(p, file, by=user, now=timesource.now(), dry_run=dry_run)
    except ImportFailed as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if dry_run:
        typer.echo(f"Tệp hợp lệ: sẽ giao {outcome.created} nhiệm vụ (chưa ghi gì).")
    else:
        typer.echo(f"Đã nhập {outcome.created} nhiệm vụ vào chương trình {p.number}.")


@app.command()
def export(code: str = typer.Argument(..., help="Mã chương trình."),
           file: Path = typer.Argument(..., help="Tệp .xlsx sẽ ghi.")) -> None:
    """Xuất danh mục nhiệm vụ ra XLSX (cùng mẫu với tệp nhập, thêm cột tình trạng)."""
    django_setup()
    from motcua.programmes.export import tasks_xlsx

    p = _programme(code)
    file.write_bytes(tasks_xlsx(p, _today()))
    typer.echo(f"Đã xuất {p.tasks.count()} nhiệm vụ ra {file}.")
