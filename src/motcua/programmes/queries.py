"""Reads about programmes and tasks for pages, the API, the CLI and the other steering apps.

A task's status class and whether it is at risk depend on the day of reading, so they are
computed here from each task's dates and progress (``rules.tasks``), never stored. Lists read
every task of the programmes they show in one query and count in Python.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from motcua.programmes.models import CommitteeMember, ExtensionRequest, Programme, Task, TaskChange
from motcua.rules.tasks import Counts, RiskPolicy, Status, at_risk, classify, count, policy_on
from motcua.text import fold


def code_key(code: str) -> tuple:
    """Natural order of task numbers: "2" < "2.1" < "2.10" < "10"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-/]", code))


def status_of(task: Task, today: date, policy: RiskPolicy | None = None) -> tuple[Status, bool]:
    status = classify(task.deadline, task.completed_on, today)
    risky = status is Status.OPEN_IN_TIME and at_risk(task.assigned_on, task.deadline, task.progress, today,
                                                      policy or policy_on(today))
    return status, risky


@dataclass
class TaskRow:
    task: Task
    status: Status
    at_risk: bool
    depth: int = 0

    @property
    def label(self) -> str:
        return self.status.label


@dataclass
class ProgrammeRow:
    programme: Programme
    counts: Counts


def programmes(search: str = "") -> list[Programme]:
    rows = Programme.objects.select_related("standing_agency").order_by("-issued_on", "code")
    if search.strip():
        needle = search.strip()
        rows = rows.filter(Q(code__icontains=needle) | Q(number__icontains=needle) | Q(title__icontains=needle))
    return list(rows)


def programme_list(today: date, search: str = "") -> list[ProgrammeRow]:
    """Each programme with its task counts by status class (two queries)."""
    found = programmes(search)
    if search.strip() and not found:  # titles are stored with diacritics: fold both sides
        needle = fold(search)
        found = [p for p in programmes() if needle in fold(f"{p.code} {p.number} {p.title}")]
    policy = policy_on(today)
    per: dict[int, list] = defaultdict(list)
    for t in Task.objects.filter(programme__in=found).only(
            "programme_id", "assigned_on", "deadline", "progress", "completed_on"):
        per[t.programme_id].append(status_of(t, today, policy))
    return [ProgrammeRow(p, count(per[p.pk])) for p in found]


def programme(pk_or_code) -> Programme | None:
    query = Programme.objects.select_related("standing_agency").prefetch_related(
        Prefetch("members", queryset=CommitteeMember.objects.select_related("user")))
    if isinstance(pk_or_code, int) or str(pk_or_code).isdigit():
        found = query.filter(pk=int(pk_or_code)).first()
        if found is not None:
            return found
    return query.filter(code=str(pk_or_code)).first()


ROLE_ORDER = {r: n for n, r in enumerate(CommitteeMember.Role.values)}  # head, deputy, standing, member


def members(prog: Programme) -> list[CommitteeMember]:
    """The committee, head first (from the prefetched members)."""
    return sorted(prog.members.all(), key=lambda m: (ROLE_ORDER.get(m.role, 99), fold(m.name)))


def _tasks(prog: Programme):
    return (Task.objects.filter(programme=prog)
            .select_related("lead_unit", "leader", "officer")
            .prefetch_related("co_units"))


def task_rows(prog: Programme, today: date) -> list[TaskRow]:
    """Every task of the programme in tree order (parents before their children, natural order of
    numbers), with its status, at-risk flag and depth."""
    policy = policy_on(today)
    tasks = list(_tasks(prog))
    children: dict[int | None, list[Task]] = defaultdict(list)
    for t in tasks:
        children[t.parent_id].append(t)
    for siblings in children.values():
        siblings.sort(key=lambda t: code_key(t.code))
    rows: list[TaskRow] = []
    ids = {t.pk for t in tasks}

    def walk(parent: int | None, depth: int) -> None:
        for t in children.get(parent, ()):
            rows.append(TaskRow(t, *status_of(t, today, policy), depth=depth))
            walk(t.pk, depth + 1)

    walk(None, 0)
    for parent in [p for p in children if p is not None and p not in ids]:  # orphans (should not happen)
        walk(parent, 0)
    return rows


