"""Decision 766 counters kept in real time: every act on a dossier adds the change of its tally in
the act's own transaction (on PostgreSQL as a journal row that every read folds in first), so
the score card of a unit and of the province for a month is right
the moment it is read — progress (2.1), satisfaction (5.4), sync (1.4), online dossiers (3.3).
An open dossier turns late when the clock passes its due time, not when someone acts; a rating
"not satisfied" counts against 5.4; acts that change nothing the index reads write nothing; a
refused act or a rolled-back transaction leaves the counters as they were."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import services as sv
from motcua.dossiers.commands import ActInput, perform
from motcua.quality.journal import fold
from motcua.quality.index_queries import Period, province_scope, scorecard, unit_cards, unit_scope
from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexTally
from motcua.quality.services import rate_dossier
from motcua.rules.lifecycle import ActRefused, Role
from tests.clock import frozen_clock
from tests.dossiers.scenario import at_counter, file_online, fresh, leader, local, officer, receive, transfer, vn

pytestmark = pytest.mark.django_db

MARCH = Period("month", 2026, 3)
clock = frozen_clock(vn(2026, 3, 20, 9, 0))  # perform() and the pages read the clock; the acts pass their time


def tables() -> dict:
    """Everything in the three counter tables (the journal folded in first, as readers do)."""
    fold()
    return {
        "tally": sorted((tuple(sorted(r.items())) for r in IndexTally.objects.values()), key=str),
        "open_due": sorted((tuple(sorted(r.items())) for r in IndexOpenDue.objects.values()), key=str),
        "procedure": sorted((tuple(sorted(r.items())) for r in IndexProcedureTally.objects.values()), key=str),
    }


TABLES = (IndexTally._meta.db_table, IndexOpenDue._meta.db_table, IndexProcedureTally._meta.db_table)


def writes_to_counters(queries) -> list[str]:
    return [q["sql"] for q in queries if any(t in q["sql"] for t in TABLES)]


def _decide(world, d, at, **kw):
    return sv.decide_dossier(d, leader(world, "birth"), "approved", "", now=at, **kw)


def _return(world, d, at, method="counter"):
    return sv.return_result(d, world.official("reception", Role.RECEPTION), method, now=at)


def build(world, settings):
    """Seven dossiers received in March 2026 at the Hoàn Kiếm branch. Six are birth registrations
    (competent: UBND phường Hoàn Kiếm), one a building permit (Sở Xây dựng):

    ========  =======  ===========================================  =========
    dossier   channel  what happened                                 progress
    ========  =======  ===========================================  =========
    a         counter  decided 1 h before its due time, returned     on time
    b         counter  decided 2 h after its due time, returned      late
    c         online   decided on time with an e-result, returned    on time
    d         online   decided on time, no e-result (paper result)   on time
    e         counter  still being handled                           open
    f         counter  not synced; returned for supplement           waiting
    permit    counter  still being handled (15 days)                 open
    ========  =======  ===========================================  =========
    """
    day = vn(2026, 3, 2, 9, 0)
    out = {}
    for n, name in enumerate(("a", "b", "e")):
        d = at_counter(world, world.birth, at=day + timedelta(minutes=n))
        out[name] = transfer(world, d, day + timedelta(hours=1))
    settings.MOTCUA_SYNC_TO_PORTAL = False
    out["f"] = transfer(world, at_counter(world, world.birth, at=day + timedelta(minutes=5)), day + timedelta(hours=1))
    settings.MOTCUA_SYNC_TO_PORTAL = True
    for name, citizen in (("c", "citizen"), ("d", "other_citizen")):
        d = file_online(world, world.birth, vn(2026, 3, 2, 8, 30), citizen=citizen)
        out[name] = transfer(world, receive(world, d, day + timedelta(minutes=10)), day + timedelta(hours=1))
    out["permit"] = transfer(world, at_counter(world, world.permit, at=day + timedelta(minutes=20)),
                             day + timedelta(hours=1))

    due = {name: local(fresh(d).due_at) for name, d in out.items()}
    _return(world, _decide(world, out["a"], due["a"] - timedelta(hours=1)), due["a"])
    _return(world, _decide(world, out["b"], due["b"] + timedelta(hours=2)), due["b"] + timedelta(hours=3))
    _return(world, _decide(world, out["c"], due["c"] - timedelta(hours=1), facts={"e_result": True}), due["c"],
            "online")
    _return(world, _decide(world, out["d"], due["d"] - timedelta(hours=1)), due["d"])
    sv.return_for_supplement(out["f"], officer(world, "birth"), ["Giấy chứng sinh bản chính"], "Thiếu bản chính",
                             now=vn(2026, 3, 2, 14, 0))
    return {name: fresh(d) for name, d in out.items()}, due


# What the table above says, per scope: the rules' formulas are applied to these in each test.
UNIT = {"received": {"a", "b", "c", "d", "e", "f"}, "late_done": {"b"}, "open": {"e"},
        "synced": {"a", "b", "c", "d", "e"}, "online_effective": {"c"}}
PROVINCE = {"received": UNIT["received"] | {"permit"}, "late_done": {"b"}, "open": {"e", "permit"},
            "synced": UNIT["synced"] | {"permit"}, "online_effective": {"c"}}


def expected_2_1(scope, late_open: set[str]):
    received = len(scope["received"])
    on_time = received - len(scope["late_done"]) - len(late_open)
    return on_time / received, 20 * on_time / received


def expected_5_4(scope, late_open: set[str], disliked: int = 0):
    received = len(scope["received"])
    rate = 1 - (len(scope["late_done"]) + len(late_open) + disliked) / received
    return rate, min(6, 6 * rate / 0.9)


def card(scope, now):
    return scorecard(scope, MARCH, now)


@pytest.fixture
def scenario(world, settings):
    return build(world, settings)


def test_the_unit_and_province_cards_follow_the_acts(world, scenario):
    dossiers, due = scenario
    now = due["e"] + timedelta(hours=1)  # e is late by now; the permit (15 days) is not
    assert now < due["permit"]
    unit = card(unit_scope(world.commune_ubnd), now)
    province = card(province_scope(), now)

    for c, scope in ((unit, UNIT), (province, PROVINCE)):
        received = len(scope["received"])
        rate, pts = expected_2_1(scope, {"e"})
        assert c.by_code("2.1").rate == pytest.approx(rate)
        assert c.by_code("2.1").points == pytest.approx(pts, abs=1e-4)
        assert c.groups["progress"] == pytest.approx(pts, abs=0.005)
        rate, pts = expected_5_4(scope, {"e"})
        assert c.by_code("5.4").rate == pytest.approx(rate) and c.by_code("5.4").points == pytest.approx(pts, abs=1e-4)
        sync = len(scope["synced"]) / received
        assert c.by_code("1.4").rate == pytest.approx(sync)
        assert c.by_code("1.4").points == pytest.approx(6 * sync, abs=1e-4)
        online = len(scope["online_effective"]) / received * sync
        assert c.by_code("3.3").rate == pytest.approx(online)
        assert c.by_code("3.3").points == pytest.approx(min(6, 6 * online / 0.5), abs=1e-4)
        assert c.by_code("3.3").denominator == received

    # the receiving one-stop unit sees every dossier it received, whoever decides them
    branch = card(unit_scope(world.branch), now)
    assert branch.by_code("2.1").rate == pytest.approx(expected_2_1(PROVINCE, {"e"})[0])
    # the ranking reads the same counters as the card
    cards = dict(unit_cards([world.commune_ubnd, world.construction], MARCH, now))
    assert cards[world.commune_ubnd].by_code("2.1").points == unit.by_code("2.1").points
    assert cards[world.construction].by_code("2.1").rate == 1.0  # its one permit is still in time
    # another month has none of them
    assert scorecard(unit_scope(world.commune_ubnd), Period("month", 2026, 4), now).by_code("2.1").rate is None


def test_an_open_dossier_turns_late_only_when_the_clock_passes_its_due_time(world, scenario):
    dossiers, due = scenario
    scope = unit_scope(world.commune_ubnd)
    before = tables()
    for now, late_open in ((due["e"] - timedelta(minutes=1), set()), (due["e"], set()),
                           (due["e"] + timedelta(minutes=1), {"e"}), (due["e"] + timedelta(days=30), {"e"})):
        c = card(scope, now)
        rate, pts = expected_2_1(UNIT, late_open)
        assert c.by_code("2.1").rate == pytest.approx(rate), now
        assert c.by_code("2.1").points == pytest.approx(pts, abs=1e-4), now
        assert c.by_code("5.4").points == pytest.approx(expected_5_4(UNIT, late_open)[1], abs=1e-4), now
    assert tables() == before  # reading wrote nothing: the same tables give both answers
    # the dossier waiting for its supplement stays on time however late it is read
    assert dossiers["f"].due_at is None
    far = card(scope, vn(2026, 12, 31, 17, 0))
    assert far.by_code("2.1").rate == pytest.approx(expected_2_1(UNIT, {"e"})[0])


def test_deciding_the_open_dossier_late_moves_it_from_open_to_late(world, scenario):
    dossiers, due = scenario
    scope = unit_scope(world.commune_ubnd)
    early = due["e"] - timedelta(hours=2)
    assert card(scope, early).by_code("2.1").rate == pytest.approx(expected_2_1(UNIT, set())[0])
    _decide(world, dossiers["e"], due["e"] + timedelta(hours=1))
    # decided after its due time: late from now on, even when read at a moment before the due time
    assert card(scope, early).by_code("2.1").rate == pytest.approx(expected_2_1(UNIT, {"e"})[0])
    assert not IndexOpenDue.objects.filter(unit=world.commune_ubnd, count__gt=0).exists()


def test_a_not_satisfied_rating_counts_against_5_4_until_it_is_changed_back(world, scenario):
    dossiers, due = scenario
    scope, now = unit_scope(world.commune_ubnd), due["e"] + timedelta(hours=1)
    start = card(scope, now).by_code("5.4").points
    assert start == pytest.approx(expected_5_4(UNIT, {"e"})[1], abs=1e-4)
    rated = vn(2026, 3, 10, 9, 0)
    rate_dossier(world.users["citizen"], dossiers["c"], {"overall": "dissatisfied"}, "", rated)
    assert card(scope, now).by_code("5.4").points == pytest.approx(expected_5_4(UNIT, {"e"}, disliked=1)[1], abs=1e-4)
    assert card(province_scope(), now).by_code("5.4").points == pytest.approx(
        expected_5_4(PROVINCE, {"e"}, disliked=1)[1], abs=1e-4)
    # rated again the same way: still one disliked dossier
    rate_dossier(world.users["citizen"], dossiers["c"], {"overall": "dissatisfied"}, "Vẫn chậm",
                 rated + timedelta(hours=1))
    assert card(scope, now).by_code("5.4").points == pytest.approx(expected_5_4(UNIT, {"e"}, disliked=1)[1], abs=1e-4)
    # changed within the window: back to where it was
    rate_dossier(world.users["citizen"], dossiers["c"], {"overall": "satisfied"}, "", rated + timedelta(days=2))
    assert card(scope, now).by_code("5.4").points == start
    # a rating above the lowest level never counted
    rate_dossier(world.users["other_citizen"], dossiers["d"], {"overall": "satisfied"}, "", rated)
    assert card(scope, now).by_code("5.4").points == start


def test_assignment_transfer_and_joint_hand_offs_write_nothing_to_the_counters(world, scenario):
    dossiers, due = scenario
    joint = transfer(world, at_counter(world, world.karaoke, at=vn(2026, 3, 3, 9, 0)), vn(2026, 3, 3, 9, 30))
    counter = at_counter(world, world.birth, at=vn(2026, 3, 3, 10, 0))
    before = tables()
    with CaptureQueriesContext(connection) as queries:
        sv.assign_dossier(dossiers["e"], leader(world, "birth"), world.users["commune_officer"],
                          now=vn(2026, 3, 3, 11, 0))
        transfer(world, counter, vn(2026, 3, 3, 11, 0))
        sv.complete_task(joint, world.official("commune_officer", Role.PROCESSING), 1, "Xong",
                         now=vn(2026, 3, 3, 14, 0))
    assert len(queries) > 0 and writes_to_counters(queries) == []
    assert tables() == before
    assert fresh(joint).event_count == 4 and fresh(dossiers["e"]).holder_officer == world.users["commune_officer"]


def test_a_refused_act_changes_no_counter(world, scenario):
    dossiers, due = scenario
    before = tables()
    with pytest.raises(ActRefused) as twice:
        _decide(world, dossiers["a"], due["a"] + timedelta(days=1))  # already decided and returned
    assert twice.value.code == "wrong_state"
    with pytest.raises(ActRefused) as bad_key:  # a fact the index does not know
        _decide(world, dossiers["e"], due["e"] - timedelta(hours=2), facts={"e_reslt": True})
    assert bad_key.value.code == "facts"
    with pytest.raises(ActRefused) as not_taken:  # a fact this act does not record
        perform(world.users["commune_chair"], fresh(dossiers["e"]), "decide", ActInput(facts={"digitised": True}))
    assert not_taken.value.code == "facts"
    assert tables() == before
    e = fresh(dossiers["e"])
    assert e.state == "processing" and "e_result" not in e.snapshot.get("facts", {})


def test_a_rolled_back_transaction_leaves_the_counters_as_before(world, scenario):
    dossiers, due = scenario
    scope, now = unit_scope(world.commune_ubnd), due["e"] - timedelta(hours=3)
    before, points = tables(), card(scope, now).by_code("2.1").points

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        _decide(world, dossiers["e"], due["e"] + timedelta(hours=1))  # a late decision...
        at_counter(world, world.birth, at=vn(2026, 3, 4, 9, 0))  # ...and a new dossier
        assert tables() != before  # counted inside the transaction
        raise Boom
    assert tables() == before
    assert card(scope, now).by_code("2.1").points == points


# -- reading a past period; catalogue edits -----------------------------------------------------

def test_a_past_month_judges_its_still_open_dossiers_at_the_end_of_the_month(world):
    """one-stop-details.md §1.4 (QD766): "an unfinished dossier uses the period end". A dossier
    received on 30 March, due in April and still open, was in time when March ended: the March
    card must not turn it late when read in April."""
    d = transfer(world, at_counter(world, world.birth, at=vn(2026, 3, 30, 9, 0)), vn(2026, 3, 30, 10, 0))
    due = local(fresh(d).due_at)
    end_of_march = vn(2026, 4, 1, 0, 0)
    assert due > end_of_march
    scope = unit_scope(world.commune_ubnd)
    assert card(scope, vn(2026, 3, 31, 16, 0)).by_code("2.1").points == 20 * 1 / 1  # read in March: in time
    assert card(scope, due + timedelta(days=7)).by_code("2.1").points == 20 * 1 / 1  # read in April: still March's view


def test_the_card_follows_an_edit_of_the_catalogue(world):
    """A procedure version edited by hand (catalog.services.save_version, the admin's path) changes
    the catalogue figures: the Sở Xây dựng's only procedure goes online, so 3.1 goes from 0 to full."""
    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.services import save_version

    scope, now = unit_scope(world.construction), vn(2026, 3, 20, 9, 0)
    before = card(scope, now).by_code("3.1")
    assert (before.numerator, before.denominator, before.points) == (0, 1, 0)
    version = ProcedureVersion.objects.get(pk=world.permit.pk)
    version.online = ProcedureVersion.Online.FULL
    save_version(version)
    after = card(scope, now).by_code("3.1")
    assert (after.numerator, after.denominator) == (1, 1)
    assert after.points == 2  # 1 of 1 procedures online: above the 80 % threshold
