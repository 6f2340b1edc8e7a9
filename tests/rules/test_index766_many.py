"""``score_many`` (a ranking's cards at once, with NumPy) gives exactly ``score``'s cards, for any
figures: points, rates, groups and totals equal to the last bit, the province-only indicators left
out of a unit's card the same way, "nothing to count" scored the same."""

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.rules.index766 import CATALOGUE_FIGURES, COUNTERS, POLICIES, score, score_many

NAMES = sorted(set(COUNTERS) | set(CATALOGUE_FIGURES))
# Small counts make ties, zeros (nothing to count) and rates above 1 frequent; large ones make
# long fractions whose rounding must agree.
count = st.one_of(st.just(0), st.integers(0, 12), st.integers(0, 5_000_000))
figures = st.dictionaries(st.sampled_from(NAMES), count, max_size=len(NAMES))


@settings(max_examples=300, deadline=None)
@given(st.lists(figures, max_size=25), st.booleans(), st.sampled_from(POLICIES))
def test_score_many_is_score_for_each(many, province, policy):
    cards = score_many(many, policy, province=province)
    assert cards == [score(f, policy, province=province) for f in many]
    for card, f in zip(cards, many, strict=True):
        expected = score(f, policy, province=province)
        assert [repr(s.points) for s in card.indicators] == [repr(s.points) for s in expected.indicators]
        assert repr(card.total) == repr(expected.total)


def test_a_unit_with_nothing_counted_scores_like_score():
    assert score_many([{}, {"received": 3, "on_time": 3, "completed": 3}], province=False) == [
        score({}, province=False), score({"received": 3, "on_time": 3, "completed": 3}, province=False)]


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
