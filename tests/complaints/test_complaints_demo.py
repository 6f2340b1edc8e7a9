"""The demo's cases: a year of PAKN, complaints and denunciations through the services, with
realistic outcomes, long-running cases gathered in the hot communes, reception days held and
missed; the Decision 766 counters they feed agree with a rebuild from the logs."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from motcua.complaints.demo import build_demo
from motcua.complaints.log import verify_case_chains
from motcua.complaints.models import Case, CaseRating, ReceptionDay
from motcua.demo.accounts import DEMO_PASSWORD, Accounts
from motcua.quality.index_queries import Period, scorecard, unit_scope
from motcua.quality.rebuild import compare, from_log, stored
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)
from tests.dossiers.scenario import at_counter, vn

NOW = vn(2026, 11, 30, 17)


@pytest.fixture
def demo(world):
    for n in range(6):  # a few dossiers the cases may be about
        at_counter(world, world.birth, at=vn(2026, 1 + 2 * n, 5, 9))
    org = {"committees": [world.commune_ubnd], "agencies": [world.construction, world.justice, world.culture],
           "branch_of": {world.commune.pk: world.branch}}
    accounts = Accounts(password=DEMO_PASSWORD, officers={world.commune_ubnd.pk: world.users["commune_officer"],
                                  world.construction.pk: world.users["builder"],
                                  world.culture.pk: world.users["culture_officer"]},
                        leaders={world.justice.pk: world.users["justice_head"]})
    began = time.monotonic()
    line = build_demo(3, NOW, org, accounts)
    return line, time.monotonic() - began


def test_the_demo_files_a_year_of_cases_of_every_kind_with_realistic_outcomes_and_keeps_them(world, demo):
    """One build (a year of cases takes most of a minute) for every check."""
    line, _seconds = demo
    cases = Case.objects.all()
    kinds = {k: cases.filter(kind=k).count() for k in ("pakn", "complaint_first", "complaint_second", "denunciation")}
    assert kinds["pakn"] >= 200 and kinds["complaint_first"] >= 150 and kinds["denunciation"] >= 120
    assert kinds["complaint_second"] >= 10
    assert line.startswith("Đơn thư: ") and "ngày tiếp công dân" in line
    received = list(cases.values_list("received_at", flat=True))
    assert min(received) >= NOW - timedelta(days=366) and max(received) <= NOW
    # outcomes: most answered on time, some late, refused, withdrawn, still open
    answered = cases.filter(answered_at__isnull=False)
    late = sum(1 for a, d in answered.values_list("answered_at", "resolve_due_at") if d and a > d)
    assert answered.count() > 0.6 * len(received)
    assert 0.03 * answered.count() < late < 0.3 * answered.count()
    states = set(cases.values_list("state", flat=True))
    assert {"refused", "withdrawn", "published", "closed", "accepted"} <= states
    # duplicates and repeats linked; groups with representatives; extensions of denunciations
    assert cases.filter(link_kind="duplicate").exists() and cases.filter(link_kind="repeat").exists()
    group = cases.filter(people__gt=10).first()
    assert group is not None and 1 <= group.filers.filter(representative=True).count() <= 5
    assert cases.filter(kind="denunciation", extensions__gte=1).exists()
    assert cases.filter(dossier__isnull=False).exists()
    # long-running cases flagged, for each reason
    flags = {f for fl in cases.values_list("flags", flat=True) for f in fl}
    assert {"group", "above_competent_level", "refiled_after_final"} <= flags
    # published PAKN answers and ratings
    assert cases.filter(kind="pakn", published_at__isnull=False).exclude(public_answer="").exists()
    assert CaseRating.objects.filter(level=1).exists() and CaseRating.objects.filter(level=3).exists()
    # reception days of the year: most held, some missed
    days = ReceptionDay.objects.filter(unit=world.commune_ubnd)
    assert days.count() >= 50 and days.filter(held=False).exists() and days.filter(held=True).count() > days.count() / 2
    # every log intact; the 766 counters as a rebuild from the logs says; 5.2 below full marks
    assert verify_case_chains() == []
    assert compare(from_log(), stored()) == []
    card = scorecard(unit_scope(world.commune_ubnd), Period("year", 2026), NOW)
    assert card.by_code("5.2").denominator > 100 and 0 < card.by_code("5.2").points < 6
    # run again (``motcua demo`` on an existing database): the register is kept as it is
    count = Case.objects.count()
    line = build_demo(3, NOW, {"committees": [world.commune_ubnd], "agencies": []}, Accounts(DEMO_PASSWORD))
    assert Case.objects.count() == count and "giữ nguyên" in line
