"""Concurrent receptions against a real database file, outside pytest's in-memory test database.

    MOTCUA_DATABASE_URL=sqlite:////tmp/x/db.sqlite3 python -m tests.dossiers.concurrency_worker THREADS PER_THREAD

Migrates the (empty) database, builds the scenario world, lets THREADS threads receive PER_THREAD
birth registrations each at the branch counter at the same moment, and prints a JSON summary.
Used by ``test_concurrent_codes`` on SQLite: the production configuration (a file in WAL mode,
BEGIN IMMEDIATE, 20 s busy timeout) is what must serialise the writers.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from datetime import timedelta


def main(threads: int, per_thread: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)

    from motcua.dossiers.models import Dossier, DossierCodeCounter
    from tests.dossiers.conftest import build_world
    from tests.dossiers.scenario import at_counter, vn

    world = build_world()
    connections.close_all()
    start = threading.Barrier(threads)
    codes: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        try:
            start.wait(timeout=30)
            for k in range(per_thread):
                row = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0) + timedelta(seconds=n * 100 + k))
                with lock:
                    codes.append(row.code)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=300)
    return {
        "vendor": connections["default"].vendor,
        "alive": sum(t.is_alive() for t in pool),
        "codes": codes,
        "errors": errors,
        "counters": list(DossierCodeCounter.objects.values_list("identifier", "day", "last")),
        "stored": list(Dossier.objects.values_list("code", "state")),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2])), default=str))
