"""``motcua demo``: build the Hà Nội demo (organisation, procedures, accounts, a year of dossiers,
citizens' ratings, a closed SIPAS round, the steering tools: organisation review, a Programme 01-like
programme with its reports and briefings, results-based evaluation) and print the province's
Decision 766 score."""

from __future__ import annotations

import importlib
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
from motcua.demo.ratings import generate_ratings
from motcua.dossiers.models import Dossier
from motcua.quality.index_queries import Period, province_scope, scorecard
from motcua.rules.calendar import VN_TZ
from motcua.rules.index766 import GROUPS
from motcua.surveys.demo import build_demo_survey
from motcua.units.calendars import calendar_for


def build_demo(seed: int = 2025, dossier_count: int = 50_000, console: Console | None = None,
               steering: bool = True) -> Accounts:
    """Build the demo; ``steering=False`` leaves out the steering tools and the cases (tests of the
    dossiers' part only)."""
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
    with Progress(TextColumn("Sinh đánh giá của người dân"), BarColumn(), TextColumn("{task.completed} đánh giá"),
                  TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("ratings", total=None)
        ratings = generate_ratings(seed, now=until, progress=lambda n: progress.advance(task, n))
    console.print(f"{ratings.rated} đánh giá của người dân ({ratings.dissatisfied} không hài lòng, "
                  f"{ratings.with_comment} có ý kiến).")
    with console.status("Dựng đợt khảo sát SIPAS quý trước…"):
        survey = build_demo_survey(seed, now=until)
    if survey is not None:
        console.print(f"Khảo sát SIPAS: «{survey.name}», {survey.responses.count()} phiếu trả lời.")
    if steering:
        _build_steering(console, seed, until, org, accounts)
    _print_scores(console, until)
    _print_accounts(console, org, accounts)
    return accounts


# The steering tools' demo parts, in the order they build on each other; each returns one line.
STEERING = (
    ("motcua.units.demo", "Rà soát tổ chức bộ máy, vị trí việc làm"),
    ("motcua.programmes.demo", "Chương trình công tác và nhiệm vụ"),
    ("motcua.reporting.demo", "Báo cáo định kỳ của đơn vị chủ trì"),
    ("motcua.briefings.demo", "Giao ban Ban Chỉ đạo"),
    ("motcua.evaluation.demo", "Đánh giá, xếp loại theo kết quả"),
    ("motcua.complaints.demo", "Phản ánh, kiến nghị, khiếu nại, tố cáo"),  # after the ratings (5.4 counts once)
)


def _build_steering(console: Console, seed: int, now, org: dict, accounts: Accounts) -> None:
    for module, label in STEERING:
        with console.status(f"Dựng dữ liệu mẫu: {label.lower()}…"), transaction.atomic():
            line = importlib.import_module(module).build_demo(seed, now, org, accounts)
        console.print(line)


def _print_scores(console: Console, now) -> None:
    period = Period.parse(None, now.astimezone(VN_TZ).date())
    card = scorecard(province_scope(), period, now)
    groups = "; ".join(f"{label} {card.groups[key]:.1f}/{most}" for key, label, _, most in GROUPS)
    console.print(f"Chỉ số 766 toàn thành phố {period.label.lower()}: [bold]{card.total:.1f}/100[/bold] điểm "
                  f"({groups}).")


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
    rows.append(("lanhdao.btctu", "Lãnh đạo cơ quan thường trực Chương trình 01 (Ban Chỉ đạo)", "Ban Tổ chức Thành ủy"))
    rows.append(("congdan001", "Công dân", "—"))
    for row in rows:
        table.add_row(*row)
    console.print(table)
