"""Online filing: staff accept within 8 working hours (Decree 118/2025 Art. 17.2.c, 17.3).

An online filing (Cổng DVCQG or VNeID) waits in «Chờ tiếp nhận»; the system sets the acceptance
limit at filing + 8 working hours on the Hà Nội calendar (a filing outside office hours counts
from the next opening, one-stop.md §10). Acceptance issues the dossier code and due time, and
records whether it came within the limit.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import State

from .scenario import at_counter, file_online, fresh, last_event, local, receive, record, refused, vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        # Monday morning: 2.5 h + 4 h the same day, 1.5 h on Tuesday.
        (vn(2026, 3, 9, 9, 30), vn(2026, 3, 10, 9, 30)),
        # Friday 17:30 (after office hours): counts from Monday 08:00, due at 17:00, not Tuesday 08:00.
        (vn(2026, 3, 6, 17, 30), vn(2026, 3, 9, 17, 0)),
        # Saturday: counts from Monday 08:00.
        (vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 17, 0)),
        # Lunch break: counts from 13:00; 4 h + 4 h ends at 12:00 Tuesday, which stays 12:00.
        (vn(2026, 3, 9, 12, 15), vn(2026, 3, 10, 12, 0)),
        # Friday before Tết 2026 (14–22/02 off): 6 h on Friday, 2 h on Monday 23/02.
        (vn(2026, 2, 13, 10, 0), vn(2026, 2, 23, 10, 0)),
        # Friday 21/08/2026: 3 h, then the make-up Saturday 22/08 is a working day.
        (vn(2026, 8, 21, 14, 0), vn(2026, 8, 22, 14, 0)),
        # Friday 28/08/2026: 1 h, then 31/08–02/09 are off: Thursday 03/09 16:00.
        (vn(2026, 8, 28, 16, 0), vn(2026, 9, 3, 16, 0)),
    ],
    ids=["weekday", "friday-evening", "saturday", "lunch", "before-tet", "make-up-saturday", "national-day"],
)
def test_acceptance_limit_is_8_working_hours_on_the_calendar(world, filed, due):
    dossier = file_online(world, at=filed)

    row = fresh(dossier)
    assert row.state == State.FILED
    assert row.code is None
    assert local(row.acceptance_due_at) == due
    assert record(row).acceptance_due_at == due
    assert local(last_event(row, "file").data["acceptance_due_at"]) == due


def test_vneid_channel_has_the_same_limit(world):
    dossier = file_online(world, at=vn(2026, 3, 6, 17, 30), channel="vneid")
    assert local(fresh(dossier).acceptance_due_at) == vn(2026, 3, 9, 17, 0)


def test_acceptance_at_the_limit_is_on_time_and_issues_code_and_due_time(world):
    dossier = file_online(world, at=vn(2026, 3, 6, 17, 30))  # limit: Monday 09/03 17:00

    row = receive(world, dossier, vn(2026, 3, 9, 17, 0))

    assert row.state == State.RECEIVED
    event = last_event(row, "receive")
    assert event.data["accepted_on_time"] is True
    # Birth registration is a commune procedure: the code opens with the commune UBND's identifier.
    assert row.code == "000.00.70.H26-260309-0001"
    # 3 working days from 17:00 Monday (end of a session): Thursday 12/03 17:00.
    assert local(row.due_at) == vn(2026, 3, 12, 17, 0)
    assert local(row.received_at) == vn(2026, 3, 9, 17, 0)


def test_acceptance_after_the_limit_is_recorded_as_late(world):
    dossier = file_online(world, at=vn(2026, 3, 6, 17, 30))

    row = receive(world, dossier, vn(2026, 3, 10, 8, 1))

    assert row.state == State.RECEIVED
    assert last_event(row, "receive").data["accepted_on_time"] is False
    # Late acceptance still gives the full statutory time from the moment of acceptance.
    assert local(row.due_at) == vn(2026, 3, 13, 8, 1)


def test_acceptance_over_tet_on_time(world):
    dossier = file_online(world, at=vn(2026, 2, 13, 10, 0))  # limit Monday 23/02 10:00

    row = receive(world, dossier, vn(2026, 2, 23, 9, 0))

    assert last_event(row, "receive").data["accepted_on_time"] is True
    assert row.code == "000.00.70.H26-260223-0001"


def test_counter_reception_has_no_acceptance_limit(world):
    row = at_counter(world, at=vn(2026, 3, 9, 9, 0))
    assert row.acceptance_due_at is None
    assert "accepted_on_time" not in last_event(row, "receive").data


def test_only_a_one_stop_unit_takes_filings(world):
    refused(
        lambda: sv.file_dossier(actor=world.citizen(), version=world.birth, receiving_unit=world.commune_ubnd,
                                applicant=world.applicant(user=world.users["citizen"]), channel="online",
                                area=world.commune, now=vn(2026, 3, 9, 9, 0)),
        "not_one_stop", "Hồ sơ chỉ được nộp tại Bộ phận Một cửa hoặc Trung tâm Phục vụ hành chính công.",
    )


def test_unknown_channel_is_refused(world):
    refused(lambda: file_online(world, at=vn(2026, 3, 9, 9, 0), channel="fax"), "channel",
            "Kênh nộp «fax» không hợp lệ (quầy, bưu chính, trực tuyến, VNeID).")


def test_a_citizen_files_only_under_their_own_account(world):
    refused(
        lambda: sv.file_dossier(actor=world.citizen(), version=world.birth, receiving_unit=world.branch,
                                applicant=world.applicant(user=world.users["other_citizen"]), channel="online",
                                area=world.commune, now=vn(2026, 3, 9, 9, 0)),
        "not_owner",
    )
