"""Seeding PostgreSQL with many realistic dossiers, fast, for the web benchmark (``bench/web.py``).

1. The Hà Nội organisation, procedures and accounts are built as ``motcua demo`` builds them
   (``demo.organisation``, ``demo.accounts``), with more citizen accounts.
2. A few thousand dossier histories come from the demo generator (every act decided by the
   rules) and are written through the history import, like the demo's.
3. The rest are clones of those histories, written with ``COPY``: each clone gets a new pk, a new
   dossier code (the agency identifier, its own reception day, the next number of that day), a
   new applicant (name with diacritics and its folded form, identity number, phone; online
   filings a citizen account), and its whole life moved by a whole number of weeks within the
   12 months (so weekdays and office hours stay what they were; a shift that would land a working
   day of the original on a holiday is not taken). Dossiers still open stay where they are in time,
   so a clone of an open history comes from a second, larger pool of histories filed in the last
   six weeks (the open ones among them): the open dossiers (~2.5%, the generator's share) spread
   over about a thousand histories and every unit that holds work, not over the few dozen open
   histories of the first pool. The clone's events are the template's events
   with those changes, its record is ``rules.dossier.replay`` of them and its log is
   hash-chained like any other: ``motcua audit verify --replay`` holds for every clone.

Clones are built in ``workers`` processes, each streaming batches over its own connection (one
transaction per batch, so an interrupted run keeps what it wrote and resumes to the target).
When the role is a superuser, the batches run with ``session_replication_role = replica``, which
skips the per-row foreign-key triggers (the rows are built from existing units, versions and
users). Code numbers: worker ``w`` of ``W`` takes the numbers ``w+1, w+1+W, ...`` above the
day's counter, so a day's sequence can have gaps; the counters are raised in the same
transaction, so codes are never reused.
"""

from __future__ import annotations

import os
import random
import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson

WEEK = timedelta(days=7)
_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
SETTLED = {"refused_at_intake", "returned", "withdrawn", "closed"}


# -- the world -----------------------------------------------------------------------------------

def ensure_world(seed: int = 2025, citizens: int = 5000) -> None:
    """Build the demo organisation, procedures and accounts unless they are there."""
    from django.db import transaction

    from motcua.demo.accounts import create_accounts
    from motcua.demo.organisation import build_organisation
    from motcua.demo.people import full_name
    from motcua.units.models import Unit

    if Unit.objects.filter(code="TTPVHCC-HN").exists():
        return
    rng = random.Random(seed + 1)

    def names():
        last, middle, given = full_name(rng)
        return f"{last} {middle}", given

    with transaction.atomic():
        org = build_organisation()
        create_accounts([org["centre"], *org["branches"]], [*org["agencies"], *org["committees"]], names,
                        citizens=citizens)


def load_world():
    """The organisation dict and the accounts the demo generator needs, read back from the database."""
    from django.contrib.auth import get_user_model

    from motcua.demo.accounts import DEMO_PASSWORD, Accounts
    from motcua.demo.organisation import BRANCHES
    from motcua.rules.lifecycle import Role
    from motcua.units.models import Area, Official, Unit

    communes = list(Area.objects.filter(parent__code="01").order_by("code"))
    branches = list(Unit.objects.filter(kind=Unit.Kind.BRANCH, code__regex=r"^CN\d\d-HN$").order_by("code"))
    branch_of = {}
    for b, branch in enumerate(branches):  # the split build_organisation made
        for area in communes[round(b * len(communes) / BRANCHES):round((b + 1) * len(communes) / BRANCHES)]:
            branch_of[area.pk] = branch
    org = {
        "centre": Unit.objects.get(code="TTPVHCC-HN"), "communes": communes, "branches": branches,
        "branch_of": branch_of,
        "committees": list(Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE, code__startswith="UBND-X")
                           .order_by("code")),
        "agencies": list(Unit.objects.filter(kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.VERTICAL_AGENCY],
                                             valid_to__isnull=True)),
    }
    acc = Accounts(password=DEMO_PASSWORD)
    slots = {Role.RECEPTION.value: acc.reception, Role.LEADER.value: acc.leaders, Role.PROCESSING.value: acc.officers}
    for post in Official.objects.select_related("user").filter(role__in=list(slots)).order_by("pk"):
        slots[post.role].setdefault(post.unit_id, post.user)
    acc.citizens = list(get_user_model().objects.filter(username__startswith="congdan").order_by("pk"))
    return org, acc


# -- templates -----------------------------------------------------------------------------------

