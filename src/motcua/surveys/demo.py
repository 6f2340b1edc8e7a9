"""A finished SIPAS round for the demo: the previous quarter's dossiers sampled, links issued, about
seven in ten answered with synthetic answers (satisfaction mostly 80–90 %, each unit its own
level), then closed. Deterministic for a seed; run again, it returns the round it made."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua import timesource
from motcua.dossiers.models import Dossier
from motcua.rules.calendar import VN_TZ
from motcua.rules.sipas import Kind, Questionnaire, previous_quarter, questionnaire
from motcua.surveys.models import SurveyRound
from motcua.surveys.services import close_round, create_round, draw_sample, issue_invitations, open_round, submit_response

QUESTIONNAIRE = "bnv-1001-2023"
ANSWER_RATE = 0.7


def synthetic_answers(form: Questionnaire, rng: random.Random, satisfied: float) -> dict:
    """One respondent: each satisfaction item 4 or 5 with probability ``satisfied``; few report
    harassment or informal payments; most want every improvement."""
    answers: dict = {}
    for _, q in form.questions():
        options = [o.key for o in form.options(q)]
        if q.kind == Kind.LIKERT:
            if rng.random() < 0.02:
                answers[q.key] = "0"  # no opinion
            elif rng.random() < satisfied:
                answers[q.key] = "5" if rng.random() < 0.4 else "4"
            else:
                answers[q.key] = rng.choice(("3", "3", "3", "2", "1"))
        elif q.kind == Kind.EXPECTATION:
            answers[q.key] = rng.choices(options, weights=(2, 8, 45, 45))[0]
        elif q.kind == Kind.MULTI:
            answers[q.key] = sorted(rng.sample(options, rng.randint(1, 3)), key=options.index)
        elif q.key in form.flagged:
            answers[q.key] = rng.choices(options, weights=(88, 10, 2))[0]
        elif q.kind == Kind.SINGLE and len(options) == 4:  # interest, suitability: mostly the upper levels
            answers[q.key] = rng.choices(options, weights=(5, 15, 50, 30))[0]
        else:
            answers[q.key] = rng.choice(options)
    return answers


def build_demo_survey(seed: int = 2025, now: datetime | None = None) -> SurveyRound | None:
    """The previous quarter's round (made once); None when that quarter has no dossiers."""
    now = now or timesource.now()
    start, end = previous_quarter(now.astimezone(VN_TZ).date())
    name = f"Khảo sát sự hài lòng quý {(start.month - 1) // 3 + 1}/{start.year} (dữ liệu mẫu)"
    existing = SurveyRound.objects.filter(name=name, questionnaire=QUESTIONNAIRE).first()
    if existing is not None:
        return existing
    if not Dossier.objects.filter(received_at__gte=datetime.combine(start, time(), VN_TZ),
                                  received_at__lt=datetime.combine(end + timedelta(days=1), time(), VN_TZ)).exists():
        return None
    form, rng = questionnaire(QUESTIONNAIRE), random.Random(seed)
    supervisor = get_user_model().objects.filter(username="giamsat").first()
    opened = datetime.combine(end + timedelta(days=1), time(8), VN_TZ)
    with transaction.atomic():
        survey = create_round(supervisor, name, QUESTIONNAIRE, start, end, seed=seed, now=opened)
        draw_sample(survey, now=opened)
        issued = issue_invitations(survey, now=opened)
        open_round(survey, now=opened)
        level: dict[str, float] = {}
        for item in sorted(issued, key=lambda i: (i.invitation.stratum.unit.code, i.invitation.dossier_id)):
            unit = item.invitation.stratum.unit.code
            if unit not in level:
                level[unit] = random.Random(f"{seed}:{unit}").uniform(0.81, 0.89)
            if rng.random() < ANSWER_RATE:
                day = opened + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 9))
                submit_response(item.token, synthetic_answers(form, rng, level[unit]), now=day)
        return close_round(survey, now=opened + timedelta(days=30))
