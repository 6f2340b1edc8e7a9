"""Decision and return of the result (Decree 118/2025 Art. 19.3 and Art. 22).

The competent agency's leader approves (the result gets a document code: holder ID + result-type
code) or refuses with reasons, recorded as the result. The dossier goes back to the receiving
unit, whose reception officers hand the result over; the return ends the dossier.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.dossiers.services import Applicant
from motcua.rules.lifecycle import Role, State

from .scenario import at_counter, fresh, last_event, local, processing_online, record, refused, transfer, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth(world):
    """Birth registration received Monday 09/03/2026 09:00 (due Thursday 12/03 09:00), at the commune."""
    row = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    row = transfer(world, row, vn(2026, 3, 9, 10, 0))
    return sv.assign_dossier(row, world.official("commune_chair", Role.LEADER), world.users["commune_officer"],
                             now=vn(2026, 3, 9, 10, 30))


def _decide(world, dossier, at, outcome="approved", reason="", who="commune_chair", role=Role.LEADER):
    return sv.decide_dossier(dossier, world.official(who, role), outcome=outcome, reason=reason, now=at)


def _return(world, dossier, at, who="reception", method="counter"):
    return sv.return_result(dossier, world.official(who, Role.RECEPTION), method=method, now=at)


def test_approval_gives_a_result_code_and_goes_back_to_the_receiving_unit(world, birth):
    row = _decide(world, birth, vn(2026, 3, 11, 15, 0))

    assert row.state == State.DECIDED
    assert row.outcome == "approved"
    assert row.result_code == "001090012345.KQ01"  # holder ID + result-type code
    assert row.holder_unit_id == world.branch.pk
    assert row.holder_officer_id is None
    assert local(row.ended_at) == vn(2026, 3, 11, 15, 0)
    rec = record(row)
    assert rec.decided_at == vn(2026, 3, 11, 15, 0)
    event = last_event(row)
    assert (event.act, event.from_unit_id, event.to_unit_id) == ("decide", world.commune_ubnd.pk, world.branch.pk)
    assert event.data["on_time"] is True
    assert event.data["result_code"] == "001090012345.KQ01"


def test_refusal_needs_reasons_and_is_recorded_as_the_result(world, birth):
    refused(lambda: _decide(world, birth, vn(2026, 3, 10, 9, 0), outcome="refused"), "missing_reason",
            "Văn bản từ chối giải quyết phải nêu rõ lý do.")
    refused(lambda: _decide(world, birth, vn(2026, 3, 10, 9, 0), outcome="maybe"), "outcome",
            "Kết quả phải là «cấp kết quả» hoặc «từ chối giải quyết».")

    row = _decide(world, birth, vn(2026, 3, 10, 9, 0), outcome="refused", reason=" Người đi khai không có quyền yêu cầu ")

    assert row.state == State.DECIDED
    assert row.outcome == "refused"
    assert row.result_code == ""
    assert last_event(row).reason == "Người đi khai không có quyền yêu cầu"
    assert row.holder_unit_id == world.branch.pk
    returned = _return(world, row, vn(2026, 3, 10, 14, 0))
    assert returned.state == State.RETURNED


def test_only_the_competent_agencys_leader_decides(world, birth):
    at = vn(2026, 3, 10, 9, 0)
    refused(lambda: _decide(world, birth, at, who="justice_head"), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: _decide(world, birth, at, who="commune_officer", role=Role.PROCESSING), "wrong_role",
            "Vai trò cán bộ xử lý không được «có kết quả giải quyết».")


def test_late_decision_is_recorded(world, birth):
    row = _decide(world, birth, vn(2026, 3, 12, 9, 1))
    assert last_event(row).data["on_time"] is False
    assert last_event(row).data["within_extension"] is False


def test_no_decision_before_transfer(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    refused(lambda: _decide(world, row, vn(2026, 3, 9, 10, 0)), "wrong_state",
            "Không thể «có kết quả giải quyết» khi hồ sơ đang ở trạng thái «Đã tiếp nhận».")


def test_only_reception_of_the_receiving_unit_returns_the_result(world, birth):
    _decide(world, birth, vn(2026, 3, 11, 15, 0))
    at = vn(2026, 3, 11, 16, 0)
    refused(lambda: _return(world, birth, at, who="reception2"), "wrong_unit")
    refused(lambda: sv.return_result(birth, world.official("commune_chair", Role.LEADER), now=at), "wrong_role",
            "Vai trò lãnh đạo đơn vị không được «trả kết quả».")
    refused(lambda: _return(world, birth, at, method="drone"), "method", "Hình thức trả kết quả không hợp lệ.")

    row = _return(world, birth, at, method="post")

    assert row.state == State.RETURNED
    assert local(row.returned_at) == vn(2026, 3, 11, 16, 0)
    assert row.holder_unit_id is None
    assert last_event(row).data == {"method": "post"}
    assert local(row.ended_at) == vn(2026, 3, 11, 15, 0)  # the end of handling is the decision


def test_returned_is_final_for_everything_but_a_correction(world, birth):
    _decide(world, birth, vn(2026, 3, 11, 15, 0))
    _return(world, birth, vn(2026, 3, 11, 16, 0))
    label = "Đã trả kết quả"
    refused(lambda: _return(world, birth, vn(2026, 3, 11, 16, 5)), "wrong_state",
            f"Không thể «trả kết quả» khi hồ sơ đang ở trạng thái «{label}».")
    refused(lambda: _decide(world, birth, vn(2026, 3, 11, 16, 5)), "wrong_state")
    refused(lambda: sv.withdraw_dossier(birth, world.official("reception", Role.RECEPTION), now=vn(2026, 3, 11, 16, 5)),
            "wrong_state")


def test_result_not_returned_before_the_decision(world, birth):
    refused(lambda: _return(world, birth, vn(2026, 3, 10, 9, 0)), "wrong_state",
            "Không thể «trả kết quả» khi hồ sơ đang ở trạng thái «Đang giải quyết».")


def test_online_result_returned_on_the_portal(world):
    row = processing_online(world, world.permit)
    row = sv.decide_dossier(row, world.official("builder_head", Role.LEADER), now=vn(2026, 3, 5, 9, 0))
    assert row.result_code == "001090012345.KQ01"
    row = _return(world, row, vn(2026, 3, 5, 10, 0), method="online")
    assert row.state == State.RETURNED


def test_applicant_without_identification_number(world):
    row = sv.receive_at_counter(actor=world.official("reception", Role.RECEPTION), version=world.birth,
                                receiving_unit=world.branch, applicant=Applicant(name="Lê Thị Hoa"),
                                area=world.commune, now=vn(2026, 3, 9, 9, 0))
    transfer(world, row, vn(2026, 3, 9, 10, 0))
    row = _decide(world, row, vn(2026, 3, 10, 9, 0))
    assert row.result_code == "KHONG-DINH-DANH.KQ01"
    assert fresh(row).outcome == "approved"
