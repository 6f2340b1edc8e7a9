"""Decision 766 benchmark: the rebuild over 10 million dossiers, its incremental cost per act and
the dashboard read (issue item 5). Prints one JSON document; progress goes to stderr.

    python bench/quality.py [--dossiers 10000000] [--seed 766] [--data-dir /var/tmp/motcua-quality-bench]
                            [--acts 3000] [--dashboard-runs 40] [--skip-postgres]   (or: ./run bench-quality …)

1. Generates the dossiers and their events to Parquet (``motcua.analytics.synthetic``) in
   ``--data-dir``, or reuses the files there when the seed and size match.
2. DuckDB: the whole rebuild (``motcua.analytics.index766_sql``) for every unit, role and month,
   first run and best of 3 (wall and CPU seconds); then every unit and month scored with
   ``rules.index766.score`` (catalogue figures from the generated catalogue).
3. PostgreSQL 15 (a throwaway cluster started as the ``postgres`` user, ``bench/web.py``'s
   ``Cluster``; migrated): the dossiers loaded with COPY, VACUUM ANALYZE, the same statements,
   their time, the ratio to DuckDB and whether both engines give identical sums.
4. The dashboard: the DuckDB result COPYed into the tally tables, the catalogue and units
   written to theirs; ``scorecard`` for the province and a year and ``unit_cards`` for every
   scored unit and a month, p50/p95, after a checkpoint and with no autovacuum at work
   (``dashboard_server``).
5. The incremental cost: real dossier acts through ``motcua.dossiers.services`` on a fresh
   database (PostgreSQL, then SQLite): the real ``change_of``, a no-op in its place, and a no-op
   for it and for the ``tally_of`` read before each act, taking turns lifecycle by lifecycle.
   On PostgreSQL an act writes its counters' change as one journal row (``quality.journal``);
   the fold that adds those rows to the counters runs after every round, and its time is
   charged to the real variant (``fold_ms_per_act`` shows that share).

Timings are wall-clock on a shared machine: the load average at start and end and the CPU
seconds of the DuckDB runs are reported beside them.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/web.py's Cluster

TARGETS = {"duckdb_rebuild_s": 2.0, "incremental_added_ms": 0.2, "dashboard_ms": 50.0}
DEFAULT_DIR = Path("/var/tmp/motcua-quality-bench")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(fn):
    wall, cpu = time.perf_counter(), cpu_s()
    fn()
    return round(time.perf_counter() - wall, 3), round(cpu_s() - cpu, 3)


def percentiles(ms: list[float]) -> dict:
    ordered = sorted(ms)
    pick = lambda p: ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": round(pick(50), 2), "p95": round(pick(95), 2), "runs": len(ms)}


# -- 2. DuckDB ------------------------------------------------------------------------------------

def duckdb_rebuild(con, data_dir: Path, now: datetime) -> dict:
    from motcua.analytics import index766_sql as q

    source = q.parquet_source(data_dir / "dossiers.parquet")
    first = timed(lambda: q.rebuild_duckdb(con, source, now))
    runs = [timed(lambda: q.rebuild_duckdb(con, source, now)) for _ in range(3)]
    best = min(runs)
    wall, _cpu = timed(lambda: [q.fetch(con, t) for t in q.TABLES])
    rows = {t: con.sql(f"SELECT count(*) FROM index766_{t}").fetchall()[0][0] for t in q.TABLES}
    return {"first": first[0], "best": best[0], "runs": [r[0] for r in runs], "cpu_s_best": best[1],
            "cpu_s_first": first[1], "fetch_arrow_s": wall, "rows": rows,
            "threads": con.sql("SELECT current_setting('threads')").fetchall()[0][0]}


CATALOGUE_SQL = """
WITH months AS (SELECT DISTINCT month FROM index766_tally),
scope AS (  -- the procedures each unit answers for; 0: the province and every receiving unit (all)
    SELECT u.id AS unit, p.* FROM units u JOIN procedures p
      ON (u.kind = 'department' AND p.unit = u.id) OR (u.kind = 'commune' AND p.commune_level)
    UNION ALL SELECT 0, p.* FROM procedures p),
