"""Web benchmark: the running app (production settings, granian or gunicorn, PostgreSQL) loaded over loopback.

    python bench/web.py [--dossiers 1000000] [--reuse-dir DIR | --database-url URL]
                        [--endpoints worklist,search,dossier,api,lookup] [--seconds 10]
                        [--clients 1,16] [--server granian|gunicorn] [--workers N] [--threads 1]
                        (or: ./run bench-web …)

1. PostgreSQL: ``--database-url`` if given, else a local cluster started as the ``postgres``
   user on a free loopback port: throwaway (deleted at the end), or kept in ``--reuse-dir DIR``
   (created on first use; the next run with the same DIR finds the seeded data and skips
   seeding; ``rm -rf DIR`` to start over). The cluster loads with fsync off, then restarts durable.
2. Migrates, then seeds (``motcua.benchmarks.seed_web``) until there are ``--dossiers`` dossiers.
3. Starts the server (MOTCUA_DEBUG=0, a secret key, persistent connections): granian's WSGI
   interface by default (its HTTP handling is Rust, not Python; side by side with gunicorn's 4
   sync workers it served 451 against 327, then 477 against 429 lookups a second at 16 clients,
   the other pages within the machine's noise), or gunicorn; and, per endpoint,
   warms it up, then drives it with 1 and with 16 concurrent clients, each a separate process
   with a keep-alive connection and a lean HTTP/1.1 reader (``_Connection``: the load competes with
   the server for the same two cores). Requests vary the unit, dossier, code and search words.
4. Prints one JSON document: per endpoint and concurrency, requests, errors (any status other
   than 200, by status), requests/s and p50/p95/p99 latency in ms, and whether the targets hold.
   Figures are valid only with zero errors. Progress goes to stderr.

Endpoints (``--endpoints``): worklist, search, dossier, api, lookup are the five pages the
targets are for; api_search, api_events and admin_login are stand-ins that exist already.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

TARGETS = {"c1_p50_ms": 15, "c1_p95_ms": 40, "c16_rps": 200, "c16_p95_ms": 150, "lookup_c16_rps": 1000}
SEARCH_WORDS = ["nguyen van", "tran thi", "le minh", "pham", "hoang duc", "vu thanh", "dang ngoc", "bui thu",
                "do quang", "ngo huu", "duong xuan", "ly hoai", "dinh kim", "dao bao", "trinh", "mai van",
                "nguyen thi lan", "tran van", "le thi", "pham van"]


def _worklist(s, r):
    code, session, _token = s.unit(r)
    return f"/can-bo/?unit={code}", session


def _search(s, r):
    code, session, _token = s.unit(r)
    return f"/can-bo/?unit={code}&q={quote_plus(r.choice(SEARCH_WORDS))}", session


def _dossier(s, r):
    (_code, session, _token), pk, _dossier_code = s.dossier(r)
    return f"/can-bo/ho-so/{pk}/", session


def _api(s, r):
    code, _session, token = s.unit(r)
    return f"/api/v1/dossiers?unit={code}&per_page=25", token


def _lookup(s, r):
    code, last4 = s.lookup(r)
    return f"/tra-cuu/?code={quote_plus(code)}&last4={last4}", None


def _api_search(s, r):
    code, _session, token = s.unit(r)
    return f"/api/v1/dossiers?unit={code}&per_page=25&q={quote_plus(r.choice(SEARCH_WORDS))}", token


def _api_events(s, r):
    (_code, _session, token), _pk, dossier_code = s.dossier(r)
    return f"/api/v1/dossiers/{dossier_code}/events", token


ENDPOINTS = {  # name -> (how the client signs in, one request: (path, session key or token))
    "worklist": ("session", _worklist), "search": ("session", _search), "dossier": ("session", _dossier),
    "api": ("token", _api), "lookup": ("none", _lookup), "api_search": ("token", _api_search),
    "api_events": ("token", _api_events), "admin_login": ("none", lambda s, r: ("/admin/login/", None)),
}
DEFAULT_ENDPOINTS = "worklist,search,dossier,api,lookup"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- PostgreSQL ----------------------------------------------------------------------------------

class Cluster:
    """A local PostgreSQL cluster in ``root``; kept on stop when ``keep``."""

    def __init__(self, root: Path, keep: bool):
        from motcua.testing import pgserver

        self.root, self.keep, self.data = root, keep, root / "data"
        self.bin = pgserver.find_bin_dir()
        self.port = pgserver._free_port()
        self.server = pgserver.PgServer(self.data, self.port, self.bin, os.geteuid() == 0)

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        return self.server._run(str(self.bin / "pg_ctl"), "-D", str(self.data), *args)

    def start(self, loading: bool) -> None:
        from motcua.testing.pgserver import PostgresUnavailable

        self.root.mkdir(parents=True, exist_ok=True)
        if self.server._as_postgres:
            shutil.chown(self.root, "postgres")
        if (self.data / "postmaster.pid").exists() and self._pg_ctl("status").returncode == 0:
            self._pg_ctl("-m", "fast", "-w", "stop")  # left running by an interrupted run
        if not (self.data / "PG_VERSION").exists():
            init = self.server._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                                    "-E", "UTF8", "--locale=C.UTF-8")
            if init.returncode != 0:
                raise PostgresUnavailable(init.stderr.strip()[-500:])
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.root} "
                "-c max_connections=100 -c shared_buffers=1GB -c max_wal_size=4GB -c checkpoint_timeout=30min")
        if loading:  # bulk load only: a crash now loses the data, which the next run seeds again
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off"
        started = self._pg_ctl("-o", opts, "-l", str(self.root / "log"), "-w", "-t", "120", "start")
        if started.returncode != 0:
            raise PostgresUnavailable(started.stderr.strip()[-500:] + (self.root / "log").read_text()[-800:])

    def restart(self, loading: bool) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")
        self.start(loading)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self) -> str:
        return self.server.create_database("motcua_bench")


# -- samples: who asks for what ------------------------------------------------------------------

class Samples:
    """Units with a signed-in official (session cookie, API token) and dossiers they may open."""

    def __init__(self, units: list, dossiers: list, lookups: list):
        self.units, self.dossiers, self.lookups = units, dossiers, lookups

    def unit(self, rng):  # (code, session key, token)
        return self.units[rng.randrange(len(self.units))]

    def dossier(self, rng):  # ((unit code, session key, token) of a unit that may open it, pk, code)
        return self.dossiers[rng.randrange(len(self.dossiers))]

    def lookup(self, rng):  # (code, last 4 digits of the applicant's ID number)
        return self.lookups[rng.randrange(len(self.lookups))]


def build_samples(rng: random.Random, units_wanted: int = 40) -> Samples:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from motcua.accounts.services import issue_api_token
    from motcua.dossiers.models import Dossier
    from motcua.rules.lifecycle import Role
    from motcua.units.models import Official, Unit

    preferred = {Role.LEADER.value: 0, Role.PROCESSING.value: 1, Role.RECEPTION.value: 2}
    official_of = {}
    for post in Official.objects.select_related("user", "unit").filter(role__in=list(preferred)):
        best = official_of.get(post.unit_id)
        if best is None or preferred[post.role] < preferred[best.role]:
            official_of[post.unit_id] = post
    kinds = {Unit.Kind.PEOPLES_COMMITTEE: 0.5, Unit.Kind.BRANCH: 0.2}  # the rest: departments and agencies
    by_kind: dict[str, list] = {}
    for post in official_of.values():
        by_kind.setdefault(post.unit.kind if post.unit.kind in kinds else "other", []).append(post)
    chosen = []
    for kind, posts in sorted(by_kind.items()):
        posts.sort(key=lambda p: p.unit.code)
        chosen += rng.sample(posts, min(len(posts), max(1, round(units_wanted * kinds.get(kind, 0.3)))))
    units = []
    for post in chosen:
        session = SessionStore()
        session[SESSION_KEY] = str(post.user.pk)
        session[BACKEND_SESSION_KEY] = "motcua.accounts.backends.LockoutBackend"
        session[HASH_SESSION_KEY] = post.user.get_session_auth_hash()
        session.create()
        units.append((post.unit.code, session.session_key, issue_api_token(post.user, "bench")))
    index = {post.unit_id: i for i, post in enumerate(chosen)}
    with connection.cursor() as cur:
        cur.execute(f'SELECT MIN(id), MAX(id) FROM "{Dossier._meta.db_table}"')
        low, high = cur.fetchone()
    picks = [rng.randint(low, high) for _ in range(20_000)]
    rows = Dossier.objects.filter(pk__in=picks).values_list("pk", "code", "applicant_id_number", "receiving_unit_id",
                                                            "competent_unit_id", "holder_unit_id")
    dossiers, lookups = [], []
    for pk, code, id_number, *unit_ids in rows:
        if code and id_number:
            lookups.append((code, id_number[-4:]))
        seen = [index[u] for u in unit_ids if u in index]
        if seen and code:
            dossiers.append((seen[0], pk, code))
    dossiers = [(units[i], pk, code) for i, pk, code in dossiers]
    return Samples(units, dossiers, lookups)


# -- the server ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, server: str, workers: int, threads: int, log_path: Path) -> subprocess.Popen:
    if server == "granian":
        cmd = [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--blocking-threads", str(threads), "--backlog", "2048", "--no-ws",
               "--log-level", "warning", "motcua.config.wsgi:application"]
    else:
        cmd = [sys.executable, "-m", "gunicorn", "motcua.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--backlog", "2048", "--keep-alive", "30",
               "--worker-class", "gthread" if threads > 1 else "sync", "--error-logfile", str(log_path),
               "--log-level", "warning"]
    with open(log_path, "ab") as log_file:  # granian logs to stderr; gunicorn to the file itself
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{server} exited: {log_path.read_text()[-2000:]}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/admin/login/")
            if conn.getresponse().status:
                conn.close()
                return proc
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"{server} did not answer within 90 s")


# -- the load ------------------------------------------------------------------------------------

class _Connection:
    """A keep-alive HTTP/1.1 connection that sends ready-made requests and reads each answer's
    status and body (by Content-Length, or chunked). ``http.client`` parses every header through
    ``email.parser``: 16 such clients took about 0.6 ms of the two cores' time per request, CPU
    the server under test then lacked; this takes a fraction of it."""

    def __init__(self, port: int):
        self.port, self.sock, self.buffer = port, None, b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def _more(self) -> None:
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("closed by the server")
        self.buffer += chunk

    def _take(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._more()
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _line(self) -> bytes:
        while (end := self.buffer.find(b"\r\n")) < 0:
            self._more()
        out, self.buffer = self.buffer[:end], self.buffer[end + 2:]
        return out

    def request(self, raw: bytes) -> int:
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(raw)
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._more()
        head, self.buffer = self.buffer[:end].lower(), self.buffer[end + 4:]
        status = int(head[9:12])
        at = head.find(b"\r\ncontent-length:")
        if at >= 0:
            stop = head.find(b"\r\n", at + 2)
            self._take(int(head[at + 17:stop if stop >= 0 else len(head)]))
        elif b"\r\ntransfer-encoding: chunked" in head:
            while size := int(self._line().split(b";")[0], 16):
                self._take(size + 2)
            while self._line():  # trailers, then the empty line
                pass
        else:
            raise http.client.HTTPException("an answer without its length")
        if b"\r\nconnection: close" in head:
            self.close()
        return status


def _raw(path: str, headers: dict) -> bytes:
    lines = [f"GET {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _client(port: int, requests: list, warmup: float, seconds: float, barrier, results) -> None:
    """One client: sequential requests over one keep-alive connection; reports its latencies."""
    conn = _Connection(port)
    raws = [_raw(path, headers) for path, headers in requests]
    latencies, errors, n = [], {}, 0

    def one(raw):
        for attempt in (0, 1):
            try:
                return conn.request(raw)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                conn.close()
                if attempt:
                    return type(exc).__name__
        return None

    try:
        barrier.wait(timeout=120)
        end_warmup = time.perf_counter() + warmup
        while time.perf_counter() < end_warmup:
            one(raws[n % len(raws)])
            n += 1
        barrier.wait(timeout=120)
        began = time.perf_counter()
        end = began + seconds
        while (t0 := time.perf_counter()) < end:
            status = one(raws[n % len(raws)])
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                errors[str(status)] = errors.get(str(status), 0) + 1
            n += 1
        results.put((latencies, errors, began, time.perf_counter()))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        results.put(([], {repr(exc): 1}, 0.0, 0.0))


def _percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def drive(port: int, endpoint: str, samples: Samples, clients: int, warmup: float, seconds: float,
          seed: int) -> dict:
    auth, make_path = ENDPOINTS[endpoint]
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(clients), ctx.Queue()
    procs = []
    for c in range(clients):
        rng = random.Random(seed * 100 + c)
        requests = []
        for _ in range(3000):
            path, credential = make_path(samples, rng)
            headers = {"Host": "127.0.0.1"}
            if auth == "token":
                headers["Authorization"] = f"Bearer {credential}"
            elif auth == "session":
                headers["Cookie"] = f"sessionid={credential}"
            requests.append((path, headers))
        procs.append(ctx.Process(target=_client, args=(port, requests, warmup, seconds, barrier, results)))
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=warmup + seconds + 300) for _ in procs]
    for proc in procs:
        proc.join()
    latencies = sorted(x for lat, _e, _b, _f in outcomes for x in lat)
    errors: dict[str, int] = {}
    for _lat, errs, _b, _f in outcomes:
        for k, v in errs.items():
            errors[k] = errors.get(k, 0) + v
    began = min((b for _l, _e, b, _f in outcomes if b), default=0.0)
    finished = max((f for _l, _e, _b, f in outcomes), default=0.0)
    elapsed = max(finished - began, 1e-9)
    return {"clients": clients, "requests": len(latencies), "errors": sum(errors.values()), "error_kinds": errors,
            "seconds": round(elapsed, 2), "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(_percentile(latencies, 50) * 1000, 2), "p95_ms": round(_percentile(latencies, 95) * 1000, 2),
            "p99_ms": round(_percentile(latencies, 99) * 1000, 2)}


def verdict(endpoint: str, figures: dict) -> dict:
    out = {}
    one, many = figures.get("c1"), figures.get("c16")
    if one:
        out["c1"] = one["errors"] == 0 and one["p50_ms"] <= TARGETS["c1_p50_ms"] and one["p95_ms"] <= TARGETS["c1_p95_ms"]
    if many:
        rps = TARGETS["lookup_c16_rps"] if endpoint == "lookup" else TARGETS["c16_rps"]
        out["c16"] = many["errors"] == 0 and many["rps"] >= rps and many["p95_ms"] <= TARGETS["c16_p95_ms"]
    return out


# -- the whole run -------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dossiers", type=int, default=1_000_000)
    p.add_argument("--database-url", default=os.environ.get("MOTCUA_BENCH_PG_URL"))
    p.add_argument("--reuse-dir", type=Path, help="keep the seeded PostgreSQL cluster here between runs")
    p.add_argument("--endpoints", default=DEFAULT_ENDPOINTS)
    p.add_argument("--clients", default="1,16")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--server", choices=("granian", "gunicorn"), default="granian")
    p.add_argument("--workers", type=int, help="worker processes (default: granian 2, gunicorn 4 sync workers: "
                                               "measured best on 2 cores)")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (granian: blocking threads; gunicorn >1: gthread workers)")
    p.add_argument("--seed-workers", type=int, default=2)
    p.add_argument("--seed-only", action="store_true", help="seed, print the seeding figures, stop")
    args = p.parse_args(argv)
    endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    unknown = [e for e in endpoints if e not in ENDPOINTS]
    if unknown:
        p.error(f"unknown endpoints {unknown}; known: {', '.join(ENDPOINTS)}")

    secret = secrets.token_urlsafe(40)
    os.environ.update(MOTCUA_DEBUG="0", MOTCUA_SECRET_KEY=secret, MOTCUA_INSECURE_COOKIES="1",
                      DJANGO_SETTINGS_MODULE="motcua.config.settings", MOTCUA_ALLOWED_HOSTS="127.0.0.1,localhost")
    cluster, server, log_path, result = None, None, None, {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    try:
        url = args.database_url
        if not url:
            root = args.reuse_dir.resolve() if args.reuse_dir else Path(tempfile.mkdtemp(prefix="motcua-webbench-"))
            cluster = Cluster(root, keep=bool(args.reuse_dir))
            cluster.start(loading=True)
            url = cluster.url()
        os.environ["MOTCUA_DATABASE_URL"] = url
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from motcua.benchmarks.seed_web import database_size, seed

        call_command("migrate", verbosity=0, interactive=False)
        result["seeding"] = seed(args.dossiers, workers=args.seed_workers)
        result["database"] = database_size()
        log(f"seeding: {json.dumps(result['seeding'])}")
        if args.seed_only:
            return result
        if cluster:  # measure on a durable server, as in production
            connections.close_all()
            cluster.restart(loading=False)
        samples = build_samples(random.Random(7))
        connections.close_all()
        port = free_port()
        env = {**os.environ, "MOTCUA_CONN_MAX_AGE": "600"}
        log_path = Path(tempfile.mkstemp(prefix=f"motcua-{args.server}-", suffix=".log")[1])
        workers = args.workers or (2 if args.server == "granian" else 4)
        server = start_server(env, port, args.server, workers, args.threads, log_path)
        result["server"] = {"server": args.server, "workers": workers, "threads": args.threads, "conn_max_age": 600,
                            **({"worker_class": "gthread" if args.threads > 1 else "sync"}
                               if args.server == "gunicorn" else {})}
        result["endpoints"] = {}
        for n, endpoint in enumerate(endpoints):
            figures = {}
            for clients in (int(c) for c in args.clients.split(",")):
                log(f"{endpoint}: {clients} client(s), {args.seconds:g} s …")
                figures[f"c{clients}"] = drive(port, endpoint, samples, clients, args.warmup, args.seconds, seed=n)
                log(f"  {json.dumps(figures[f'c{clients}'])}")
            example = ENDPOINTS[endpoint][1](samples, random.Random(1))[0]
            result["endpoints"][endpoint] = {"example": example, **figures, "meets_targets": verdict(endpoint, figures)}
        result["targets"] = TARGETS
        result["load_average_at_end"] = os.getloadavg()  # other work on the machine skews the figures
        return result
    finally:
        if server is not None:
            server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=30)
            if server.poll() is None:
                server.kill()
        if log_path is not None and log_path.exists():
            errors = log_path.read_text(errors="replace").strip()
            if errors:
                result["server_log_tail"] = errors[-2000:]  # server-side errors, if any
            log_path.unlink()
        if cluster is not None:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            cluster.stop()


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, indent=1))
