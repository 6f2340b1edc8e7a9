"""Shared test set-up. Tests under tests/rules never touch the database: they are marked
``nodb`` and run once; every other test runs on SQLite and again on PostgreSQL (see
``motcua.testing.suite``), except those marked ``one_backend(name)``: slow tests whose subject
does not depend on the database (a PDF read back by OCR runs on the SQLite pass) or that matter
most on production's (the API fuzzed by schemathesis runs on the PostgreSQL pass). A run outside
the suite counts as the SQLite pass."""

import os
from pathlib import Path

import pytest

RULES_DIR = Path(__file__).parent / "rules"


def pytest_configure(config):
    config.addinivalue_line("markers", "one_backend(name): run on the pass of that database only")


def pytest_collection_modifyitems(config, items):
    backend = os.environ.get("MOTCUA_TEST_BACKEND") or "sqlite"
    for item in items:
        if RULES_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.nodb)
        only = item.get_closest_marker("one_backend")
        if only is not None and only.args[0] != backend:
            item.add_marker(pytest.mark.skip(reason=f"runs on the {only.args[0]} pass only"))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the menu's notice badge is cached per user id, and ids
    repeat between tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