used AS (  -- per-procedure dossier counters of the unit (0: of all units)
    SELECT unit, month, procedure, received, online, fee_due, paid_online, citizen_data FROM index766_procedure
    UNION ALL
    SELECT 0, month, procedure, sum(received), sum(online), sum(fee_due), sum(paid_online), sum(citizen_data)
    FROM index766_procedure GROUP BY month, procedure)
SELECT s.unit, m.month,
       count(*) AS procedures, count(*) FILTER (WHERE s.online <> 'none') AS online_procedures,
       count(*) FILTER (WHERE s.fee) AS fee_procedures, count(*) FILTER (WHERE s.fee_data) AS fee_data,
       count(*) FILTER (WHERE date_trunc('month', s.announced_on) = m.month) AS announced,
       count(*) FILTER (WHERE date_trunc('month', s.announced_on) = m.month AND s.announced_on_time) AS announced_on_time,
       count(*) FILTER (WHERE date_trunc('month', s.published_on) = m.month) AS published,
       count(*) FILTER (WHERE date_trunc('month', s.published_on) = m.month AND s.published_on_time) AS published_on_time,
       count(*) FILTER (WHERE date_trunc('month', s.published_on) = m.month AND s.content_full) AS content_full,
       count(*) FILTER (WHERE s.online <> 'none' AND x.online > 0) AS online_procedures_used,
       count(*) FILTER (WHERE s.fee AND x.fee_due > 0) AS fee_procedures_with_dossiers,
       count(*) FILTER (WHERE s.fee AND x.paid_online > 0) AS fee_procedures_paid_online,
       count(*) FILTER (WHERE x.received > 0) AS citizen_procedures,
       count(*) FILTER (WHERE x.received > 0 AND x.citizen_data > 0) AS citizen_procedures_data
FROM scope s CROSS JOIN months m
LEFT JOIN used x ON x.unit = s.unit AND x.month = m.month AND x.procedure = s.id
GROUP BY s.unit, m.month"""


def score_everything(con, data_dir: Path) -> dict:
    """Every scored unit and month (departments and communes as competent agencies, branches
    as receiving units) and the province per month, with ``rules.index766.score_many``."""
    from motcua.rules.index766 import POLICIES, score_many, settle

    policy = POLICIES[-1]
    con.execute(f"CREATE OR REPLACE VIEW units AS SELECT * FROM read_parquet('{data_dir / 'units.parquet'}')")
    con.execute(f"CREATE OR REPLACE VIEW procedures AS SELECT * FROM read_parquet('{data_dir / 'procedures.parquet'}')")
    began = time.perf_counter()
    kinds = dict(con.sql("SELECT id, kind FROM units").fetchall())
    communes = sum(1 for k in kinds.values() if k == "commune")
    e_copy = con.sql("SELECT count(*) FROM units WHERE e_certified_copy").fetchall()[0][0]
    catalogue = {(r.pop("unit"), r.pop("month")): r for r in con.sql(CATALOGUE_SQL).to_arrow_table().to_pylist()}
    catalogue_s = time.perf_counter() - began
    pakn = {"pakn": 0, "pakn_on_time": 0, "pakn_bad": 0}
    province: dict[date, Counter] = {}
    keys, many = [], []
    for row in con.sql("SELECT * FROM index766_tally").to_arrow_table().to_pylist():
        unit, role, month = row.pop("unit"), row.pop("role"), row.pop("month")
        if role == "c":
            province.setdefault(month, Counter()).update(row)
        if (role == "r") != (kinds.get(unit) == "branch"):
            continue
        figures = {**settle(row, row["late_open"]), **catalogue[(0 if role == "r" else unit, month)], "communes": communes,
                   "communes_e_copy": 0, **pakn}
        keys.append((unit, month))
        many.append(figures)
    cards = dict(zip(keys, score_many(many, policy, province=False), strict=True))
    months = list(province)
    cards.update(zip([(0, m) for m in months], score_many(
        [{**settle(province[m], province[m]["late_open"]), **catalogue[(0, m)], "communes": communes,
          "communes_e_copy": e_copy, **pakn} for m in months], policy, province=True), strict=True))
    elapsed = time.perf_counter() - began
    totals = [c.total for (u, _m), c in cards.items() if u]
    year = [c.total for (u, _m), c in cards.items() if not u]
    return {"score_s": round(elapsed, 3), "catalogue_figures_sql_s": round(catalogue_s, 3),
            "score_calls_s": round(elapsed - catalogue_s, 3), "cards": len(cards), "unit_total_min": min(totals),
            "unit_total_median": round(statistics.median(totals), 2), "unit_total_max": max(totals),
            "province_month_totals": [round(t, 2) for t in year]}


# -- 3. PostgreSQL ---------------------------------------------------------------------------------

def _csv_chunks(reader):
    import pyarrow.csv as pcsv

    options = pcsv.WriteOptions(include_header=False)
    for batch in reader:
        buf = io.BytesIO()
        pcsv.write_csv(batch, buf, options)
        yield buf.getvalue()


def copy_arrow(cursor, table: str, columns: list[str], reader) -> None:
    """COPY Arrow record batches into ``table`` as CSV (psycopg 3, streamed)."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
        for chunk in _csv_chunks(reader):
            copy.write(chunk)


