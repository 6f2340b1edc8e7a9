"""Programme tests use the shared Hà Nội world: a programme whose standing agency is the justice
department (its head steers), tasks led by the construction and culture departments, and a clock
fixed at 1 June 2026."""

from datetime import date

import pytest

from motcua import timesource
from motcua.programmes import services as sv
from motcua.programmes.models import CommitteeMember
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)
from tests.dossiers.scenario import vn

NOW = vn(2026, 6, 1, 9, 0)
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def clock():
    timesource.set_provider(lambda: NOW)
    yield NOW
    timesource.set_provider(None)


@pytest.fixture
def programme(world):  # noqa: F811
    p = sv.create_programme(code="CTR-T", number="01-CTr/TU", title="Cải cách hành chính thử nghiệm",
                            issuing_body="Thành ủy Hà Nội", issued_on=date(2021, 3, 17), period_start=date(2021, 3, 17),
                            period_end=date(2026, 12, 31), standing_agency=world.justice)
    sv.add_member(p, name="Trưởng ban", role=CommitteeMember.Role.HEAD)
    sv.add_member(p, name="Trưởng phòng văn hóa", role=CommitteeMember.Role.MEMBER, user=world.users["culture_officer"])
    return p


def make_task(world, programme, code="1", lead=None, **over):  # noqa: F811
    fields = dict(code=code, content=f"Đề án cải cách số {code}", product="scheme", approver="peoples_committee",
                  lead_unit=lead or world.construction, assigned_on=date(2026, 1, 5), deadline=date(2026, 9, 30),
                  source_symbol="01-CTr/TU", source_issuer="Thành ủy Hà Nội")
    fields.update(over)
    return sv.add_task(programme, by=world.users["justice_head"], now=vn(2026, 1, 5), **fields)


@pytest.fixture
def task(world, programme):  # noqa: F811
    return make_task(world, programme)
