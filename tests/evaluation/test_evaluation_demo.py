"""The demo's evaluation part on a small world: last month's and this year's sheets for four units
(the Department of Justice showcasing the quota), fed from the dossiers decided at the commune,
with general points, one disqualifying fact and the showcase's month approved; made once."""

import pytest
from django.contrib.auth import get_user_model

from motcua.demo.accounts import Accounts
from motcua.evaluation.demo import build_demo
from motcua.evaluation.models import Fact, Product, Sheet
from motcua.rules.lifecycle import Role
from motcua.units.models import Official

from .conftest import MARCH, NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(handled):
    w = handled
    clerk = get_user_model().objects.create(username="canbo.stp", first_name="Lan", last_name="Trần Thị")
    Official.objects.create(user=clerk, unit=w.justice, role=Role.PROCESSING.value)
    u = w.users
    accounts = Accounts(password="x", leaders={w.justice.pk: u["justice_head"], w.construction.pk: u["builder_head"],
                                               w.culture.pk: u["culture_head"], w.commune_ubnd.pk: u["commune_chair"]},
                        officers={w.justice.pk: clerk, w.construction.pk: u["builder"],
                                  w.culture.pk: u["culture_officer"], w.commune_ubnd.pk: u["commune_officer"]})
    org = {"agencies": [w.justice, w.construction, w.culture, w.police], "committees": [w.commune_ubnd]}
    return w, org, accounts


def test_the_demo_scores_four_units_shows_the_quota_a_fact_and_approvals(demo_world):
    w, org, accounts = demo_world
    line = build_demo(7, NOW, org, accounts)
    assert "4 đơn vị" in line and "tháng 03/2026" in line and "năm 2026" in line and "Sở Tư pháp" in line
    justice = Sheet.objects.filter(unit=w.justice, period=MARCH)
    assert justice.count() == 8  # the unit, its leader, its officer and five more
    demoted = justice.filter(band_computed="excellent", band="good")
    assert demoted.exists() and all("vượt tỷ lệ" in s.quota_note for s in demoted)
    assert justice.filter(band="excellent").count() == 1  # ⌊20 % × 6⌋ among six good or above
    assert justice.filter(state="approved").count() == 7  # all but the leader's own
    assert f"chuyển {demoted.count()} người" in line
    fact = Fact.objects.get()
    assert fact.sheet.band == "not_complete" and "khiển trách" in fact.document
    commune = Sheet.objects.get(unit=w.commune_ubnd, period=MARCH, official__isnull=True)
    assert Product.objects.get(sheet=commune, source="dossiers").assigned == 3
    assert Sheet.objects.filter(period="2026").count() == Sheet.objects.filter(period=MARCH).count()
    assert not Sheet.objects.filter(unit=w.police).exists()  # no leader, not among the units
    total = Sheet.objects.count()
    again = build_demo(7, NOW, org, accounts)
    assert Sheet.objects.count() == total and Fact.objects.count() == 1 and "4 đơn vị" in again


def test_before_2026_there_is_nothing_to_score(demo_world):
    from tests.dossiers.scenario import vn

    _, org, accounts = demo_world
    assert "chưa có kỳ nào" in build_demo(7, vn(2025, 12, 15), org, accounts)
    assert not Sheet.objects.exists()
