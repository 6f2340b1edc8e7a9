"""A test module's fixed clock: ``clock = frozen_clock(NOW)`` makes every test in the module see
``NOW`` through ``motcua.timesource``."""

import pytest

from motcua import timesource


def frozen_clock(moment):
    @pytest.fixture(autouse=True)
    def clock():
        timesource.set_provider(lambda: moment)
        yield
        timesource.set_provider(None)

    return clock
