"""Reads for the survey pages, the API, the CLI and the exports: the rounds, one round's progress
(strata, invitations, responses, response rate) and its results (item, group, content and overall
indices for the round and per unit, ranking, distributions). The arithmetic is ``rules.sipas``'s."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from motcua.rules.sipas import (
    Indices, Kind, Question, Questionnaire, distribution, expectation_shares, flagged_shares, indices, questionnaires,
    rank,
)
from motcua.surveys.models import Invitation, Response, Stratum, SurveyRound


def _count(model, **extra) -> Subquery:
    rows = model.objects.filter(round=OuterRef("pk"), **extra).order_by().values("round").annotate(c=Count("pk"))
    return Coalesce(Subquery(rows.values("c"), output_field=IntegerField()), 0)


def rounds() -> QuerySet:
    """Every round, newest period first, with its sample size and responses (one query)."""
    sample = Stratum.objects.filter(round=OuterRef("pk")).order_by().values("round").annotate(n=Sum("allocated"))
    return SurveyRound.objects.annotate(
        sample=Coalesce(Subquery(sample.values("n"), output_field=IntegerField()), 0),
        received=_count(Response), units=_count(Stratum))


def rate(received: int, sample: int) -> float | None:
    """Response rate in per cent of the sample allocated."""
    return 100 * received / sample if sample else None


@dataclass(frozen=True)
class StratumRow:
    pk: int
    unit: str
    population: int
    allocated: int
    issued: int
    used: int
    web: int
    paper: int

    @property
    def received(self) -> int:
        return self.web + self.paper

    @property
    def rate(self) -> float | None:
        return rate(self.received, self.allocated)


def progress(survey: SurveyRound) -> list[StratumRow]:
    """Per unit: N, n, invitations issued and used, responses by channel (three queries)."""
    invites = {row["stratum"]: row for row in Invitation.objects.filter(round=survey).order_by().values("stratum")
               .annotate(issued=Count("pk", filter=Q(token_hash__isnull=False)),
                         used=Count("pk", filter=Q(used_on__isnull=False)))}
    answers = defaultdict(dict)
    for row in Response.objects.filter(round=survey).order_by().values("stratum", "channel").annotate(c=Count("pk")):
        answers[row["stratum"]][row["channel"]] = row["c"]
    return [StratumRow(s.pk, s.unit.name, s.population, s.allocated, invites.get(s.pk, {}).get("issued", 0),
                       invites.get(s.pk, {}).get("used", 0), answers[s.pk].get("web", 0), answers[s.pk].get("paper", 0))
            for s in Stratum.objects.filter(round=survey).select_related("unit").order_by("unit__name")]


@dataclass(frozen=True)
class UnitResult:
    unit: str
    unit_code: str
    indices: Indices
    rank: int | None


@dataclass(frozen=True)
class Distribution:
    question: Question
    section: str
    counts: list[tuple[str, int, float | None]]  # option label, count, per cent of those who answered


@dataclass(frozen=True)
class Results:
    survey: SurveyRound
    form: Questionnaire
    overall: Indices
    units: list[UnitResult]
    expectations: dict[str, float | None]
    flagged: dict[str, float | None]
    distributions: list[Distribution]

    def label(self, key: str) -> str:
        return next((q.label for _, q in self.form.questions() if q.key == key), key)


def _distributions(form: Questionnaire, answers: list[dict]) -> list[Distribution]:
    out = []
    for section, question in form.questions():
        if question.kind in (Kind.LIKERT, Kind.EXPECTATION):
            continue
        counts = distribution(form, question, answers)
        answered = sum(1 for a in answers if a.get(question.key))
        out.append(Distribution(question, section.title, [
            (o.label, counts[o.key], 100 * counts[o.key] / answered if answered else None)
            for o in form.options(question)]))
    return out


def results(survey: SurveyRound) -> Results:
    """The round's indices overall and per unit (ranked by overall index, ties sharing a rank),
    expectation shares, harassment and informal-payment shares, and assessment distributions."""
    form = questionnaires()[survey.questionnaire]
    by_stratum: dict[int, list[dict]] = defaultdict(list)
    for stratum_id, answers in Response.objects.filter(round=survey).values_list("stratum_id", "answers"):
        by_stratum[stratum_id].append(answers)
    every = [a for rows in by_stratum.values() for a in rows]
    strata = list(Stratum.objects.filter(round=survey).select_related("unit").order_by("unit__name"))
    per_unit = {s.pk: indices(form, by_stratum.get(s.pk, []), survey.aggregator) for s in strata}
    ranks = rank({pk: i.overall for pk, i in per_unit.items()})
    units = sorted((UnitResult(s.unit.name, s.unit.code, per_unit[s.pk], ranks[s.pk]) for s in strata),
                   key=lambda u: (u.rank is None, u.rank or 0, u.unit))
    return Results(survey, form, indices(form, every, survey.aggregator), units, expectation_shares(form, every),
                   flagged_shares(form, every), _distributions(form, every))
