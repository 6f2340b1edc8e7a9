"""Online filing: one consolidated, reasoned correction request (Decree 118/2025 Art. 17.2.c;
Arts. 11.2.c and 16: missing items are listed all at once and staff ask only once).

Within the 8 working hours the officer either accepts or sends one Phiếu yêu cầu bổ sung listing
every item. The dossier waits for the applicant; the resubmission starts a fresh 8-hour limit.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import file_online, fresh, last_event, local, receive, record, refused, vn

pytestmark = pytest.mark.django_db

ITEMS = ["Bản sao Giấy chứng sinh", "Văn bản ủy quyền có chứng thực"]
ONCE = ("Chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần, bằng một phiếu liệt kê đầy đủ "
        "(Điều 11, 16 Nghị định 118/2025/NĐ-CP).")


def _request(world, dossier, at, items=ITEMS, officer="reception"):
    return sv.request_intake_supplement(dossier, world.official(officer, Role.RECEPTION), items=items,
                                        reason="Thiếu giấy tờ", now=at)


def test_the_request_must_list_the_items(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))
    message = "Phiếu yêu cầu bổ sung phải liệt kê đầy đủ các thành phần cần bổ sung."
    refused(lambda: _request(world, dossier, vn(2026, 3, 9, 10, 0), items=[]), "missing_items", message)
    refused(lambda: _request(world, dossier, vn(2026, 3, 9, 10, 0), items=["  ", ""]), "missing_items", message)
    assert fresh(dossier).state == State.FILED


def test_one_consolidated_request_puts_the_dossier_with_the_applicant(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))

    row = _request(world, dossier, vn(2026, 3, 9, 10, 0),
                   items=["  Bản sao Giấy chứng sinh ", "Văn bản ủy quyền có chứng thực"])

    assert row.state == State.AWAITING_INTAKE_SUPPLEMENT
    assert row.code is None
    assert row.holder_unit_id is None
    assert row.supplement_requests == 1
    event = last_event(row, "request_intake_supplement")
    assert event.data["items"] == ITEMS
    assert event.reason == "Thiếu giấy tờ"
    assert event.from_unit_id == world.branch.pk


def test_a_second_request_while_waiting_is_refused(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))
    _request(world, dossier, vn(2026, 3, 9, 10, 0))

    refused(lambda: _request(world, dossier, vn(2026, 3, 9, 11, 0), items=["Ảnh 4x6"]), "wrong_state",
            "Không thể «yêu cầu bổ sung, hoàn thiện hồ sơ» khi hồ sơ đang ở trạng thái «Chờ bổ sung (trước tiếp nhận)».")


def test_resubmission_restarts_the_8_hour_limit_and_a_second_request_is_refused(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))
    assert local(fresh(dossier).acceptance_due_at) == vn(2026, 3, 10, 9, 0)
    _request(world, dossier, vn(2026, 3, 9, 10, 0))

    # Resubmitted Wednesday 16:00: 1 h on Wednesday, 7 h on Thursday -> Thursday 12/03 16:00.
    row = sv.resubmit_dossier(dossier, world.citizen(), now=vn(2026, 3, 11, 16, 0))

    assert row.state == State.FILED
    assert row.holder_unit_id == world.branch.pk
    assert local(row.acceptance_due_at) == vn(2026, 3, 12, 16, 0)
    assert local(last_event(row, "resubmit").data["acceptance_due_at"]) == vn(2026, 3, 12, 16, 0)

    refused(lambda: _request(world, dossier, vn(2026, 3, 11, 16, 30), items=["Ảnh 4x6"]), "supplement_once", ONCE)

    # Accepted within the new limit (the old one, 10/03 09:00, has long passed).
    row = receive(world, dossier, vn(2026, 3, 12, 15, 0))
    assert row.state == State.RECEIVED
    assert last_event(row, "receive").data["accepted_on_time"] is True
    assert row.code == "000.00.70.H26-260312-0001"
    assert row.supplement_requests == 1
    assert not record(row).multiple_supplements


def test_acceptance_after_the_renewed_limit_is_late(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))
    _request(world, dossier, vn(2026, 3, 9, 10, 0))
    sv.resubmit_dossier(dossier, world.citizen(), now=vn(2026, 3, 11, 16, 0))

    row = receive(world, dossier, vn(2026, 3, 12, 16, 1))
    assert last_event(row, "receive").data["accepted_on_time"] is False


def test_only_the_owner_resubmits_and_only_the_receiving_unit_requests(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 9, 0))
    refused(lambda: _request(world, dossier, vn(2026, 3, 9, 10, 0), officer="reception2"), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: sv.request_intake_supplement(dossier, world.official("commune_officer", Role.PROCESSING),
                                                 items=ITEMS, now=vn(2026, 3, 9, 10, 0)),
            "wrong_role", "Vai trò cán bộ xử lý không được «yêu cầu bổ sung, hoàn thiện hồ sơ».")
    _request(world, dossier, vn(2026, 3, 9, 10, 0))
    refused(lambda: sv.resubmit_dossier(dossier, world.citizen("other_citizen"), now=vn(2026, 3, 10, 9, 0)),
            "not_owner", "Ông/bà không phải người nộp hồ sơ này.")


def test_the_correction_request_records_whether_it_came_within_8_working_hours(world):
    """Art. 17.2.c: acceptance OR one consolidated correction request within 8 working hours."""
    from motcua.dossiers.models import DossierEvent

    on_time = file_online(world, at=vn(2026, 3, 9, 9, 0))
    sv.request_intake_supplement(on_time, world.official("reception", Role.RECEPTION), items=["Tờ khai"],
                                 now=vn(2026, 3, 9, 16, 0))
    late = file_online(world, at=vn(2026, 3, 9, 9, 0))
    sv.request_intake_supplement(late, world.official("reception", Role.RECEPTION), items=["Tờ khai"],
                                 now=vn(2026, 3, 10, 9, 30))
    flags = {d.pk: DossierEvent.objects.get(dossier=d, act="request_intake_supplement").data["accepted_on_time"]
             for d in (on_time, late)}
    assert flags == {on_time.pk: True, late.pk: False}
