"""``motcua demo``: build the Hà Nội demo (organisation, procedures, accounts, a year of dossiers)."""

from __future__ import annotations

import time

from django.db import transaction
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from motcua import timesource
from motcua.demo.accounts import DEMO_PASSWORD, Accounts, create_accounts
from motcua.demo.dossiers import generate
from motcua.demo.organisation import build_organisation, existing_organisation
from motcua.demo.people import full_name
from motcua.dossiers.models import Dossier
from motcua.units.calendars import calendar_for


def build_demo(seed: int = 2025, dossier_count: int = 50_000, console: Console | None = None) -> Accounts:
    console = console or Console()
    if Dossier.objects.exists():
        console.print("[yellow]Cơ sở dữ liệu đã có hồ sơ: giữ nguyên dữ liệu mẫu hiện có "
                      "(xoá tệp motcua.sqlite3 để dựng lại).[/yellow]")
        _print_accounts(console, existing_organisation(), Accounts(password=DEMO_PASSWORD))
        return Accounts(password=DEMO_PASSWORD)
    import random

    began = time.monotonic()
    names_rng = random.Random(seed + 1)

    def names():
        last, middle, given = full_name(names_rng)
        return f"{last} {middle}", given

    with console.status("Dựng đơn vị hành chính, cơ quan, thủ tục và tài khoản…"), transaction.atomic():
        org = build_organisation()
        one_stop = [org["centre"], *org["branches"]]
        accounts = create_accounts(one_stop, [*org["agencies"], *org["committees"]], names)
    console.print(f"34 tỉnh/thành phố, 3321 xã/phường; Hà Nội: {len(org['communes'])} xã/phường, "
                  f"{len(org['branches'])} chi nhánh, {len(org['agencies'])} sở/ngành, {len(org['committees'])} UBND xã/phường.")
    until = timesource.now().replace(second=0, microsecond=0)
    columns = (TextColumn("Sinh hồ sơ"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("dossiers", total=dossier_count)
        events = generate(org, accounts, calendar_for(), seed=seed, count=dossier_count, until=until,
                          progress=lambda n: progress.advance(task, n))
    console.print(f"{dossier_count} hồ sơ, {events} bản ghi nhật ký trong {time.monotonic() - began:.0f} giây.")
    _print_accounts(console, org, accounts)
    return accounts


def _print_accounts(console: Console, org, accounts: Accounts) -> None:
    table = Table(title=f"Tài khoản mẫu (mật khẩu chung: {accounts.password})")
    for col in ("Tên đăng nhập", "Vai trò", "Đơn vị"):
        table.add_column(col)
    first_branch, first_committee, justice = org["branches"][0], org["committees"][0], None
    for unit in org["agencies"]:
        if unit.code == "STP-HN":
            justice = unit
    rows = [("quantri", "Quản trị hệ thống (trang quản trị)", "—"),
            ("giamsat", "Giám sát Trung tâm", org["centre"].name)]
    for unit, role in ((first_branch, "tiepnhan"), (first_committee, "lanhdao"), (first_committee, "canbo"),
                       (justice, "lanhdao"), (justice, "canbo")):
        slug = unit.code.lower().replace("-hn", "")
        label = {"tiepnhan": "Cán bộ tiếp nhận", "lanhdao": "Lãnh đạo đơn vị", "canbo": "Cán bộ xử lý"}[role]
        rows.append((f"{role}.{slug}", label, unit.name))
    rows.append(("congdan001", "Công dân", "—"))
    for row in rows:
        table.add_row(*row)
    console.print(table)
