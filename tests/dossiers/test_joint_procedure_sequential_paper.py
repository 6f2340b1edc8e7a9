"""Joint procedure (liên thông) on paper: a sequential chain (Decree 118/2025 Art. 20.2.a; Art. 28
for the code of a counter joint filing).

Paper can be in one place at a time: the agencies work one after another, each hop carrying a
Phiếu chuyển xử lý with that agency's task and deadline, and every hop is logged. The dossier
(its holder) travels along the chain and ends with the lead agency, which decides.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.dossiers.models import DossierEvent, DossierTask
from motcua.rules.lifecycle import Role, State

from .scenario import at_counter, fresh, last_event, local, record, refused, transfer, vn

pytestmark = pytest.mark.django_db


def _tasks(dossier):
    return {t.step: t for t in DossierTask.objects.filter(dossier_id=dossier.pk)}


def _complete(world, dossier, step, who, at, role=Role.PROCESSING):
    return sv.complete_task(dossier, world.official(who, role), step=step, now=at)


@pytest.fixture
def paper(world):
    """A karaoke dossier received at the branch counter Monday 02/03/2026 10:00, sent at 11:00."""
    row = at_counter(world, world.karaoke, at=vn(2026, 3, 2, 10, 0))
    return transfer(world, row, vn(2026, 3, 2, 11, 0))


def test_counter_joint_code_uses_the_receiving_units_identifier(world, paper):
    assert paper.code == "000.01.00.H26-260302-0001"
    assert local(paper.due_at) == vn(2026, 3, 24, 10, 0)


def test_the_paper_travels_along_the_chain(world, paper):
    # First hop: the commune UBND has the papers and the only open task.
    assert paper.holder_unit_id == world.commune_ubnd.pk
    assert last_event(paper, "transfer").to_unit_id == world.commune_ubnd.pk
    tasks = _tasks(paper)
    assert local(tasks[1].due_at) == vn(2026, 3, 5, 11, 0)
    assert tasks[2].started_at is None

    row = _complete(world, paper, 1, "commune_officer", vn(2026, 3, 4, 9, 0))
    assert row.holder_unit_id == world.police.pk
    assert local(_tasks(row)[2].due_at) == vn(2026, 3, 9, 9, 0)

    row = _complete(world, row, 2, "police_officer", vn(2026, 3, 6, 16, 0))
    assert row.holder_unit_id == world.culture.pk  # back to the lead agency

    row = sv.decide_dossier(row, world.official("culture_head", Role.LEADER), now=vn(2026, 3, 19, 9, 0))
    assert row.state == State.DECIDED
    assert row.holder_unit_id == world.branch.pk

    hops = [(e.act, e.from_unit_id, e.to_unit_id)
            for e in DossierEvent.objects.filter(dossier=row, act__in=["transfer", "complete_task", "decide"])
            .order_by("seq")]
    assert hops == [
        ("transfer", world.branch.pk, world.commune_ubnd.pk),
        ("complete_task", world.commune_ubnd.pk, world.police.pk),
        ("complete_task", world.police.pk, world.culture.pk),
        ("decide", world.culture.pk, world.branch.pk),
    ]
    assert all(t.done_at is not None for t in _tasks(row).values())


def test_each_hop_is_done_by_the_agency_holding_the_papers(world, paper):
    refused(lambda: _complete(world, paper, 2, "police_officer", vn(2026, 3, 3, 9, 0)), "task_state",
            "Phần việc «Chứng nhận đủ điều kiện an ninh trật tự» chưa đến lượt hoặc đã hoàn thành.")
    refused(lambda: _complete(world, paper, 1, "police_officer", vn(2026, 3, 3, 9, 0)), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: sv.decide_dossier(paper, world.official("culture_head", Role.LEADER), now=vn(2026, 3, 3, 9, 0)),
            "tasks_pending", "Còn phần việc liên thông chưa hoàn thành: Đăng ký hộ kinh doanh; "
                             "Chứng nhận đủ điều kiện an ninh trật tự.")
    # The commune holds the papers, but the decision belongs to the competent (lead) agency.
    _complete(world, paper, 1, "commune_officer", vn(2026, 3, 3, 9, 0))
    _complete(world, paper, 2, "police_officer", vn(2026, 3, 3, 14, 0))
    refused(lambda: sv.decide_dossier(paper, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 4, 9, 0)),
            "wrong_unit")


def test_the_leader_of_the_agency_holding_the_papers_assigns(world, paper):
    chair = world.official("commune_chair", Role.LEADER)
    refused(lambda: sv.assign_dossier(paper, world.official("culture_head", Role.LEADER), world.users["culture_officer"],
                                      now=vn(2026, 3, 2, 14, 0)), "wrong_unit")
    row = sv.assign_dossier(paper, chair, world.users["commune_officer"], now=vn(2026, 3, 2, 14, 0))
    assert row.holder_officer_id == world.users["commune_officer"].pk


def test_the_assigned_officer_does_not_follow_the_papers_to_another_agency(world, paper):
    sv.assign_dossier(paper, world.official("commune_chair", Role.LEADER), world.users["commune_officer"],
                      now=vn(2026, 3, 2, 14, 0))
    row = _complete(world, paper, 1, "commune_officer", vn(2026, 3, 4, 9, 0))
    assert row.holder_unit_id == world.police.pk
    assert row.holder_officer_id is None
    assert record(row).holder_officer is None


def test_declared_independent_parts_still_run_one_after_another_on_paper(world, fanout):
    row = at_counter(world, fanout, at=vn(2026, 3, 2, 10, 0))
    row = transfer(world, row, vn(2026, 3, 2, 11, 0))

    tasks = _tasks(row)
    assert tasks[1].started_at is not None and tasks[2].started_at is None
    assert [t.depends_on for t in record(row).tasks] == [(), (1,), (2,)]
    assert row.holder_unit_id == world.commune_ubnd.pk
    refused(lambda: _complete(world, row, 2, "police_officer", vn(2026, 3, 2, 14, 0)), "task_state")
    row = _complete(world, row, 1, "commune_officer", vn(2026, 3, 2, 14, 0))
    assert fresh(row).holder_unit_id == world.police.pk
    # The police's 16 working hours run from the hand-off: 3 h + 8 h + 5 h -> Wednesday 04/03 14:00.
    assert local(_tasks(row)[2].due_at) == vn(2026, 3, 4, 14, 0)
