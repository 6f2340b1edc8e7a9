"""Engine benchmark: complete dossier lifecycles through the service layer, on SQLite and on
PostgreSQL, plus batch due-time computation. Prints one JSON object.

    python bench/engine.py [--lifecycles N]      (or: motcua bench engine)

PostgreSQL is measured against MOTCUA_BENCH_PG_URL when set, else a throwaway local server
(durable settings: fsync on) when one can be started.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

LIFECYCLE_EVENTS = 6  # file, receive, transfer, assign, decide, return


def _lifecycles(branch, area, version, actors, first: int, count: int) -> None:
    from motcua.dossiers import services as s
    from motcua.rules.calendar import VN_TZ

    reception, leader = actors["b-reception"][1], actors["b-leader"][1]
    officer_user = actors["b-officer"][0]
    applicant = s.Applicant(name="Nguyễn Văn Đình", id_number="001090012345", phone="0912345678")
    start = datetime(2026, 3, 2, 8, 0, tzinfo=VN_TZ)
    for i in range(first, first + count):
        t = start + timedelta(seconds=i)
        d = s.receive_at_counter(actor=reception, version=version, receiving_unit=branch, applicant=applicant,
                                 area=area, now=t)
        d = s.transfer_dossier(d, reception, now=t + timedelta(minutes=5))
        d = s.assign_dossier(d, leader, officer_user, now=t + timedelta(minutes=10))
        d = s.decide_dossier(d, leader, now=t + timedelta(hours=2))
        s.return_result(d, reception, now=t + timedelta(hours=3))


def _worker(world_index: int, count: int, barrier, results) -> None:
    """One worker process: warm up, wait for the others, run its share, report its end time."""
    from django.db import connections

    from motcua.benchmarks.world import build_world

    try:
        branch, worlds = build_world(world_index + 1)
        area, version, actors = worlds[world_index]
        _lifecycles(branch, area, version, actors, 0, 20)
        barrier.wait(timeout=120)
        _lifecycles(branch, area, version, actors, 1000, count)
        results.put(("ok", time.perf_counter()))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        barrier.abort()
        results.put(("error", repr(exc)))
    finally:
        connections.close_all()


def run_backend(lifecycles: int, workers: int = 1) -> dict:
    """Inside a process whose MOTCUA_DATABASE_URL is set: migrate, build, time N lifecycles,
    split over ``workers`` processes (each with its own connection and commune)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", verbosity=0, interactive=False)
    from motcua.benchmarks.world import build_world

    branch, worlds = build_world(workers)
    vendor = connection.vendor
    if workers == 1:
        area, version, actors = worlds[0]
        _lifecycles(branch, area, version, actors, 0, 50)
        began = time.perf_counter()
        _lifecycles(branch, area, version, actors, 1000, lifecycles)
        elapsed = time.perf_counter() - began
    else:
        import multiprocessing

        connections.close_all()  # never share a connection with a forked child
        ctx = multiprocessing.get_context("fork")
        barrier, results = ctx.Barrier(workers + 1), ctx.Queue()
        share = lifecycles // workers
        procs = [ctx.Process(target=_worker, args=(i, share, barrier, results)) for i in range(workers)]
        for proc in procs:
            proc.start()
        try:
            barrier.wait(timeout=180)
            began = time.perf_counter()
        finally:
            outcomes = [results.get(timeout=600) for _ in procs]
            for proc in procs:
                proc.join()
        errors = [detail for status, detail in outcomes if status == "error"]
        if errors:
            raise RuntimeError("; ".join(errors))
        elapsed = max(detail for _, detail in outcomes) - began
        lifecycles = share * workers
    return {"lifecycles": lifecycles, "workers": workers, "seconds": round(elapsed, 3),
            "lifecycles_per_s": round(lifecycles / elapsed, 1),
            "events_per_s": round(lifecycles * LIFECYCLE_EVENTS / elapsed, 1), "vendor": vendor}


def due_times_per_s(n: int = 2_000_000) -> dict:
    import numpy as np

    from motcua.rules.calendar import default_calendar
    from motcua.rules.calendar_batch import due_times_epoch

    cal = default_calendar()
    rng = np.random.default_rng(7)
    base = int(datetime(2025, 1, 1).timestamp())
    starts = base + rng.integers(0, 3 * 365 * 86400, size=n, dtype=np.int64)
    seconds = rng.integers(1, 30, size=n, dtype=np.int64) * 8 * 3600
    due_times_epoch(cal, starts[:1000], seconds[:1000])
    began = time.perf_counter()
    due_times_epoch(cal, starts, seconds)
    elapsed = time.perf_counter() - began
    return {"due_times": n, "due_times_per_s": round(n / elapsed)}


def _child(url: str, lifecycles: int, workers: int = 1) -> dict:
    env = {**os.environ, "MOTCUA_DATABASE_URL": url}
    out = subprocess.run([sys.executable, "-m", "motcua.benchmarks.engine", "--child", str(lifecycles), str(workers)],
                         env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-800:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(lifecycles: int = 2000, pg_workers: int = 4) -> dict:
    """SQLite with one process (it has one writer at a time); PostgreSQL with ``pg_workers``
    concurrent worker processes, as a server runs, and with a single client for comparison."""
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
        result["sqlite"] = _child(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", lifecycles)
    pg_url = os.environ.get("MOTCUA_BENCH_PG_URL")
    server = None
    if not pg_url:
        from motcua.testing import pgserver

        try:
            server = pgserver.start(durable=True)
            pg_url = server.create_database("bench")
        except pgserver.PostgresUnavailable as exc:
            result["postgresql"] = {"error": str(exc)}
    try:
        if pg_url:
            result["postgresql"] = _child(pg_url, lifecycles, pg_workers)
            if server:
                single = _child(server.create_database("bench_single"), lifecycles, 1)
                result["postgresql"]["single_client_lifecycles_per_s"] = single.get("lifecycles_per_s")
    finally:
        if server:
            server.stop()
    result.update(due_times_per_s())
    return result


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(run_backend(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        n = int(sys.argv[sys.argv.index("--lifecycles") + 1]) if "--lifecycles" in sys.argv else 2000
        w = int(sys.argv[sys.argv.index("--pg-workers") + 1]) if "--pg-workers" in sys.argv else 4
        print(json.dumps(main(n, w), ensure_ascii=False))
