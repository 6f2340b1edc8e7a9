"""The rating scale (Decree 118 Arts. 31–33) as dated versions: the one in force on a date is the
latest that took effect on or before it; nothing is in force before the first; a rating's levels
must be on its scale. Pure: no database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.rules.lifecycle import State
from motcua.rules.rating import (
    ARTICLE_33, OVERALL, SCALES, THREE_LEVELS, InvalidRating, NoScaleInForce, Scale, check_levels, has_ended, scale_on,
    scale_version,
)

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def _scale(n: int, day: date) -> Scale:
    return Scale(version=f"v{n}", effective_from=day, basis="test", levels=THREE_LEVELS, criteria=ARTICLE_33)


scale_lists = st.lists(DAYS, min_size=1, max_size=8).map(lambda days: [_scale(n, d) for n, d in enumerate(days)])


@given(scale_lists, DAYS)
def test_the_scale_in_force_is_the_latest_that_took_effect(scales, day):
    started = [s for s in scales if s.effective_from <= day]
    if not started:
        with pytest.raises(NoScaleInForce):
            scale_on(day, scales)
        return
    chosen = scale_on(day, scales)
    assert chosen.effective_from <= day
    assert chosen.effective_from == max(s.effective_from for s in started)
    # of versions taking effect the same day, the one listed last wins (a correction replaces)
    assert chosen is [s for s in started if s.effective_from == chosen.effective_from][-1]


@given(scale_lists, DAYS, DAYS)
def test_a_later_date_never_goes_back_to_an_older_version(scales, a, b):
    early, late = sorted((a, b))
    try:
        before = scale_on(early, scales)
    except NoScaleInForce:
        return
    assert scale_on(late, scales).effective_from >= before.effective_from


@given(scale_lists)
def test_each_version_is_in_force_from_its_own_first_day(scales):
    for scale in scales:
        assert scale_on(scale.effective_from, scales).effective_from == scale.effective_from


@given(st.lists(DAYS, min_size=2, max_size=6, unique=True), st.data())
def test_the_order_of_the_list_does_not_matter_when_dates_differ(days, data):
    scales = [_scale(n, d) for n, d in enumerate(days)]
    shuffled = data.draw(st.permutations(scales))
    day = data.draw(DAYS)
    try:
        expected = scale_on(day, scales)
    except NoScaleInForce:
        with pytest.raises(NoScaleInForce):
            scale_on(day, shuffled)
        return
    assert scale_on(day, shuffled) is expected


def test_the_decree_118_scale_has_three_levels_and_the_criteria_of_article_33():
    current = scale_on(date(2026, 3, 2))
    assert [lv.label for lv in current.levels] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    assert {c.key for c in current.criteria} == {"time", "contacts", "information", "attitude", "lawful_result",
                                                 "complaints", "online"}
    assert scale_version(current.version) is current and SCALES[-1] is current
    with pytest.raises(NoScaleInForce):
        scale_on(date(2025, 7, 1) - timedelta(days=1))


def test_levels_must_be_on_the_scale_and_the_overall_level_is_required():
    scale = SCALES[-1]
    assert check_levels(scale, {OVERALL: "satisfied", "time": "very_satisfied", "online": ""}) == {
        OVERALL: "satisfied", "time": "very_satisfied"}
    for wrong in ({"time": "satisfied"}, {OVERALL: "excellent"}, {OVERALL: "satisfied", "weather": "satisfied"},
                  {OVERALL: "satisfied", "time": 3}):
        with pytest.raises(InvalidRating):
            check_levels(scale, wrong)


@pytest.mark.parametrize("state, outcome, ended", [
    (State.RETURNED, "approved", True), (State.REFUSED_AT_INTAKE, None, True), (State.WITHDRAWN, None, True),
    (State.CLOSED, None, True), (State.DECIDED, "refused", True), (State.DECIDED, "approved", False),
    (State.PROCESSING, None, False), (State.CORRECTING, "approved", False), (State.FILED, None, False),
])
def test_only_an_ended_dossier_may_be_rated(state, outcome, ended):
    assert has_ended(state, outcome) is ended
