"""The demo programme: "01-CTr/TU" with its committee and 34 tasks across 11 lead units in every
status class — exactly two finished well before their deadlines, some late, overdue and at risk —
with history and extension requests approved, refused and pending; the same for the same seed,
made once; its pages open."""

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.demo.accounts import Accounts
from motcua.programmes.demo import build_demo
from motcua.programmes.models import ExtensionRequest, Programme, Task, TaskChange
from motcua.programmes.queries import task_rows
from motcua.rules.lifecycle import Role
from motcua.units.models import Official, Unit
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db
NOW = vn(2026, 11, 20, 10, 0)


@pytest.fixture
def demo_org(world):
    centre = Unit.objects.get(code="TTPVHCC")
    supervisor = get_user_model().objects.create(username="giamsat", first_name="Hà", last_name="Lê Thu")
    Official.objects.create(user=supervisor, unit=centre, role=Role.SUPERVISOR.value)
    agencies = [world.justice, world.construction, world.police, world.culture]
    accounts = Accounts(password="x", leaders={world.construction.pk: world.users["builder_head"],
                                               world.culture.pk: world.users["culture_head"]},
                        officers={world.construction.pk: world.users["builder"]})
    org = {"centre": centre, "agencies": agencies, "committees": [world.commune_ubnd], "branches": [world.branch]}
    return org, accounts


def test_the_demo_programme_has_every_kind_of_task(client, world, demo_org):
    org, accounts = demo_org
    line = build_demo(7, NOW, org, accounts)
    programme = Programme.objects.get(code="CTR-01")
    assert programme.number == "01-CTr/TU" and programme.standing_agency.name == "Ban Tổ chức Thành ủy Hà Nội"
    rows = task_rows(programme, NOW.date())
    assert len(rows) == 34 and len({r.task.lead_unit_id for r in rows}) == 6  # BTC, 4 agencies, 1 committee
    status = Counter(r.status.value for r in rows)
    assert min(status.values()) >= 3 and set(status) == {"done_on_time", "done_late", "open_in_time", "open_overdue"}
    assert sum(r.at_risk for r in rows) >= 3
    early = [r.task for r in rows if r.task.completed_on and r.task.deadline
             and r.task.deadline - r.task.completed_on > timedelta(days=60)]
    assert sorted(t.code for t in early) == ["1", "2"]
    assert any(r.depth for r in rows) and any(r.task.deadline is None for r in rows)
    assert Counter(ExtensionRequest.objects.values_list("state", flat=True)) == {"approved": 3, "refused": 1,
                                                                                  "pending": 1}
    assert all(TaskChange.objects.filter(task=r.task).count() >= 3 for r in rows)
    assert programme.members.filter(user__username="giamsat", name="Lê Thu Hà").exists()
    assert programme.members.filter(role="standing", name="Trần Quang Minh").exists()
    assert programme.period_end.isoformat() == "2027-12-31"  # the follow-up period runs past the open deadlines
    assert "34 nhiệm vụ" in line and "01-CTr/TU" in line
    assert build_demo(7, NOW, org, accounts) == line and Task.objects.count() == 34  # made once

    client.force_login(get_user_model().objects.get(username="giamsat"))
    page = client.get(f"/can-bo/chuong-trinh/{programme.pk}/")
    assert page.status_code == 200 and "Ban Tổ chức Thành ủy Hà Nội" in page.content.decode()
    pending = ExtensionRequest.objects.get(state="pending")
    assert "Chấp thuận" in client.get(f"/can-bo/chuong-trinh/nhiem-vu/{pending.task_id}/").content.decode()


def test_the_demo_is_the_same_for_the_same_seed(world, demo_org):
    org, accounts = demo_org

    def built(seed):
        with transaction.atomic():
            build_demo(seed, NOW, org, accounts)
            made = list(Task.objects.order_by("code").values_list(
                "code", "lead_unit__code", "assigned_on", "deadline", "progress", "completed_on"))
            transaction.set_rollback(True)
        return made

    first = built(11)
    assert len(first) == 34 and built(11) == first and built(12) != first


def test_the_standing_agency_gets_a_leader_who_steers(client, world, demo_org):
    org, accounts = demo_org
    build_demo(3, NOW, org, accounts)
    leader = get_user_model().objects.get(username="lanhdao.btctu")
    assert Official.objects.filter(user=leader, unit__code="BTCTU-HN", role=Role.LEADER.value).exists()
    assert ("lanhdao.btctu", "Lãnh đạo", "Ban Tổ chức Thành ủy Hà Nội") in accounts.samples
    client.force_login(leader)
    programme = Programme.objects.get(code="CTR-01")
    assert client.get(f"/can-bo/chuong-trinh/{programme.pk}/giao-nhiem-vu/").status_code == 200
