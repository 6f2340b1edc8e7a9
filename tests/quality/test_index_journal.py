"""The 766 counters' journal (``quality.journal``): on PostgreSQL an act writes what it moves as
one row in its own statement, and every reader folds the pending rows in first; a write that
loses its race leaves no row; an act no longer waits for another act of the same unit to
commit. SQLite adds to the counters in the act, as before."""

import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection, connections, transaction
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers import services as sv
from motcua.quality import journal
from motcua.quality.index_queries import Period, scorecard, unit_scope
from motcua.quality.models import IndexJournal, IndexTally
from motcua.quality.rebuild import compare, from_log, stored
from motcua.quality.tallies import Change
from motcua.rules.calendar import VN_TZ
from motcua.rules.index766 import COUNTERS, PROCEDURE_COUNTERS, Tally
from motcua.rules.lifecycle import ActRefused
from tests.dossiers.scenario import at_counter, fresh, leader, transfer, vn

MARCH = Period("month", 2026, 3)

tallies = st.builds(
    Tally,
    month=st.dates(date(2020, 1, 1), date(2035, 12, 1)).map(lambda d: d.replace(day=1)),
    counters=st.frozensets(st.sampled_from(COUNTERS)),
    open_due=st.none() | st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31),
                                      timezones=st.sampled_from([VN_TZ, UTC])),
    procedure_counters=st.frozensets(st.sampled_from(PROCEDURE_COUNTERS)),
)
changes = st.builds(Change, st.none() | tallies, st.none() | tallies, st.integers(1, 10**6),
                    st.integers(1, 10**6), st.integers(1, 10**6))


@given(changes)
def test_a_journal_row_reads_back_as_the_change_it_was_written_from(change):
    back = journal.decode(journal.encode(change))
    assert back == change
    assert back.deltas() == change.deltas()  # and so adds the same to every counter


def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (python -m motcua.testing.suite): SQLite keeps no journal")


def _decide(world, d, at):
    return sv.decide_dossier(d, leader(world, "birth"), "approved", "", now=at)


@pytest.mark.django_db
def test_an_act_writes_one_row_and_the_first_read_adds_it_to_the_counters(world):
    d = at_counter(world, world.birth, at=vn(2026, 3, 2, 9))
    if connection.vendor != "postgresql":  # SQLite: counted in the act itself
        assert IndexTally.objects.get(unit=world.commune_ubnd, role="c").received == 1
        assert not IndexJournal.objects.exists()
        return
    (row,) = IndexJournal.objects.all()
    assert row.dossier_id == d.pk
    assert not IndexTally.objects.exists()  # not yet added: nothing has read the counters
    card = scorecard(unit_scope(world.commune_ubnd), MARCH, vn(2026, 3, 3))
    assert card.by_code("2.1").denominator == 1  # the dossier the read folded in
    assert journal.pending() == 0
    assert IndexTally.objects.get(unit=world.commune_ubnd, role="c").received == 1
    assert journal.fold() == 0  # once
    assert IndexTally.objects.get(unit=world.commune_ubnd, role="c").received == 1
    assert compare(from_log(), stored()) == []


@pytest.mark.django_db
def test_a_write_that_lost_its_race_leaves_no_row(world):
    _postgresql()
    d = transfer(world, at_counter(world, world.birth, at=vn(2026, 3, 2, 9)), vn(2026, 3, 2, 9, 5))
    journal.fold()
    _decide(world, fresh(d), vn(2026, 3, 3, 9))  # someone else decides first
    assert journal.pending() == 1
    # ``d`` still holds the record of its own last act: the decision is tried on it, its write
    # finds the row changed and writes nothing, and the act decided afresh is refused
    with pytest.raises(ActRefused):
        _decide(world, d, vn(2026, 3, 3, 9, 30))
    assert journal.pending() == 1
    assert compare(from_log(), stored()) == []


@pytest.mark.django_db(transaction=True)
def test_two_acts_of_one_unit_do_not_wait_for_each_other(world):
    """Two officers of the same commune decide two of its March dossiers at once: the second act
    completes while the first is still uncommitted (they once updated the same counter row)."""
    _postgresql()
    first, second = (transfer(world, at_counter(world, world.birth, at=vn(2026, 3, 2, 9 + n)), vn(2026, 3, 2, 9 + n, 5))
                     for n in range(2))
    outcome: list[str] = []

    def other_officer() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                began = time.perf_counter()
                _decide(world, fresh(second), vn(2026, 3, 3, 10))
                outcome.append(f"done in {time.perf_counter() - began:.2f} s")
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    with transaction.atomic():
        _decide(world, fresh(first), vn(2026, 3, 3, 9))  # holds its locks until this block ends
        worker = threading.Thread(target=other_officer)
        worker.start()
        worker.join(timeout=30)
    assert len(outcome) == 1 and outcome[0].startswith("done in"), outcome
    assert compare(from_log(), stored()) == []
    card = scorecard(unit_scope(world.commune_ubnd), MARCH, vn(2026, 3, 31))
    assert card.by_code("2.1").denominator == 2


@pytest.mark.django_db
def test_a_rebuild_drops_the_rows_it_has_counted(world):
    _postgresql()
    from motcua.quality.rebuild import replace_all

    at_counter(world, world.birth, at=vn(2026, 3, 2, 9))
    assert journal.pending() == 1
    replace_all(from_log())
    assert journal.pending() == 0  # else the next read would add the dossier a second time
    assert IndexTally.objects.get(unit=world.commune_ubnd, role="c").received == 1


@pytest.mark.django_db
def test_folding_many_rows_adds_what_each_act_moved(world):
    """Twelve dossiers received and handed off, six of them decided (some late): a reception and
    a decision each leave a row (a hand-off moves no counter); the fold sums the 18 rows by key,
    and the counters are what replaying the log gives."""
    _postgresql()
    start = vn(2026, 3, 2, 9)
    for n in range(12):
        d = transfer(world, at_counter(world, world.birth, at=start + timedelta(hours=n)),
                     start + timedelta(hours=n, minutes=5))
        if n % 2:
            _decide(world, d, start + timedelta(days=n))
    assert journal.pending() == 12 + 6
    assert journal.fold(batch=5) == 18  # four batches, in one transaction
    assert journal.pending() == 0
    assert compare(from_log(), stored()) == []


@pytest.mark.django_db
def test_a_ranking_asks_once_whether_rows_are_pending(world):
    """A ranking reads the counters and the procedure masks of every unit: the journal is folded
    when it begins, and the readers within do not look again."""
    _postgresql()
    from django.test.utils import CaptureQueriesContext

    from motcua.quality.index_queries import unit_cards
    from motcua.units.models import Unit

    at_counter(world, world.birth, at=vn(2026, 3, 2, 9))
    units = list(Unit.objects.filter(pk__in=[world.commune_ubnd.pk, world.branch.pk]))
    with CaptureQueriesContext(connection) as queries:
        cards = dict(unit_cards(units, MARCH, vn(2026, 3, 3)))
    table = IndexJournal._meta.db_table
    assert sum(table in q["sql"] for q in queries.captured_queries) == 2  # the check, and the fold
    assert cards[world.commune_ubnd].by_code("2.1").denominator == 1
    with CaptureQueriesContext(connection) as queries:
        unit_cards(units, MARCH, vn(2026, 3, 3))
    assert sum(table in q["sql"] for q in queries.captured_queries) == 1  # nothing pending: the check alone
