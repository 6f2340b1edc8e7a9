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


def main(threads: int, per_thread: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)

    from motcua.dossiers.models import Dossier, DossierCodeCounter
    from tests.dossiers.conftest import build_world
    from tests.dossiers.scenario import receive_in_threads

    world = build_world()
    connections.close_all()
    codes, errors, alive = receive_in_threads(world, threads, per_thread)
    return {
        "vendor": connections["default"].vendor,
        "alive": alive,
        "codes": codes,
        "errors": errors,
        "counters": list(DossierCodeCounter.objects.values_list("identifier", "day", "last")),
        "stored": list(Dossier.objects.values_list("code", "state")),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2])), default=str))