PG_TYPES = {"int64": "bigint", "int32": "integer", "int16": "smallint", "bool": "boolean", "string": "text",
            "timestamp[us, tz=UTC]": "timestamptz", "dictionary<values=string, indices=int8, ordered=0>": "text"}


def _copy_dossiers(url: str, path: Path, columns: list[str], low: int, high: int) -> None:
    import duckdb
    import psycopg

    con = duckdb.connect()
    reader = con.sql(f"SELECT * FROM read_parquet('{path}') WHERE id > {low} AND id <= {high}").to_arrow_reader(200_000)
    with psycopg.connect(url, autocommit=True) as pg, pg.cursor() as cursor:
        copy_arrow(cursor, "bench_dossier", columns, reader)


def load_dossiers_pg(data_dir: Path, url: str, parts: int = 2) -> dict:
    """``bench_dossier``: the Parquet rows, COPYed by ``parts`` connections at once (an
    unlogged table: it is read, never recovered)."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.parquet as pq
    from django.db import connection

    path = data_dir / "dossiers.parquet"
    schema = pq.read_schema(path)
    columns = [f.name for f in schema]
    rows = pq.read_metadata(path).num_rows
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_dossier")
        cursor.execute("CREATE UNLOGGED TABLE bench_dossier (" + ", ".join(
            f"{f.name} {PG_TYPES[str(f.type)]}" for f in schema) + ")")
    bounds = [rows * i // parts for i in range(parts + 1)]
    with ThreadPoolExecutor(parts) as pool:
        list(pool.map(lambda i: _copy_dossiers(url, path, columns, bounds[i], bounds[i + 1]), range(parts)))
    copied = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE bench_dossier")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('bench_dossier')), count(*) FROM bench_dossier")
        size, count = cursor.fetchone()
    return {"copy_s": round(copied, 1), "vacuum_analyze_s": round(time.perf_counter() - began - copied, 1),
            "rows": count, "table_size": size, "connections": parts}


PG_SESSION = {"work_mem": "256MB", "max_parallel_workers_per_gather": "2"}


def postgres_rebuild(now: datetime) -> dict:
    from django.db import connection

    from motcua.analytics import index766_sql as q

    statements = q.statements("bench_dossier", now, dialect="postgres")
    with connection.cursor() as cursor:
        for name, value in PG_SESSION.items():
            cursor.execute(f"SET {name} = '{value}'")
        runs = []
        for _ in range(2):
            began = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
            runs.append(round(time.perf_counter() - began, 3))
        began = time.perf_counter()
        results = []
        for table in q.TABLES:
            cursor.execute(q.select(table))
            names = [d[0] for d in cursor.description]
            results.append([dict(zip(names, r, strict=True)) for r in cursor.fetchall()])
        fetched = time.perf_counter() - began
    return {"first": runs[0], "best": min(runs), "runs": runs, "fetch_s": round(fetched, 2), "session": PG_SESSION,
            "_sums": q.sums_from_rows(*results)}


def identical(duck, pg) -> dict:
    out = {}
    for name in ("tallies", "open_due", "procedures"):
        a, b = getattr(duck, name), getattr(pg, name)
        out[name] = {"rows": len(a), "identical": a == b}
    out["all"] = all(v["identical"] for v in out.values())
    return out


# -- 4. the dashboard ------------------------------------------------------------------------------

def seed_catalogue(data_dir: Path, year: int) -> None:
    """Areas, units, procedures and their versions with the generated ids (bulk, not services:
    reference data only; the dossier side is the COPYed tallies)."""
    import pyarrow.parquet as pq
    from django.core.management.color import no_style
    from django.db import connection

    from motcua.catalog.models import Field, Procedure, ProcedureVersion, Sector
    from motcua.text import fold
    from motcua.units.models import Area, Unit

    units = pq.read_table(data_dir / "units.parquet").to_pylist()
    procs = pq.read_table(data_dir / "procedures.parquet").to_pylist()
    city = Area.objects.create(code="Q01", name="Thành phố thử", name_folded="thanh pho thu", kind="city")
    K, L = Unit.Kind, Unit.Level
    rows = []
    for u in units:
        n = u["id"]
        if u["kind"] == "commune":
            area = Area.objects.create(code=f"Q{n:04d}", name=f"Phường thử {n}", name_folded=f"phuong thu {n}",
                                       kind="ward", parent=city)
            kind, level, name = K.PEOPLES_COMMITTEE, L.COMMUNE, f"UBND phường thử {n}"
        elif u["kind"] == "department":
            area, kind, level, name = city, K.DEPARTMENT, L.PROVINCE, f"Sở thử {n}"
        else:
            area, kind, level, name = city, K.BRANCH, L.PROVINCE, f"Chi nhánh thử {n}"
        rows.append(Unit(id=n, code=f"Q-{n}", e_identifier=f"000.{n:02d}.99.Q26", name=name, name_folded=fold(name),
                         kind=kind, level=level, area=area, e_certified_copy=bool(u["e_certified_copy"])))
    Unit.objects.bulk_create(rows)
    sector = Sector.objects.create(code="Q-S", name="Lĩnh vực thử")
    field = Field.objects.create(code="Q-F", name="Thủ tục thử", sector=sector)
    Procedure.objects.bulk_create([Procedure(id=p["id"], code=f"Q-{p['id']}", name=f"Thủ tục thử {p['id']}",
                                             name_folded=f"thu tuc thu {p['id']}", field=field,
                                             level="commune" if p["commune_level"] else "province") for p in procs])
    extra = {f.name for f in ProcedureVersion._meta.fields} & {"steps", "methods", "applicants"}
    versions = []
    for p in procs:
        full = p["content_full"]
        fees = [{"name": "Lệ phí", "amount": 50000 if p["fee_data"] else None}] if p["fee"] else []
        versions.append(ProcedureVersion(
            id=p["id"], procedure_id=p["id"], number=1, effective_from=date(year - 2, 1, 1),
            announced_on=p["announced_on"], published_on=p["published_on"],
            legal_basis_effective_on=p["legal_basis_effective_on"], competent_unit_id=p["unit"],
            duration_unit="days", duration_value=max(1, round(p["budget_hours"] / 8)), fees=fees, online=p["online"],
            documents=[{"name": "Tờ khai", "originals": 1}] if full else [],
            result_types=[{"code": "KQ", "name": "Kết quả", "paper": p["paper_result"]}],
            **{name: "Có" if full else "" for name in extra}))
    ProcedureVersion.objects.bulk_create(versions, batch_size=1000)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Area, Unit, Sector, Field, Procedure,
                                                                         ProcedureVersion]):
            cursor.execute(statement)


def load_tallies(con) -> dict:
    """The DuckDB result into ``quality_indextally``, ``…opendue`` and ``…proceduretally`` (the
    procedure-use masks worked out after the load, as a rebuild does)."""
    from django.db import connection

    from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexTally
    from motcua.quality.procedure_use import bulk_writes
    from motcua.rules.index766 import COUNTERS, PROCEDURE_COUNTERS

    plans = [(IndexTally, ["unit_id", "role", "month", *COUNTERS], f"SELECT unit, role, month, {', '.join(COUNTERS)} "
              "FROM index766_tally"),
             (IndexOpenDue, ["unit_id", "role", "month", "due_at", "count"],
              "SELECT unit, role, month, due_at, count FROM index766_open_due"),
             (IndexProcedureTally, ["unit_id", "month", "procedure_id", *PROCEDURE_COUNTERS],
              f"SELECT unit, month, procedure, {', '.join(PROCEDURE_COUNTERS)} FROM index766_procedure")]
    began = time.perf_counter()
    rows = {}
    with bulk_writes(), connection.cursor() as cursor:
        for model, columns, query in plans:
            copy_arrow(cursor.cursor, model._meta.db_table, columns, con.sql(query).to_arrow_reader(200_000))
    with connection.cursor() as cursor:
        for model in tally_models():
            table = model._meta.db_table
            cursor.execute(f"SELECT count(*) FROM {table}")
            rows[table] = cursor.fetchone()[0]
    return {"copy_s": round(time.perf_counter() - began, 2), "rows": rows}


def tally_models():
    from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexProcedureUse, IndexTally

    return (IndexTally, IndexOpenDue, IndexProcedureTally, IndexProcedureUse)


def vacuum_tallies() -> dict:
    """VACUUM ANALYZE the tally tables on the durable server, as autovacuum leaves them. Run on
    the loading server (fsync and synchronous commit off), it left no page marked all-visible
    (``relallvisible`` 0, seen on a kept cluster; the same VACUUM on the durable server marks
    them all), and the ranking's late count then read 1,188 heap pages instead of the index alone."""
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for model in tally_models():
            table = model._meta.db_table
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("SELECT relpages, relallvisible FROM pg_class WHERE relname = %s", [table])
            out[table] = dict(zip(("pages", "all_visible"), cursor.fetchone(), strict=True))
    return out