@dataclass
class Template:
    events: list  # rules Events
    procedure_id: int
    version_id: int
    area_id: int | None
    channel: str
    receiving_id: int
    competent_id: int
    applicant_user_id: int | None
    id_number: str
    identifier: str  # the agency identifier that opens its code
    open: bool  # not settled (returned, refused, withdrawn, closed): it stays where it is in time
    back: int  # whole weeks it may move back / forward and stay within the 12 months
    forward: int
    work_days: tuple[date, ...]  # days of its acts that were working days


def make_templates(count: int, seed: int, until: datetime, write: bool, recent_days: int | None = None,
                   progress: Callable[[int], None] | None = None) -> list[Template]:
    """``count`` histories from the demo generator, filed over the 12 months before ``until`` (or
    over its last ``recent_days``); written to the database when ``write``."""
    from motcua.demo.dossiers import Generator
    from motcua.dossiers.history import Batch, import_histories
    from motcua.rules.calendar import VN_TZ
    from motcua.units.calendars import calendar_for

    org, acc = load_world()
    cal = calendar_for()
    last_identifier = {}

    class Remembering(Generator):
        def _code_for(self, identifier):
            last_identifier["value"] = identifier
            return super()._code_for(identifier)

    gen = Remembering(org, acc, cal, seed, until)
    if recent_days:
        gen.days = [day for day in gen.days if day >= (until - timedelta(days=recent_days)).date()]
    start = gen.start
    out, pending = [], []
    for _ in range(count):
        last_identifier.clear()
        h = gen.one()
        d = h.dossier
        first, last = h.events[0].at, h.events[-1].at
        settled = h.record.state.value in SETTLED
        days = {e.at.astimezone(VN_TZ).date() for e in h.events}
        out.append(Template(
            events=h.events, procedure_id=d.procedure_id, version_id=d.procedure_version_id, area_id=d.area_id,
            channel=d.channel, receiving_id=d.receiving_unit_id, competent_id=d.competent_unit_id,
            applicant_user_id=d.applicant_user_id, id_number=d.applicant_id_number,
            identifier=last_identifier.get("value", ""), open=not settled,
            back=max(int((first - start) / WEEK), 0) if settled else 0,
            forward=max(int((until - last) / WEEK), 0),
            work_days=tuple(sorted(day for day in days if cal.is_working_day(day)))))
        if write:
            pending.append(h)
            if len(pending) == 2000:
                import_histories(Batch(pending, dict(gen.counters)))
                pending = []
        if progress:
            progress(1)
    if write and pending:
        import_histories(Batch(pending, dict(gen.counters)))
    return out


# -- clones --------------------------------------------------------------------------------------

