"""Decree 335/2025 scoring: 30 general + 70 result points, the −25 % per failed review and per
delay, the four bands, disqualifying facts and the ≤ 20 % quota of excellent ratings. Pure."""

from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from motcua.rules.scoring import (
    DECREE_335, LEADER, OFFICIAL, UNIT, Band, Entry, NoRulesInForce, Product, apply_quota, band_of, general_points,
    rules_on, score, shares,
)

R = DECREE_335
FULL = {c.key: c.max_points for c in R.official_criteria}


@st.composite
def products(draw):
    assigned = draw(st.integers(0, 40))
    completed = draw(st.integers(0, assigned))
    delays = draw(st.integers(0, 10))
    return Product(assigned, completed, draw(st.integers(0, 10)), delays, draw(st.integers(0, delays)))


PRODUCTS = st.lists(products(), max_size=5)
GENERAL = st.dictionaries(st.sampled_from([c.key for c in R.official_criteria]), st.integers(-5, 12))


def test_decree_335_takes_effect_on_1_january_2026():
    assert rules_on(date(2026, 1, 1)) is R
    with pytest.raises(NoRulesInForce, match="Nghị định 90/2020"):
        rules_on(date(2025, 12, 31))


def test_a_perfect_official_scores_100_and_is_excellent():
    s = score(R, OFFICIAL, FULL, [Product(10, 10)])
    assert s.total == Decimal("100.00") and s.band is Band.EXCELLENT


def test_each_failed_review_takes_a_quarter_of_that_products_quality_points():
    # 4 products, one failed review: quality = (4 − 0.25) / 4 = 93.75 %; results = 70 × (1 + 0.9375 + 1) / 3
    s = score(R, OFFICIAL, FULL, [Product(4, 4, failed_reviews=1)])
    assert s.quality == Fraction(15, 16)
    assert s.total == Decimal("98.54")


def test_quality_of_a_product_never_goes_below_zero():
    a, b, c = shares(R, [Product(1, 1, failed_reviews=9)])
    assert b == 0 and a == 1 and c == 1


def test_a_delay_costs_a_quarter_of_progress_points_unless_its_cause_is_certified():
    plain = score(R, OFFICIAL, FULL, [Product(2, 2, delays=2)])
    assert plain.timeliness == Fraction(3, 4)  # (2 − 2 × 0.25) / 2
    exempt = score(R, OFFICIAL, FULL, [Product(2, 2, delays=2, exempt_delays=2)])
    assert exempt.timeliness == 1 and exempt.total == Decimal("100.00")


def test_quantity_is_completed_over_assigned():
    s = score(R, OFFICIAL, {}, [Product(4, 3)])
    assert s.quantity == Fraction(3, 4) and s.general == 0
    assert s.total == Decimal("64.17")  # 70 × (0.75 + 1 + 1) / 3
    assert s.band is Band.COMPLETE


def test_bands_at_their_edges():
    assert [band_of(R, Decimal(x)) for x in ("90", "89.99", "70", "69.99", "50", "49.99")] == [
        Band.EXCELLENT, Band.GOOD, Band.GOOD, Band.COMPLETE, Band.COMPLETE, Band.NOT_COMPLETE]


def test_a_disqualifying_fact_forces_not_complete_whatever_the_score():
    s = score(R, OFFICIAL, FULL, [Product(5, 5)], facts=["disciplined"])
    assert s.total == Decimal("100.00") and s.band_by_score is Band.EXCELLENT
    assert s.band is Band.NOT_COMPLETE and s.disqualified_by == ("disciplined",)


def test_the_unit_sanction_fact_concerns_leaders_and_units_not_other_officials():
    assert score(R, OFFICIAL, FULL, [Product(5, 5)], facts=["corruption"]).band is Band.EXCELLENT
    assert score(R, LEADER, FULL, [Product(5, 5)], facts=["corruption"]).band is Band.NOT_COMPLETE
    unit_full = {c.key: c.max_points for c in R.unit_criteria}
    assert score(R, UNIT, unit_full, [Product(5, 5)], facts=["corruption"]).band is Band.NOT_COMPLETE


def test_a_leaders_results_take_in_half_of_the_units():
    s = score(R, LEADER, FULL, [Product(5, 5)], unit_results=Fraction(35))
    assert s.results == Fraction(105, 2) and s.total == Decimal("82.50")
    assert score(R, OFFICIAL, FULL, [Product(5, 5)], unit_results=Fraction(35)).results == 70


def test_nothing_assigned_gives_no_result_points():
    s = score(R, OFFICIAL, FULL, [])
    assert s.quantity is None and s.results == 0 and s.total == Decimal("30.00")


@given(GENERAL, PRODUCTS, st.sets(st.sampled_from(["ideology", "disciplined", "corruption"])))
def test_the_score_stays_within_its_bounds(general, items, facts):
    s = score(R, OFFICIAL, general, items, facts)
    assert 0 <= s.general <= 30 and 0 <= s.results <= 70 and 0 <= s.total <= 100
    for share in (s.quantity, s.quality, s.timeliness):
        assert share is None or 0 <= share <= 1
    assert s.band_by_score is band_of(R, s.total)
    assert (s.band is Band.NOT_COMPLETE) if ({"ideology", "disciplined"} & facts) else s.band is s.band_by_score


