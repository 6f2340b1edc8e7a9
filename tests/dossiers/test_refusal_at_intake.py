"""Refusal at intake (Decree 118/2025 Art. 17.1.c; Phiếu từ chối tiếp nhận giải quyết hồ sơ, mẫu 03).

A dossier outside the unit's scope is refused with reasons. The refusal is a final state: no
dossier code, no due time, and no later act.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import counters, file_at_counter, file_online, fresh, last_event, local, receive, refused, vn

pytestmark = pytest.mark.django_db

REASON = "Thủ tục không thuộc thẩm quyền giải quyết; đề nghị nộp tại cơ quan có thẩm quyền."


def _refuse(world, dossier, at, reason=REASON, officer="reception"):
    return sv.refuse_intake(dossier, world.official(officer, Role.RECEPTION), reason=reason, now=at)


@pytest.mark.parametrize("reason", ["", "   "])
def test_reasons_are_required(world, reason):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    refused(lambda: _refuse(world, dossier, vn(2026, 3, 9, 9, 5), reason=reason), "missing_reason",
            "Phiếu từ chối tiếp nhận phải nêu rõ lý do.")


def test_refusal_is_final_and_issues_no_code(world):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))

    row = _refuse(world, dossier, vn(2026, 3, 9, 9, 5), reason=f"  {REASON} ")

    assert row.state == State.REFUSED_AT_INTAKE
    assert row.code is None and row.due_at is None
    assert row.holder_unit_id is None
    assert local(row.ended_at) == vn(2026, 3, 9, 9, 5)
    assert last_event(row).reason == REASON
    assert counters() == {}

    label = "Từ chối tiếp nhận"
    refused(lambda: receive(world, dossier, vn(2026, 3, 9, 9, 10)), "wrong_state",
            f"Không thể «tiếp nhận hồ sơ» khi hồ sơ đang ở trạng thái «{label}».")
    refused(lambda: _refuse(world, dossier, vn(2026, 3, 9, 9, 10)), "wrong_state")
    refused(lambda: sv.withdraw_dossier(dossier, world.official("reception", Role.RECEPTION),
                                        now=vn(2026, 3, 9, 9, 10)), "wrong_state")
    assert counters() == {}  # the refused reception did not use a number


def test_online_filing_refused_within_the_acceptance_limit(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))
    row = _refuse(world, dossier, vn(2026, 3, 9, 11, 0))
    assert row.state == State.REFUSED_AT_INTAKE
    refused(lambda: sv.resubmit_dossier(dossier, world.citizen(), now=vn(2026, 3, 9, 14, 0)), "wrong_state")


def test_refusal_after_an_unanswered_supplement_resubmission(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))
    sv.request_intake_supplement(dossier, world.official("reception", Role.RECEPTION), items=["Giấy chứng sinh"],
                                 now=vn(2026, 3, 9, 10, 0))
    sv.resubmit_dossier(dossier, world.citizen(), now=vn(2026, 3, 10, 9, 0))
    assert _refuse(world, dossier, vn(2026, 3, 10, 10, 0)).state == State.REFUSED_AT_INTAKE


def test_only_reception_of_the_receiving_unit_refuses_and_only_before_receipt(world):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    refused(lambda: _refuse(world, dossier, vn(2026, 3, 9, 9, 5), officer="reception2"), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: sv.refuse_intake(dossier, world.official("commune_chair", Role.LEADER), reason=REASON,
                                     now=vn(2026, 3, 9, 9, 5)),
            "wrong_role", "Vai trò lãnh đạo đơn vị không được «từ chối tiếp nhận hồ sơ».")
    receive(world, dossier, vn(2026, 3, 9, 9, 10))
    refused(lambda: _refuse(world, dossier, vn(2026, 3, 9, 9, 15)), "wrong_state",
            "Không thể «từ chối tiếp nhận hồ sơ» khi hồ sơ đang ở trạng thái «Đã tiếp nhận».")
    assert fresh(dossier).state == State.RECEIVED
