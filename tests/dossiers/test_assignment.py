"""Assignment of the processing officer (Decree 118/2025 Art. 19.1: the head of the agency
assigns an officer).

Only a leader of the agency now holding the dossier may assign; the assigned officer becomes the
dossier's holder officer.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import at_counter, fresh, last_event, record, refused, transfer, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    """A birth registration held by the commune UBND."""
    row = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    return transfer(world, row, vn(2026, 3, 9, 10, 0))


def _assign(world, dossier, leader, officer, at):
    return sv.assign_dossier(dossier, world.official(leader, Role.LEADER), world.users[officer], now=at)


def test_leader_of_the_holding_agency_assigns(world, held):
    row = _assign(world, held, "commune_chair", "commune_officer", vn(2026, 3, 9, 10, 30))

    officer = world.users["commune_officer"]
    assert row.holder_officer_id == officer.pk
    assert row.holder_unit_id == world.commune_ubnd.pk
    assert row.state == State.PROCESSING
    assert record(row).holder_officer == f"u{officer.pk}"
    event = last_event(row)
    assert event.act == "assign"
    assert event.data == {"officer": f"u{officer.pk}"}
    assert event.from_unit_id == event.to_unit_id == world.commune_ubnd.pk


def test_reassignment_replaces_the_officer(world, held):
    _assign(world, held, "commune_chair", "commune_officer", vn(2026, 3, 9, 10, 30))
    row = _assign(world, held, "commune_chair", "commune_chair", vn(2026, 3, 9, 11, 0))
    assert row.holder_officer_id == world.users["commune_chair"].pk


def test_leader_of_another_agency_is_refused(world, held):
    refused(lambda: _assign(world, held, "builder_head", "builder", vn(2026, 3, 9, 10, 30)), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    assert fresh(held).holder_officer_id is None


def test_a_processing_officer_cannot_assign(world, held):
    refused(lambda: sv.assign_dossier(held, world.official("commune_officer", Role.PROCESSING),
                                      world.users["commune_officer"], now=vn(2026, 3, 9, 10, 30)),
            "wrong_role", "Vai trò cán bộ xử lý không được «phân công cán bộ xử lý».")


def test_no_assignment_before_transfer(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    refused(lambda: _assign(world, row, "commune_chair", "commune_officer", vn(2026, 3, 9, 9, 30)), "wrong_state",
            "Không thể «phân công cán bộ xử lý» khi hồ sơ đang ở trạng thái «Đã tiếp nhận».")


def test_the_decision_clears_the_holder_officer(world, held):
    _assign(world, held, "commune_chair", "commune_officer", vn(2026, 3, 9, 10, 30))
    row = sv.decide_dossier(held, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 10, 9, 0))
    assert row.holder_officer_id is None
    assert row.holder_unit_id == world.branch.pk


@pytest.mark.parametrize("outsider", ["police_officer", "citizen"])
def test_the_assigned_officer_must_work_at_the_holding_agency(world, held, outsider):
    refused(lambda: _assign(world, held, "commune_chair", outsider, vn(2026, 3, 9, 10, 30)), "wrong_officer")
