"""`motcua demo`: Hà Nội's real communes, the city's centre and branches, the procedures, one
account per role and unit, and dossiers generated deterministically by the lifecycle rules."""

from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from rich.console import Console

from motcua import timesource
from motcua.catalog.models import Procedure
from motcua.demo.build import build_demo
from motcua.demo.dossiers import Generator
from motcua.dossiers.audit import verify_chains
from motcua.dossiers.models import Dossier
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import FINAL_STATES
from motcua.units.calendars import calendar_for
from motcua.units.models import Area, Official, Unit
from tests.demo import quality_checks

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=VN_TZ)


@pytest.fixture
def frozen_now():
    timesource.set_provider(lambda: NOW)
    yield NOW
    timesource.set_provider(None)


@pytest.mark.django_db
def test_demo_builds_hanoi_with_consistent_dossiers(frozen_now):
    """One build (about a minute) for every check of the built demo: its dossiers here, its
    quality figures (``quality_checks``), its steering tools and its cases."""
    accounts = build_demo(seed=11, dossier_count=400, console=Console(quiet=True))
    assert NOW == quality_checks.NOW
    hanoi = Area.objects.get(code="01")
    assert hanoi.children.count() == 126
    assert Unit.objects.filter(kind=Unit.Kind.BRANCH).count() == 30
    assert Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE, level="commune").count() == 126
    assert Procedure.objects.count() == 21  # 20 in the catalogue, 1 left on a merged unit for the review
    assert Procedure.objects.filter(versions__route_mode="parallel").distinct().count() == 2
    user = get_user_model().objects.get(username="tiepnhan.cn01")
    assert user.check_password(accounts.password)
    assert Official.objects.filter(user=user, role="reception", unit__code="CN01-HN").exists()

    assert Dossier.objects.count() == 400
    assert verify_chains(replay_records=True) == []
    states = set(Dossier.objects.values_list("state", flat=True))
    assert len(states & {s.value for s in FINAL_STATES}) >= 2
    assert Dossier.objects.filter(filed_at__gt=NOW).count() == 0
    assert Dossier.objects.filter(filed_at__lt=datetime(2025, 11, 19, tzinfo=VN_TZ)).count() == 0
    channels = set(Dossier.objects.values_list("channel", flat=True))
    assert {"online", "counter"} <= channels
    # every received dossier got a unique code from the configured pattern
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) > 300
    quality_checks.assert_live_766_scores_ratings_and_a_survey_round()
    _assert_steering_tools(frozen_now)


def _assert_steering_tools(now):
    """Issue 5's demo: a Programme 01-like programme, its reports and briefings, an organisation
    with gaps for the review, and evaluation sheets, as the pages will show them."""
    from collections import Counter

    from motcua.briefings.models import Meeting
    from motcua.evaluation.models import Sheet
    from motcua.programmes.models import Programme
    from motcua.reporting.models import ProgressReport
    from motcua.rules.organisation import Kind
    from motcua.rules.tasks import Status, classify
    from motcua.units.review import report

    today = now.date()
    programme = Programme.objects.get(number="01-CTr/TU")
    tasks = list(programme.tasks.filter(conclusion__isnull=True))  # as assigned, before the briefings' conclusions
    assert programme.tasks.filter(conclusion__isnull=False).exists()
    assert len(tasks) == 34 and len({t.lead_unit_id for t in tasks}) == 11
    statuses = Counter(classify(t.deadline, t.completed_on, today) for t in tasks)
    assert all(statuses[s] for s in Status), statuses
    early = [t for t in tasks if t.completed_on and t.deadline and (t.deadline - t.completed_on).days > 30]
    assert len(early) == 2
    assert ProgressReport.objects.filter(programme=programme).count() > 20
    assert Meeting.objects.filter(programme=programme).count() >= 1
    found = {g.kind for g in report(today).groups if g.lines}
    assert {Kind.PROCEDURE_SUCCESSOR, Kind.UNIT_HEADLESS, Kind.ACTING_TOO_LONG, Kind.MULTIPLE_POSITIONS} <= found
    assert Sheet.objects.filter(period_kind="month").exists() and Sheet.objects.filter(period_kind="year").exists()
    _assert_cases(now)


