"""Return for supplement after appraisal (Decree 118/2025 Art. 19.5; Decision 766 counting rule,
one-stop-details.md §1.4).

The competent agency may send the dossier back with one consolidated request within 3 working
days of receiving it; on resubmission the time limit restarts from zero; a dossier not completed
15 days after the notice is closed by the one-stop unit. A dossier with more than one supplement
request (intake + appraisal) counts as late for the 766 index.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.acting import SYSTEM
from motcua.rules.lifecycle import Role, State

from .scenario import (
    fresh, file_online, last_event, local, processing_online, receive, record, refused, transfer, vn,
)

pytestmark = pytest.mark.django_db

ITEMS = ["Bản vẽ mặt bằng có chữ ký của chủ đầu tư"]


def _return(world, dossier, at, who="builder", role=Role.PROCESSING, items=ITEMS):
    return sv.return_for_supplement(dossier, world.official(who, role), items=items, reason="Bản vẽ chưa đúng",
                                    now=at)


@pytest.fixture
def permit(world):
    """A building permit filed online, received Monday 02/03/2026 09:00 (due 23/03 09:00), with the
    Sở Xây dựng from 10:00."""
    return processing_online(world, world.permit)


def test_return_within_3_working_days_of_the_agencys_reception(world, permit):
    assert local(permit.due_at) == vn(2026, 3, 23, 9, 0)

    # 6 h on Monday from 10:00, 8 h Tuesday and Wednesday, 2 h Thursday: the limit is Thursday 05/03 10:00.
    row = _return(world, permit, vn(2026, 3, 5, 10, 0))

    assert row.state == State.AWAITING_SUPPLEMENT
    assert row.due_at is None
    assert row.holder_unit_id is None
    assert local(row.supplement_expires_at) == vn(2026, 3, 20, 10, 0)  # 15 days after the notice
    assert row.supplement_requests == 1
    event = last_event(row)
    assert event.act == "return_for_supplement"
    assert local(event.due_before) == vn(2026, 3, 23, 9, 0)
    assert event.due_after is None
    assert event.data["items"] == ITEMS
    assert event.data["second_request"] is False
    assert event.from_unit_id == world.construction.pk
    assert record(row).returned_by_unit == world.construction.pk


def test_return_after_3_working_days_is_refused(world, permit):
    refused(lambda: _return(world, permit, vn(2026, 3, 5, 10, 1)), "too_late",
            "Đã quá 03 ngày làm việc kể từ khi nhận hồ sơ (hạn 10:00 ngày 05/03/2026); không được trả lại để "
            "bổ sung (Điều 19.5 Nghị định 118/2025/NĐ-CP).")
    assert fresh(permit).state == State.PROCESSING


def test_the_window_counts_working_days_across_tet(world):
    """Sent to the agency Friday 13/02/2026 16:00: 1 h, then Tết, then 8 + 8 + 7 h -> Wednesday 25/02 16:00."""
    row = file_online(world, world.permit, vn(2026, 2, 13, 8, 0))
    row = receive(world, row, vn(2026, 2, 13, 9, 0))
    row = transfer(world, row, vn(2026, 2, 13, 16, 0))
    refused(lambda: _return(world, row, vn(2026, 2, 25, 16, 1)), "too_late", contains="(hạn 16:00 ngày 25/02/2026)")
    assert _return(world, row, vn(2026, 2, 25, 16, 0)).state == State.AWAITING_SUPPLEMENT


def test_items_and_the_right_agency_are_required(world, permit):
    refused(lambda: _return(world, permit, vn(2026, 3, 3, 9, 0), items=[]), "missing_items",
            "Phải liệt kê đầy đủ các nội dung cần bổ sung, hoàn thiện.")
    refused(lambda: _return(world, permit, vn(2026, 3, 3, 9, 0), who="commune_officer"), "wrong_unit")
    refused(lambda: _return(world, permit, vn(2026, 3, 3, 9, 0), who="reception", role=Role.RECEPTION), "wrong_role",
            "Vai trò cán bộ tiếp nhận không được «trả lại hồ sơ để bổ sung».")
    assert _return(world, permit, vn(2026, 3, 3, 9, 0), who="builder_head", role=Role.LEADER).state == \
        State.AWAITING_SUPPLEMENT


def test_resubmission_restarts_the_clock_from_zero(world, permit):
    _return(world, permit, vn(2026, 3, 4, 9, 0))

    row = sv.resubmit_dossier(permit, world.citizen(), now=vn(2026, 3, 11, 14, 0))

    assert row.state == State.PROCESSING
    assert row.holder_unit_id == world.construction.pk  # back to the agency that returned it
    # Full 15 working days from Wednesday 11/03 14:00: 3 h, 14 days to Tuesday 31/03, 5 h -> Wednesday 01/04 14:00.
    assert local(row.due_at) == vn(2026, 4, 1, 14, 0)
    assert local(row.reference_due_at) == vn(2026, 4, 1, 14, 0)
    assert row.supplement_expires_at is None
    rec = record(row)
    assert rec.original_due_at == vn(2026, 3, 23, 9, 0)  # the receipt's date stays on record
    assert rec.clock_started_at == vn(2026, 3, 11, 14, 0)
    assert rec.agency_received_at == vn(2026, 3, 11, 14, 0)
    event = last_event(row)
    assert (event.act, event.to_unit_id) == ("resubmit", world.construction.pk)
    assert local(event.due_after) == vn(2026, 4, 1, 14, 0)


def test_resubmission_on_a_saturday_restarts_the_clock_on_monday(world, permit):
    _return(world, permit, vn(2026, 3, 4, 9, 0))
    row = sv.resubmit_dossier(permit, world.citizen(), now=vn(2026, 3, 14, 10, 0))
    assert record(row).clock_started_at == vn(2026, 3, 16, 8, 0)
    assert local(row.due_at) == vn(2026, 4, 3, 17, 0)


def test_only_one_return_after_appraisal(world, permit):
    _return(world, permit, vn(2026, 3, 4, 9, 0))
    sv.resubmit_dossier(permit, world.citizen(), now=vn(2026, 3, 11, 14, 0))
    refused(lambda: _return(world, permit, vn(2026, 3, 12, 9, 0)), "supplement_once",
            "Hồ sơ đã được trả lại để bổ sung một lần sau thẩm định; không được yêu cầu thêm.")
    assert fresh(permit).supplement_requests == 1


def test_intake_and_appraisal_requests_make_two_supplements(world):
    row = file_online(world, world.permit, vn(2026, 3, 2, 8, 0))
    sv.request_intake_supplement(row, world.official("reception", Role.RECEPTION), items=["Giấy tờ về đất"],
                                 now=vn(2026, 3, 2, 9, 0))
    sv.resubmit_dossier(row, world.citizen(), now=vn(2026, 3, 3, 9, 0))
    receive(world, row, vn(2026, 3, 3, 10, 0))
    transfer(world, row, vn(2026, 3, 3, 11, 0))
    assert not record(row).multiple_supplements

    row = _return(world, row, vn(2026, 3, 4, 9, 0))

    assert row.supplement_requests == 2
    assert last_event(row).data["second_request"] is True
    rec = record(row)
    assert (rec.intake_supplements, rec.appraisal_returns) == (1, 1)
    assert rec.supplement_requests == 2
    assert rec.multiple_supplements


def test_resubmission_after_the_15_days_is_refused(world, permit):
    _return(world, permit, vn(2026, 3, 5, 10, 0))  # expires Friday 20/03 10:00
    refused(lambda: sv.resubmit_dossier(permit, world.citizen(), now=vn(2026, 3, 20, 10, 1)), "expired",
            "Đã quá hạn bổ sung hồ sơ (10:00 ngày 20/03/2026); hồ sơ sẽ kết thúc.")
    refused(lambda: sv.resubmit_dossier(permit, world.citizen("other_citizen"), now=vn(2026, 3, 10, 9, 0)),
            "not_owner")


def test_closing_before_the_15_days_is_refused_and_works_after(world, permit):
    _return(world, permit, vn(2026, 3, 5, 10, 0))
    refused(lambda: sv.close_unsupplemented(permit, now=vn(2026, 3, 20, 9, 59)), "not_expired",
            "Chưa hết thời hạn bổ sung (đến 10:00 ngày 20/03/2026).")

    row = sv.close_unsupplemented(permit, now=vn(2026, 3, 20, 10, 0))

    assert row.state == State.CLOSED
    assert local(row.ended_at) == vn(2026, 3, 20, 10, 0)
    event = last_event(row)
    assert (event.act, event.actor, event.role) == ("close_unsupplemented", "", "system")
    assert event.reason == "Quá thời hạn bổ sung, hoàn thiện hồ sơ"
    refused(lambda: sv.resubmit_dossier(permit, world.citizen(), now=vn(2026, 3, 20, 11, 0)), "wrong_state",
            "Không thể «nộp bổ sung hồ sơ» khi hồ sơ đang ở trạng thái «Kết thúc do không bổ sung».")


def test_the_receiving_units_reception_may_close(world, permit):
    _return(world, permit, vn(2026, 3, 5, 10, 0))
    at = vn(2026, 3, 23, 8, 0)
    refused(lambda: sv.close_unsupplemented(permit, world.official("reception2", Role.RECEPTION), now=at),
            "wrong_unit")
    refused(lambda: sv.close_unsupplemented(permit, world.official("builder", Role.PROCESSING), now=at),
            "wrong_role", "Vai trò cán bộ xử lý không được «kết thúc do không bổ sung hồ sơ».")
    row = sv.close_unsupplemented(permit, world.official("reception", Role.RECEPTION), now=at)
    assert row.state == State.CLOSED


def test_closing_a_dossier_in_processing_is_refused(world, permit):
    refused(lambda: sv.close_unsupplemented(permit, SYSTEM, now=vn(2026, 4, 30, 9, 0)), "wrong_state")


def test_close_expired_closes_every_expired_dossier(world):
    returned = []
    for day in (2, 3, 4):
        row = processing_online(world, world.permit, filed=vn(2026, 3, day, 8, 0), received=vn(2026, 3, day, 8, 30),
                                transferred=vn(2026, 3, day, 9, 0))
        returned.append(_return(world, row, vn(2026, 3, day, 16, 0)))
    untouched = processing_online(world, world.permit, filed=vn(2026, 3, 2, 8, 0), received=vn(2026, 3, 2, 8, 30),
                                  transferred=vn(2026, 3, 2, 9, 0))

    # 15 days after 02/03 and 03/03 16:00 have passed; the dossier returned on 04/03 is not yet expired.
    assert sv.close_expired(vn(2026, 3, 18, 16, 0)) == 2

    assert [fresh(r).state for r in returned] == [State.CLOSED, State.CLOSED, State.AWAITING_SUPPLEMENT]
    assert fresh(untouched).state == State.PROCESSING
    assert sv.close_expired(vn(2026, 3, 18, 16, 0)) == 0
    assert sv.close_expired(vn(2026, 3, 19, 16, 0)) == 1
    assert fresh(returned[2]).state == State.CLOSED
