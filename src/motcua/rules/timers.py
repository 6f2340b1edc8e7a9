"""Every statutory time limit of the one-stop mechanism, keyed by the date it took effect.

A dossier is judged by the limits in force on the day it was filed (``timers_at``). Working-day
limits are in working hours (1 working day = 8 h, see ``rules.calendar``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from motcua.rules.dated import in_force


@dataclass(frozen=True)
class Timers:
    effective_from: date
    basis: str
    #: Art. 17.2.b: the system alerts staff within 2 (clock) hours of an online filing.
    staff_alert_hours: float = 2
    #: Art. 17.2.c: accept or send one consolidated correction request within 8 working hours.
    online_acceptance_hours: float = 8
    #: Art. 18.2: counter paper goes the same day, the next morning if received at or after 15:00.
    transfer_cutoff: time = time(15, 0)
    #: Art. 20.1.a: cross-level paper transfer within 1 working day.
    cross_level_transfer_hours: float = 8
    #: Art. 19.5: return for supplement after appraisal within 3 working days of reception.
    appraisal_return_hours: float = 24
    #: Art. 19.5: the one-stop unit closes a dossier not supplemented 15 days after the notice.
    supplement_expiry_days: int = 15
    #: Art. 19.5: "restart" = the clock starts from zero on resubmission; "pause" = it resumes.
    supplement_clock: str = "restart"
    #: Art. 19.6: the apology and extension come at least 1 day before the due time...
    extension_notice_hours: float = 8
    #: ... and the date may be moved only once.
    max_extensions: int = 1
    #: Art. 11.2.c, 16: staff ask for changes or additions to a dossier at intake only once.
    max_intake_supplements: int = 1
    #: Art. 19.5: one consolidated return for supplement after appraisal.
    max_appraisal_returns: int = 1
    #: Art. 23.1: a wrong result is corrected and returned within 3 working days.
    correction_hours: float = 24
    #: Same-day procedures received at or after this time are due the next working day.
    same_day_cutoff: time = time(15, 0)


TIMERS: tuple[Timers, ...] = (
    # Decree 61/2018/NĐ-CP (amended by 107/2021), kept for dossiers filed before 1 Jul 2025.
    Timers(effective_from=date(2018, 6, 21), basis="Nghị định 61/2018/NĐ-CP", max_appraisal_returns=1),
    # Decree 118/2025/NĐ-CP, in force from 1 Jul 2025.
    Timers(effective_from=date(2025, 7, 1), basis="Nghị định 118/2025/NĐ-CP"),
)


def timers_at(day: date) -> Timers:
    """The limits in force on ``day`` (the latest set that took effect on or before it)."""
    return in_force(TIMERS, day)


CURRENT = TIMERS[-1]
