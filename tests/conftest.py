"""Shared test set-up. Tests under tests/rules never touch the database: they are marked
``nodb`` and run once; every other test runs on SQLite and again on PostgreSQL (see
``motcua.testing.suite``)."""

from pathlib import Path

import pytest

RULES_DIR = Path(__file__).parent / "rules"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if RULES_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.nodb)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the menu's notice badge is cached per user id, and ids
    repeat between tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
