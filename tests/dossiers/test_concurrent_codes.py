"""Dossier codes under concurrent receptions (Decree 118/2025 Art. 28: the system generates one
code per accepted dossier, used by every agency and the applicant; one-stop.md §4.2: an atomic
per-unit, per-day counter, codes never reused).

Several reception officers at the same unit receive at the same moment: every dossier gets a
distinct code and the day's numbers run 1..N without a gap.

- PostgreSQL: 8 threads in the test process, on the test database.
- SQLite: 4 threads. pytest-django's SQLite test database is in memory with a shared cache,
  where a writer meets «database table is locked» at once (the busy timeout does not apply to
  shared-cache table locks), so that database cannot show what production does. The SQLite run
  therefore uses a database file in the production configuration (WAL, BEGIN IMMEDIATE, 20 s busy
  timeout), in a child process (``concurrency_worker``).
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from motcua.dossiers.models import Dossier, DossierCodeCounter
from motcua.rules.lifecycle import State

from .scenario import receive_in_threads, vn

PER_THREAD = 10
IDENTIFIER = "000.00.70.H26"
ROOT = Path(__file__).resolve().parents[2]


def _check(codes, counters, stored, total):
    assert len(codes) == len(set(codes)) == total
    assert all(c.startswith(f"{IDENTIFIER}-260309-") for c in codes)
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, total + 1))
    assert [(i, str(d), n) for i, d, n in counters] == [(IDENTIFIER, "2026-03-09", total)]
    assert sorted(c for c, _ in stored) == sorted(codes)
    assert {s for _, s in stored} == {State.RECEIVED}


@pytest.mark.django_db(transaction=True)
def test_codes_are_unique_and_gap_free_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (python -m motcua.testing.suite); SQLite is covered by the file-based test")
    threads = 8
    codes, errors, alive = receive_in_threads(world, threads, PER_THREAD)
    assert alive == 0
    assert errors == []
    _check(codes, DossierCodeCounter.objects.values_list("identifier", "day", "last"),
           Dossier.objects.values_list("code", "state"), threads * PER_THREAD)


@pytest.mark.django_db(transaction=True)
def test_the_same_dossier_is_received_once_on_postgresql(world):
    """Eight officers press «Tiếp nhận» on the same online filing at once: one receipt, one code;
    the others are refused and use up no number."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (python -m motcua.testing.suite)")
    from motcua.dossiers import services as sv
    from motcua.rules.lifecycle import ActRefused, Role

    from .scenario import file_online

    pk = file_online(world, world.birth, vn(2026, 3, 9, 8, 0)).pk
    officer = world.official("reception", Role.RECEPTION)
    threads = 8
    start = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            start.wait(timeout=30)
            row = sv.receive_dossier(Dossier.objects.get(pk=pk), officer, now=vn(2026, 3, 9, 9, 0))
            result = row.code
        except ActRefused as exc:
            result = exc.code
        except BaseException as exc:  # noqa: BLE001 - reported below
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)

    assert sorted(outcomes) == sorted([f"{IDENTIFIER}-260309-0001"] + ["wrong_state"] * (threads - 1))
    row = Dossier.objects.get(pk=pk)
    assert (row.code, row.event_count) == (f"{IDENTIFIER}-260309-0001", 2)
    assert DossierCodeCounter.objects.get(identifier=IDENTIFIER).last == 1


@pytest.mark.one_backend("sqlite")  # its own SQLite file, whatever the pass
def test_codes_are_unique_and_gap_free_on_a_sqlite_file(tmp_path):
    threads = 4
    env = {**os.environ, "MOTCUA_DATABASE_URL": f"sqlite:///{tmp_path / 'motcua.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "motcua.config.settings"}
    done = subprocess.run([sys.executable, "-m", "tests.dossiers.concurrency_worker", str(threads), str(PER_THREAD)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["vendor"] == "sqlite"
    assert result["alive"] == 0
    assert result["errors"] == []
    _check(result["codes"], result["counters"], result["stored"], threads * PER_THREAD)