@dataclass
class TaskFilter:
    status: str = ""  # a Status value, "at_risk", "open", "done" or "due"
    unit: int | None = None  # lead unit pk
    search: str = ""

    def matches(self, row: TaskRow) -> bool:
        s = self.status
        if s == "at_risk" and not row.at_risk:
            return False
        if s == "open" and row.status.done or s == "done" and not row.status.done:
            return False
        if s == "due" and row.status is Status.OPEN_IN_TIME:
            return False
        if s in Status._value2member_map_ and row.status.value != s:
            return False
        if self.unit and row.task.lead_unit_id != self.unit:
            return False
        if self.search.strip():
            needle = fold(self.search)
            t = row.task
            if needle not in t.content_folded and needle != fold(t.code) and needle not in fold(t.lead_unit.name):
                return False
        return True

    @property
    def active(self) -> bool:
        return bool(self.status or self.unit or self.search.strip())


STATUS_FILTERS = [(s.value, s.label) for s in Status] + [
    ("at_risk", "Có nguy cơ chậm"), ("open", "Chưa hoàn thành"), ("done", "Đã hoàn thành"),
    ("due", "Đến hạn (đã hoàn thành và quá hạn)")]


def filtered_rows(prog: Programme, today: date, flt: TaskFilter) -> list[TaskRow]:
    return [r for r in task_rows(prog, today) if flt.matches(r)]


def counts(rows: list[TaskRow]) -> Counts:
    return count((r.status, r.at_risk) for r in rows)


@dataclass
class UnitCounts:
    unit_id: int
    unit: str
    unit_code: str
    counts: Counts = field(default_factory=Counts)


def counts_by_unit(rows: list[TaskRow]) -> list[UnitCounts]:
    """Counts per lead unit, most overdue first, then by name."""
    per: dict[int, UnitCounts] = {}
    for r in rows:
        u = r.task.lead_unit
        per.setdefault(u.pk, UnitCounts(u.pk, u.name, u.code)).counts.add(r.status, r.at_risk)
    return sorted(per.values(), key=lambda c: (-c.counts.open_overdue, -c.counts.at_risk, fold(c.unit)))


@dataclass
class TaskDetail:
    row: TaskRow
    children: list[TaskRow]
    changes: list[TaskChange]
    extensions: list[ExtensionRequest]
    pending: ExtensionRequest | None


def task(pk: int) -> Task | None:
    return (Task.objects.select_related("programme", "programme__standing_agency", "parent", "lead_unit", "leader",
                                        "officer").prefetch_related("co_units").filter(pk=pk).first())


def task_by_code(prog: Programme, code: str) -> Task | None:
    found = Task.objects.filter(programme=prog, code=code).values_list("pk", flat=True).first()
    return task(found) if found else None


def task_detail(t: Task, today: date) -> TaskDetail:
    policy = policy_on(today)
    children = sorted(_tasks(t.programme).filter(parent=t), key=lambda c: code_key(c.code))
    extensions = list(ExtensionRequest.objects.filter(task=t).select_related("requested_by", "decided_by"))
    return TaskDetail(
        row=TaskRow(t, *status_of(t, today, policy)),
        children=[TaskRow(c, *status_of(c, today, policy), depth=1) for c in children],
        changes=list(TaskChange.objects.filter(task=t).select_related("by")),
        extensions=extensions,
        pending=next((e for e in extensions if e.state == ExtensionRequest.State.PENDING), None))


def lead_units(rows: list[TaskRow]) -> list[tuple[int, str]]:
    seen = {r.task.lead_unit_id: r.task.lead_unit.name for r in rows}
    return sorted(seen.items(), key=lambda kv: fold(kv[1]))
