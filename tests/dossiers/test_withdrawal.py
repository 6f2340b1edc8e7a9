"""Stop at the applicant's request (Decree 118/2025 Art. 21; Thông báo dừng giải quyết, mẫu 05).

From filing until the decision the applicant (only the owner of the dossier) may stop it, on the
portal or through the reception officers of the receiving unit. The stop is a stored, final
state; after the decision it is refused.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import (
    at_counter, file_online, fresh, last_event, local, processing_online, receive, received_online, refused, vn,
)

pytestmark = pytest.mark.django_db

WHEN = vn(2026, 3, 5, 9, 0)


def _filed(world):
    return file_online(world, world.permit)


def _awaiting_intake(world):
    row = file_online(world, world.permit)
    return sv.request_intake_supplement(row, world.official("reception", Role.RECEPTION), items=["Bản vẽ"],
                                        now=vn(2026, 3, 2, 9, 0))


def _received(world):
    return received_online(world, world.permit)


def _processing(world):
    row = processing_online(world, world.permit)
    return sv.assign_dossier(row, world.official("builder_head", Role.LEADER), world.users["builder"],
                             now=vn(2026, 3, 2, 11, 0))


def _awaiting_supplement(world):
    row = processing_online(world, world.permit)
    return sv.return_for_supplement(row, world.official("builder", Role.PROCESSING), items=["Bản vẽ"],
                                    now=vn(2026, 3, 3, 9, 0))


def _decided(world):
    row = processing_online(world, world.permit)
    return sv.decide_dossier(row, world.official("builder_head", Role.LEADER), now=vn(2026, 3, 4, 9, 0))


def _returned(world):
    return sv.return_result(_decided(world), world.official("reception", Role.RECEPTION), now=vn(2026, 3, 4, 10, 0))


OPEN = {"filed": _filed, "awaiting_intake_supplement": _awaiting_intake, "received": _received,
        "processing": _processing, "awaiting_supplement": _awaiting_supplement}


@pytest.mark.parametrize("state", list(OPEN))
def test_the_applicant_withdraws_until_the_decision(world, state):
    row = OPEN[state](world)
    assert row.state == state

    row = sv.withdraw_dossier(row, world.citizen(), reason=" Không còn nhu cầu ", now=WHEN)

    assert row.state == State.WITHDRAWN
    assert local(row.ended_at) == WHEN
    assert row.holder_unit_id is None
    event = last_event(row)
    assert (event.act, event.role, event.reason) == ("withdraw", "applicant", "Không còn nhu cầu")
    assert event.actor == f"u{world.users['citizen'].pk}"


@pytest.mark.parametrize("state", list(OPEN))
def test_reception_of_the_receiving_unit_withdraws_on_the_applicants_behalf(world, state):
    row = OPEN[state](world)
    row = sv.withdraw_dossier(row, world.official("reception", Role.RECEPTION), reason="Đơn xin rút hồ sơ", now=WHEN)
    assert row.state == State.WITHDRAWN
    assert last_event(row).role == "reception"


@pytest.mark.parametrize("state", list(OPEN))
def test_nobody_else_withdraws(world, state):
    row = OPEN[state](world)
    refused(lambda: sv.withdraw_dossier(row, world.citizen("other_citizen"), now=WHEN), "not_owner",
            "Ông/bà không phải người nộp hồ sơ này.")
    refused(lambda: sv.withdraw_dossier(row, world.official("reception2", Role.RECEPTION), now=WHEN), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: sv.withdraw_dossier(row, world.official("builder_head", Role.LEADER), now=WHEN), "wrong_role",
            "Vai trò lãnh đạo đơn vị không được «dừng giải quyết theo yêu cầu».")


@pytest.mark.parametrize(("build", "label"), [(_decided, "Đã có kết quả, chờ trả"), (_returned, "Đã trả kết quả")],
                         ids=["decided", "returned"])
def test_withdrawal_after_the_decision_is_refused(world, build, label):
    row = build(world)
    message = f"Không thể «dừng giải quyết theo yêu cầu» khi hồ sơ đang ở trạng thái «{label}»."
    refused(lambda: sv.withdraw_dossier(row, world.citizen(), now=WHEN), "wrong_state", message)
    refused(lambda: sv.withdraw_dossier(row, world.official("reception", Role.RECEPTION), now=WHEN), "wrong_state",
            message)


def test_withdrawn_is_final(world):
    row = sv.withdraw_dossier(_filed(world), world.citizen(), now=WHEN)
    label = "Đã dừng giải quyết (rút hồ sơ)"
    refused(lambda: receive(world, row, vn(2026, 3, 5, 10, 0)), "wrong_state",
            f"Không thể «tiếp nhận hồ sơ» khi hồ sơ đang ở trạng thái «{label}».")
    refused(lambda: sv.withdraw_dossier(row, world.citizen(), now=vn(2026, 3, 5, 10, 0)), "wrong_state")
    refused(lambda: sv.resubmit_dossier(row, world.citizen(), now=vn(2026, 3, 5, 10, 0)), "wrong_state")
    assert fresh(row).code is None


def test_counter_dossier_without_an_account_is_withdrawn_at_the_counter(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 2, 9, 0))
    refused(lambda: sv.withdraw_dossier(row, world.citizen(), now=WHEN), "not_owner")
    row = sv.withdraw_dossier(row, world.official("reception", Role.RECEPTION), now=WHEN)
    assert row.state == State.WITHDRAWN
    assert row.code == "000.00.70.H26-260302-0001"  # the code issued at receipt is kept


def test_withdrawing_a_joint_dossier_keeps_its_log(world):
    row = sv.receive_at_counter(actor=world.official("reception", Role.RECEPTION), version=world.karaoke,
                                receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2, 9, 0))
    row = sv.transfer_dossier(row, world.official("reception", Role.RECEPTION), now=vn(2026, 3, 2, 10, 0))
    row = sv.withdraw_dossier(row, world.official("reception", Role.RECEPTION), reason="Đơn xin dừng",
                              now=vn(2026, 3, 3, 9, 0))
    assert row.state == State.WITHDRAWN
    assert last_event(row).from_unit_id == world.commune_ubnd.pk  # withdrawn while the commune held the papers


def test_a_withdrawn_joint_dossier_raises_no_task_warnings(world):
    from motcua.dossiers.queries import warnings

    row = processing_online(world, world.karaoke)  # task 1 (UBND phường) open from 02/03 10:00, due 05/03 10:00
    sv.withdraw_dossier(row, world.citizen(), now=vn(2026, 3, 3, 9, 0))

    late = [w for w in warnings(now=vn(2026, 3, 20, 9, 0)) if w.code == fresh(row).code]
    assert late == []
