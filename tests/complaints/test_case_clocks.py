"""Each statutory clock of a case, proven through the services on the holiday calendar: a PAKN
received before Tết and answered late, a PAKN waiting for information, a complaint accepted
across 30/4–1/5 (and the Hùng Kings' day), a second complaint in a remote area, a denunciation
extended twice when especially complex and refused a third time, a denunciation's intake check
extended from 7 to 10 working days (once, in time, again after a transfer), the limitation period checked
at intake and a group with too many representatives."""

from datetime import date, datetime

import pytest

from motcua.complaints import services as sv
from motcua.complaints.models import Case, CaseEvent
from motcua.complaints.services import CaseRefused, FilerIn
from motcua.rules.calendar import VN_TZ
from tests.complaints.conftest import make_case, vn

pytestmark = pytest.mark.django_db
S = Case.State


def end_of(y, m, d):
    return datetime(y, m, d, 23, 59, 59, 999999, tzinfo=VN_TZ)


def test_pakn_received_before_tet_answered_late(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "pakn", now=vn(2026, 2, 10))  # Tuesday; Tết: 14–22 February off
    assert case.due_at == vn(2026, 2, 12)  # refuse within 2 working days
    assert case.resolve_due_at == vn(2026, 3, 10)  # 15 working days, the Tết week skipped (not 3 March)
    case = sv.accept(case, by=officer, now=vn(2026, 2, 11))
    assert case.state == S.ACCEPTED and case.due_at == vn(2026, 3, 10)
    case = sv.answer(case, by=officer, now=vn(2026, 3, 11, 10), text="Đã chỉ đạo trả kết quả.",
                     public_text="Đã chỉ đạo trả kết quả cho công dân.")
    event = case.events.get(act="answer")
    assert event.data["late"] is True and event.due_before == vn(2026, 3, 10)
    assert case.due_at == vn(2026, 3, 13, 10)  # publish within 2 working days of the answer
    case = sv.publish(case, by=officer, now=vn(2026, 3, 12))
    assert case.state == S.PUBLISHED and case.published_at == vn(2026, 3, 12) and case.due_at is None
    assert case.events.get(act="publish").data["late"] is False


def test_pakn_answered_in_time_is_not_late(world):
    case = make_case(world, "pakn", now=vn(2026, 2, 10))
    case = sv.answer(case, by=world.users["commune_officer"], now=vn(2026, 3, 10), text="Trả lời")
    assert case.events.get(act="answer").data["late"] is False
    assert case.accepted_at == vn(2026, 3, 10)  # answered straight from receipt


def test_pakn_waiting_for_information_stops_and_restarts_the_clock(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "pakn", now=vn(2026, 3, 2))
    case = sv.request_info(case, by=officer, now=vn(2026, 3, 4), reason="Ghi rõ số giấy biên nhận hồ sơ.")
    assert case.state == S.INFO_REQUESTED and case.due_at is None
    assert case.events.get(act="request_info").data == {"from_state": "received", "late": False}
    case = sv.receive_info(case, by=officer, now=vn(2026, 3, 16), note="Công dân đã bổ sung.")
    assert case.state == S.RECEIVED
    assert case.due_at == vn(2026, 3, 18) and case.resolve_due_at == vn(2026, 4, 6)  # 15 WD from 16 March


def test_pakn_asked_for_information_after_five_working_days_is_recorded_late(world):
    case = make_case(world, "pakn", now=vn(2026, 3, 2))
    case = sv.accept(case, by=world.users["commune_officer"], now=vn(2026, 3, 3))
    case = sv.request_info(case, by=world.users["commune_officer"], now=vn(2026, 3, 10), reason="Thiếu địa chỉ.")
    assert case.events.get(act="request_info").data == {"from_state": "accepted", "late": True}
    case = sv.receive_info(case, by=world.users["commune_officer"], now=vn(2026, 3, 11))
    assert case.state == S.ACCEPTED and case.due_at == case.resolve_due_at == vn(2026, 4, 1)


def test_complaint_accepted_across_the_april_holidays(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "complaint_first", now=vn(2026, 4, 23), known_on=date(2026, 4, 1))
    # 10 working days: 27/4 (Hùng Kings), 30/4 and 1/5 and two weekends are skipped
    assert case.due_at == vn(2026, 5, 12) and case.resolve_due_at is None
    case = sv.accept(case, by=officer, now=vn(2026, 4, 29, 10))
    assert case.resolve_due_at == case.due_at == vn(2026, 6, 12, 10)  # 30 working days
    complex_case = make_case(world, "complaint_first", now=vn(2026, 4, 23), known_on=date(2026, 4, 1),
                             filers=[FilerIn("Trần Thị Mai", "001190000777")], subject="Khiếu nại thu hồi đất")
    complex_case = sv.accept(complex_case, by=officer, now=vn(2026, 4, 29, 10), complexity="complex")
    assert complex_case.resolve_due_at == vn(2026, 7, 3, 10)  # 45 working days


