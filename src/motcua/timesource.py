"""The one injectable clock: services read "now" from here, never from ``datetime.now`` directly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from motcua.rules.calendar import VN_TZ

_provider: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _provider()


def today() -> date:
    """Today's date in Vietnam, by this clock."""
    return _provider().astimezone(VN_TZ).date()


def set_provider(provider: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests, demo generation); ``None`` restores the wall clock."""
    global _provider
    _provider = provider or (lambda: datetime.now(UTC))
