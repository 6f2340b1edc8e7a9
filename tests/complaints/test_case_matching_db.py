"""Duplicates and repeats found at intake among the stored cases: the same person by ID number or
by name without diacritics, a similar subject; linked to the matter's first case, recorded in the
log, counted once; a refiling after a final decision is flagged."""

from datetime import date

import pytest

from motcua.complaints import services as sv
from motcua.complaints.matching import candidates
from motcua.complaints.models import Case
from motcua.complaints.services import FilerIn
from tests.complaints.conftest import make_case, vn

pytestmark = pytest.mark.django_db
SUBJECT = "Khiếu nại quyết định thu hồi đất nông nghiệp của gia đình tại thửa số 125"


def test_duplicate_by_id_number_with_other_spelling(world):
    first = make_case(world, "complaint_first", now=vn(2026, 3, 2), subject=SUBJECT,
                      filers=[FilerIn("Nguyễn Thị Hồng", "001 190-012.345")])
    assert first.filers.get().id_number == "001190012345"
    second = make_case(world, "complaint_first", now=vn(2026, 3, 9), channel="post",
                       subject="Đề nghị xem xét lại quyết định thu hồi đất nông nghiệp thửa 125",
                       filers=[FilerIn("NGUYEN THI HONG", "001190012345")])
    assert second.matter_of == first and second.link_kind == "duplicate"
    filed = second.events.get(act="file")
    assert filed.data["linked_to"] == first.code and filed.data["link_kind"] == "duplicate"
    assert "001190012345" in filed.reason and "đang được xử lý" in filed.reason
    matters = Case.objects.filter(matter_of__isnull=True).count()
    assert matters == 1  # one matter, counted once


def test_same_name_without_id_needs_a_similar_subject(world):
    make_case(world, "pakn", now=vn(2026, 3, 2), filers=[FilerIn("Đặng Văn Đức")],
              subject="Phản ánh việc đổ trộm phế thải xây dựng ở ngõ 12 Hàng Bạc")
    same = make_case(world, "pakn", now=vn(2026, 3, 3), filers=[FilerIn("dang van duc")],
                     subject="Phản ánh đổ trộm phế thải xây dựng ngõ 12 Hàng Bạc")
    unrelated = make_case(world, "pakn", now=vn(2026, 3, 4), filers=[FilerIn("Đặng Văn Đức")],
                          subject="Kiến nghị lắp đèn chiếu sáng đường Lý Thái Tổ")
    assert same.link_kind == "duplicate" and unrelated.matter_of is None and unrelated.link_kind == ""


def test_repeat_after_the_answer_links_to_the_first_case_and_is_flagged(world):
    officer = world.users["commune_officer"]
    first = make_case(world, "pakn", now=vn(2026, 1, 5), filers=[FilerIn("Phan Văn Hùng", "001080054321")])
    dup = make_case(world, "pakn", now=vn(2026, 1, 7), filers=[FilerIn("Phan Văn Hùng", "001080054321")])
    first = sv.answer(first, by=officer, now=vn(2026, 1, 20), text="Đã trả kết quả.")
    assert first.final_decision_at == vn(2026, 1, 20)
    again = make_case(world, "pakn", now=vn(2026, 2, 25), filers=[FilerIn("Phan Van Hung", "001080054321")])
    assert dup.matter_of == first and again.matter_of == first and again.link_kind == "repeat"
    assert "refiled_after_final" in again.flags and "refiled_after_final" not in dup.flags
    assert "sau khi vụ việc đã được trả lời" in again.events.get(act="file").reason
    # a third filing matching the repeat is linked to the matter's first case
    third = make_case(world, "pakn", now=vn(2026, 3, 2), filers=[FilerIn("Phan Văn Hùng")],
                      subject=again.subject)
    assert third.matter_of == first


def test_candidates_look_back_three_years(world):
    old = make_case(world, "pakn", now=vn(2022, 3, 1), filers=[FilerIn("Lưu Văn Tâm", "001070000001")])
    recent = make_case(world, "pakn", now=vn(2025, 6, 1), filers=[FilerIn("Lưu Văn Tâm", "001070000001")])
    found = candidates(["Luu Van Tam"], [], vn(2026, 3, 2))
    assert [r.id for r in found] == [str(recent.pk)] and str(old.pk) not in {r.id for r in found}
    assert recent.matter_of is None  # 2022 is beyond the look-back from June 2025 as well


def test_complaint_above_the_competent_level(world):
    case = make_case(world, "complaint_first", known_on=date(2026, 2, 20), handling_unit=world.justice,
                     filed_level="province", competent_level="commune")
    assert case.flags == ["above_competent_level"]
