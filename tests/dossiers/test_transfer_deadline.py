"""Transfer to the competent agency (Decree 118/2025 Art. 18.2 and Art. 20.1.a).

Counter paper goes the same day, or the next morning when received at or after 15:00 (one-stop.md
§10: before 15:00 -> 17:00 that day; at/after 15:00 -> 12:00 the next working day). Across levels
(a commune branch receiving a city-level procedure) the paper goes within 1 working day. The
TRANSFER event records whether the hand-off was on time (process-control sheet, mẫu 06).
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import at_counter, fresh, last_event, local, received_online, record, refused, transfer, vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (vn(2026, 3, 9, 14, 59), vn(2026, 3, 9, 17, 0)),
        (vn(2026, 3, 9, 8, 0), vn(2026, 3, 9, 17, 0)),
        (vn(2026, 3, 9, 12, 30), vn(2026, 3, 9, 17, 0)),  # lunch: before 15:00, same day
        (vn(2026, 3, 9, 15, 0), vn(2026, 3, 10, 12, 0)),
        (vn(2026, 3, 9, 16, 59), vn(2026, 3, 10, 12, 0)),
        (vn(2026, 3, 9, 18, 0), vn(2026, 3, 10, 12, 0)),  # after hours: the next morning
        (vn(2026, 2, 13, 16, 30), vn(2026, 2, 23, 12, 0)),  # Friday before Tết -> Monday 23/02 morning
        (vn(2026, 8, 21, 15, 30), vn(2026, 8, 22, 12, 0)),  # -> the make-up Saturday morning
        (vn(2026, 8, 28, 15, 0), vn(2026, 9, 3, 12, 0)),  # -> after the National Day break
    ],
    ids=["14h59", "8h", "lunch", "15h", "16h59", "18h", "tet", "make-up-saturday", "national-day"],
)
def test_same_level_paper_transfer_limit(world, received, due):
    row = at_counter(world, world.birth, at=received)  # branch (commune level) -> UBND phường (commune level)

    assert local(record(row).transfer_due_at) == due
    event = last_event(row, "receive")
    assert event.data["cross_level"] is False
    assert local(event.data["transfer_due_at"]) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (vn(2026, 3, 9, 10, 0), vn(2026, 3, 10, 10, 0)),
        (vn(2026, 3, 9, 15, 30), vn(2026, 3, 10, 15, 30)),
        (vn(2026, 2, 13, 16, 30), vn(2026, 2, 23, 16, 30)),  # 0.5 h + 7.5 h after Tết
        (vn(2026, 8, 28, 9, 0), vn(2026, 9, 3, 9, 0)),
    ],
    ids=["morning", "afternoon", "tet", "national-day"],
)
def test_cross_level_paper_transfer_within_one_working_day(world, received, due):
    row = at_counter(world, world.permit, at=received)  # branch (commune level) -> Sở Xây dựng (city level)

    assert last_event(row, "receive").data["cross_level"] is True
    assert local(record(row).transfer_due_at) == due


def test_transfer_on_time_moves_the_dossier_to_the_competent_agency(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 9, 14, 0))

    row = transfer(world, row, vn(2026, 3, 9, 17, 0))  # at the limit

    assert row.state == State.PROCESSING
    assert row.holder_unit_id == world.commune_ubnd.pk
    event = last_event(row, "transfer")
    assert event.data["on_time"] is True
    assert (event.from_unit_id, event.to_unit_id) == (world.branch.pk, world.commune_ubnd.pk)
    rec = record(row)
    assert rec.transferred_at == rec.agency_received_at == vn(2026, 3, 9, 17, 0)


def test_late_transfer_is_recorded(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 9, 15, 0))  # limit 10/03 12:00

    row = transfer(world, row, vn(2026, 3, 10, 13, 0))

    assert row.state == State.PROCESSING
    assert last_event(row, "transfer").data["on_time"] is False


def test_cross_level_transfer_late_by_a_minute(world):
    row = at_counter(world, world.permit, at=vn(2026, 3, 9, 10, 0))  # limit 10/03 10:00
    row = transfer(world, row, vn(2026, 3, 10, 10, 1))
    assert last_event(row, "transfer").data["on_time"] is False
    assert row.holder_unit_id == world.construction.pk


def test_city_centre_receiving_a_city_procedure_is_same_level(world):
    row = sv.receive_at_counter(actor=world.official("reception2", Role.RECEPTION), version=world.permit,
                                receiving_unit=world.branch.parent, applicant=world.applicant(),
                                now=vn(2026, 3, 9, 15, 30))
    assert last_event(row, "receive").data["cross_level"] is False
    assert local(record(row).transfer_due_at) == vn(2026, 3, 10, 12, 0)


def test_online_dossier_transfer(world):
    row = received_online(world, world.birth, filed=vn(2026, 3, 9, 8, 0), received=vn(2026, 3, 9, 9, 0))
    row = transfer(world, row, vn(2026, 3, 9, 9, 1))
    assert last_event(row, "transfer").data["on_time"] is True
    assert row.holder_unit_id == world.commune_ubnd.pk


def test_only_reception_of_the_receiving_unit_transfers(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    refused(lambda: transfer(world, row, vn(2026, 3, 9, 10, 0), officer="reception2"), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: sv.transfer_dossier(row, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 9, 10, 0)),
            "wrong_role", "Vai trò lãnh đạo đơn vị không được «chuyển hồ sơ đến cơ quan giải quyết».")
    transfer(world, row, vn(2026, 3, 9, 10, 0))
    refused(lambda: transfer(world, row, vn(2026, 3, 9, 10, 5)), "wrong_state",
            "Không thể «chuyển hồ sơ đến cơ quan giải quyết» khi hồ sơ đang ở trạng thái «Đang giải quyết».")
    assert fresh(row).holder_unit_id == world.commune_ubnd.pk
