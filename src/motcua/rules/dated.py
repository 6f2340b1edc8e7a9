"""Rules kept as versions keyed by the date they took effect (``effective_from``): which version is
in force on a day. Every dated table in ``rules/`` (time limits, index policies, thresholds,
scoring rules) is read through :func:`in_force`, so the choice is made the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar


class Dated(Protocol):
    effective_from: date


V = TypeVar("V", bound=Dated)


def in_force(versions: Iterable[V], day: date, *, earliest_before: bool = True) -> V | None:
    """The version in force on ``day``: the latest that took effect on or before it (on equal dates,
    the later in ``versions``). For a day before every version: the earliest one, so that old
    records are still judged — or ``None`` with ``earliest_before=False``. ``None`` when empty."""
    versions = tuple(versions)
    chosen = None
    for version in versions:
        if version.effective_from <= day and (chosen is None or version.effective_from >= chosen.effective_from):
            chosen = version
    if chosen is None and earliest_before and versions:
        chosen = min(versions, key=lambda v: v.effective_from)
    return chosen
