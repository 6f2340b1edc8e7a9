"""Correction of a wrong result (Decree 118/2025 Art. 23.1).

A result that is wrong through the officials' fault is corrected and returned within 3 working
days of the report: the dossier goes back to the competent agency («Đang đính chính kết quả»),
its leader issues the corrected result (back to «Đã có kết quả, chờ trả») and the receiving unit
returns it again. Each correction is counted.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import fresh, last_event, local, processing_online, record, refused, vn

pytestmark = pytest.mark.django_db

WRONG = "Sai ngày sinh trên Giấy khai sinh"


def _report(world, dossier, at, actor=None, reason=WRONG):
    return sv.report_wrong_result(dossier, actor or world.citizen(), reason=reason, now=at)


def _correct(world, dossier, at, who="commune_chair", role=Role.LEADER, **kw):
    return sv.correct_result(dossier, world.official(who, role), now=at, **kw)


def _return(world, dossier, at):
    return sv.return_result(dossier, world.official("reception", Role.RECEPTION), now=at)


@pytest.fixture
def returned(world):
    """An online birth registration decided Wednesday 04/03/2026 and returned at 10:00."""
    row = processing_online(world, world.birth)
    sv.decide_dossier(row, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 4, 9, 0))
    return _return(world, row, vn(2026, 3, 4, 10, 0))


def test_report_opens_a_3_working_day_correction(world, returned):
    row = _report(world, returned, vn(2026, 3, 10, 14, 0))

    assert row.state == State.CORRECTING
    assert row.holder_unit_id == world.commune_ubnd.pk
    # 3 h Tuesday, 8 h Wednesday and Thursday, 5 h Friday -> Friday 13/03 14:00.
    assert record(row).correction_due_at == vn(2026, 3, 13, 14, 0)
    event = last_event(row)
    assert (event.act, event.to_unit_id, event.reason) == ("report_wrong_result", world.commune_ubnd.pk, WRONG)
    assert local(event.data["correction_due_at"]) == vn(2026, 3, 13, 14, 0)


def test_corrected_result_goes_back_for_return_and_is_counted(world, returned):
    _report(world, returned, vn(2026, 3, 10, 14, 0))

    row = _correct(world, returned, vn(2026, 3, 12, 9, 0), result_code="001090012345.KQ01-DC")

    assert row.state == State.DECIDED
    assert row.holder_unit_id == world.branch.pk
    assert row.result_code == "001090012345.KQ01-DC"
    assert record(row).corrections == 1
    event = last_event(row)
    assert event.act == "correct_result"
    assert event.data["on_time"] is True
    assert (event.from_unit_id, event.to_unit_id) == (world.commune_ubnd.pk, world.branch.pk)

    row = _return(world, row, vn(2026, 3, 12, 10, 0))
    assert row.state == State.RETURNED
    assert local(row.returned_at) == vn(2026, 3, 12, 10, 0)

    # A second mistake, reported at the counter, corrected late.
    _report(world, row, vn(2026, 3, 16, 9, 0), actor=world.official("reception", Role.RECEPTION))
    assert record(row).correction_due_at == vn(2026, 3, 19, 9, 0)
    row = _correct(world, row, vn(2026, 3, 19, 9, 1))
    assert last_event(row).data["on_time"] is False
    assert row.result_code == "001090012345.KQ01-DC"  # no new code given: the last one stays
    assert record(row).corrections == 2
    assert _return(world, row, vn(2026, 3, 19, 10, 0)).state == State.RETURNED


def test_correction_limit_counts_working_days_over_the_national_day(world):
    row = processing_online(world, world.birth, filed=vn(2026, 8, 24, 8, 0), received=vn(2026, 8, 24, 8, 30),
                            transferred=vn(2026, 8, 24, 9, 0))
    sv.decide_dossier(row, world.official("commune_chair", Role.LEADER), now=vn(2026, 8, 25, 9, 0))
    _return(world, row, vn(2026, 8, 25, 10, 0))
    row = _report(world, row, vn(2026, 8, 26, 14, 0))
    # 3 h Wednesday, 8 h Thursday and Friday, then 31/08–02/09 off, 5 h Thursday 03/09.
    assert record(row).correction_due_at == vn(2026, 9, 3, 14, 0)


def test_only_after_the_result_was_returned(world):
    row = processing_online(world, world.birth)
    refused(lambda: _report(world, row, vn(2026, 3, 3, 9, 0)), "wrong_state")
    sv.decide_dossier(row, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 4, 9, 0))
    refused(lambda: _report(world, row, vn(2026, 3, 4, 9, 30)), "wrong_state",
            "Không thể «ghi nhận kết quả sai sót» khi hồ sơ đang ở trạng thái «Đã có kết quả, chờ trả».")
    refused(lambda: _correct(world, row, vn(2026, 3, 4, 9, 30)), "wrong_state")


def test_report_needs_the_mistake_and_the_owner(world, returned):
    at = vn(2026, 3, 10, 14, 0)
    refused(lambda: _report(world, returned, at, reason=" "), "missing_reason", "Phải nêu nội dung sai sót của kết quả.")
    refused(lambda: _report(world, returned, at, actor=world.citizen("other_citizen")), "not_owner",
            "Ông/bà không phải người nộp hồ sơ này.")


def test_only_the_competent_agencys_leader_corrects(world, returned):
    _report(world, returned, vn(2026, 3, 10, 14, 0))
    at = vn(2026, 3, 11, 9, 0)
    refused(lambda: _correct(world, returned, at, who="commune_officer", role=Role.PROCESSING), "wrong_role",
            "Vai trò cán bộ xử lý không được «đính chính, cấp lại kết quả».")
    refused(lambda: _correct(world, returned, at, who="builder_head"), "wrong_unit")
    refused(lambda: sv.return_result(returned, world.official("reception", Role.RECEPTION), now=at), "wrong_state")
    assert fresh(returned).state == State.CORRECTING


def test_an_unrelated_agencys_official_cannot_reopen_the_result(world, returned):
    refused(lambda: _report(world, returned, vn(2026, 3, 10, 14, 0),
                            actor=world.official("police_officer", Role.PROCESSING)), "wrong_unit")
