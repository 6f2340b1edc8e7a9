"""``score_many`` (every card of a ranking at once, with NumPy; ``score`` is one of its cards) gives,
for any figures, the card the decision's formula gives indicator by indicator (``points``, here
applied in plain Python as the reference): points, rates, groups and totals equal to the last bit,
the province-only indicators left out of a unit's card, "nothing to count" scored as configured."""

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.rules.index766 import (CATALOGUE_FIGURES, COUNTERS, GROUP_KEYS, POLICIES, IndicatorScore, ScoreCard,
                                   points, score, score_many)

NAMES = sorted(set(COUNTERS) | set(CATALOGUE_FIGURES))
# Small counts make ties, zeros (nothing to count) and rates above 1 frequent; large ones make
# long fractions whose rounding must agree.
count = st.one_of(st.just(0), st.integers(0, 12), st.integers(0, 5_000_000))
figures = st.dictionaries(st.sampled_from(NAMES), count, max_size=len(NAMES))


def reference(figures, policy, province) -> ScoreCard:
    """The card, one indicator at a time in plain Python."""
    scores, groups = [], dict.fromkeys(GROUP_KEYS, 0.0)
    for ind in policy.indicators:
        if not province and ind.scope == "province":
            continue
        num = float(sum(figures.get(n, 0) for n in ind.numerator))
        den = float(figures.get(ind.denominator, 0))
        if den <= 0:
            s = IndicatorScore(ind, num, den, None, round(ind.max_points if ind.when_empty is None else ind.when_empty, 4))
        else:
            rate = 1 - num / den if ind.complement else num / den
            if ind.times is not None:
                over = figures.get(ind.times[1], 0)
                rate *= figures.get(ind.times[0], 0) / over if over else 0.0
            rate = min(max(rate, 0.0), 1.0)
            s = IndicatorScore(ind, num, den, rate, round(points(ind.max_points, rate, ind.threshold), 4))
        scores.append(s)
        groups[ind.group] += s.points
    groups = {g: round(v, 2) for g, v in groups.items()}
    return ScoreCard(round(sum(groups.values()), 2), groups, tuple(scores))


@settings(max_examples=300, deadline=None)
@given(st.lists(figures, max_size=25), st.booleans(), st.sampled_from(POLICIES))
def test_every_card_is_the_formulas_indicator_by_indicator(many, province, policy):
    cards = score_many(many, policy, province=province)
    for card, f in zip(cards, many, strict=True):
        expected = reference(f, policy, province)
        assert card == expected
        assert [repr(s.points) for s in card.indicators] == [repr(s.points) for s in expected.indicators]
        assert repr(card.total) == repr(expected.total) and card == score(f, policy, province=province)
    assert len(cards) == len(many)


def test_a_unit_with_nothing_counted_scores_what_the_configuration_says():
    policy = POLICIES[-1]
    assert score_many([{}, {"received": 3, "on_time": 3, "completed": 3}], province=False) == [
        reference({}, policy, False), reference({"received": 3, "on_time": 3, "completed": 3}, policy, False)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.floats(-1e7, 1e7, allow_nan=False),
                          # halves at the last kept digit, where NumPy's own rounding goes astray
                          st.builds(lambda k, d: (k + 0.5) / 10 ** d, st.integers(-10**7, 10**7), st.integers(0, 6)),
                          st.builds(lambda k: k / 64, st.integers(-10**6, 10**6))), min_size=1, max_size=40),
       st.integers(0, 6))
def test_rounded_is_pythons_round(values, digits):
    import numpy as np

    from motcua.rules.index766 import _rounded

    got = _rounded(np.array(values, dtype=float), digits)
    assert [repr(v) for v in got] == [repr(round(v, digits)) for v in values]
