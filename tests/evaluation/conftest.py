"""Evaluation tests use the shared Hà Nội world, a supervisor and an administrator of the centre,
four more processing officers at the commune People's Committee (UBND-HK), and — for the feeds —
birth registrations decided there in March 2026 and a programme whose tasks the commune leads."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from motcua.dossiers import services as dsv
from motcua.dossiers.models import Dossier
from motcua.evaluation import services as sv
from motcua.programmes.models import Programme, Task
from motcua.quality.services import record_rating
from motcua.rules.lifecycle import Role
from motcua.units.models import Official, Unit
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)
from tests.dossiers.scenario import at_counter, transfer, vn

MARCH = "2026-03"
NOW = vn(2026, 4, 3, 10, 0)


@pytest.fixture
def people(world):  # noqa: F811
    centre = Unit.objects.get(code="TTPVHCC")
    User = get_user_model()
    for username, unit, role in (("supervisor", centre, Role.SUPERVISOR), ("sysadmin", centre, Role.ADMIN)):
        user = User.objects.create(username=username)
        Official.objects.create(user=user, unit=unit, role=role.value)
        world.users[username] = user
    for n in range(2, 6):
        user = User.objects.create(username=f"commune_officer{n}", first_name=f"Cán bộ {n}", last_name="Nguyễn")
        Official.objects.create(user=user, unit=world.commune_ubnd, role=Role.PROCESSING.value)
        world.users[user.username] = user
    return world


def decided(world, received, decided_at, returned=None, assign=True):  # noqa: F811
    """A birth registration received at the branch on ``received``, transferred to the commune,
    assigned to ``commune_officer`` and decided by the commune chair on ``decided_at``."""
    d = transfer(world, at_counter(world, world.birth, received), received.replace(minute=30))
    chair = world.official("commune_chair", Role.LEADER)
    if assign:
        d = dsv.assign_dossier(d, chair, world.users["commune_officer"], now=received.replace(hour=14))
    d = dsv.decide_dossier(d, chair, now=decided_at)
    if returned:
        d = dsv.return_result(d, world.official("reception", Role.RECEPTION), now=returned)
    return d


@pytest.fixture
def handled(people):
    """Three dossiers decided at the commune in March 2026 (one late: a birth is due in 3 working
    days), one rated "not satisfied" and one "satisfied"; one decided in April (another period)."""
    w = people
    d1 = decided(w, vn(2026, 3, 2, 9), vn(2026, 3, 3, 10), returned=vn(2026, 3, 3, 15))
    d2 = decided(w, vn(2026, 3, 9, 9), vn(2026, 3, 10, 10), returned=vn(2026, 3, 10, 15))
    decided(w, vn(2026, 3, 16, 9), vn(2026, 3, 27, 10))  # late
    decided(w, vn(2026, 3, 30, 9), vn(2026, 4, 1, 10))  # April
    for d in (d1, d2):
        Dossier.objects.filter(pk=d.pk).update(applicant_user=w.users["citizen"])
    record_rating(w.users["citizen"], d1, {"overall": "dissatisfied"}, now=vn(2026, 3, 4, 9))
    record_rating(w.users["citizen"], d2, {"overall": "satisfied"}, now=vn(2026, 3, 11, 9))
    return w


@pytest.fixture
def programme(people):
    """Programme 01 with four tasks led by the commune, ``commune_officer`` responsible for three:
    done on time in March, done late in March (one failed appraisal), open and overdue since March,
    and one due in May (outside the period)."""
    w = people
    p = Programme.objects.create(code="CTR-01", number="01-CTr/TU", title="Chương trình 01", issuing_body="Thành ủy",
                                 issued_on=date(2021, 3, 17), period_start=date(2021, 3, 17),
                                 period_end=date(2026, 12, 31), standing_agency=w.justice)
    common = dict(programme=p, source_symbol="01-CTr/TU", product=Task.Product.PLAN, lead_unit=w.commune_ubnd,
                  assigned_on=date(2026, 1, 5))
    officer = w.users["commune_officer"]
    Task.objects.create(code="1", content="Kế hoạch A", officer=officer, deadline=date(2026, 3, 20),
                        completed_on=date(2026, 3, 18), progress=100, **common)
    Task.objects.create(code="2", content="Kế hoạch B", officer=officer, deadline=date(2026, 3, 10),
                        completed_on=date(2026, 3, 25), progress=100, failed_reviews=1, **common)
    Task.objects.create(code="3", content="Kế hoạch C", officer=officer, deadline=date(2026, 3, 31), progress=40,
                        **common)
    Task.objects.create(code="4", content="Kế hoạch D", deadline=date(2026, 5, 30), progress=10, **common)
    return p


FULL = {"politics": 6, "ethics": 6, "manner": 6, "discipline": 6, "capacity": 6}


def scored(world, username, general, assigned, completed, *, period=MARCH, delays=0):
    """The user's March sheet with ``general`` points and one manual product, computed."""
    sheet = sv.Sheet.objects.get(official=world.users[username], period=period)
    sv.set_general_points(sheet, general)
    sv.add_product(sheet, "Văn bản tham mưu", assigned, completed, delays=delays)
    return sv.compute_sheet(sheet, now=NOW)
