"""Sample size and stratified allocation for satisfaction surveys (governance.md §1.5).

- ``sample_size``: n = ⌈N / (1 + N·e²)⌉ (Yamane/Slovin; 2013 SIPAS guidance, e = 5 %).
- ``allocate``: n shared among strata (the units surveyed) in proportion to their N_h, rounded
  by largest remainder, each stratum getting at least min(1, N_h) and at most N_h.

Pure: no Django, no I/O. Exact arithmetic (``Fraction``), so the same input always gives the same
allocation on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_MARGIN = 0.05


def sample_size(population: int, margin: float = DEFAULT_MARGIN) -> int:
    """n = ⌈N / (1 + N·e²)⌉; never more than N; 0 for an empty population."""
    if population < 0 or not 0 < margin < 1:
        raise ValueError("N must be ≥ 0 and 0 < e < 1")
    if population == 0:
        return 0
    e2 = Fraction(str(margin)) ** 2  # 0.05 read as 5/100, not as its binary approximation
    return min(population, math.ceil(Fraction(population) / (1 + population * e2)))


def allocate(n: int, strata: Mapping[K, int]) -> dict[K, int]:
    """Proportional allocation of ``n`` over ``strata`` (key → N_h) with bounds.

    Each non-empty stratum gets at least one and at most N_h; an empty one gets none. The total
    is ``n`` clipped to what the bounds allow: never more than ΣN_h and, when ``n`` is smaller
    than the number of non-empty strata, one each (every unit surveyed is represented).
    Strata pinned at a bound drop out and the rest is shared again in proportion; the shares are
    then rounded by largest remainder (ties: larger N_h first, then the order given).
    """
    if n < 0 or any(size < 0 for size in strata.values()):
        raise ValueError("n and every N_h must be ≥ 0")
    order = list(strata)
    position = {k: i for i, k in enumerate(order)}
    low = {k: min(1, strata[k]) for k in order}
    high = dict(strata)
    target = min(sum(high.values()), max(n, sum(low.values())))
    fixed: dict[K, int] = {}
    while True:
        free = [k for k in order if k not in fixed and strata[k] > 0]
        rest, weight = target - sum(fixed.values()), sum(strata[k] for k in free)
        quota = {k: Fraction(rest * strata[k], weight) for k in free} if weight else {}
        under = [k for k in free if quota[k] < low[k]]
        over = [k for k in free if quota[k] > high[k]]
        if not under and not over:
            break
        for k in under or over:
            fixed[k] = low[k] if under else high[k]
    out = {k: fixed.get(k, 0) for k in order}
    floors = {k: math.floor(q) for k, q in quota.items()}
    out.update(floors)
    left = target - sum(out.values())
    by_remainder = sorted(quota, key=lambda k: (-(quota[k] - floors[k]), -strata[k], position[k]))
    for k in by_remainder[:left]:
        out[k] += 1
    return out
