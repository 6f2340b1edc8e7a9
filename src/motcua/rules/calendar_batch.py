"""Due times (thời hạn giải quyết, hẹn trả) for many dossiers at once, with NumPy.

:func:`due_times_epoch` computes, for integer seconds, exactly what
:meth:`WorkingCalendar.add_working_seconds` computes, over the same precomputed sessions.

The two searches (the session holding a start; the session where the working-time target
falls) are ``np.searchsorted`` answers precomputed on a grid of one-hour buckets, then
corrected by a step or two: exact, and several times faster than searching per element.
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

import numpy as np

from motcua.rules.calendar import WorkingCalendar

BUCKET = 3600  # seconds of clock time (start axis) and of working time (target axis)


class _Tables(NamedTuple):
    starts: np.ndarray  # session starts, plus a sentinel (range end)
    ends: np.ndarray  # session ends, plus a sentinel (range start)
    cum: np.ndarray  # working seconds before each session, plus a sentinel
    cum_end: np.ndarray  # working seconds up to each session's end, plus a sentinel (max int)
    by_time: np.ndarray  # bucket -> last session starting at or before the bucket start
    by_time_steps: int
    by_work: np.ndarray  # bucket -> first session whose cum_end reaches the bucket start
    by_work_steps: int
    count: int
    lo: int
    hi: int


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _steps(sorted_values: np.ndarray, edges: np.ndarray) -> int:
    """Most values strictly inside one bucket (the corrections a lookup may need)."""
    first = np.searchsorted(sorted_values, edges[:-1], side="right")
    last = np.searchsorted(sorted_values, edges[1:], side="left")
    return int(np.max(last - first, initial=0))


def _tables(calendar: WorkingCalendar) -> _Tables:
    cached = _TABLES.get(calendar)
    if cached is not None:
        return cached
    sessions = calendar.epoch_sessions()
    lo, hi = sessions.range_start, sessions.range_end
    starts = np.asarray(sessions.starts, dtype=np.int64)
    ends = np.asarray(sessions.ends, dtype=np.int64)
    cum = np.asarray(sessions.cum_before, dtype=np.int64)
    cum_end = cum + (ends - starts)
    total = int(cum_end[-1]) if len(cum_end) else 0

    time_edges = lo + BUCKET * np.arange((hi - lo) // BUCKET + 2, dtype=np.int64)
    by_time = np.searchsorted(starts, time_edges[:-1], side="right") - 1
    work_edges = BUCKET * np.arange(total // BUCKET + 2, dtype=np.int64)
    by_work = np.searchsorted(cum_end, work_edges[:-1], side="left")

    tables = _Tables(
        starts=np.concatenate((starts, [hi])),
        ends=np.concatenate((ends, [lo])),
        cum=np.concatenate((cum, [total])),
        cum_end=np.concatenate((cum_end, [np.iinfo(np.int64).max])),
        by_time=by_time.astype(np.int64),
        by_time_steps=_steps(starts, time_edges),
        by_work=by_work.astype(np.int64),
        by_work_steps=_steps(cum_end, work_edges) + 1,
        count=len(starts), lo=lo, hi=hi,  # cum[-1] (the sentinel) is the total working time
    )
    for array in tables[:4] + (tables.by_time, tables.by_work):
        array.flags.writeable = False
    _TABLES[calendar] = tables
    return tables


def due_times_epoch(calendar: WorkingCalendar, starts_epoch, seconds) -> np.ndarray:
    """Epoch seconds at which ``seconds`` of working time have elapsed since each start.

    ``starts_epoch``: int64 UTC epoch seconds; ``seconds``: non-negative integers, one per
    start or a single number. Raises ``ValueError`` if any start or result is outside the
    calendar's years."""
    t = np.asarray(starts_epoch)
    amounts = np.asarray(seconds)
    if t.dtype.kind not in "iu" or amounts.dtype.kind not in "iu":
        raise ValueError("Thời điểm bắt đầu và thời lượng phải là số nguyên giây.")
    t = t.astype(np.int64, copy=False)
    amounts = amounts.astype(np.int64, copy=False)
    if amounts.size and amounts.min() < 0:
        raise ValueError("Thời lượng không được âm.")
    tb = _tables(calendar)
    if t.size and (t.min() < tb.lo or t.max() >= tb.hi):
        raise ValueError("Có thời điểm bắt đầu nằm ngoài phạm vi lịch làm việc.")

    # i: the last session starting at or before t (-1 if none).
    i = tb.by_time[(t - tb.lo) // BUCKET]
    for _ in range(tb.by_time_steps):
        i = i + (tb.starts[i + 1] <= t)
    before_first = i < 0
    # Working seconds elapsed before t (index -1 gathers a sentinel; masked out).
    worked = np.where(before_first, 0, tb.cum[i] + np.minimum(t, tb.ends[i]) - tb.starts[i])
    target = worked + amounts

    # j: the first session whose cumulative end reaches the target (the target lies in it,
    # end included). Targets beyond the calendar map to the sentinel index ``count``.
    bucket = np.minimum(target // BUCKET, len(tb.by_work) - 1)
    j = tb.by_work[bucket]
    for _ in range(tb.by_work_steps):
        j = j + (tb.cum_end[j] < target)
    due = tb.starts[j] + target - tb.cum[j]

    # Zero seconds: t itself inside a session (ends included), else the next session start.
    zero = amounts == 0
    if zero.any():
        inside = ~before_first & (t <= tb.ends[i])
        due = np.where(zero, np.where(inside, t, tb.starts[i + 1]), due)
        j = np.where(zero, np.where(inside, 0, i + 1), j)
    if due.size and (j.max() >= tb.count or target.max() > tb.cum[-1]):
        raise ValueError("Có thời hạn vượt quá phạm vi lịch làm việc.")
    return due
