"""The demo's organisation part on a small organisation: heads, transfer posts and the deliberate
gaps a user finds on the review and rotation pages."""

import random
from datetime import datetime

import pytest

from motcua.demo.accounts import create_accounts
from motcua.demo.people import full_name
from motcua.rules.calendar import VN_TZ
from motcua.units.demo import build_demo
from motcua.units.models import Holding, Position, Unit
from motcua.units.review import report
from motcua.units.rotation_queries import rotation_list

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=VN_TZ)


@pytest.fixture
def small(world):
    centre = Unit.objects.get(code="TTPVHCC")
    agencies = [world.justice, world.construction, world.police, world.culture]
    rng = random.Random(3)

    def names():
        last, middle, given = full_name(rng)
        return f"{last} {middle}", given

    accounts = create_accounts([centre, world.branch], [*agencies, world.commune_ubnd], names, citizens=0)
    org = {"centre": centre, "agencies": agencies, "committees": [world.commune_ubnd], "branches": [world.branch],
           "communes": [world.commune], "branch_of": {}}
    return org, accounts


def test_the_demo_gives_the_review_and_the_rotation_list_something_to_find(small):
    org, accounts = small
    line = build_demo(7, NOW, org, accounts)
    assert line.startswith("Tổ chức bộ máy:") and "phát hiện" in line
    today = NOW.date()
    found = {g.kind: [x.subject for x in g.lines] for g in report(today).groups}
    assert found["function_orphaned"] == ["QLNN-XTDL Xúc tiến du lịch của thành phố"]
    assert [s.startswith("9.000001") for s in found["procedure_successor"]] == [True]
    assert found["unit_headless"] == ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"]
    assert len(found["acting_too_long"]) == 1 and len(found["multiple_positions"]) == 1
    assert found["position_vacant"] == [] and found["function_unassigned"] == []
    rows = rotation_list(today)
    statuses = {r.status for r in rows if r.kind == "transfer"}
    assert {"overdue", "due", "postponed", "exempt"} <= statuses
    assert any("nuôi con dưới 36 tháng" in r.reason for r in rows)
    assert any("dưới 18 tháng" in r.reason for r in rows)
    police = next(r for r in rows if r.kind == "leader" and r.unit_code == "CATP")
    assert police.status == "overdue"  # the police chief is in a second term
    leaders = Holding.objects.filter(position__is_head=True, user__username__startswith="lanhdao.").count()
    assert leaders == 5  # four agencies and the commune's People's Committee


def test_the_demo_is_deterministic_and_runs_once(small):
    org, accounts = small
    first = build_demo(7, NOW, org, accounts)
    positions = Position.objects.count()
    starts = sorted(Holding.objects.values_list("user__username", "start"))
    assert build_demo(7, NOW, org, accounts) == first and Position.objects.count() == positions
    assert sorted(Holding.objects.values_list("user__username", "start")) == starts
