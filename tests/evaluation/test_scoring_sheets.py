"""Scoring sheets through the services: general points and products give the score and band; a
disqualifying fact forces "not complete"; the quota demotes the lowest-scored excess excellent to
good with the reason on the sheet; approval freezes a sheet; refused acts change nothing."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.evaluation import services as sv
from motcua.evaluation.models import Fact, QuotaOutcome, Sheet

from .conftest import FULL, MARCH, NOW, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(people):
    sv.open_sheets(people.commune_ubnd, MARCH, now=NOW)
    return people


def test_a_sheet_scores_general_plus_results_and_gets_its_band(opened):
    s = scored(opened, "commune_officer2", FULL, 4, 3)
    assert s.general_points == 30 and s.quantity == Decimal("75.00") and s.results_points == Decimal("64.17")
    assert s.score == Decimal("94.17") and s.band_computed == "excellent"
    # alone in its group so far: ⌊20 % × 1⌋ = 0 excellent ratings allowed
    assert s.band == "good" and "tối đa 0 người" in s.quota_note


def test_the_quota_demotes_the_lowest_excellent_and_says_why(opened):
    w = opened
    scored(w, "commune_officer2", FULL, 10, 10)  # 100
    scored(w, "commune_officer3", FULL, 10, 9)  # 97.67
    scored(w, "commune_officer4", {**FULL, "capacity": 0}, 10, 9)  # 91.67
    scored(w, "commune_officer5", {"politics": 5, "ethics": 5}, 10, 9)  # 77.67: good
    scored(w, "commune_officer", {"politics": 5, "ethics": 5}, 10, 8)  # good
    bands = dict(Sheet.objects.filter(period=MARCH, group="cong-chuc").values_list("official__username", "band"))
    # 5 good or above: at most ⌊20 % × 5⌋ = 1 excellent; officers 3 and 4 drop to good
    assert bands == {"commune_officer2": "excellent", "commune_officer3": "good", "commune_officer4": "good",
                     "commune_officer5": "good", "commune_officer": "good"}
    demoted = Sheet.objects.get(official__username="commune_officer4", period=MARCH)
    assert demoted.band_computed == "excellent" and demoted.demoted and "vượt tỷ lệ" in demoted.quota_note
    quota = QuotaOutcome.objects.get(unit=w.commune_ubnd, group="cong-chuc", period=MARCH)
    assert (quota.base, quota.limit, quota.excellent_before, quota.demoted) == (5, 1, 3, 2)
    assert "Giữ:" in quota.explanation and "commune_officer" not in quota.explanation
    assert "Nguyễn Cán bộ 4 (91,67)" in quota.explanation
    freed = sv.apply_quota(w.commune_ubnd, MARCH, "cong-chuc", outstanding=True, now=NOW)
    assert freed.demoted == 0 and Sheet.objects.filter(period=MARCH, band="excellent").count() == 3


def test_a_disqualifying_fact_forces_not_complete_and_is_kept_with_its_document(opened):
    w = opened
    sheet = Sheet.objects.get(official=w.users["commune_officer2"], period=MARCH)
    fact = sv.record_fact(sheet, "disciplined", date(2026, 2, 10), "QĐ 15/QĐ-UBND", "Khiển trách",
                          by=w.users["commune_chair"], now=NOW)
    s = scored(w, "commune_officer2", FULL, 5, 5)
    assert s.score == Decimal("100.00") and s.band_by_score == "excellent" and s.band == "not_complete"
    assert fact.recorded_by == w.users["commune_chair"] and fact.document == "QĐ 15/QĐ-UBND"
    sv.remove_fact(sheet, fact.pk)
    assert sv.compute_sheet(sheet, now=NOW).band_computed == "excellent"


def test_facts_must_fit_the_subject_the_year_and_name_a_document(opened):
    w = opened
    officer = Sheet.objects.get(official=w.users["commune_officer2"], period=MARCH)
    with pytest.raises(sv.EvaluationRefused, match="không áp dụng"):
        sv.record_fact(officer, "corruption", date(2026, 3, 1), "QĐ 1")  # only leaders and units
    with pytest.raises(sv.EvaluationRefused, match="trong năm đánh giá"):
        sv.record_fact(officer, "disciplined", date(2025, 12, 1), "QĐ 1")
    with pytest.raises(sv.EvaluationRefused, match="văn bản"):
        sv.record_fact(officer, "ideology", date(2026, 3, 1), " ")
    chair = Sheet.objects.get(official=w.users["commune_chair"], period=MARCH)
    sv.record_fact(chair, "corruption", date(2026, 3, 1), "KL 2/KL-TTr")
    assert Fact.objects.count() == 1


def test_general_points_and_products_out_of_bounds_are_refused_and_nothing_changes(opened):
    w = opened
    sheet = Sheet.objects.get(official=w.users["commune_officer2"], period=MARCH)
    with pytest.raises(sv.EvaluationRefused, match="từ 0 đến 6"):
        sv.set_general_points(sheet, {**FULL, "ethics": 7})
    with pytest.raises(sv.EvaluationRefused, match="vượt số được giao"):
        sv.add_product(sheet, "Báo cáo", 2, 3)
    with pytest.raises(sv.EvaluationRefused, match="miễn trừ"):
        sv.add_product(sheet, "Báo cáo", 2, 2, delays=1, exempt_delays=2)
    sheet.refresh_from_db()
    assert sheet.general == {} and sheet.products.count() == 0


def test_approval_freezes_the_sheet_and_a_sheet_not_computed_cannot_be_approved(opened):
    w = opened
    sheet = Sheet.objects.get(official=w.users["commune_officer2"], period=MARCH)
    with pytest.raises(sv.EvaluationRefused, match="chưa được tính điểm"):
        sv.approve_sheet(sheet, by=w.users["commune_chair"])
    scored(w, "commune_officer2", FULL, 4, 4)
    approved = sv.approve_sheet(sheet, by=w.users["commune_chair"], now=NOW)
    assert approved.state == "approved" and approved.approver == w.users["commune_chair"]
    for act in (lambda: sv.set_general_points(sheet, FULL), lambda: sv.add_product(sheet, "X", 1, 1),
                lambda: sv.record_fact(sheet, "ideology", date(2026, 3, 1), "QĐ"), lambda: sv.compute_sheet(sheet)):
        with pytest.raises(sv.EvaluationRefused, match="đã được phê duyệt"):
            act()
    assert Sheet.objects.get(pk=sheet.pk).score == Decimal("100.00")


def test_compute_unit_scores_the_unit_first_and_its_leader_takes_in_half_its_results(handled):
    w = handled
    sheets = {s.official.username if s.official else "unit": s for s in sv.compute_unit(w.commune_ubnd, MARCH, now=NOW)}
    unit, chair = sheets["unit"], sheets["commune_chair"]
    assert unit.results_points is not None and chair.results_points is not None
    # the chair's own dossier line equals the unit's, so the blend equals both
    assert chair.results_points == unit.results_points
    assert sheets["commune_officer2"].score == 0 and sheets["commune_officer2"].band == "not_complete"


def test_periods_before_decree_335_and_malformed_periods_are_refused(people):
    with pytest.raises(sv.EvaluationRefused, match="Nghị định 335"):
        sv.open_sheets(people.commune_ubnd, "2025-12", now=NOW)
    with pytest.raises(sv.EvaluationRefused, match="không hợp lệ"):
        sv.open_sheets(people.commune_ubnd, "2026-13", now=NOW)
    assert not Sheet.objects.exists()