def _assert_cases(now):
    """Issue 6's demo: cases of each kind over the year, some long-running ones concentrated in a
    few communes, and a clean case log."""
    from collections import Counter

    from motcua.complaints.hotspots import ranking
    from motcua.units.calendars import calendar_for
    from motcua.complaints.log import verify_case_chains
    from motcua.complaints.models import Case

    kinds = Counter(Case.objects.values_list("kind", flat=True))
    assert min(kinds["pakn"], kinds["complaint_first"] + kinds["complaint_second"], kinds["denunciation"]) >= 100, kinds
    first = Case.objects.order_by("received_at").values_list("received_at", flat=True).first()
    assert (now - first).days > 300
    assert verify_case_chains() == []
    hot = ranking(Case.objects.all(), now.date(), now, calendar_for())
    top, rest = hot.communes[:4], hot.communes[4:]
    assert top and sum(p.spot.flagged_cases for p in top) > 2 * sum(p.spot.flagged_cases for p in rest[:4]), \
        [(p.name, p.spot.flagged_cases) for p in hot.communes[:8]]


@pytest.mark.one_backend("sqlite")  # the demo's database; the build on both: the test above
@pytest.mark.django_db
def test_a_second_run_keeps_the_existing_data(frozen_now):
    build_demo(seed=11, dossier_count=50, console=Console(quiet=True), steering=False)
    first = list(Dossier.objects.order_by("pk").values_list("code", flat=True))
    build_demo(seed=99, dossier_count=80, console=Console(quiet=True))
    assert list(Dossier.objects.order_by("pk").values_list("code", flat=True)) == first


@pytest.mark.one_backend("sqlite")  # the demo's database; the build on both: the test above
@pytest.mark.django_db
def test_the_same_seed_generates_the_same_dossiers(frozen_now):
    build_demo(seed=5, dossier_count=1, console=Console(quiet=True), steering=False)
    from motcua.demo.accounts import Accounts

    org = _org()
    accounts = _accounts()

    def run(seed):
        gen = Generator(org, accounts, calendar_for(), seed, NOW)
        out = []
        for _ in range(60):
            h = gen.one()
            out.append((h.dossier.applicant_name, h.record.code, h.record.state, [e.act for e in h.events],
                        [e.at for e in h.events]))
        return out

    assert run(7) == run(7)
    assert run(7) != run(8)
    assert isinstance(accounts, Accounts)


def _org():
    centre = Unit.objects.get(code="TTPVHCC-HN")
    communes = list(Area.objects.filter(parent__code="01").order_by("code"))
    branches = list(Unit.objects.filter(kind=Unit.Kind.BRANCH).order_by("code"))
    branch_of = {a.pk: b for b in branches for a in b.served_areas.all()}
    return {"centre": centre, "communes": communes, "branches": branches, "branch_of": branch_of,
            "committees": list(Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE, level="commune")),
            "agencies": list(Unit.objects.filter(kind__in=["department", "vertical_agency"], valid_to__isnull=True))}


def _accounts():
    from motcua.demo.accounts import DEMO_PASSWORD, Accounts

    acc = Accounts(password=DEMO_PASSWORD)
    for post in Official.objects.select_related("user"):
        {"reception": acc.reception, "leader": acc.leaders, "processing": acc.officers}.get(post.role, {})[
            post.unit_id] = post.user
    acc.citizens = list(get_user_model().objects.filter(username__startswith="congdan").order_by("username"))
    return acc


@pytest.mark.nodb
@pytest.mark.parametrize("hour", [7, 9, 16, 22])
def test_no_dossier_is_filed_after_the_moment_the_demo_is_built(hour):
    """Online filings also come in the evening after a working day; when that evening is today,
    a demo built in the morning must not file them later than its own moment (it stopped with
    ``Stop`` at the first such dossier)."""
    from datetime import date, timedelta
    from random import Random

    from motcua.rules.calendar import WorkingCalendar

    until = datetime(2026, 12, 2, hour, 0, tzinfo=VN_TZ)  # a Wednesday
    gen = Generator.__new__(Generator)
    gen.rng, gen.cal, gen.until = Random(5), WorkingCalendar(), until
    gen.days = [date(2026, 12, 1)]  # the last working day before it
    filed = [gen._filed_at(online=True) for _ in range(400)]
    assert max(filed) <= until
    assert any(f.date() == until.date() for f in filed) == (hour > 6)  # this morning's filings are kept
    assert min(filed) >= datetime(2026, 12, 1, 6, tzinfo=VN_TZ) - timedelta(seconds=1)
