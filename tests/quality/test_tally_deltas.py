"""What an act moves in the Decision 766 counters: ``Deltas.change`` from a dossier's tally
before the act to its tally after. Within one month it moves only what differs; the sums must be
those of taking the old tally away and adding the new one, whatever the two tallies are."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.quality.tallies import Deltas
from motcua.rules.index766 import COUNTERS, PROCEDURE_COUNTERS, Tally
from motcua.rules.calendar import VN_TZ

pytestmark = pytest.mark.nodb

MONTHS = st.sampled_from([date(2026, 3, 1), date(2026, 4, 1)])
DUES = st.none() | st.sampled_from([datetime(2026, 3, 20, 17, tzinfo=VN_TZ), datetime(2026, 4, 2, 17, tzinfo=VN_TZ)])
TALLIES = st.none() | st.builds(Tally, MONTHS, st.frozensets(st.sampled_from(COUNTERS)), DUES,
                                st.frozensets(st.sampled_from(PROCEDURE_COUNTERS)))


def _sums(deltas: Deltas) -> tuple[dict, dict, dict]:
    """The non-zero sums, as the writes see them."""
    def keep(table):
        return {key: {n: v for n, v in counts.items() if v} for key, counts in table.items()
                if any(counts.values())}
    return keep(deltas.tallies), {k: n for k, n in deltas.open_due.items() if n}, keep(deltas.procedures)


@given(TALLIES, TALLIES, st.booleans())
def test_a_change_moves_what_taking_the_old_tally_away_and_adding_the_new_one_moves(before, after, same_unit):
    competent, receiving, procedure = 7, 7 if same_unit else 9, 3
    changed = Deltas()
    changed.change(before, after, competent, receiving, procedure)
    expected = Deltas()
    expected.add(before, -1, competent, receiving, procedure)
    expected.add(after, 1, competent, receiving, procedure)
    assert _sums(changed) == _sums(expected)
