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

import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from motcua.benchmarks.clone_dossiers import WEEK, _worker


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
