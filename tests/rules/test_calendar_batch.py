"""The vectorised due-time path agrees with the scalar one, second for second."""

from datetime import UTC, date, datetime, time

import numpy as np
import pytest

from motcua.rules.calendar import VN_TZ, WorkingCalendar, default_calendar
from motcua.rules.calendar_batch import due_times_epoch

ODD = WorkingCalendar.vietnam(
    overrides={
        date(2026, 3, 4): ((time(8), time(12)),),
        date(2026, 3, 5): (  # short sessions: several in one hour bucket
            (time(8), time(8, 20)), (time(8, 40), time(9)), (time(10, 5), time(10, 10)),
            (time(10, 15), time(10, 20)), (time(10, 25), time(10, 30)), (time(13), time(17)),
        ),
        date(2026, 3, 8): ((time(9), time(11)),),
    },
    first_year=2025,
    last_year=2028,
)


def epoch(*args) -> int:
    return int(datetime(*args, tzinfo=VN_TZ).timestamp())


def scalar(cal, start: int, seconds: int) -> int:
    return int(cal.add_working_seconds(datetime.fromtimestamp(start, UTC), seconds).timestamp())


def special_starts(cal) -> list[int]:
    """Session starts and ends, and moments just around them, on holidays and weekends too."""
    sessions = cal.epoch_sessions()
    picks = []
    for k in range(0, len(sessions.starts), max(1, len(sessions.starts) // 300)):
        for base in (sessions.starts[k], sessions.ends[k]):
            picks += [base - 1, base, base + 1]
    picks += [epoch(2026, 2, 17, 10), epoch(2026, 2, 14, 9), epoch(2026, 8, 22, 12), epoch(2026, 8, 31, 9),
              epoch(2026, 3, 5, 8, 20), epoch(2026, 3, 5, 8, 30), epoch(2026, 3, 8, 11)]
    picks += [epoch(2026, 3, 5, 10, m, sec) for m in range(0, 35) for sec in (0, 30)]
    return [p for p in picks if sessions.range_start <= p < sessions.range_end - 120 * 86400]


@pytest.mark.parametrize("cal", [default_calendar(), ODD], ids=["national", "odd-days"])
def test_agrees_with_scalar_path(cal):
    if cal is ODD:
        from motcua.rules.calendar_batch import _tables

        assert _tables(cal).by_time_steps >= 2 and _tables(cal).by_work_steps >= 3
    rng = np.random.default_rng(118)
    sessions = cal.epoch_sessions()
    lo, hi = sessions.range_start, sessions.range_end - 120 * 86400
    random_starts = rng.integers(lo, hi, 3000)
    starts = np.concatenate((random_starts, np.array(special_starts(cal), dtype=np.int64)))
    seconds = rng.integers(0, 40 * 8 * 3600, len(starts))
    seconds[::5] = 0
    seconds[1::5] = rng.integers(1, 8, len(seconds[1::5])) * 4 * 3600  # half and whole days
    seconds[2::5] = 1
    due = due_times_epoch(cal, starts, seconds)
    assert due.dtype == np.int64 and due.shape == starts.shape
    expected = np.array([scalar(cal, int(a), int(s)) for a, s in zip(starts, seconds)])
    mismatches = np.nonzero(due != expected)[0]
    assert not len(mismatches), [(int(starts[k]), int(seconds[k]), int(due[k]), int(expected[k]))
                                 for k in mismatches[:5]]


def test_tet_example_and_scalar_seconds():
    cal = default_calendar()
    due = due_times_epoch(cal, np.array([epoch(2026, 2, 13, 16, 30)]), 3 * 8 * 3600)
    assert due.tolist() == [epoch(2026, 2, 25, 16, 30)]
    assert due_times_epoch(cal, np.array([epoch(2026, 3, 2, 13)]), 4 * 3600).tolist() == [epoch(2026, 3, 2, 17)]


def test_out_of_range_and_bad_input():
    cal = default_calendar()
    with pytest.raises(ValueError, match="ngoài phạm vi"):
        due_times_epoch(cal, np.array([epoch(2050, 1, 3, 9)]), 3600)
    with pytest.raises(ValueError, match="vượt quá phạm vi"):
        due_times_epoch(cal, np.array([epoch(2045, 12, 28, 9)]), 10 * 8 * 3600)
    with pytest.raises(ValueError, match="vượt quá phạm vi"):
        due_times_epoch(cal, np.array([epoch(2045, 12, 31, 18)]), 0)
    with pytest.raises(ValueError, match="không được âm"):
        due_times_epoch(cal, np.array([epoch(2026, 3, 2, 9)]), -1)
    with pytest.raises(ValueError, match="số nguyên"):
        due_times_epoch(cal, np.array([epoch(2026, 3, 2, 9)]), 1.5)
