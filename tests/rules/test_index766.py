"""Decision 766 real-time index as pure rules (one-stop-details.md §3): points per indicator, the
six score groups that make up 100 points, what one dossier counts towards (``dossier_tally``),
how open dossiers are settled at reading time, and which dated version applies. No database."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from motcua.rules import index766
from motcua.rules.calendar import VN_TZ
from motcua.rules.index766 import (
    CATALOGUE_FIGURES, COUNTERS, FACTS, GROUPS, POLICIES, DossierFacts, Policy, dossier_tally, maximum, points,
    policy_on, score, settle,
)

LAW = settings(max_examples=100, deadline=None)
POLICY = POLICIES[-1]
MAX = {key: m for key, _vi, _en, m in GROUPS}

# -- points ------------------------------------------------------------------------------------

maxima = st.sampled_from([2.0, 4.0, 6.0, 12.0, 20.0]) | st.floats(0.5, 100, allow_nan=False)
rates = st.floats(0, 1, allow_nan=False)
thresholds = st.sampled_from([0.5, 0.8, 0.9, 1.0]) | st.floats(0.05, 1, allow_nan=False)


@LAW
@given(maxima, rates, st.none() | thresholds)
def test_points_never_exceed_the_maximum_nor_go_below_zero(max_points, rate, threshold):
    assert 0 <= points(max_points, rate, threshold) <= max_points


@LAW
@given(maxima, rates, rates, st.none() | thresholds)
def test_points_grow_with_the_rate(max_points, a, b, threshold):
    low, high = sorted((a, b))
    assert points(max_points, low, threshold) <= points(max_points, high, threshold)


@LAW
@given(maxima, thresholds, rates)
def test_points_are_full_from_the_threshold_on_and_proportional_below_it(max_points, threshold, rate):
    assert points(max_points, threshold, threshold) == pytest.approx(max_points)
    above = threshold + (1 - threshold) * rate  # anywhere between the threshold and 100 %
    assert points(max_points, above, threshold) == pytest.approx(max_points)
    below = threshold * rate
    assert points(max_points, below, threshold) == pytest.approx(max_points * below / threshold)


@LAW
@given(maxima, rates)
def test_without_a_threshold_points_are_the_maximum_times_the_rate(max_points, rate):
    assert points(max_points, rate, None) == pytest.approx(max_points * rate)


def test_rates_outside_zero_to_one_are_clamped():
    assert points(6, 1.7, None) == 6 and points(6, -0.3, None) == 0
    assert points(6, 1.7, 0.5) == 6 and points(6, -0.3, 0.5) == 0


# -- the score card ----------------------------------------------------------------------------

def test_the_six_groups_and_their_maxima_make_100_points():
    assert [(key, m) for key, _vi, _en, m in GROUPS] == [
        ("transparency", 18), ("progress", 20), ("online", 12), ("payment", 10), ("satisfaction", 18),
        ("digitisation", 22)]
    by_group = {key: 0.0 for key in MAX}
    for ind in POLICY.indicators:
        by_group[ind.group] += ind.max_points
    assert by_group == MAX  # the indicators' maxima add up to each group's maximum
    assert sum(MAX.values()) == 100 == maximum(POLICY)
    province_only = sum(i.max_points for i in POLICY.indicators if i.scope == "province")
    assert maximum(POLICY, province=False) == 100 - province_only


def _figures(draw, received):
    """Dossier counters that can occur together (settled) and any catalogue figures."""
    on_time = draw(st.integers(0, received))
    late = received - on_time
    out = {"received": received, "on_time": on_time, "late": late, "open": 0}
    for name in COUNTERS:
        if name not in out:
            out[name] = draw(st.integers(0, received))
    for name in CATALOGUE_FIGURES:
        out[name] = draw(st.integers(0, 40))
    return out


@st.composite
def figure_sets(draw):
    return _figures(draw, draw(st.integers(0, 500)))


@LAW
@given(figure_sets(), st.booleans())
@example({"received": 7, "on_time": 7, "late": 0, "open": 0, "synced": 1, "personal_storage": 4}, True)
def test_the_total_is_the_sum_of_the_groups_and_no_group_exceeds_its_maximum(figures, province):
    card = score(figures, POLICY, province=province)
    assert set(card.groups) == set(MAX)
    for key, value in card.groups.items():
        assert 0 <= value <= MAX[key]
    # six groups, each rounded to two decimals
    assert sum(s.points for s in card.indicators) == pytest.approx(card.total, abs=6 * 0.005 + 1e-9)
    # what a reader adds up: the total printed with the groups (two decimals) is their sum
    assert card.total == round(sum(card.groups.values()), 2)
    assert 0 <= card.total <= maximum(POLICY, province=province)


@LAW
@given(figure_sets())
def test_each_indicator_follows_its_formula(figures):
    card = score(figures, POLICY)
    for s in card.indicators:
        ind = s.indicator
        den = figures[ind.denominator]
        if den == 0:
            continue
        num = sum(figures[n] for n in ind.numerator)
        rate = 1 - num / den if ind.complement else num / den
        if ind.times:
            rate *= figures[ind.times[0]] / figures[ind.times[1]]
        rate = min(1.0, max(0.0, rate))
        full = ind.max_points
        expected = min(full, full * rate / ind.threshold) if ind.threshold else full * rate
        assert s.points == pytest.approx(expected, abs=1e-4), ind.code


def test_the_printed_total_agrees_with_the_printed_groups():
    """7 dossiers, 1 synced (1.4 = 6 × 1/7) and 4 using the citizen's data store (4.4 = 4 × 4/7):
    the card shows each group to two decimals, and the total must be what they add up to."""
    received, synced, storage = 7, 1, 4
    card = score({"received": received, "on_time": received, "synced": synced, "personal_storage": storage}, POLICY)
    assert card.by_code("1.4").points == pytest.approx(6 * synced / received, abs=1e-4)
    assert card.by_code("4.4").points == pytest.approx(4 * storage / received, abs=1e-4)
    assert card.total == round(sum(card.groups.values()), 2), (card.total, card.groups)


def test_with_no_dossiers_and_no_complaints_5_4_scores_0_and_5_2_5_3_score_6():
    card = score({name: 0 for name in (*COUNTERS, *CATALOGUE_FIGURES, "pakn", "pakn_on_time", "pakn_bad")}, POLICY)
    assert card.by_code("5.4").points == 0 and card.by_code("5.4").rate is None
    assert card.by_code("5.2").points == 6 and card.by_code("5.3").points == 6
    assert card.by_code("2.1").points == 0  # nothing received, nothing on time
    assert card.groups["satisfaction"] == 12


def test_5_4_counts_late_and_disliked_dossiers_against_the_received_ones():
    received, late, disliked = 40, 3, 2
    figures = {"received": received, "on_time": received - late, "late": late, "disliked": disliked}
    rate = 1 - (late + disliked) / received
    assert score(figures, POLICY).by_code("5.4").points == pytest.approx(round(min(6, 6 * rate / 0.9), 4))
    assert score({**figures, "disliked": 0, "late": 0}, POLICY).by_code("5.4").points == 6
    assert score({**figures, "late": 20, "disliked": 20}, POLICY).by_code("5.4").points == 0


def test_3_3_is_the_online_share_times_the_sync_rate_full_at_half():
    figures = {"received": 10, "online_effective": 6, "synced": 5}
    rate = (6 / 10) * (5 / 10)
    assert score(figures, POLICY).by_code("3.3").points == pytest.approx(round(min(6, 6 * rate / 0.5), 4))
    assert score({**figures, "synced": 10}, POLICY).by_code("3.3").points == 6


# -- one dossier ---------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
moments = st.integers(-20 * 24, 60 * 24).map(lambda h: T0 + timedelta(hours=h))
fact_maps = st.dictionaries(st.sampled_from(sorted(FACTS)), st.booleans())
CHANNELS = ("counter", "post", "online", "vneid")


@st.composite
def dossiers(draw, received=True):
    received_at = draw(moments) if received else None
    return DossierFacts(
        received_at=received_at,
        ended_at=draw(st.none() | moments),
        due_at=draw(st.none() | moments),
        reference_due_at=draw(st.none() | moments),
        supplement_requests=draw(st.integers(0, 3)),
        channel=draw(st.sampled_from(CHANNELS)),
        facts=draw(fact_maps),
        disliked=draw(st.booleans()),
    )


def _d(**kw) -> DossierFacts:
    base = dict(received_at=T0, ended_at=None, due_at=T0 + timedelta(days=3), reference_due_at=T0 + timedelta(days=3),
                supplement_requests=0, channel="counter", facts={})
    return DossierFacts(**{**base, **kw})


@LAW
@given(dossiers(received=False))
def test_a_dossier_not_yet_received_counts_for_nothing(d):
    assert dossier_tally(d, POLICY) is None


@LAW
@given(dossiers())
def test_a_received_dossier_is_exactly_one_of_on_time_late_open(d):
    tally = dossier_tally(d, POLICY)
    assert "received" in tally.counters and "received" in tally.procedure_counters
    assert len(tally.counters & {"on_time", "late", "open"}) == 1
    assert ("open" in tally.counters) == (tally.open_due is not None)
    if "open" in tally.counters:
        assert d.ended_at is None and tally.open_due == index766.deadline(d, POLICY)
    assert ("completed" in tally.counters) == (d.ended_at is not None)
    assert set(tally.counters) <= set(COUNTERS)


@LAW
@given(dossiers(), st.integers(2, 5))
def test_more_than_one_supplement_request_is_late_even_if_finished_early(d, requests):
    early = replace(d, supplement_requests=requests, ended_at=d.received_at, due_at=d.received_at + timedelta(days=9),
                    reference_due_at=d.received_at + timedelta(days=9))
    assert "late" in dossier_tally(early, POLICY).counters
    assert "late" in dossier_tally(replace(d, supplement_requests=requests), POLICY).counters
    one = replace(early, supplement_requests=1)
    assert "on_time" in dossier_tally(one, POLICY).counters
    lenient = replace(POLICY, multiple_supplements_late=False)
    assert "on_time" in dossier_tally(early, lenient).counters


@LAW
@given(st.integers(1, 72), st.integers(1, 72), st.integers(0, 100))
def test_an_extended_dossier_is_judged_by_the_receipt_unless_the_policy_says_otherwise(before_h, extra_h, pct):
    receipt_due = T0 + timedelta(hours=before_h)
    extended_due = receipt_due + timedelta(hours=extra_h)
    ended = receipt_due + (extended_due - receipt_due) * (pct / 100)
    assume(ended > receipt_due)  # after the receipt's due time, by the extended one at the latest
    d = _d(due_at=extended_due, reference_due_at=receipt_due, ended_at=ended)
    assert "late" in dossier_tally(d, POLICY).counters  # the default: the receipt's due time counts
    assert POLICY.extension_counts_late
    forgiving = replace(POLICY, extension_counts_late=False)
    assert "on_time" in dossier_tally(d, forgiving).counters
    past = replace(d, ended_at=extended_due + timedelta(minutes=1))
    assert "late" in dossier_tally(past, forgiving).counters
    # still open: the deadline it is held to is the receipt's, or the extended one
    opened = replace(d, ended_at=None)
    assert dossier_tally(opened, POLICY).open_due == receipt_due
    assert dossier_tally(opened, forgiving).open_due == extended_due


def test_finishing_exactly_at_the_due_time_is_on_time():
    due = T0 + timedelta(days=3)
    assert "on_time" in dossier_tally(_d(ended_at=due), POLICY).counters
    assert "late" in dossier_tally(_d(ended_at=due + timedelta(seconds=1)), POLICY).counters


@LAW
@given(dossiers(), st.integers(0, 1))
def test_a_dossier_waiting_for_a_supplement_is_never_open_late(d, requests):
    waiting = replace(d, due_at=None, ended_at=None, supplement_requests=requests)
    tally = dossier_tally(waiting, POLICY)
    assert "on_time" in tally.counters and "open" not in tally.counters and "late" not in tally.counters
    assert tally.open_due is None
    # read at any moment, it stays on time
    counters = {name: int(name in tally.counters) for name in COUNTERS}
    assert settle(counters, late_open=0)["late"] == 0


@LAW
@given(dossiers())
def test_zero_fee_dossiers_never_count_as_paid_online(d):
    tally = dossier_tally(d, POLICY)
    if not d.facts.get("fee"):
        assert "paid_online" not in tally.counters and "fee_due" not in tally.counters
        assert "paid_online" not in tally.procedure_counters
    else:
        assert "fee_due" in tally.counters
        assert ("paid_online" in tally.counters) == bool(d.facts.get("paid_online"))


@LAW
@given(dossiers())
def test_online_counts_only_with_an_e_result_where_the_result_is_paper(d):
    tally = dossier_tally(d, POLICY)
    online = d.channel in ("online", "vneid")
    assert ("online" in tally.counters) == online
    expected = online and (not d.facts.get("paper_result") or bool(d.facts.get("e_result")))
    assert ("online_effective" in tally.counters) == expected


def test_online_effective_examples():
    paper = {"paper_result": True}
    assert "online_effective" not in dossier_tally(_d(channel="online", facts=paper), POLICY).counters
    assert "online_effective" in dossier_tally(_d(channel="online", facts={**paper, "e_result": True}), POLICY).counters
    assert "online_effective" in dossier_tally(_d(channel="vneid", facts={}), POLICY).counters
    assert "online_effective" not in dossier_tally(_d(channel="counter", facts={"e_result": True}), POLICY).counters


@LAW
@given(dossiers())
def test_the_other_facts_map_to_their_counters(d):
    tally, f = dossier_tally(d, POLICY), d.facts
    for fact in ("synced", "reused", "personal_storage", "citizen_data"):
        assert (fact in tally.counters) == bool(f.get(fact))
    assert ("digitised_e_result" in tally.counters) == bool(f.get("digitised") and f.get("e_result"))
    assert ("paper_done" in tally.counters) == bool(d.ended_at and f.get("paper_result"))
    assert ("e_result_done" in tally.counters) == bool(d.ended_at and f.get("paper_result") and f.get("e_result"))
    assert ("disliked" in tally.counters) == d.disliked


@given(st.integers(-12 * 60, 12 * 60))
@example(0)
def test_the_month_is_the_month_of_reception_in_hanoi(minutes):
    midnight = datetime(2026, 4, 1, 0, 0, tzinfo=VN_TZ)  # = 31 Mar 17:00 UTC
    received = (midnight + timedelta(minutes=minutes)).astimezone(UTC)
    expected = date(2026, 4, 1) if minutes >= 0 else date(2026, 3, 1)
    assert dossier_tally(_d(received_at=received), POLICY).month == expected


# -- reading: settling the open ones ----------------------------------------------------------

@LAW
@given(st.dictionaries(st.sampled_from(COUNTERS), st.integers(0, 1000)), st.integers(-5, 2000))
def test_settle_moves_the_late_open_ones_to_late_and_the_rest_to_on_time(counters, late_open):
    out = settle(counters, late_open)
    opened = counters.get("open", 0)
    moved = max(0, min(late_open, opened))
    assert out["late"] == counters.get("late", 0) + moved
    assert out["on_time"] == counters.get("on_time", 0) + opened - moved
    assert out["late"] + out["on_time"] == counters.get("late", 0) + counters.get("on_time", 0) + opened
    for name in COUNTERS:
        if name not in ("late", "on_time"):
            assert out[name] == counters.get(name, 0)


# -- dated versions -------------------------------------------------------------------------------

def _policy(n: int, day: date, **kw) -> Policy:
    return Policy(f"v{n}", day, "test", POLICY.indicators, **kw)


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 12, 31))
sorted_policies = st.lists(days, min_size=1, max_size=6).map(
    lambda ds: [_policy(n, d) for n, d in enumerate(sorted(ds))])


@LAW
@given(sorted_policies, days)
def test_the_version_in_force_is_the_latest_that_took_effect(policies, day):
    chosen = policy_on(day, policies)
    started = [p for p in policies if p.effective_from <= day]
    if started:
        assert chosen.effective_from == max(p.effective_from for p in started)
        assert chosen is [p for p in started if p.effective_from == chosen.effective_from][-1]
    else:
        assert chosen is policies[0]  # earlier dossiers are still counted, by the first version


def test_the_version_is_picked_by_date_even_if_listed_out_of_order():
    old, new = _policy(1, date(2022, 8, 1)), _policy(2, date(2025, 7, 1))
    assert policy_on(date(2023, 1, 1), [old, new]) is old
    # the same versions listed newest first: 2023 is still under the 2022 version
    assert policy_on(date(2023, 1, 1), [new, old]) is old
    assert policy_on(date(2026, 1, 1), [new, old]) is new


def test_the_real_versions_start_with_decision_766():
    assert POLICIES[0].effective_from == date(2022, 8, 1)
    assert policy_on(date(2026, 3, 2)) is POLICIES[-1]


def test_a_dossier_is_counted_by_the_version_in_force_when_it_was_received(monkeypatch):
    """A new version that stops counting extensions as late applies to dossiers received from its date."""
    switch = date(2026, 3, 15)
    monkeypatch.setattr(index766, "POLICIES", (POLICY, _policy(9, switch, extension_counts_late=False)))

    def extended(received):
        return _d(received_at=received, reference_due_at=received + timedelta(days=3),
                  due_at=received + timedelta(days=6), ended_at=received + timedelta(days=4))

    before = datetime(2026, 3, 14, 9, 0, tzinfo=VN_TZ)
    after = datetime(2026, 3, 16, 9, 0, tzinfo=VN_TZ)
    assert "late" in dossier_tally(extended(before)).counters
    assert "on_time" in dossier_tally(extended(after)).counters
