"""The demo's survey: one closed round for the previous quarter, a few dozen to a few hundred
synthetic responses with indices between 80 and 90 %, the same for the same seed, made once."""

import time

import pytest

from motcua.surveys.demo import build_demo_survey
from motcua.surveys.models import Response, SurveyRound
from motcua.surveys.queries import results
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 4, 15, 10, 0)


def test_the_demo_round_is_closed_answered_and_made_once(quarter):
    began = time.monotonic()
    survey = build_demo_survey(seed=3, now=NOW)
    assert time.monotonic() - began < 5
    assert survey.status == "closed" and survey.period_from.isoformat() == "2026-01-01"
    n = Response.objects.filter(round=survey).count()
    assert 35 <= n <= 65  # about seven in ten of the 73 invited
    r = results(survey)
    assert 80 <= r.overall.overall <= 90
    assert all(78 <= v <= 92 for v in r.overall.contents.values())  # policy and service: each near the overall
    assert build_demo_survey(seed=3, now=NOW).pk == survey.pk
    assert SurveyRound.objects.count() == 1 and Response.objects.count() == n


def test_no_dossiers_no_round(managers):
    assert build_demo_survey(seed=3, now=NOW) is None
    assert not SurveyRound.objects.exists()
