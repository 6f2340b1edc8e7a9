"""``motcua audit``: the tamper-evident record."""

import typer
from rich.progress import Progress

from motcua.cli import django_setup

app = typer.Typer(help="Kiểm tra tính toàn vẹn của nhật ký hồ sơ.", no_args_is_help=True)


@app.command()
def verify(replay: bool = typer.Option(False, "--replay", help="Dựng lại từng hồ sơ từ nhật ký và so sánh.")) -> None:
    """Kiểm tra chuỗi băm của nhật ký mọi hồ sơ; thoát với mã 1 nếu có bản ghi bị sửa hoặc xoá."""
    django_setup()
    from motcua.dossiers.audit import verify_chains
    from motcua.dossiers.models import DossierEvent

    total = DossierEvent.objects.count()
    with Progress(transient=True) as progress:
        task = progress.add_task("Kiểm tra nhật ký", total=total)
        problems = verify_chains(progress=lambda n: progress.update(task, completed=n), replay_records=replay)
    from motcua.complaints.log import verify_case_chains
    from motcua.complaints.models import CaseEvent

    case_total = CaseEvent.objects.count()
    case_problems = verify_case_chains()
    for p in problems:
        typer.echo(f"Hồ sơ {p.code}: {p.message}", err=True)
    for p in case_problems:
        typer.echo(f"Vụ việc {p.code}: {p.message}", err=True)
    if problems or case_problems:
        typer.echo(f"PHÁT HIỆN {len(problems)} hồ sơ và {len(case_problems)} vụ việc có nhật ký không toàn vẹn.",
                   err=True)
        raise typer.Exit(1)
    typer.echo(f"Nhật ký toàn vẹn: {total} bản ghi hồ sơ và {case_total} bản ghi vụ việc đã kiểm tra.")
