"""``motcua complaints``: overdue cases, the long-running flags (a daily timer refreshes them:
they change with time) and the integrity of the cases' logs."""

from __future__ import annotations

import typer

from motcua.cli import django_setup

app = typer.Typer(help="Phản ánh, kiến nghị, khiếu nại, tố cáo.", no_args_is_help=True)

KINDS = {"pakn": "PAKN", "complaint_first": "Khiếu nại lần đầu", "complaint_second": "Khiếu nại lần hai",
         "denunciation": "Tố cáo"}


@app.command()
def overdue(unit: str = typer.Option("", "--unit", help="Mã cơ quan giải quyết (ví dụ UBND-HK)."),
            kind: str = typer.Option("", "--kind", help="pakn, complaint_first, complaint_second, denunciation")) -> None:
    """Liệt kê các vụ việc đang xử lý đã quá hạn của bước hiện tại."""
    django_setup()
    from rich.console import Console
    from rich.table import Table

    from motcua import timesource
    from motcua.complaints.models import Case
    from motcua.complaints.worklists import bucket
    from motcua.rules.calendar import VN_TZ

    if kind and kind not in KINDS:
        typer.echo(f"Loại vụ việc «{kind}» không hợp lệ; dùng: {', '.join(KINDS)}.", err=True)
        raise typer.Exit(2)
    now = timesource.now()
    cases = Case.objects.all()
    if unit:
        cases = cases.filter(handling_unit__code=unit)
    if kind:
        cases = cases.filter(kind=kind)
    rows = list(bucket(cases, "overdue", now).select_related("handling_unit"))
    table = Table(title=f"Vụ việc quá hạn ({now.astimezone(VN_TZ):%d/%m/%Y %H:%M}): {len(rows)}")
    for col in ("Mã", "Loại", "Cơ quan giải quyết", "Trạng thái", "Hạn", "Số ngày quá hạn"):
        table.add_column(col, justify="right" if col == "Số ngày quá hạn" else "left")
    today = now.astimezone(VN_TZ).date()
    for c in rows:
        due = c.due_at.astimezone(VN_TZ)
        table.add_row(c.code, KINDS.get(c.kind, c.kind), c.handling_unit.name, c.get_state_display(),
                      f"{due:%d/%m/%Y %H:%M}", str(max((today - due.date()).days, 0)))
    Console(width=160).print(table)


@app.command()
def flags(refresh: bool = typer.Option(False, "--refresh", help="Tính lại dấu hiệu của mọi vụ việc đang mở.")) -> None:
    """Số vụ việc phức tạp, kéo dài theo từng dấu hiệu (với --refresh: tính lại trước)."""
    django_setup()
    from collections import Counter

    from rich.console import Console
    from rich.table import Table

    from motcua import timesource
    from motcua.complaints.flags import refresh_all
    from motcua.complaints.models import Case
    from motcua.complaints.worklists import open_cases

    if refresh:
        changed = refresh_all(timesource.now())
        typer.echo(f"Đã tính lại dấu hiệu; {changed} vụ việc thay đổi.")
    tally = Counter(f for fl in open_cases(Case.objects.all()).values_list("flags", flat=True) for f in fl or ())
    table = Table(title="Vụ việc đang mở có dấu hiệu phức tạp, kéo dài")
    table.add_column("Dấu hiệu")
    table.add_column("Số vụ việc", justify="right")
    for name in ("past_maximum", "refiled_after_final", "above_competent_level", "group"):
        table.add_row(FLAG_NAMES[name], str(tally.get(name, 0)))
    Console(width=160).print(table)


FLAG_NAMES = {"past_maximum": "Quá thời hạn giải quyết tối đa", "refiled_after_final": "Gửi lại sau quyết định cuối cùng",
              "above_competent_level": "Gửi vượt cấp", "group": "Đông người"}


@app.command()
def verify() -> None:
    """Kiểm tra chuỗi băm của nhật ký mọi vụ việc; thoát với mã 1 nếu có bản ghi bị sửa hoặc xoá."""
    django_setup()
    from motcua.complaints.log import verify_case_chains
    from motcua.complaints.models import CaseEvent

    total = CaseEvent.objects.count()
    problems = verify_case_chains()
    if problems:
        for p in problems:
            typer.echo(f"Vụ việc {p.code}: {p.message}", err=True)
        typer.echo(f"PHÁT HIỆN {len(problems)} vụ việc có nhật ký không toàn vẹn.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Nhật ký vụ việc toàn vẹn: {total} bản ghi đã kiểm tra.")