def _shift_data(value, delta: timedelta):
    if isinstance(value, str):
        return (datetime.fromisoformat(value) + delta).isoformat() if _ISO.match(value) else value
    if isinstance(value, dict):
        return {k: _shift_data(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_data(v, delta) for v in value]
    return value


def _esc(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\n" in text or "\t" in text or "\r" in text:
        text = text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return text


def _json_cell(value) -> str:
    return _esc(orjson.dumps(value).decode())


_CELL = {  # how each type is written in PostgreSQL's COPY text format
    str: _esc, int: str, float: repr, bool: lambda v: "t" if v else "f", type(None): lambda _v: "\\N",
    datetime: datetime.isoformat, dict: _json_cell, list: _json_cell,
}


def _cell(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    write = _CELL.get(type(value))
    return write(value) if write else _esc(str(value))


class Cloner:
    """Builds the COPY rows of clones; one per worker process."""

    def __init__(self, templates: list[Template], worker: int, workers: int, seed: int,
                 counters: dict[tuple[str, date], int], citizens: list[tuple[int, str]]):
        from django.conf import settings

        from motcua.dossiers.models import Dossier, DossierEvent, DossierTask
        from motcua.units.calendars import calendar_for

        self.templates, self.worker, self.workers = templates, worker, workers
        self.rng = random.Random(seed * 1000 + worker)
        self.base = counters  # the day's last number when the run began
        self.used: dict[tuple[str, date], int] = {}  # numbers this worker took per (identifier, day)
        self.touched: set[tuple[str, date]] = set()  # days whose counter the next batch raises
        self.citizens = citizens
        self.pattern = settings.MOTCUA_DOSSIER_CODE_PATTERN
        cal = calendar_for()
        self._working: dict[date, bool] = {}
        self.is_working = lambda day: self._working[day] if day in self._working else self._working.setdefault(
            day, cal.is_working_day(day))
        self.d_fields = [f for f in Dossier._meta.concrete_fields]
        self.e_fields = [f for f in DossierEvent._meta.concrete_fields if not f.primary_key]
        self.t_fields = [f for f in DossierTask._meta.concrete_fields if not f.primary_key]
        qn = lambda name: '"' + name + '"'  # noqa: E731
        self.copy_sql = {
            "dossier": f"COPY {qn(Dossier._meta.db_table)} ({', '.join(qn(f.column) for f in self.d_fields)}) FROM STDIN",
            "event": f"COPY {qn(DossierEvent._meta.db_table)} ({', '.join(qn(f.column) for f in self.e_fields)}) "
                     "FROM STDIN",
            "task": f"COPY {qn(DossierTask._meta.db_table)} ({', '.join(qn(f.column) for f in self.t_fields)}) "
                    "FROM STDIN",
        }
        self.defaults = {f.attname: f.get_default() for f in self.d_fields}

    def _weeks(self, t: Template) -> int:
        if not (t.back or t.forward):
            return 0
        for _ in range(6):
            weeks = self.rng.randint(-t.back, t.forward)
            if all(self.is_working(day + WEEK * weeks) for day in t.work_days):
                return weeks
        return 0

    def _code(self, identifier: str, at: datetime) -> str:
        from motcua.rules.calendar import VN_TZ
        from motcua.rules.codes import dossier_code

        day = at.astimezone(VN_TZ).date()
        key = (identifier, day)
        taken = self.used.get(key, 0)
        self.used[key] = taken + 1
        self.touched.add(key)
        return dossier_code(self.pattern, identifier, day, self.base.get(key, 0) + self.worker + 1 + taken * self.workers)

    def clone(self, pk: int, t: Template) -> tuple[str, list[str], list[str]]:
        """The COPY lines of one clone: its dossier row, its events, its tasks."""
        from motcua.demo.people import full_name, id_number, phone
        from motcua.dossiers.chain import GENESIS, row_hash
        from motcua.dossiers.persistence import cached_values
        from motcua.rules.dossier import Event, replay, to_json
        from motcua.rules.lifecycle import Act, Role
        from motcua.text import fold

        rng = self.rng
        delta = WEEK * self._weeks(t)
        id_no = id_number(rng)
        user_id = None
        if t.applicant_user_id is not None:
            user_id, name = self.citizens[rng.randrange(len(self.citizens))]
        else:
            name = " ".join(full_name(rng))
        events = []
        for ev in t.events:
            data = _shift_data(ev.data, delta) if delta else dict(ev.data)
            actor = f"u{user_id}" if ev.role is Role.APPLICANT and user_id is not None else ev.actor
            act = ev.act
            if act is Act.FILE and data.get("applicant"):
                data["applicant"] = f"u{user_id}"
            elif act is Act.RECEIVE:
                data["code"] = self._code(t.identifier, ev.at + delta)
            elif data.get("result_code"):
                data["result_code"] = data["result_code"].replace(t.id_number, id_no, 1)
            events.append(Event(act=act, at=ev.at + delta, actor=actor, role=ev.role, from_unit=ev.from_unit,
                                to_unit=ev.to_unit, due_before=ev.due_before + delta if ev.due_before else None,
                                due_after=ev.due_after + delta if ev.due_after else None, reason=ev.reason,
                                data=data))
        record = replay(events)
        lines, prev = [], GENESIS
        for seq, ev in enumerate(events, 1):
            digest = row_hash(prev, seq=seq, act=ev.act.value, at=ev.at, actor=ev.actor, role=ev.role.value,
                              from_unit=ev.from_unit, to_unit=ev.to_unit, due_before=ev.due_before,
                              due_after=ev.due_after, reason=ev.reason, data=ev.data)
            lines.append("\t".join(_cell(v) for v in (
                pk, seq, ev.act.value, ev.at, ev.actor, ev.role.value, ev.from_unit, ev.to_unit, ev.due_before,
                ev.due_after, ev.reason, ev.data, prev, digest)))
            prev = digest
        values = dict(self.defaults)
        values.update(cached_values(record))
        values.update(
            id=pk, procedure_id=t.procedure_id, procedure_version_id=t.version_id, area_id=t.area_id,
            channel=t.channel, applicant_user_id=user_id, applicant_name=name, applicant_name_folded=fold(name),
            applicant_id_number=id_no, applicant_phone=phone(rng), receiving_unit_id=t.receiving_id,
            competent_unit_id=t.competent_id, filed_at=events[0].at, snapshot=to_json(record),
            event_count=len(events), last_hash=prev)
        dossier = "\t".join(_cell(values[f.attname]) for f in self.d_fields)
        tasks = ["\t".join(_cell(v) for v in (pk, x.step, x.agency, x.name, x.is_lead, x.started_at, x.due_at,
                                              x.done_at)) for x in record.tasks]
        return dossier, lines, tasks


def _write_batch(conn, cloner: Cloner, rows: list[tuple[str, list[str], list[str]]]) -> None:
    from motcua.dossiers.models import DossierCodeCounter

    dossiers = "\n".join(r[0] for r in rows) + "\n"
    events = "\n".join(line for r in rows for line in r[1]) + "\n"
    tasks = [line for r in rows for line in r[2]]
    table = DossierCodeCounter._meta.db_table
    with conn.transaction(), conn.cursor() as cur:
        for kind, text in (("dossier", dossiers), ("event", events), ("task", "\n".join(tasks) + "\n" if tasks else "")):
            if text:
                with cur.copy(cloner.copy_sql[kind]) as copy:
                    copy.write(text.encode())
        if cloner.touched:  # in key order: two workers never wait on each other in a circle
            cur.executemany(
                f'INSERT INTO "{table}" (identifier, day, last) VALUES (%s, %s, %s) ON CONFLICT (identifier, day) '
                f'DO UPDATE SET last = GREATEST("{table}".last, EXCLUDED.last)',
                [(i, d, cloner.base.get((i, d), 0) + cloner.worker + 1 + (cloner.used[i, d] - 1) * cloner.workers)
                 for i, d in sorted(cloner.touched)])
            cloner.touched.clear()


def _backend_cpu(conn) -> float | None:
    """CPU seconds the PostgreSQL backend of ``conn`` has used, when it runs on this machine."""
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, ValueError, IndexError):
        return None


def _worker(worker: int, workers: int, first_pk: int, count: int, batch: int, seed: int, templates, recent_open,
            counters, citizens, superuser: bool, done, errors, cpu) -> None:
    import psycopg
    from django.db import connection

    try:
        cloner = Cloner(templates, worker, workers, seed, counters, citizens)
        params = {k: v for k, v in connection.get_connection_params().items()
                  if k not in ("cursor_factory", "pool", "server_side_binding", "assume_role")}
        with psycopg.connect(**params, autocommit=True) as conn:
            if superuser:
                conn.execute("SET session_replication_role = replica")  # no per-row FK triggers
            conn.execute("SET synchronous_commit = off")
            rng = random.Random(seed * 7 + worker)
            pk, end = first_pk, first_pk + count
            while pk < end:
                n = min(batch, end - pk)
                rows = []
                for i in range(n):
                    template = templates[rng.randrange(len(templates))]
                    if template.open and recent_open:
                        template = recent_open[rng.randrange(len(recent_open))]
                    rows.append(cloner.clone(pk + i, template))
                _write_batch(conn, cloner, rows)
                pk += n
                with done.get_lock():
                    done.value += n
            backend = _backend_cpu(conn)
            if backend is not None:
                with cpu.get_lock():
                    cpu.value += backend
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        import traceback

        errors.put(f"worker {worker}: {exc!r}\n{traceback.format_exc()[-2000:]}")
        raise


# -- the whole seeding ---------------------------------------------------------------------------

def _progress(console):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=console)


def _log_plain(console, progress, task) -> None:
    """Without a terminal rich draws no bar: a line every 10% instead."""
    if console.is_terminal:
        return
    t = progress.tasks[task]
    step = int(10 * t.completed / max(t.total or 1, 1))
    if step > _LOGGED.get(t.description, -1):
        _LOGGED[t.description] = step
        console.print(f"{t.description}: {int(t.completed)}/{int(t.total)} ({time.monotonic() - _STARTED[0]:.0f} s)")


_STARTED = [time.monotonic()]
_LOGGED: dict = {}


def seed(target: int = 1_000_000, *, templates: int = 4000, recent: int = 6000, seed: int = 2025,
         citizens: int = 5000, workers: int = 2, batch: int = 2000, console=None) -> dict:
    """Bring the database (PostgreSQL, migrated) to ``target`` dossiers; returns what was done.
    Progress goes to ``console`` (default: a rich console on stderr)."""
    import multiprocessing

    from django.db import connection, connections
    from rich.console import Console

    from motcua import timesource
    from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierTask

    if connection.vendor != "postgresql":
        raise RuntimeError("seed_web cần PostgreSQL (COPY)")
    console = console or Console(stderr=True)
    began = _STARTED[0] = time.monotonic()
    existing = Dossier.objects.count()
    report = {"target": target, "existing": existing}
    if existing >= target:
        return {**report, "seeded": 0, "seconds": 0.0}
    with console.status("Dựng đơn vị, thủ tục, tài khoản (như motcua demo)…"):
        ensure_world(seed, citizens)
    until = timesource.now().replace(second=0, microsecond=0)
    count = min(templates, target - existing) if existing == 0 else templates
    remaining = target - existing - (count if existing == 0 else 0)
    recent = recent if remaining > 0 else 0
    with _progress(console) as progress:
        task = progress.add_task("Hồ sơ mẫu (bộ sinh demo)", total=count + recent)
        tick = lambda n: progress.advance(task, n)  # noqa: E731
        tpl = make_templates(count, seed + existing, until, write=existing == 0, progress=tick)
        recent_open = [t for t in make_templates(recent, seed + existing + 1, until, write=False, recent_days=42,
                                                 progress=tick) if t.open]
        _log_plain(console, progress, task)
    report["templates"] = len(tpl)
    report["recent_open_templates"] = len(recent_open)
    report["template_seconds"] = round(time.monotonic() - began, 1)
    remaining = target - Dossier.objects.count()
    if remaining > 0:
        counters = {(i, d): n for i, d, n in DossierCodeCounter.objects.values_list("identifier", "day", "last")}
        citizens_list = [(u.pk, f"{u.last_name} {u.first_name}")
                         for u in load_world()[1].citizens] or [(None, "Nguyễn Văn An")]
        with connection.cursor() as cur:
            cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = bool(cur.fetchone()[0])
            cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{Dossier._meta.db_table}"')
            first_pk = cur.fetchone()[0] + 1
        connections.close_all()  # never share a connection with a forked child
        ctx = multiprocessing.get_context("fork")
        done, errors, backend_cpu = ctx.Value("q", 0), ctx.Queue(), ctx.Value("d", 0.0)
        own_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = max(1, min(workers, remaining // batch or 1))
        share = -(-remaining // workers)
        procs = []
        for w in range(workers):
            n = min(share, remaining - w * share)
            procs.append(ctx.Process(target=_worker, args=(w, workers, first_pk + w * share, n, batch, seed + existing,
                                                           tpl, recent_open, counters, citizens_list, superuser, done,
                                                           errors, backend_cpu)))
        clone_began = time.monotonic()
        for proc in procs:
            proc.start()
        with _progress(console) as progress:
            task = progress.add_task("Hồ sơ nhân bản (COPY)", total=remaining)
            while any(p.is_alive() for p in procs):
                time.sleep(0.5)
                progress.update(task, completed=done.value)
                _log_plain(console, progress, task)
            progress.update(task, completed=done.value)
        for proc in procs:
            proc.join()
        if any(p.exitcode for p in procs):
            details = []
            while not errors.empty():
                details.append(errors.get())
            raise RuntimeError("seed_web: " + ("\n".join(details) or "a worker failed"))
        report["clones"] = done.value
        report["clone_seconds"] = round(time.monotonic() - clone_began, 1)
        report["clones_per_s"] = round(done.value / max(time.monotonic() - clone_began, 1e-9))
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU the clones cost (workers + their PostgreSQL backends): wall time on idle cores ~ this / cores
        report["clone_cpu_seconds"] = {"workers": round(used.ru_utime + used.ru_stime - own_cpu.ru_utime
                                                        - own_cpu.ru_stime, 1),
                                       "postgresql": round(backend_cpu.value, 1) or None}
        with connection.cursor() as cur:
            for model in (Dossier, DossierEvent, DossierTask):
                table = model._meta.db_table
                cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))')
    analyse_began = time.monotonic()
    with console.status("VACUUM ANALYZE…"), connection.cursor() as cur:
        for model in (Dossier, DossierEvent, DossierTask, DossierCodeCounter):
            cur.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')
        cur.execute("ANALYZE")
    report["analyze_seconds"] = round(time.monotonic() - analyse_began, 1)
    report["dossiers"] = Dossier.objects.count()
    report["seconds"] = round(time.monotonic() - began, 1)
    return report


def database_size() -> dict:
    """Size of the current database and of the dossier tables (bytes, as PostgreSQL reports them)."""
    from django.db import connection

    from motcua.dossiers.models import Dossier, DossierEvent, DossierTask

    with connection.cursor() as cur:
        cur.execute("SELECT pg_database_size(current_database())")
        out = {"database_bytes": cur.fetchone()[0]}
        for model in (Dossier, DossierEvent, DossierTask):
            cur.execute("SELECT pg_total_relation_size(%s), pg_indexes_size(%s)", [model._meta.db_table] * 2)
            total, indexes = cur.fetchone()
            out[model._meta.db_table] = {"total_bytes": total, "index_bytes": indexes}
        cur.execute(f'SELECT COUNT(*) FROM "{DossierEvent._meta.db_table}"')
        out["events"] = cur.fetchone()[0]
    return out
