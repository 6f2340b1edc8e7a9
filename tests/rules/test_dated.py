"""Which version of a dated rule is in force on a day: the one choice every rules table makes."""

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from motcua.rules.dated import in_force


@dataclass(frozen=True)
class V:
    effective_from: date
    name: str = ""


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@given(st.lists(days, min_size=1, max_size=6), days)
def test_the_version_in_force_is_the_latest_that_took_effect(starts, day):
    versions = [V(d, str(i)) for i, d in enumerate(starts)]
    chosen = in_force(versions, day)
    started = [v for v in versions if v.effective_from <= day]
    if started:
        assert chosen.effective_from == max(v.effective_from for v in started)
        # on equal dates the later in the list wins (a correction published the same day)
        assert chosen == [v for v in started if v.effective_from == chosen.effective_from][-1]
    else:
        assert chosen.effective_from == min(starts)
        assert in_force(versions, day, earliest_before=False) is None


def test_a_new_version_applies_from_its_first_day():
    old, new = V(date(2025, 7, 1), "old"), V(date(2026, 1, 1), "new")
    assert in_force([new, old], date(2025, 12, 31)) is old
    assert in_force([old, new], date(2026, 1, 1)) is new
    assert in_force([old, new], date(2026, 1, 1) - timedelta(days=400)) is old
    assert in_force([], date(2026, 1, 1)) is None
