"""The automatic products: the dossiers an official decided or was assigned, decided in the period
at their unit (late ones are delays, "not satisfied" ratings failed reviews), and the programme
tasks due or completed in the period. Re-running replaces them and keeps the manual ones."""

import pytest

from motcua.evaluation import services as sv
from motcua.evaluation.models import Product, Sheet

from .conftest import MARCH, NOW

pytestmark = pytest.mark.django_db


def products(sheet, source):
    return {p.name: p for p in Product.objects.filter(sheet=sheet, source=source)}


def test_dossiers_decided_in_the_month_feed_the_unit_the_chair_and_the_assigned_officer(handled):
    w = handled
    sheets = {s.official.username if s.official else "unit": s for s in sv.open_sheets(w.commune_ubnd, MARCH, now=NOW)}
    unit = products(sheets["unit"], "dossiers")["Giải quyết hồ sơ thủ tục hành chính"]
    assert (unit.assigned, unit.completed, unit.delays) == (3, 3, 1)  # the April decision is not in March
    assert (unit.rated, unit.satisfied, unit.failed_reviews) == (2, 1, 1)
    for who in ("commune_chair", "commune_officer"):  # decided / assigned
        mine = products(sheets[who], "dossiers")["Giải quyết hồ sơ thủ tục hành chính"]
        assert (mine.assigned, mine.delays) == (3, 1), who
    assert products(sheets["commune_officer2"], "dossiers") == {}  # handled none
    assert "3 hồ sơ có kết quả trong kỳ, 1 quá hạn" in unit.note
    assert sheets["commune_chair"].subject == Sheet.Subject.LEADER and sheets["commune_chair"].group == "lanh-dao"


def test_programme_tasks_due_or_done_in_the_month_feed_the_officer_and_the_lead_unit(programme):
    from motcua.units.models import Unit

    commune = Unit.objects.get(code="UBND-HK")
    sheets = {s.official.username if s.official else "unit": s for s in sv.open_sheets(commune, MARCH, now=NOW)}
    mine = products(sheets["commune_officer"], "tasks")["Nhiệm vụ Chương trình 01-CTr/TU"]
    # on time, late (one failed appraisal), open and overdue on 3 April; the May task is not due in March
    assert (mine.assigned, mine.completed, mine.delays, mine.failed_reviews) == (3, 2, 2, 1)
    unit = products(sheets["unit"], "tasks")["Nhiệm vụ Chương trình 01-CTr/TU"]
    assert (unit.assigned, unit.completed) == (3, 2)
    year = {s.official_id: s for s in sv.open_sheets(commune, "2026", now=NOW)}
    assert products(year[None], "tasks")["Nhiệm vụ Chương trình 01-CTr/TU"].assigned == 3  # the May task not yet due on 3 April
    sheet = sheets["commune_officer"]
    sv.add_product(sheet, "Báo cáo chuyên đề", 2, 2)
    sv.refresh_feeds([sheet], NOW)
    assert Product.objects.filter(sheet=sheet).count() == 2  # the task line replaced, the manual one kept
