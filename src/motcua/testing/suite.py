"""Run the whole test suite: once on SQLite, and once more on a throwaway PostgreSQL 15 server
for every test that touches the database. Both runs go side by side (2 processes).

    python -m motcua.testing.suite [extra pytest arguments]

With CI=true, a backend that cannot run (no PostgreSQL) is a failure, not a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from motcua.testing import pgserver


def _pytest(label: str, env: dict, args: list[str], log: Path) -> subprocess.Popen:
    print(f"[{label}] pytest {' '.join(args)}", flush=True)
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *args], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def main(argv: list[str]) -> int:
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    logs = Path(tempfile.mkdtemp(prefix="motcua-tests-"))
    started = time.monotonic()
    runs: list[tuple[str, subprocess.Popen, Path]] = []

    sqlite_env = {**os.environ, "MOTCUA_TEST_BACKEND": "sqlite"}
    sqlite_env.pop("MOTCUA_DATABASE_URL", None)
    runs.append(("sqlite", _pytest("sqlite", sqlite_env, argv, logs / "sqlite.log"), logs / "sqlite.log"))

    server = None
    pg_failure = ""
    try:
        server = pgserver.start(durable=False)
    except pgserver.PostgresUnavailable as exc:
        pg_failure = str(exc)
    if server:
        pg_env = {**os.environ, "MOTCUA_TEST_BACKEND": "postgresql", "MOTCUA_DATABASE_URL": server.url}
        pg_args = ["-m", "not nodb", *argv]
        runs.append(("postgresql", _pytest("postgresql", pg_env, pg_args, logs / "postgresql.log"), logs / "postgresql.log"))

    status = 0
    try:
        for label, proc, log in runs:
            code = proc.wait()
            print(f"\n===== {label} =====", flush=True)
            sys.stdout.write(log.read_text(errors="replace"))
            sys.stdout.flush()
            if code not in (0,):
                status = status or code
    finally:
        if server:
            server.stop()

    if pg_failure:
        print(f"\nPostgreSQL: {pg_failure}", flush=True)
        if ci:
            print("CI=true: bộ kiểm thử PostgreSQL không chạy được — tính là thất bại.", flush=True)
            status = status or 1
        else:
            print("Bỏ qua lượt PostgreSQL (không phải CI).", flush=True)
    print(f"\nTổng thời gian: {time.monotonic() - started:.0f} s", flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
