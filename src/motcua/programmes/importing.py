"""Import a programme's task list from XLSX (nhập danh mục nhiệm vụ), in the layout of
``programmes.layout`` (the one the export writes).

Every row is checked — cells, duplicate or existing numbers, parent numbers, units and accounts,
then the same rules ``services.add_task`` applies — and every problem is reported with its row
number, column and what is wrong, in Vietnamese. If any row fails nothing is written; a dry run
checks everything the same way and writes nothing either. Rows are added parents first, each
through ``services.add_task`` (so each gets its ASSIGNED history entry).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.programmes.layout import APPROVERS, COLUMNS, KEY_OF, PRODUCTS, REQUIRED
from motcua.programmes.models import Programme, Task
from motcua.programmes.services import TaskRefused, add_task
from motcua.tabular import Cells, Errors, ImportFailed, RowError, read_table
from motcua.text import fold
from motcua.units.models import Unit

HEADER_BY_KEY = {KEY_OF[f]: h for h, f, _ in COLUMNS}
DATE_FIELDS = ("assigned_on", "deadline", "original_deadline", "source_date", "completed_on")
TEXT_FIELDS = {"content": None, "source_symbol": 100, "source_issuer": 255, "result_document": 255,
               "delay_reason": None}


@dataclass
class Outcome:
    created: int
    dry_run: bool
    errors: list[RowError] = field(default_factory=list)


@dataclass
class _Plan:
    number: int
    code: str
    parent: str | None
    values: dict


class _Rollback(Exception):
    pass


class _Lookup:
    """Units by code or folded name; accounts by username — read once."""

    def __init__(self):
        self.units: dict[str, Unit | None] = {}
        for u in Unit.objects.all():
            self.units[fold(u.code)] = u
            key = u.name_folded or fold(u.name)
            self.units[key] = None if key in self.units and self.units[key] != u else u  # None: ambiguous
        self.users = {u.username: u for u in get_user_model().objects.all()}

    def unit(self, cells: Cells, column: str, text: str) -> Unit | None:
        found = self.units.get(fold(text), False)
        if found is False:
            cells.error(column, f"không có đơn vị «{text}» (ghi mã hoặc tên đơn vị)")
            return None
        if found is None:
            cells.error(column, f"«{text}» trùng tên nhiều đơn vị; hãy ghi mã")
        return found

    def user(self, cells: Cells, column: str) -> object | None:
        name = cells.text(column)
        if not name:
            return None
        if name not in self.users:
            cells.error(column, f"không có tài khoản «{name}»")
        return self.users.get(name)


def _plan(table, programme: Programme, errors: Errors) -> list[_Plan]:
    look = _Lookup()
    existing = set(Task.objects.filter(programme=programme).values_list("code", flat=True))
    plans: dict[str, _Plan] = {}
    for row in table.rows:
        cells = Cells(row, errors)
        code = cells.text(KEY_OF["code"], required=True, max_length=20)
        values: dict = {f: cells.date(KEY_OF[f], required=f == "assigned_on") for f in DATE_FIELDS}
        for f, limit in TEXT_FIELDS.items():
            values[f] = cells.text(KEY_OF[f], required=f in ("content", "source_symbol"), max_length=limit) or ""
        values["product"] = cells.choice(KEY_OF["product"], PRODUCTS, required=True,
                                         allowed=[c.label for c in Task.Product])
        values["approver"] = cells.choice(KEY_OF["approver"], APPROVERS, allowed=[c.label for c in Task.Approver]) or ""
        progress = cells.integer(KEY_OF["progress"], minimum=0)
        if progress is not None and progress > 100:
            cells.error(KEY_OF["progress"], f"{progress} lớn hơn 100 %")
        values["progress"] = progress or 0
        lead = cells.text(KEY_OF["lead_unit"], required=True)
        values["lead_unit"] = look.unit(cells, KEY_OF["lead_unit"], lead) if lead else None
        values["co_units"] = [u for text in cells.items(KEY_OF["co_units"])
                              if (u := look.unit(cells, KEY_OF["co_units"], text)) is not None]
        values["leader"] = look.user(cells, KEY_OF["leader"])
        values["officer"] = look.user(cells, KEY_OF["officer"])
        if code in existing:
            cells.error(KEY_OF["code"], f"chương trình đã có nhiệm vụ số «{code}»")
        elif code and code in plans:
            cells.error(KEY_OF["code"], f"số «{code}» trùng với dòng {plans[code].number}")
        elif code:
            plans[code] = _Plan(row.number, code, cells.text(KEY_OF["parent"]), values)
    for plan in plans.values():
        if plan.parent and plan.parent not in plans and plan.parent not in existing:
            errors.add(plan.number, KEY_OF["parent"],
                       f"không có nhiệm vụ số «{plan.parent}» trong tệp hoặc chương trình")
        elif plan.parent == plan.code:
            errors.add(plan.number, KEY_OF["parent"], "nhiệm vụ không thể thuộc chính nó")
    return _ordered(plans, errors)


def _ordered(plans: dict[str, _Plan], errors: Errors) -> list[_Plan]:
    """Parents before children; a loop of parent numbers is an error."""
    order, placed, pending = [], set(), list(plans.values())
    while pending:
        ready = [p for p in pending if not p.parent or p.parent not in plans or p.parent in placed]
        if not ready:
            for p in pending:
                errors.add(p.number, KEY_OF["parent"], f"«{p.parent}» tạo thành vòng lặp nhiệm vụ cha – con")
            break
        for p in ready:
            order.append(p)
            placed.add(p.code)
        pending = [p for p in pending if p.code not in placed]
    return order


def _named(errors: list[RowError]) -> list[RowError]:
    """Columns by their header as the user wrote it; sorted by row."""
    named = [RowError(e.row, HEADER_BY_KEY.get(e.column, e.column), e.message, e.table) for e in errors]
    return sorted(named, key=lambda e: (e.row or 0, e.column or ""))


def import_tasks(programme: Programme, path: str | Path, *, by, now: datetime, dry_run: bool = False) -> Outcome:
    """Check the file and add its tasks; raises ``ImportFailed`` (every row error) and writes
    nothing if any row fails. With ``dry_run`` the outcome says what would be created."""
    table = read_table(path)
    errors = Errors()
    if not table.check_columns(REQUIRED, errors):
        raise ImportFailed(_named(errors.items))
    created = 0
    try:
        with transaction.atomic():
            plans = _plan(table, programme, errors)
            if not errors:
                made: dict[str, Task] = {t.code: t for t in Task.objects.filter(programme=programme)}
                for plan in plans:
                    parent = made.get(plan.parent) if plan.parent else None
                    values = {k: v for k, v in plan.values.items() if v is not None}
                    try:
                        with transaction.atomic():
                            made[plan.code] = add_task(programme, by=by, now=now, parent=parent, code=plan.code,
                                                       **values)
                        created += 1
                    except TaskRefused as exc:
                        for f, message in exc.problems:
                            errors.add(plan.number, KEY_OF.get(f or "", None), message.rstrip("."))
            if errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if errors:
        raise ImportFailed(_named(errors.items))
    return Outcome(created, dry_run)


def import_upload(programme: Programme, upload, *, by, now: datetime, dry_run: bool = False) -> Outcome:
    """The same from an uploaded file (web form, API multipart); its content, not its name, must be
    a workbook."""
    fd, tmp = tempfile.mkstemp(suffix=".xlsx")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_tasks(programme, tmp, by=by, now=now, dry_run=dry_run)
    finally:
        os.unlink(tmp)