@given(GENERAL, PRODUCTS, st.integers(0, 4))
def test_more_failed_reviews_or_delays_never_raise_the_score(general, items, index):
    assume(items)
    p = items[index % len(items)]
    worse_review = Product(p.assigned, p.completed, p.failed_reviews + 1, p.delays, p.exempt_delays)
    worse_delay = Product(p.assigned, p.completed, p.failed_reviews, p.delays + 1, p.exempt_delays)
    before = score(R, OFFICIAL, general, items).total
    for changed in (worse_review, worse_delay):
        after = list(items)
        after[index % len(items)] = changed
        assert score(R, OFFICIAL, general, after).total <= before
    assert general_points(R, OFFICIAL, general) <= 30


@given(GENERAL, PRODUCTS)
def test_completing_a_missing_product_never_lowers_quantity(general, items):
    assume(any(p.completed < p.assigned for p in items))
    i = next(n for n, p in enumerate(items) if p.completed < p.assigned)
    p = items[i]
    better = list(items)
    better[i] = Product(p.assigned, p.completed + 1, p.failed_reviews, p.delays, p.exempt_delays)
    assert shares(R, better)[0] > shares(R, items)[0]


@given(GENERAL, GENERAL, PRODUCTS)
def test_more_general_points_never_lower_the_score(low, extra, items):
    high = {k: max(low.get(k, 0), v) for k, v in {**low, **extra}.items()}
    assert score(R, OFFICIAL, high, items).total >= score(R, OFFICIAL, low, items).total


SCORES = st.decimals(min_value=0, max_value=100, places=2)


@given(st.lists(SCORES, max_size=40))
def test_the_quota_is_never_exceeded_and_only_the_lowest_excellent_are_demoted(totals):
    entries = [Entry(i, f"Người {i}", t, band_of(R, t)) for i, t in enumerate(totals)]
    out = apply_quota(R, entries)
    final = out.bands
    n_exc = sum(1 for b in final.values() if b is Band.EXCELLENT)
    n_good_or_above = sum(1 for b in final.values() if b in (Band.EXCELLENT, Band.GOOD))
    assert n_exc <= floor(Fraction(1, 5) * n_good_or_above)
    assert n_exc == min(out.limit, out.excellent_before)  # as many kept as the quota allows
    for key in out.demoted:
        assert final[key] is Band.GOOD
        assert all(entries[key].total <= entries[k].total for k in out.kept)
    assert {k for k, b in final.items() if b is not entries[k].band} == set(out.demoted)


@given(st.lists(SCORES, max_size=40))
def test_with_the_good_only_reading_the_quota_is_never_exceeded_either(totals):
    from dataclasses import replace

    rules = replace(R, quota_base="good_only")
    out = apply_quota(rules, [Entry(i, f"Người {i}", t, band_of(R, t)) for i, t in enumerate(totals)])
    n_exc = sum(1 for b in out.bands.values() if b is Band.EXCELLENT)
    n_good = sum(1 for b in out.bands.values() if b is Band.GOOD)
    assert n_exc <= floor(Fraction(1, 5) * n_good)


def test_the_quota_explains_who_was_demoted_and_why():
    entries = [Entry("a", "An", Decimal("95.5"), Band.EXCELLENT), Entry("b", "Bình", Decimal("91"), Band.EXCELLENT)]
    entries += [Entry(f"g{i}", f"G{i}", Decimal("80"), Band.GOOD) for i in range(6)]
    out = apply_quota(R, entries)
    assert out.base == 8 and out.limit == 1  # ⌊20 % × 8⌋
    assert out.kept == ("a",) and out.demoted == ("b",) and out.bands["b"] is Band.GOOD
    assert "Giữ: An (95,50)" in out.explanation and "Bình (91,00)" in out.explanation
    assert "vượt tỷ lệ" in out.notes["b"]


def test_an_outstanding_organisation_is_exempt_and_approved_sheets_keep_their_band():
    entries = [Entry("a", "An", Decimal("92"), Band.EXCELLENT), Entry("b", "Bình", Decimal("96"), Band.EXCELLENT)]
    free = apply_quota(R, entries, outstanding=True)
    assert free.demoted == () and free.limit is None and "nổi trội" in free.explanation
    locked = apply_quota(R, [Entry("a", "An", Decimal("92"), Band.EXCELLENT, final=Band.EXCELLENT),
                             Entry("b", "Bình", Decimal("96"), Band.EXCELLENT)])
    assert locked.demoted == ("b",) and locked.bands["a"] is Band.EXCELLENT  # limit ⌊0.4⌋ = 0; a was approved
    assert "đã phê duyệt giữ nguyên" in locked.explanation


def test_a_sheet_approved_after_demotion_still_counts_as_demoted_in_the_explanation():
    entries = [Entry("a", "An", Decimal("99"), Band.EXCELLENT, final=Band.EXCELLENT),
               Entry("b", "Bình", Decimal("95"), Band.EXCELLENT, final=Band.GOOD)]
    entries += [Entry(f"g{i}", f"G{i}", Decimal("80"), Band.GOOD) for i in range(3)]
    out = apply_quota(R, entries)
    assert out.limit == 1 and out.kept == ("a",) and out.demoted == ("b",) and out.bands["b"] is Band.GOOD
    assert "2 người đạt từ 90 điểm" in out.explanation and "Bình (95,00)" in out.explanation


def test_with_the_good_only_reading_the_demoted_count_as_good():
    from dataclasses import replace

    rules = replace(R, quota_base="good_only")
    entries = [Entry(i, f"Người {i}", Decimal(70), Band.GOOD) for i in range(4)]
    entries.append(Entry("x", "Xuân", Decimal(90), Band.EXCELLENT))
    out = apply_quota(rules, entries)  # keeping Xuân: ⌊20 % × 4⌋ = 0, so Xuân becomes the fifth good
    assert out.limit == 0 and out.demoted == ("x",)