def _decided_first_complaint(world, decided_at):
    officer = world.users["commune_officer"]
    first = make_case(world, "complaint_first", now=vn(2026, 1, 5), known_on=date(2026, 1, 2))
    first = sv.accept(first, by=officer, now=vn(2026, 1, 6))
    return sv.answer(first, by=officer, now=decided_at, text="Giữ nguyên quyết định xử phạt.")


def test_second_complaint_in_a_remote_area(world):
    first = _decided_first_complaint(world, vn(2026, 2, 2))
    assert first.final_decision_at is None  # a first decision may still be complained of
    # 40 days after the first decision: too late nearby (30 days), in time in a remote area (45)
    near = make_case(world, "complaint_second", now=vn(2026, 3, 14), previous=first, handling_unit=world.justice,
                     filers=[FilerIn("Phạm Văn Long", "001080000111")], subject="Khiếu nại lần hai xử phạt")
    assert near.state == S.REFUSED and near.closed_at == vn(2026, 3, 14)
    assert "quá thời hạn khiếu nại lần hai" in near.events.get(act="refuse").reason
    remote = make_case(world, "complaint_second", now=vn(2026, 3, 14), previous=first, remote=True,
                       handling_unit=world.justice)
    assert remote.state == S.RECEIVED and remote.due_at == vn(2026, 3, 27, 17)  # filed on a Saturday: 10 WD from Monday 8:00
    justice = world.users["justice_head"]
    remote = sv.accept(remote, by=justice, now=vn(2026, 3, 16))
    assert remote.resolve_due_at == vn(2026, 6, 11)  # 60 working days (remote), 27/4 30/4 1/5 skipped
    remote_complex = make_case(world, "complaint_second", now=vn(2026, 3, 14), previous=first, remote=True,
                               handling_unit=world.justice, filers=[FilerIn("Đỗ Thị Lan", "001190000222")],
                               subject="Khiếu nại lần hai về bồi thường")
    remote_complex = sv.accept(remote_complex, by=justice, now=vn(2026, 3, 16), complexity="complex")
    assert remote_complex.resolve_due_at == vn(2026, 6, 25)  # 70 working days
    decided = sv.answer(remote, by=justice, now=vn(2026, 5, 4), text="Công nhận khiếu nại.")
    assert decided.final_decision_at == vn(2026, 5, 4)  # a second decision is final


def test_second_complaint_before_the_first_is_decided_is_refused(world):
    officer = world.users["commune_officer"]
    first = make_case(world, "complaint_first", now=vn(2026, 1, 5), known_on=date(2026, 1, 2))
    first = sv.accept(first, by=officer, now=vn(2026, 1, 6))
    early = make_case(world, "complaint_second", now=vn(2026, 1, 20), previous=first)
    assert early.state == S.REFUSED
    assert "chưa có quyết định" in early.events.get(act="refuse").reason


def test_denunciation_extended_twice_when_especially_complex_and_refused_a_third_time(world):
    head = world.users["commune_officer"]
    case = make_case(world, "denunciation", now=vn(2026, 2, 23))
    assert case.due_at == vn(2026, 3, 4)  # 7 working days
    case = sv.accept(case, by=head, now=vn(2026, 3, 2), complexity="especially_complex")
    assert case.due_at == end_of(2026, 4, 1)  # 30 calendar days, to the end of the day
    case = sv.extend(case, by=head, now=vn(2026, 3, 20), days=30, reason="Phải giám định tài liệu.")
    assert case.due_at == end_of(2026, 5, 4)  # 1/5 holiday, 2–3/5 weekend: the next working day
    first = case.events.get(act="extend")
    assert (first.due_before, first.due_after, first.data) == (end_of(2026, 4, 1), end_of(2026, 5, 4),
                                                               {"days": 30, "number": 1})
    case = sv.extend(case, by=head, now=vn(2026, 4, 20), days=30, reason="Chờ kết quả xác minh của công an.")
    assert case.due_at == end_of(2026, 6, 1) and case.extensions == 2  # 90 days: 31/5 is a Sunday
    version = case.version
    with pytest.raises(CaseRefused) as refused:
        sv.extend(case, by=head, now=vn(2026, 5, 20), days=10, reason="Thêm lần nữa")
    assert refused.value.status == 422 and "hai lần" in refused.value.message and "90 ngày" in refused.value.message
    case.refresh_from_db()
    assert case.version == version and case.extensions == 2 and case.due_at == end_of(2026, 6, 1)


