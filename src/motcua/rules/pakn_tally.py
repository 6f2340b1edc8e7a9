"""What one feedback or petition (phản ánh, kiến nghị — PAKN) adds to the Decision 766
satisfaction indicators 5.2 and 5.3 (one-stop-details.md §3.2):

* 5.2 PETITION_PROCESSING_ON_TIME = PAKN handled on time ÷ all PAKN (6 points if none);
* 5.3 PETITION_HANDLING_SATISFACTION = (all − those rated unsatisfied, with more dislikes than
  likes, raised again, or late) ÷ all (6 points if none).

A PAKN counts in the month it was received (as a dossier does: the denominator of a month does
not move once it is over), for the unit that handles it. A duplicate or a repeat filing of a
matter already registered is linked to it and not counted again; a repeat filed after the
answer makes the first one "raised again". A PAKN the filer withdrew is not counted. One that is
still open is judged when the index is read: late once its answer's due time has passed
(``open_due``; the clock is stopped, and nothing is late, while the handler waits for
information the filer was asked for). A PAKN refused (not within the unit's remit) is handled on
time if it was refused by its answer's due time.

No Django, no clock reads: plain values in, counters out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from motcua.rules.index766 import month_of

#: Counters kept per unit and month: PAKN counted, of which ended late, of which "bad" for 5.3
#: (late, rated unsatisfied, more dislikes than likes, raised again).
PAKN_COUNTERS = ("pakn", "pakn_late", "pakn_bad")

UNSATISFIED = 1  # complaints.CaseRating.Level.UNSATISFIED


@dataclass(frozen=True)
class PaknFacts:
    kind: str
    received_at: datetime | None
    due_at: datetime | None  # the answer's due time (None while the clock is stopped)
    ended_at: datetime | None  # answered or refused; None while open
    withdrawn: bool = False
    linked: bool = False  # a duplicate or repeat of a matter already counted
    rating_level: int | None = None
    likes: int = 0
    dislikes: int = 0
    raised_again: bool = False


@dataclass(frozen=True)
class PaknTally:
    """One PAKN's share: counters that are 1, and, while it is open, its due time and whether it
    is already "bad" for another reason (so that lateness is not counted twice)."""

    month: date
    counters: frozenset[str]
    open_due: datetime | None = None
    open_bad: bool = False


def disliked(f: PaknFacts) -> bool:
    """Rated unsatisfied, or the answer drew more dislikes than likes."""
    return (f.rating_level is not None and f.rating_level <= UNSATISFIED) or f.dislikes > f.likes


def pakn_tally(f: PaknFacts) -> PaknTally | None:
    """``None``: not counted (not a PAKN, a linked repeat, withdrawn, not received)."""
    if f.kind != "pakn" or f.linked or f.withdrawn or f.received_at is None:
        return None
    on = {"pakn"}
    other_bad = disliked(f) or f.raised_again
    if f.ended_at is None:
        if other_bad:
            on.add("pakn_bad")
        return PaknTally(month_of(f.received_at), frozenset(on), f.due_at, other_bad)
    late = f.due_at is not None and f.ended_at > f.due_at
    if late:
        on.add("pakn_late")
    if late or other_bad:
        on.add("pakn_bad")
    return PaknTally(month_of(f.received_at), frozenset(on))


def settle_pakn(counters: dict[str, int], late_open: int, late_open_not_bad: int) -> dict[str, int]:
    """The figures 5.2 and 5.3 read, at a moment when ``late_open`` of the open PAKN are past
    their due time (``late_open_not_bad`` of them not already bad for another reason)."""
    pakn = int(counters.get("pakn", 0))
    late = int(counters.get("pakn_late", 0)) + late_open
    return {"pakn": pakn, "pakn_on_time": max(0, pakn - late),
            "pakn_bad": min(pakn, int(counters.get("pakn_bad", 0)) + late_open_not_bad)}