def quiet_server(wait_s: float = 120) -> dict:
    """Before the dashboard's reads: a checkpoint (the rebuild's writes on disk) and no autovacuum
    worker left (one may start on the rebuild's tables), up to ``wait_s``; with the machine's
    speed then (µs for ``sum(range(1000))``: the same code takes longer when it is slower)."""
    import timeit

    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        checkpoint = time.perf_counter() - began
        while time.perf_counter() - began < wait_s:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
            if not cursor.fetchone()[0]:
                break
            time.sleep(1)
    return {"checkpoint_s": round(checkpoint, 2), "waited_s": round(time.perf_counter() - began, 2),
            "load_average": os.getloadavg(),
            "machine_us": round(min(timeit.repeat("sum(range(1000))", number=20000, repeat=5)) / 20000 * 1e6, 2)}


def dashboard(year: int, month: int, now: datetime, runs: int, budget_s: float = 30) -> dict:
    """The dashboard's reads, p50/p95 over ``runs`` (after one first run; at least 5, fewer than
    ``runs`` when they take more than ``budget_s``), and the parts of the first two: the dossier
    counters (the tally tables) and the catalogue figures. ``unit_ranking_month`` is one month's
    ranking (``index_queries.unit_cards``, as ``motcua quality`` prints it); the dashboard page
    ranks the month and the month before, for the change (``dashboard_data.ranking``):
    ``ranking_page_month``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.quality.catalogue_figures import catalogue_figures_many
    from motcua.quality.dashboard_data import ranking
    from motcua.quality.dashboard_filters import Filters
    from motcua.quality.index_queries import (Period, cutoff, dossier_counters, province_scope, scorecard,
                                              scored_units, unit_cards, unit_counters, unit_scope)
    from motcua.units.models import Unit

    year_period, month_period = Period("year", year), Period("month", year, month)
    units = list(Unit.objects.filter(scored_units()))
    scopes = [unit_scope(u) for u in units]
    gc.freeze()  # as the web server does once the app is loaded (config/wsgi.py)

    def ranking_counters():  # the counter queries of unit_cards, as it makes them
        by_role: dict[str, list[int]] = {}
        for scope, unit in zip(scopes, units, strict=True):
            by_role.setdefault(scope.role, []).append(unit.pk)
        unit_counters(by_role, month_period.months, cutoff(month_period, now))

    cases = {
        "province_year": (lambda: scorecard(province_scope(), year_period, now), {
            "tally_tables": lambda: dossier_counters(province_scope(), year_period.months, now),
            "catalogue_figures": lambda: catalogue_figures_many([province_scope()], year_period)}),
        "unit_ranking_month": (lambda: unit_cards(Unit.objects.filter(scored_units()), month_period, now), {
            "tally_tables": ranking_counters,
            "catalogue_figures": lambda: catalogue_figures_many(scopes, month_period)}),
        "ranking_page_month": (lambda: ranking(Filters(month_period), now), {}),
    }

    def sample(fn) -> tuple[float, list[float]]:
        began = time.perf_counter()
        fn()
        first = (time.perf_counter() - began) * 1000
        ms: list[float] = []
        deadline = time.perf_counter() + budget_s
        while len(ms) < runs and (len(ms) < 5 or time.perf_counter() < deadline):
            began = time.perf_counter()
            fn()
            ms.append((time.perf_counter() - began) * 1000)
        return first, ms

    out = {}
    for name, (fn, parts) in cases.items():
        with CaptureQueriesContext(connection) as queries:
            result = fn()
        first, ms = sample(fn)
        out[name] = {**percentiles(ms), "first_ms": round(first, 1), "queries": len(queries.captured_queries),
                     "total_points": result.total if hasattr(result, "total") else len(result)}
        for part, part_fn in parts.items():
            part_first, part_ms = sample(part_fn)
            out[name][part] = {**percentiles(part_ms), "first_ms": round(part_first, 1)}
    return out


# -- 5. the incremental cost (a child process per database) ----------------------------------------

VARIANTS = ("with", "without", "without_tally")


def incremental_child(acts: int, rounds: int) -> dict:
    """Dossier lifecycles through the services, in rounds; within a round the variants take
    turns lifecycle by lifecycle, so drift of the machine falls on all of them alike."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.benchmarks.world import build_world
    from motcua.dossiers import services as s
    from motcua.quality.journal import fold
    from motcua.quality.models import IndexTally
    from motcua.rules.calendar import VN_TZ

    call_command("migrate", verbosity=0, interactive=False)
    branch, worlds = build_world(1)
    area, version, actors = worlds[0]
    reception, leader, officer = actors["b-reception"][1], actors["b-leader"][1], actors["b-officer"][1]
    officer_user = actors["b-officer"][0]
    applicant = s.Applicant(name="Nguyễn Văn Đình", id_number="001090012345", phone="0912345678")
    start = datetime(2026, 3, 2, 8, 0, tzinfo=VN_TZ)
    counter = iter(range(10**6))

    def lifecycle(kind: int) -> int:
        t = start + timedelta(seconds=next(counter))
        m = lambda minutes: t + timedelta(minutes=minutes)  # noqa: E731
        d = s.receive_at_counter(actor=reception, version=version, receiving_unit=branch, applicant=applicant,
                                 area=area, now=t)
        d = s.transfer_dossier(d, reception, now=m(5))
        if kind == 0:
            d = s.assign_dossier(d, leader, officer_user, now=m(10))
        elif kind == 1:
            d = s.extend_deadline(d, leader, reason="Cần xác minh thêm", working_days=2, now=m(10))
        else:
            d = s.return_for_supplement(d, officer, items=["Bản sao giấy tờ"], now=m(10))
            d = s.resubmit_dossier(d, reception, now=m(20))
        d = s.decide_dossier(d, leader, now=m(120))
        s.return_result(d, reception, now=m(180))
        return 5 if kind < 2 else 6

    real = (s.change_of, s.tally_of)
    patches = {"with": real, "without": (lambda *a, **k: None, real[1]),
               "without_tally": (lambda *a, **k: None, lambda *a, **k: None)}
    for kind in range(3):  # warm up every path
        lifecycle(kind)
    per_round = max(3, acts // (rounds * 5))
    fold()
    spent = {v: 0.0 for v in VARIANTS}
    done = {v: 0 for v in VARIANTS}
    folding, folded = 0.0, 0
    per_round_ms: dict[str, list[float]] = {v: [] for v in VARIANTS}
    try:
        for r in range(rounds):
            # The variants take turns lifecycle by lifecycle (each some 15 ms), in an order that
            # rotates, so a change in the machine's speed falls on all three alike.
            round_spent = {v: 0.0 for v in VARIANTS}
            round_done = {v: 0 for v in VARIANTS}
            for i in range(per_round):
                for variant in VARIANTS[(r + i) % 3:] + VARIANTS[:(r + i) % 3]:
                    s.change_of, s.tally_of = patches[variant]
                    began = time.perf_counter()
                    n = lifecycle(i % 3)
                    round_spent[variant] += time.perf_counter() - began
                    round_done[variant] += n
            began = time.perf_counter()  # the real variant's journal rows added to the counters
            folded += fold()
            round_fold = time.perf_counter() - began
            round_spent["with"] += round_fold
            folding += round_fold
            for variant in VARIANTS:
                spent[variant] += round_spent[variant]
                done[variant] += round_done[variant]
                per_round_ms[variant].append(round_spent[variant] * 1000 / round_done[variant])
    finally:
        s.change_of, s.tally_of = real
    statements = {}
    for variant in VARIANTS:  # SQL statements per act, one lifecycle of each kind
        s.change_of, s.tally_of = patches[variant]
        try:
            with CaptureQueriesContext(connection) as queries:
                n = sum(lifecycle(kind) for kind in range(3))
        finally:
            s.change_of, s.tally_of = real
        statements[variant] = round(len(queries.captured_queries) / n, 2)
    ms = {v: spent[v] * 1000 / done[v] for v in VARIANTS}
    paired = [a - b for a, b in zip(per_round_ms["with"], per_round_ms["without"], strict=True)]
    paired_all = [a - b for a, b in zip(per_round_ms["with"], per_round_ms["without_tally"], strict=True)]
    return {"vendor": connection.vendor, "acts_per_variant": done["with"], "rounds": rounds,
            "with": round(ms["with"], 3), "without": round(ms["without"], 3),
            "added": round(ms["with"] - ms["without"], 3),
            "added_median_of_rounds": round(statistics.median(paired), 3),
            "without_tally": round(ms["without_tally"], 3),
            "added_incl_tally_before": round(ms["with"] - ms["without_tally"], 3),
            "added_incl_tally_before_median_of_rounds": round(statistics.median(paired_all), 3),
            "fold_ms_per_act": round(folding * 1000 / done["with"], 3), "journal_rows_folded": folded,
            "statements_per_act": statements, "tally_rows": IndexTally.objects.count()}


def run_incremental(url: str, acts: int, rounds: int) -> dict:
    env = {**os.environ, "MOTCUA_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "motcua.config.settings"}
    out = subprocess.run([sys.executable, __file__, "--child-incremental", str(acts), str(rounds)], env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-1500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the whole run ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dossiers", type=int, default=10_000_000)
    p.add_argument("--seed", type=int, default=766)
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    p.add_argument("--acts", type=int, default=3000, help="dossier acts per variant in the incremental test")
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--dashboard-runs", type=int, default=40)
    p.add_argument("--skip-postgres", action="store_true", help="DuckDB and SQLite only")
    args = p.parse_args(argv)
    if Path(__file__).resolve().parent.parent in args.data_dir.resolve().parents:
        p.error("--data-dir must be outside the repository")

    import duckdb

    from motcua.analytics.synthetic import generate, read_manifest
    from motcua.rules.calendar import VN_TZ

    result: dict = {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    log(f"generating {args.dossiers:,} dossiers in {args.data_dir} …")
    manifest = generate(args.data_dir, args.dossiers, seed=args.seed, progress=log)
    now = datetime.fromisoformat(manifest["as_of"])
    year = int(manifest["year"])
    result.update({"dossiers": manifest["dossiers"], "events": manifest["events"], "units": manifest["units"],
                   "procedures": manifest["procedures"], "generate_s": manifest["generate_s"],
                   "data_reused": manifest["reused"], "data_dir": str(args.data_dir), "now": now.isoformat(),
                   "parquet_mb": {f: round((args.data_dir / f).stat().st_size / 1e6, 1)
                                  for f in ("dossiers.parquet", "events.parquet")}})
    con = duckdb.connect()
    con.execute("SET memory_limit = '6GB'")
    result["shares"] = dict(zip(
        ("online", "refused_at_intake", "open_at_now", "late_at_now"),
        con.sql(f"""SELECT round(avg(CAST(channel IN ('online', 'vneid') AS INT)), 4),
                           round(avg(CAST(received_at IS NULL AS INT)), 4),
                           round(avg(CAST(received_at IS NOT NULL AND ended_at IS NULL AS INT)), 4),
                           round(avg(CAST(supplement_requests > 1 OR ended_at > least(due_at, reference_due_at)
                                 OR (ended_at IS NULL AND least(due_at, reference_due_at) < '{now.isoformat()}')
                                 AS INT)), 4)
                    FROM read_parquet('{args.data_dir / 'dossiers.parquet'}')""").fetchall()[0], strict=True))
    log("DuckDB rebuild …")
    result["duckdb_rebuild_s"] = duckdb_rebuild(con, args.data_dir, now)
    log(f"  {json.dumps(result['duckdb_rebuild_s'])}")
    scored = score_everything(con, args.data_dir)
    result["score_s"] = scored.pop("score_s")
    result["scoring"] = scored

    if not args.skip_postgres:
        result.update(postgres_part(con, args, now, year))
        result["ratio_pg_over_duckdb"] = round(result["postgres_rebuild_s"] / result["duckdb_rebuild_s"]["best"], 1)
    with tempfile.TemporaryDirectory(prefix="motcua-qbench-") as tmp:
        log("incremental cost on SQLite …")
        result["incremental_ms_per_act_sqlite"] = run_incremental(f"sqlite:///{tmp}/bench.sqlite3", args.acts,
                                                                  args.rounds)
    result["targets"] = verdict(result)
    result["target_values"] = TARGETS
    result["load_average_at_end"] = os.getloadavg()
    return result


def postgres_part(con, args, now: datetime, year: int) -> dict:
    from web import Cluster

    out: dict = {}
    root = Path(tempfile.mkdtemp(prefix="motcua-qbench-pg-"))
    cluster = Cluster(root, keep=False)
    try:
        cluster.start(loading=True)
        url = cluster.url()
        os.environ.update(MOTCUA_DATABASE_URL=url, DJANGO_SETTINGS_MODULE="motcua.config.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        log("PostgreSQL: loading the dossiers (COPY) …")
        out["postgres_load"] = load_dossiers_pg(args.data_dir, url)
        log(f"  {json.dumps(out['postgres_load'])}")
        seed_catalogue(args.data_dir, year)
        out["tally_tables"] = load_tallies(con)
        connections.close_all()
        cluster.restart(loading=False)  # measure on a durable server, as in production
        out["tally_tables"]["vacuum"] = vacuum_tallies()
        log("PostgreSQL rebuild …")
        pg = postgres_rebuild(now)
        pg_sums = pg.pop("_sums")
        out["postgres_rebuild_s"] = pg["best"]
        out["postgres_rebuild"] = pg
        from motcua.analytics import index766_sql as q

        duck_sums = q.sums_duckdb(con)
        out["engines_identical"] = identical(duck_sums, pg_sums)
        log(f"  {json.dumps(pg)} identical={out['engines_identical']['all']}")
        log("dashboard …")
        out["dashboard_server"] = quiet_server()
        out["dashboard_ms"] = dashboard(year, 12, now, args.dashboard_runs)
        log(f"  {json.dumps(out['dashboard_ms'])}")
        connections.close_all()
        log("incremental cost on PostgreSQL …")
        out["incremental_ms_per_act"] = run_incremental(cluster.server.create_database("motcua_incremental"),
                                                        args.acts, args.rounds)
        log(f"  {json.dumps(out['incremental_ms_per_act'])}")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        cluster.stop()
    return out


def verdict(result: dict) -> dict:
    out = {"duckdb_rebuild_le_2s": result["duckdb_rebuild_s"]["best"] <= TARGETS["duckdb_rebuild_s"]}
    inc = result.get("incremental_ms_per_act", {})
    if "added" in inc:
        out["incremental_added_le_0_2ms"] = inc["added"] <= TARGETS["incremental_added_ms"]
    dash = result.get("dashboard_ms", {})
    for name, figures in dash.items():
        out[f"dashboard_{name}_p95_le_50ms"] = figures["p95"] <= TARGETS["dashboard_ms"]
    if "engines_identical" in result:
        out["engines_identical"] = result["engines_identical"]["all"]
    return out


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child-incremental":
        print(json.dumps(incremental_child(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(main(), ensure_ascii=False, indent=1, default=str))
