"""Supplementation request at the counter (Decree 118/2025 Art. 17.1.c, Arts. 11.2.c and 16).

An incomplete paper dossier gets a Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02) listing
every missing item at once; no dossier code is issued and no clock runs until the dossier is
complete and received. Staff may ask only once.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role, State

from .scenario import counters, file_at_counter, fresh, last_event, local, receive, record, refused, vn

pytestmark = pytest.mark.django_db


def _request(world, dossier, at, items=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")):
    return sv.request_intake_supplement(dossier, world.official("reception", Role.RECEPTION), items=list(items),
                                        reason="Hồ sơ chưa đủ thành phần", now=at)


def test_request_gives_no_code_and_no_clock(world):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    assert fresh(dossier).state == State.FILED
    assert fresh(dossier).acceptance_due_at is None  # counter filings have no 8-hour limit

    row = _request(world, dossier, vn(2026, 3, 9, 9, 10))

    assert row.state == State.AWAITING_INTAKE_SUPPLEMENT
    assert row.code is None and row.due_at is None and row.received_at is None
    assert row.supplement_requests == 1
    assert counters() == {}
    event = last_event(row)
    assert event.act == "request_intake_supplement"
    assert event.data == {"items": ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]}
    assert event.reason == "Hồ sơ chưa đủ thành phần"


def test_items_are_required(world):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    refused(lambda: _request(world, dossier, vn(2026, 3, 9, 9, 10), items=()), "missing_items",
            "Phiếu yêu cầu bổ sung phải liệt kê đầy đủ các thành phần cần bổ sung.")


def test_resubmitted_dossier_is_received_with_the_clock_from_that_moment(world):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    _request(world, dossier, vn(2026, 3, 9, 9, 10))

    # The applicant has no portal account: the reception officer takes the completed papers.
    row = sv.resubmit_dossier(dossier, world.official("reception", Role.RECEPTION), now=vn(2026, 3, 13, 14, 0))
    assert row.state == State.FILED
    assert row.acceptance_due_at is None
    assert last_event(row).data == {}

    row = receive(world, dossier, vn(2026, 3, 13, 14, 30))
    assert row.state == State.RECEIVED
    assert row.code == "000.00.70.H26-260313-0001"
    # 3 working days from Friday 13/03 14:30: 2.5 h + 8 + 8 + 5.5 h -> Wednesday 18/03 14:30.
    assert local(row.due_at) == vn(2026, 3, 18, 14, 30)
    assert record(row).clock_started_at == vn(2026, 3, 13, 14, 30)


def test_only_once_even_after_resubmission(world):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    _request(world, dossier, vn(2026, 3, 9, 9, 10))
    sv.resubmit_dossier(dossier, world.official("reception", Role.RECEPTION), now=vn(2026, 3, 10, 9, 0))

    refused(lambda: _request(world, dossier, vn(2026, 3, 10, 9, 5), items=["Bản sao CCCD của người đi khai"]),
            "supplement_once",
            "Chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần, bằng một phiếu liệt kê đầy đủ "
            "(Điều 11, 16 Nghị định 118/2025/NĐ-CP).")
    assert fresh(dossier).supplement_requests == 1


def test_nothing_but_resubmission_or_withdrawal_while_waiting(world):
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    _request(world, dossier, vn(2026, 3, 9, 9, 10))
    label = "Chờ bổ sung (trước tiếp nhận)"
    refused(lambda: receive(world, dossier, vn(2026, 3, 9, 10, 0)), "wrong_state",
            f"Không thể «tiếp nhận hồ sơ» khi hồ sơ đang ở trạng thái «{label}».")
    refused(lambda: sv.refuse_intake(dossier, world.official("reception", Role.RECEPTION), reason="Sai thẩm quyền",
                                     now=vn(2026, 3, 9, 10, 0)),
            "wrong_state", f"Không thể «từ chối tiếp nhận hồ sơ» khi hồ sơ đang ở trạng thái «{label}».")
    assert counters() == {}


def test_the_applicant_without_an_account_cannot_resubmit_online(world):
    """A counter dossier filed for a person without an account has no owner on the portal."""
    dossier = file_at_counter(world, at=vn(2026, 3, 9, 9, 0))
    _request(world, dossier, vn(2026, 3, 9, 9, 10))
    refused(lambda: sv.resubmit_dossier(dossier, world.citizen(), now=vn(2026, 3, 10, 9, 0)), "not_owner",
            "Ông/bà không phải người nộp hồ sơ này.")
    refused(lambda: sv.resubmit_dossier(dossier, world.official("reception2", Role.RECEPTION),
                                        now=vn(2026, 3, 10, 9, 0)),
            "wrong_unit", "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
