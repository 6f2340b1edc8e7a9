"""Shared steps for the dossier scenarios: building a dossier up to a given state through the
services (never by writing rows), reading it back, and proving that a refused act changed
nothing in the database."""

from __future__ import annotations

from datetime import datetime

import pytest

from motcua.dossiers import services as sv
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierTask
from motcua.rules.calendar import VN_TZ
from motcua.rules.dossier import DossierRecord, from_json
from motcua.rules.lifecycle import ActRefused, Role


def reads(captured) -> list[dict]:
    """The statements a ``CaptureQueriesContext`` saw, less the plan mode PostgreSQL's SQL
    worklist sets and resets around each of its statements (``worklist_sql._run``)."""
    return [q for q in captured.captured_queries if not q["sql"].startswith(("SET plan_cache_mode", "RESET plan_cache_mode"))]


def vn(y, m, d, hh=9, mm=0) -> datetime:
    """A moment in Hà Nội time (same as the conftest's ``vn``)."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def local(moment: datetime | None) -> datetime | None:
    """A stored moment (UTC from the database, or an ISO string) in Hà Nội time."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(VN_TZ)


# -- reading ------------------------------------------------------------------------------------

def fresh(dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk if isinstance(dossier, Dossier) else dossier)


def record(dossier) -> DossierRecord:
    return from_json(fresh(dossier).snapshot)


def acts(dossier) -> list[str]:
    return list(DossierEvent.objects.filter(dossier_id=fresh(dossier).pk).order_by("seq").values_list("act", flat=True))


def last_event(dossier, act: str | None = None) -> DossierEvent:
    rows = DossierEvent.objects.filter(dossier_id=fresh(dossier).pk)
    if act is not None:
        rows = rows.filter(act=act)
    return rows.order_by("-seq").first()


def counters() -> dict[tuple[str, str], int]:
    return {(c.identifier, c.day.isoformat()): c.last for c in DossierCodeCounter.objects.all()}


def db_state() -> dict:
    """Every row a dossier act may write: dossiers, their logs, tasks and the code counters."""
    return {
        "dossiers": list(Dossier.objects.order_by("pk").values()),
        "events": list(DossierEvent.objects.order_by("pk").values()),
        "tasks": list(DossierTask.objects.order_by("pk").values()),
        "counters": list(DossierCodeCounter.objects.order_by("pk").values()),
    }


def refused(act, code: str, message: str | None = None, *, contains: str | None = None) -> ActRefused:
    """Run ``act`` (a no-argument callable), expect ``ActRefused`` with ``code`` and prove that
    nothing changed: same rows everywhere (event_count, snapshot, log, tasks, code counters)."""
    before = db_state()
    with pytest.raises(ActRefused) as info:
        act()
    error = info.value
    assert error.code == code, f"{error.code}: {error.message}"
    if message is not None:
        assert error.message == message
    if contains is not None:
        assert contains in error.message
    assert db_state() == before
    return error


# -- building -----------------------------------------------------------------------------------

def file_online(world, version=None, at=None, *, channel="online", citizen="citizen") -> Dossier:
    """An online filing by the citizen at the branch (the Cổng DVCQG hands it to the branch)."""
    return sv.file_dossier(
        actor=world.citizen(citizen), version=version or world.birth, receiving_unit=world.branch,
        applicant=world.applicant(user=world.users[citizen]), channel=channel, area=world.commune,
        now=at or vn(2026, 3, 2, 8, 30),
    )


def file_at_counter(world, version=None, at=None, *, officer="reception") -> Dossier:
    """A paper dossier entered at the counter but not yet accepted (the check is still open)."""
    return sv.file_dossier(
        actor=world.official(officer, Role.RECEPTION), version=version or world.birth, receiving_unit=world.branch,
        applicant=world.applicant(), channel="counter", area=world.commune, now=at or vn(2026, 3, 2, 8, 30),
    )


def at_counter(world, version=None, at=None, *, officer="reception", channel="counter") -> Dossier:
    """A complete paper dossier received at the branch counter (filed and received in one go)."""
    return sv.receive_at_counter(
        actor=world.official(officer, Role.RECEPTION), version=version or world.birth, receiving_unit=world.branch,
        applicant=world.applicant(), channel=channel, area=world.commune, now=at or vn(2026, 3, 2, 9, 0),
    )


def receive(world, dossier, at, officer="reception") -> Dossier:
    return sv.receive_dossier(dossier, world.official(officer, Role.RECEPTION), now=at)


def transfer(world, dossier, at, officer="reception") -> Dossier:
    return sv.transfer_dossier(dossier, world.official(officer, Role.RECEPTION), now=at)


def received_online(world, version=None, *, filed=None, received=None) -> Dossier:
    d = file_online(world, version, filed or vn(2026, 3, 2, 8, 30))
    return receive(world, d, received or vn(2026, 3, 2, 9, 0))


def processing_online(world, version=None, *, filed=None, received=None, transferred=None) -> Dossier:
    d = received_online(world, version, filed=filed, received=received)
    return transfer(world, d, transferred or vn(2026, 3, 2, 10, 0))


LEADERS = {"birth": "commune_chair", "copy": "commune_chair", "permit": "builder_head", "karaoke": "culture_head"}
OFFICERS = {"birth": "commune_officer", "copy": "commune_officer", "permit": "builder", "karaoke": "culture_officer"}


def leader(world, name: str):
    return world.official(LEADERS[name], Role.LEADER)


def officer(world, name: str):
    return world.official(OFFICERS[name], Role.PROCESSING)


def receive_in_threads(world, threads: int, per_thread: int) -> tuple[list[str], list[str], int]:
    """``threads`` reception officers each receive ``per_thread`` birth registrations at the branch
    counter at the same moment. Returns (codes, errors, threads still alive)."""
    import threading
    from datetime import timedelta

    from django.db import connections

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
        except BaseException as exc:  # noqa: BLE001 - reported to the caller
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=300)
    return codes, errors, sum(t.is_alive() for t in pool)
