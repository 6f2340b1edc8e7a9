"""What ``tests/demo/test_demo_build.py`` checks of the built demo's quality figures (one build
serves both: it takes a minute): `motcua demo` shows live Decision 766 scores: catalogue announcements in the demo year (some
late), communes with e-certified copies, citizens' ratings (some "not satisfied", counted as
disliked exactly as the rating service counts them) and a closed SIPAS round."""

from collections import Counter
from datetime import datetime

import pytest
from django.db.models import Q, Sum

from motcua.demo.ratings import RATED_SHARE
from motcua.dossiers.models import Dossier
from motcua.quality.journal import fold
from motcua.quality.index_queries import Period, province_scope, scorecard
from motcua.quality.models import IndexTally, Rating
from motcua.quality.rebuild import compare, from_log, stored
from motcua.quality.services import _handlers
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import FINAL_STATES
from motcua.rules.rating import is_dislike
from motcua.surveys.models import SurveyRound
from motcua.units.models import Unit

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=VN_TZ)


def assert_live_766_scores_ratings_and_a_survey_round():
    # the counters kept while writing the dossiers and the ratings are what the log says
    assert compare(from_log(), stored()) == []

    # every dossier was filed under the version of its procedure in force that day
    for dossier in Dossier.objects.select_related("procedure_version"):
        version, day = dossier.procedure_version, dossier.filed_at.astimezone(VN_TZ).date()
        assert version.effective_from <= day and (version.effective_to is None or day <= version.effective_to)
    assert Dossier.objects.filter(procedure_version__number=2).exists()

    # ratings: about a third of the ended online dossiers, by their applicant, a few not satisfied
    ratings = list(Rating.objects.select_related("dossier"))
    ended_online = Dossier.objects.filter(
        Q(state__in=[s.value for s in FINAL_STATES]) | Q(state="decided", outcome="refused"),
        applicant_user__isnull=False).count()
    assert 0.2 * ended_online <= len(ratings) <= 0.5 * ended_online and RATED_SHARE == 0.35
    assert all(r.applicant_id == r.dossier.applicant_user_id and r.created_at <= NOW
               and r.created_at >= (r.dossier.ended_at or r.dossier.filed_at) for r in ratings)
    overall = Counter(r.overall for r in ratings)
    assert overall["very_satisfied"] + overall["satisfied"] > 0.8 * len(ratings)
    disliked = [r for r in ratings if is_dislike(r.scale_version, r.overall)]
    assert disliked and any(r.levels for r in ratings) and any(r.comment for r in ratings)
    # indicator 5.4 counts a received dossier once against satisfaction when it was rated "not
    # satisfied" or a PAKN or complaint was filed about it (the complaints demo links some)
    from motcua.complaints.index_feed import DOSSIER_COMPLAINT_KINDS
    from motcua.complaints.models import Case

    complained = set(Case.objects.filter(kind__in=DOSSIER_COMPLAINT_KINDS, dossier__isnull=False)
                     .values_list("dossier_id", flat=True))
    against = {r.dossier_id for r in disliked if r.dossier.received_at is not None} | set(
        Dossier.objects.filter(pk__in=complained, received_at__isnull=False).values_list("pk", flat=True))
    assert complained and len(against) > len({r.dossier_id for r in disliked if r.dossier.received_at is not None})
    fold()
    assert IndexTally.objects.filter(role="c").aggregate(n=Sum("disliked"))["n"] == len(against)
    assert IndexTally.objects.filter(role="r").aggregate(n=Sum("disliked"))["n"] == len(against)

    # each rating is tied to the units and officials the rating service would tie it to
    for rating in ratings[:40]:
        units, officers = _handlers(rating.dossier)
        assert set(rating.units.values_list("pk", flat=True)) == units
        assert set(rating.officers.values_list("pk", flat=True)) == officers

    # transparency is live over the demo year: some announced late, some published late, two
    # procedures published without their sequence of steps
    card = scorecard(province_scope(), Period("year", 2026), NOW)
    announced, published, content = card.by_code("1.1"), card.by_code("1.2"), card.by_code("1.3")
    assert announced.denominator > announced.numerator > 0
    assert published.denominator > published.numerator > 0
    assert content.denominator - content.numerator == 2

    communes = Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE, level=Unit.Level.COMMUNE)
    assert 0.8 * communes.count() <= communes.filter(e_certified_copy=True).count() < communes.count()
    assert card.by_code("4.x").rate == pytest.approx(communes.filter(e_certified_copy=True).count() / 126)

    survey = SurveyRound.objects.get()
    assert survey.status == "closed" and survey.responses.exists()
