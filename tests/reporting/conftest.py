"""Reporting tests use the shared Hà Nội world and a monthly programme of 2026 whose standing agency
is the Department of Justice (its head, ``justice_head``, steers), with one committee member who
has an account (``committee``, no post) and five tasks:

1  construction (officer ``builder``), assigned 5 Jan, deadline 30 Apr
2  construction, no deadline
3  culture (officer ``culture_officer``, leader ``culture_head``), deadline 20 Mar
4  police, done 20 Jan (so the police owe January's report only)
5  the commune's People's Committee, assigned 10 Mar (owes from March)
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from motcua.programmes import services as ps
from motcua.programmes.models import Task
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)
from tests.dossiers.scenario import vn


@pytest.fixture
def programme(world):  # noqa: F811
    for name, user in world.users.items():
        user.email = f"{name}@hanoi.gov.vn"
        user.save(update_fields=["email"])
    world.users["committee"] = get_user_model().objects.create(username="committee", email="bcd@hanoi.gov.vn")
    prog = ps.create_programme(code="CTR-T", number="01-CTr/TU", title="Cải cách hành chính (thử)",
                               issuing_body="Thành ủy Hà Nội", issued_on=date(2025, 12, 20),
                               period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                               standing_agency=world.justice, report_frequency="monthly")
    ps.add_member(prog, name="Trưởng ban", role="head", user=world.users["committee"])
    at, by = vn(2026, 1, 5), world.users["justice_head"]

    def task(code, unit, **kw):
        kw.setdefault("assigned_on", date(2026, 1, 5))
        return ps.add_task(prog, by=by, now=at, code=code, source_symbol="01-CTr/TU", content=f"Nhiệm vụ {code}",
                           product=Task.Product.PLAN, lead_unit=unit, **kw)

    prog.t = {
        "1": task("1", world.construction, deadline=date(2026, 4, 30), officer=world.users["builder"], progress=20),
        "2": task("2", world.construction),
        "3": task("3", world.culture, deadline=date(2026, 3, 20), officer=world.users["culture_officer"],
                  leader=world.users["culture_head"], progress=40),
        "4": task("4", world.police, deadline=date(2026, 2, 28)),
        "5": task("5", world.commune_ubnd, assigned_on=date(2026, 3, 10), deadline=date(2026, 9, 30)),
    }
    ps.complete_task(prog.t["4"], by=by, now=vn(2026, 1, 20), completed_on=date(2026, 1, 20),
                     result_document="Kế hoạch 12/KH-CAHN", version=None)
    prog.t["4"].refresh_from_db()
    prog.world = world
    return prog


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
