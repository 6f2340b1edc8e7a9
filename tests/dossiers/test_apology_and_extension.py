"""Apology and extension (Decree 118/2025 Art. 19.6; mẫu 04 Văn bản xin lỗi và đề nghị gia hạn).

The head of the competent agency that will be late sends the apology and the new date at least
1 working day (8 working hours) before the due time; the date moves only once; the new due time
is the old one plus N working days on the calendar. For the 766 index the dossier is still
judged against the due time on the receipt (one-stop.md §10): ``reference_due_at`` and the
receipt's ``original_due_at`` do not move.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import at_counter, fresh, last_event, local, record, refused, transfer, vn

pytestmark = pytest.mark.django_db

REASON = "Cần lấy ý kiến cơ quan phòng cháy chữa cháy"
LATE = "Phải xin lỗi và đề nghị gia hạn chậm nhất 01 ngày làm việc trước hạn trả (09:00 ngày 23/03/2026)."


def _extend(world, dossier, at, days=5, who="builder_head", role=Role.LEADER, reason=REASON):
    return sv.extend_deadline(dossier, world.official(who, role), reason=reason, working_days=days, now=at)


@pytest.fixture
def permit(world):
    """A building permit received Monday 02/03/2026 09:00 (due Monday 23/03 09:00), at the Sở Xây dựng."""
    row = at_counter(world, world.permit, at=vn(2026, 3, 2, 9, 0))
    return transfer(world, row, vn(2026, 3, 2, 10, 0))


def test_extension_exactly_one_working_day_before_due(world, permit):
    assert local(permit.due_at) == vn(2026, 3, 23, 9, 0)

    # Friday 09:00 -> Monday 09:00 is 7 h + 1 h of working time: just in time.
    row = _extend(world, permit, vn(2026, 3, 20, 9, 0))

    # 23/03 09:00 + 5 working days (40 h) -> Monday 30/03 09:00.
    assert local(row.due_at) == vn(2026, 3, 30, 9, 0)
    assert local(row.reference_due_at) == vn(2026, 3, 23, 9, 0)
    assert row.extensions == 1
    rec = record(row)
    assert rec.original_due_at == vn(2026, 3, 23, 9, 0)
    assert rec.reference_due_at == vn(2026, 3, 23, 9, 0)
    assert rec.extended_by == 5 * 8 * 3600
    event = last_event(row)
    assert event.act == "extend"
    assert (local(event.due_before), local(event.due_after)) == (vn(2026, 3, 23, 9, 0), vn(2026, 3, 30, 9, 0))
    assert event.reason == REASON
    assert event.data == {"seconds": 144000.0}
    assert row.state == State.PROCESSING


@pytest.mark.parametrize("at", [vn(2026, 3, 20, 9, 1), vn(2026, 3, 21, 10, 0), vn(2026, 3, 23, 10, 0)],
                         ids=["a-minute-late", "weekend", "after-due"])
def test_extension_less_than_one_working_day_before_due_is_refused(world, permit, at):
    refused(lambda: _extend(world, permit, at), "extend_too_late", LATE)


def test_the_date_moves_only_once(world, permit):
    _extend(world, permit, vn(2026, 3, 10, 9, 0), days=2)
    refused(lambda: _extend(world, permit, vn(2026, 3, 11, 9, 0), days=1), "extend_once",
            "Hồ sơ đã được gia hạn một lần; chỉ được hẹn lại ngày trả kết quả một lần (Điều 19.6).")
    assert local(fresh(permit).due_at) == vn(2026, 3, 25, 9, 0)


def test_only_the_head_of_the_competent_agency_extends(world, permit):
    at = vn(2026, 3, 10, 9, 0)
    refused(lambda: _extend(world, permit, at, who="builder", role=Role.PROCESSING), "wrong_role",
            "Vai trò cán bộ xử lý không được «xin lỗi và gia hạn thời gian giải quyết».")
    refused(lambda: _extend(world, permit, at, who="commune_chair"), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: _extend(world, permit, at, who="reception", role=Role.RECEPTION), "wrong_role")


def test_reason_and_a_positive_duration_are_required(world, permit):
    at = vn(2026, 3, 10, 9, 0)
    refused(lambda: _extend(world, permit, at, reason="  "), "missing_reason", "Văn bản xin lỗi phải nêu rõ lý do chậm.")
    refused(lambda: _extend(world, permit, at, days=0), "extend_amount", "Thời gian gia hạn phải lớn hơn 0.")


def test_the_new_date_is_counted_on_the_holiday_calendar(world):
    """Birth registration received Tuesday 25/08/2026 10:00, due Friday 28/08 10:00; 31/08–02/09 are off."""
    row = at_counter(world, world.birth, at=vn(2026, 8, 25, 10, 0))
    row = transfer(world, row, vn(2026, 8, 25, 11, 0))
    assert local(row.due_at) == vn(2026, 8, 28, 10, 0)

    row = _extend(world, row, vn(2026, 8, 26, 10, 0), days=2, who="commune_chair")

    # 6 h on Friday 28/08, then Thursday 03/09 (8 h) and 2 h on Friday 04/09.
    assert local(row.due_at) == vn(2026, 9, 4, 10, 0)
    assert local(row.reference_due_at) == vn(2026, 8, 28, 10, 0)


def test_a_decision_within_the_extension_is_still_late_for_the_index(world, permit):
    _extend(world, permit, vn(2026, 3, 19, 9, 0))
    row = sv.decide_dossier(permit, world.official("builder_head", Role.LEADER), now=vn(2026, 3, 25, 9, 0))
    data = last_event(row, "decide").data
    assert data["on_time"] is False
    assert data["within_extension"] is True


def test_a_decision_before_the_receipt_date_is_on_time(world, permit):
    _extend(world, permit, vn(2026, 3, 19, 9, 0))
    row = sv.decide_dossier(permit, world.official("builder_head", Role.LEADER), now=vn(2026, 3, 23, 9, 0))
    data = last_event(row, "decide").data
    assert data["on_time"] is True and data["within_extension"] is True


def test_no_extension_while_waiting_for_the_applicant_or_after_the_decision(world, permit):
    sv.return_for_supplement(permit, world.official("builder", Role.PROCESSING), items=["Bản vẽ"],
                             now=vn(2026, 3, 3, 9, 0))
    refused(lambda: _extend(world, permit, vn(2026, 3, 4, 9, 0)), "wrong_state",
            "Không thể «xin lỗi và gia hạn thời gian giải quyết» khi hồ sơ đang ở trạng thái «Chờ công dân bổ sung».")
    sv.resubmit_dossier(permit, world.official("reception", Role.RECEPTION), now=vn(2026, 3, 5, 9, 0))
    sv.decide_dossier(permit, world.official("builder_head", Role.LEADER), now=vn(2026, 3, 6, 9, 0))
    refused(lambda: _extend(world, permit, vn(2026, 3, 6, 10, 0)), "wrong_state")
