"""Counter and post reception: receipt, dossier code and due time (Decree 118/2025 Arts. 17.1,
17.3 and 28; one-stop.md §10 for the code pattern and the clock conventions).

The receipt (mẫu 01) carries one dossier code ``{agency identifier}-{yymmdd}-{sequence:04d}``
(a per-identifier, per-day number) and a due time counted in working hours from the receipt;
outside office hours the clock starts at the next working moment. Only reception officers of the
receiving unit may receive.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.rules.lifecycle import Role, State

from .scenario import at_counter, counters, file_online, fresh, last_event, local, receive, record, refused, vn

pytestmark = pytest.mark.django_db

COMMUNE = "000.00.70.H26"  # UBND phường Hoàn Kiếm: competent for birth registration and certified copies
CONSTRUCTION = "000.00.11.H26"  # Sở Xây dựng: competent for building permits


def test_receipt_gives_state_code_and_due_time(world):
    row = at_counter(world, at=vn(2026, 3, 9, 9, 0))

    assert row.state == State.RECEIVED
    assert row.channel == "counter"
    assert row.code == f"{COMMUNE}-260309-0001"
    assert row.holder_unit_id == world.branch.pk
    assert local(row.received_at) == vn(2026, 3, 9, 9, 0)
    assert local(row.due_at) == vn(2026, 3, 12, 9, 0)  # 3 working days
    assert local(row.reference_due_at) == vn(2026, 3, 12, 9, 0)
    assert [e.act for e in DossierEvent.objects.filter(dossier=row).order_by("seq")] == ["file", "receive"]
    event = last_event(row, "receive")
    assert event.data["code"] == row.code
    assert local(event.due_after) == vn(2026, 3, 12, 9, 0)
    assert event.actor == f"u{world.users['reception'].pk}"


def test_sequence_per_identifier_per_day_restarts_the_next_day(world):
    monday = [at_counter(world, at=vn(2026, 3, 9, 8, m)).code for m in (5, 10, 15)]
    permit = at_counter(world, world.permit, at=vn(2026, 3, 9, 8, 20)).code
    by_post = at_counter(world, at=vn(2026, 3, 9, 8, 25), channel="post").code
    tuesday = at_counter(world, at=vn(2026, 3, 10, 8, 5)).code

    assert monday == [f"{COMMUNE}-260309-0001", f"{COMMUNE}-260309-0002", f"{COMMUNE}-260309-0003"]
    assert permit == f"{CONSTRUCTION}-260309-0001"
    assert by_post == f"{COMMUNE}-260309-0004"
    assert tuesday == f"{COMMUNE}-260310-0001"
    assert counters() == {(COMMUNE, "2026-03-09"): 4, (CONSTRUCTION, "2026-03-09"): 1, (COMMUNE, "2026-03-10"): 1}


def test_online_filings_share_the_days_sequence(world):
    at_counter(world, at=vn(2026, 3, 9, 8, 5))
    online = receive(world, file_online(world, at=vn(2026, 3, 6, 20, 0)), vn(2026, 3, 9, 8, 10))
    assert online.code == f"{COMMUNE}-260309-0002"


def test_tet_example_received_friday_afternoon(world):
    """Received Fri 13/02/2026 16:30, 3 working days; Tết off 14–22/02 -> due Wed 25/02/2026 16:30."""
    row = at_counter(world, at=vn(2026, 2, 13, 16, 30))

    assert local(row.due_at) == vn(2026, 2, 25, 16, 30)
    assert record(row).clock_started_at == vn(2026, 2, 13, 16, 30)
    assert row.code == f"{COMMUNE}-260213-0001"


@pytest.mark.parametrize(
    ("received", "clock", "due"),
    [
        # Saturday: the clock starts Monday 08:00; 3 full days end Wednesday 17:00 (not Thursday 08:00).
        (vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 8, 0), vn(2026, 3, 11, 17, 0)),
        # 18:00 Monday: starts Tuesday 08:00, due Thursday 17:00.
        (vn(2026, 3, 9, 18, 0), vn(2026, 3, 10, 8, 0), vn(2026, 3, 12, 17, 0)),
        # 07:00 Monday: starts 08:00 the same day.
        (vn(2026, 3, 9, 7, 0), vn(2026, 3, 9, 8, 0), vn(2026, 3, 11, 17, 0)),
        # 13:00 Monday: 4 + 8 + 8 + 4 h ends at 12:00 Thursday, which stays 12:00.
        (vn(2026, 3, 9, 13, 0), vn(2026, 3, 9, 13, 0), vn(2026, 3, 12, 12, 0)),
        # 17:00 exactly is still office time: the clock starts there, due Thursday 17:00.
        (vn(2026, 3, 9, 17, 0), vn(2026, 3, 9, 17, 0), vn(2026, 3, 12, 17, 0)),
        # Wednesday 26/08/2026 10:00: Thu, Fri, then 31/08–02/09 off -> Thursday 03/09 10:00.
        (vn(2026, 8, 26, 10, 0), vn(2026, 8, 26, 10, 0), vn(2026, 9, 3, 10, 0)),
        # Thursday 20/08/2026 10:00: Fri 21 and the make-up Saturday 22/08 count -> Monday 24/08 10:00.
        (vn(2026, 8, 20, 10, 0), vn(2026, 8, 20, 10, 0), vn(2026, 8, 24, 10, 0)),
    ],
    ids=["saturday", "evening", "early-morning", "afternoon-ends-at-noon", "at-17h", "national-day", "make-up-saturday"],
)
def test_clock_start_and_due_time(world, received, clock, due):
    row = at_counter(world, at=received)

    assert record(row).clock_started_at == clock
    assert local(row.due_at) == due
    assert row.code.split("-")[1] == received.strftime("%y%m%d")  # the code carries the day of receipt


def test_city_level_procedure_15_days(world):
    row = at_counter(world, world.permit, at=vn(2026, 3, 2, 9, 0))
    # 7 h on Monday 02/03, 14 full days to Friday 20/03, 1 h on Monday 23/03.
    assert local(row.due_at) == vn(2026, 3, 23, 9, 0)
    assert row.competent_unit_id == world.construction.pk


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (vn(2026, 3, 9, 14, 59), vn(2026, 3, 9, 17, 0)),
        (vn(2026, 3, 9, 8, 0), vn(2026, 3, 9, 17, 0)),
        (vn(2026, 3, 9, 15, 0), vn(2026, 3, 10, 17, 0)),
        (vn(2026, 3, 9, 16, 45), vn(2026, 3, 10, 17, 0)),
        (vn(2026, 3, 9, 18, 0), vn(2026, 3, 10, 17, 0)),  # after hours: next working morning, before 15:00
        (vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 17, 0)),  # Saturday -> Monday
        (vn(2026, 2, 13, 15, 30), vn(2026, 2, 23, 17, 0)),  # Friday before Tết -> Monday 23/02
        (vn(2026, 8, 21, 15, 30), vn(2026, 8, 22, 17, 0)),  # -> the make-up Saturday
        (vn(2026, 8, 28, 15, 0), vn(2026, 9, 3, 17, 0)),  # -> after the National Day break
    ],
    ids=["14h59", "8h", "15h", "16h45", "18h", "saturday", "tet", "make-up-saturday", "national-day"],
)
def test_same_day_procedure_cut_off_at_15h(world, received, due):
    row = at_counter(world, world.copy, at=received)
    assert local(row.due_at) == due


def test_another_units_reception_officer_is_refused(world):
    before = Dossier.objects.count()
    refused(lambda: at_counter(world, at=vn(2026, 3, 9, 9, 0), officer="reception2"), "wrong_unit",
            "Cán bộ chỉ tiếp nhận hồ sơ tại đơn vị mình.")
    assert Dossier.objects.count() == before
    assert counters() == {}


def test_a_processing_officer_may_not_receive(world):
    refused(
        lambda: sv.receive_at_counter(actor=world.official("commune_officer", Role.PROCESSING), version=world.birth,
                                      receiving_unit=world.branch, applicant=world.applicant(), area=world.commune,
                                      now=vn(2026, 3, 9, 9, 0)),
        "wrong_role", "Chỉ người nộp hoặc cán bộ tiếp nhận được nộp hồ sơ.")
    assert counters() == {}


def test_refused_acceptance_does_not_use_up_a_number(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 8, 0))
    refused(lambda: receive(world, dossier, vn(2026, 3, 9, 9, 0), officer="reception2"), "wrong_unit",
            "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: sv.receive_dossier(dossier, world.official("commune_officer", Role.PROCESSING),
                                       now=vn(2026, 3, 9, 9, 0)),
            "wrong_role", "Vai trò cán bộ xử lý không được «tiếp nhận hồ sơ».")
    assert counters() == {}
    assert fresh(dossier).code is None

    assert receive(world, dossier, vn(2026, 3, 9, 9, 5)).code == f"{COMMUNE}-260309-0001"
    # Received once: receiving again is refused and the counter stays at 1.
    refused(lambda: receive(world, dossier, vn(2026, 3, 9, 9, 10)), "wrong_state",
            "Không thể «tiếp nhận hồ sơ» khi hồ sơ đang ở trạng thái «Đã tiếp nhận».")
    assert counters() == {(COMMUNE, "2026-03-09"): 1}


def test_reception_before_filing_is_refused(world):
    dossier = file_online(world, at=vn(2026, 3, 9, 10, 0))
    refused(lambda: receive(world, dossier, vn(2026, 3, 9, 9, 0)), "time_order",
            "Thời điểm thực hiện (09:00 ngày 09/03/2026) sớm hơn việc trước đó trong nhật ký (10:00 ngày 09/03/2026).")
    assert counters() == {}


def test_applicant_name_is_required(world):
    from motcua.dossiers.services import Applicant

    refused(lambda: sv.receive_at_counter(actor=world.official("reception", Role.RECEPTION), version=world.birth,
                                          receiving_unit=world.branch, applicant=Applicant(name="  "),
                                          area=world.commune, now=vn(2026, 3, 9, 9, 0)),
            "applicant", "Chưa nhập họ tên người nộp hồ sơ.")
