"""Timestamps are read by psycopg's C loader on PostgreSQL (``config.pg_loaders``) and come back
exactly as Django's own loader gives them: the same instant, ``tzinfo`` ``timezone.utc``."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg.pq import Format

from motcua.config import pg_loaders

UTC = datetime.timezone.utc
TIMESTAMPTZ = 1184

pytestmark = pytest.mark.django_db


def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (python -m motcua.testing.suite): SQLite has no loaders")
    connection.ensure_connection()
    return connection.connection


def _read(pg, values: list[str]) -> list:
    with pg.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"%s::timestamptz" for _ in values) + ", NULL::timestamptz",
                       values)
        return list(cursor.fetchone())


def test_every_connection_reads_timestamps_with_the_c_loader():
    pg = _postgresql()
    loader = pg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert loader.__module__ == pg_loaders.__name__
    assert loader.timezone is UTC  # what Django's create_cursor compares: no re-registration
    with connection.cursor() as cursor:  # a cursor Django made keeps it
        assert type(cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)) is type(loader)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.datetimes(min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30),
                             timezones=st.sampled_from([UTC, datetime.timezone(datetime.timedelta(hours=7)),
                                                        datetime.timezone(datetime.timedelta(hours=-9, minutes=-30))])),
                min_size=1, max_size=8))
def test_values_equal_djangos_loader(moments):
    pg = _postgresql()
    texts = [m.isoformat() for m in moments]
    register_tzloader(UTC, pg)
    theirs = _read(pg, texts)
    assert pg_loaders.register(pg, UTC)
    ours = _read(pg, texts)
    assert ours == theirs == [m.astimezone(UTC) for m in moments] + [None]
    assert all(v.tzinfo is UTC for v in ours[:-1])


def test_another_session_time_zone_keeps_djangos_loader():
    pg = _postgresql()
    with pg.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Asia/Ho_Chi_Minh'")
    try:
        register_tzloader(UTC, pg)
        assert not pg_loaders.register(pg, UTC)
        assert pg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT).__module__ != pg_loaders.__name__
    finally:
        with pg.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
        assert pg_loaders.register(pg, UTC)
    assert not pg_loaders.register(pg, datetime.timezone(datetime.timedelta(hours=7)))