def test_denunciation_intake_check_extended_to_10_working_days_once_and_in_time(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "denunciation", now=vn(2026, 2, 23))  # Monday
    assert case.due_at == vn(2026, 3, 4)  # 7 working days
    case = sv.extend_intake(case, by=officer, now=vn(2026, 3, 3), reason="Phải xác minh tại ba địa điểm.")
    assert case.state == S.RECEIVED and case.due_at == vn(2026, 3, 9)  # 10 working days from receipt
    event = case.events.get(act="extend_intake")
    assert (event.due_before, event.due_after, event.reason) == (vn(2026, 3, 4), vn(2026, 3, 9),
                                                                 "Phải xác minh tại ba địa điểm.")
    version = case.version
    with pytest.raises(CaseRefused, match="một lần") as again:
        sv.extend_intake(case, by=officer, now=vn(2026, 3, 5), reason="Thêm lần nữa")
    assert again.value.status == 422
    case.refresh_from_db()
    assert case.version == version and case.due_at == vn(2026, 3, 9)
    case = sv.accept(case, by=officer, now=vn(2026, 3, 6))
    assert case.events.get(act="accept").data["late"] is False  # in time under the extended limit

    late = make_case(world, "denunciation", now=vn(2026, 2, 23), filers=[FilerIn("Phan Văn Lực")],
                     subject="Tố cáo thu phí chợ trái phép")
    with pytest.raises(CaseRefused, match="Đã quá thời hạn 7 ngày"):
        sv.extend_intake(late, by=officer, now=vn(2026, 3, 4, 9, 1), reason="Muộn")
    pakn = make_case(world, "pakn", filers=[FilerIn("Đỗ Thị Hà")], subject="Phản ánh rác thải")
    with pytest.raises(CaseRefused) as wrong:
        sv.extend_intake(pakn, by=officer, now=vn(2026, 3, 2, 10), reason="Xác minh")
    assert (wrong.value.status, wrong.value.code) == (409, "case_wrong_kind")
    assert CaseEvent.objects.filter(act="extend_intake").count() == 1

    # a transfer starts the receiving unit's intake clock again, and with it one more extension
    moved = make_case(world, "denunciation", now=vn(2026, 2, 23), filers=[FilerIn("Trịnh Văn Sơn")],
                      subject="Tố cáo lấn chiếm vỉa hè")
    moved = sv.extend_intake(moved, by=officer, now=vn(2026, 2, 24), reason="Xác minh tại hai nơi")
    moved = sv.transfer(moved, by=officer, now=vn(2026, 3, 2), to_unit=world.police, reason="Thuộc thẩm quyền công an")
    assert moved.due_at == vn(2026, 3, 11)  # 7 working days from the transfer
    moved = sv.extend_intake(moved, by=officer, now=vn(2026, 3, 10), reason="Xác minh tại ba nơi")
    assert moved.due_at == vn(2026, 3, 16)  # 10 working days from the transfer


def test_denunciation_extension_needs_complexity(world):
    case = make_case(world, "denunciation", now=vn(2026, 2, 23))
    case = sv.accept(case, by=world.users["commune_officer"], now=vn(2026, 3, 2))
    with pytest.raises(CaseRefused, match="không phức tạp"):
        sv.extend(case, by=world.users["commune_officer"], now=vn(2026, 3, 10), days=30, reason="Cần thêm thời gian")
    complex_case = make_case(world, "denunciation", now=vn(2026, 2, 23), filers=[FilerIn("Vũ Văn Hải")],
                             subject="Tố cáo thu tiền trái phép")
    complex_case = sv.accept(complex_case, by=world.users["commune_officer"], now=vn(2026, 3, 2), complexity="complex")
    complex_case = sv.extend(complex_case, by=world.users["commune_officer"], now=vn(2026, 3, 10), days=30,
                             reason="Phức tạp")
    with pytest.raises(CaseRefused, match="một lần"):
        sv.extend(complex_case, by=world.users["commune_officer"], now=vn(2026, 3, 12), days=10, reason="Lần hai")


def test_limitation_period_checked_at_intake(world):
    # 90 days from 2 January 2026 end on 2 April 2026
    in_time = make_case(world, "complaint_first", now=vn(2026, 4, 2, 16), known_on=date(2026, 1, 2))
    assert in_time.state == S.RECEIVED
    late = make_case(world, "complaint_first", now=vn(2026, 4, 3, 8), known_on=date(2026, 1, 2),
                     filers=[FilerIn("Hoàng Văn Nam", "001085000999")], subject="Khiếu nại thu hồi đất ở")
    assert late.state == S.REFUSED and late.code.startswith("KN-2026-")  # recorded, not lost
    assert list(late.events.values_list("act", "actor")) == [("file", "filer"), ("refuse", "system")]
    assert "hết thời hiệu khiếu nại" in late.events.get(act="refuse").reason.lower()
    assert "02/04/2026" in late.events.get(act="refuse").reason


def _group(n, reps):
    return [FilerIn(f"Người dân số {i}", f"0010800{i:05d}", representative=i < reps) for i in range(n)]


def test_group_of_twelve_with_six_representatives_is_refused(world):
    before = Case.objects.count(), CaseEvent.objects.count()
    with pytest.raises(CaseRefused) as refused:
        make_case(world, "complaint_first", filers=_group(12, 6))
    assert refused.value.status == 422 and "không quá 5 người đại diện" in refused.value.message
    assert (Case.objects.count(), CaseEvent.objects.count()) == before
    with pytest.raises(CaseRefused, match="1 hoặc 2"):
        make_case(world, "pakn", filers=_group(3, 3), people=7)  # seven people, three representatives named
    group = make_case(world, "complaint_first", filers=_group(12, 5))
    assert group.people == 12 and "group" in group.flags
    assert list(group.filers.filter(representative=True).values_list("name", flat=True))[:1] == ["Người dân số 0"]
