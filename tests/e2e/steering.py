"""Set-up shared by the steering journeys (tests/e2e/test_steering_*.py): a small programme on the
shared Hà Nội world, written through the programme services on the days things happened, and
officials added to the world who can sign in through the form like the others.

Only the state *before* the journey is built here; every act the journey is about is made on the
pages."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from motcua.programmes import services as ps
from motcua.units.models import Official, Unit

from .conftest import vn

PROGRAMME_NUMBER = "01-CTr/TU"


def add_official(world, username: str, unit: Unit, role: str):
    """Another official of the world, with the e2e password (the same hash as the others) and no
    name recorded, so that the top bar greets them by their account name."""
    user = get_user_model().objects.create(username=username, password=world.users["reception"].password)
    Official.objects.create(user=user, unit=unit, role=role)
    world.users[username] = user
    return user


def programme(world, *, code: str = "CTR-E2E", start: date = date(2026, 1, 5), frequency: str = "monthly"):
    """Programme 01-CTr/TU of the city party committee, its standing agency the Department of
    Justice (whose head, ``justice_head``, steers it)."""
    return ps.create_programme(code=code, number=PROGRAMME_NUMBER, title="Cải cách hành chính, chuyển đổi số năm 2026",
                               issuing_body="Thành ủy Hà Nội", issued_on=start, period_start=start,
                               period_end=date(2026, 12, 31), standing_agency=world.justice,
                               report_frequency=frequency)


def task(world, prog, code: str, lead: Unit, content: str, *, deadline: date | None = None,
         assigned_on: date = date(2026, 1, 5), progress: int = 0, done: date | None = None, **extra):
    """A task assigned by the standing agency's head on ``assigned_on`` (and its later progress or
    completion, as the lead unit reported them)."""
    by = world.users["justice_head"]
    t = ps.add_task(prog, by=by, now=vn(assigned_on.year, assigned_on.month, assigned_on.day), code=code,
                    content=content, product="plan", lead_unit=lead, assigned_on=assigned_on, deadline=deadline,
                    source_symbol=PROGRAMME_NUMBER, source_issuer="Thành ủy Hà Nội", source_date=prog.issued_on,
                    **extra)
    if progress:
        t = ps.update_progress(t, by=by, now=vn(2026, 2, 2), progress=progress, version=t.version)
    if done:
        t = ps.complete_task(t, by=by, now=vn(done.year, done.month, done.day, 16), completed_on=done,
                             result_document=f"Kế hoạch số {code}/KH", version=t.version)
    return t


def watch_console(page) -> list[str]:
    """Collect what the browser refuses or fails on the page: console errors (a Content Security
    Policy refusal is one), uncaught script errors, static files answering 4xx/5xx."""
    problems: list[str] = []

    def console(message):
        where = (message.location or {}).get("url", "")
        if where.endswith("/favicon.ico"):  # the site has no icon: Chromium asks for one on every page
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{message.text} ({where})")

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and "/static/" in r.url else None)
    return problems
