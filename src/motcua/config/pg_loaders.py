"""Timestamps read from PostgreSQL by psycopg's C loader.

Django registers its own loader for ``timestamptz`` on every connection: a subclass of psycopg's
pure-Python loader that parses the text and then sets the time zone to the connection's (UTC). It
took ~5 µs a value, where the C loader of the ``psycopg[binary]`` build takes ~0.3 µs; a worklist
page reads some 30 timestamps and a dossier page with its timeline more. On a connection whose
session time zone is UTC, as Django sets it, the C loader gives the same value with the same
``tzinfo`` (``datetime.timezone.utc``), so it is put in place of Django's; on any other session
time zone, or without the C build, Django's loader stays.
"""

from __future__ import annotations

import datetime
import functools

from django.db.backends.signals import connection_created
from psycopg.adapt import Loader

UTC_NAMES = ("UTC", "Etc/UTC")


def install() -> None:
    connection_created.connect(_on_connect, dispatch_uid="motcua.config.pg_loaders")


@functools.cache
def _loader():
    """The loader class put in place (made once a process), or None without psycopg's C build."""
    try:
        from psycopg_binary import _psycopg
    except ImportError:
        try:
            from psycopg_c import _psycopg
        except ImportError:
            return None
    return type("TimestamptzLoader", (_Delegate,), {"make": _psycopg.TimestamptzLoader, "__module__": __name__})


def _on_connect(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        register(connection.connection, connection.timezone)


def register(pg_connection, timezone) -> bool:
    """Put the C loader on ``pg_connection`` if its values would equal Django's, which sets
    ``timezone`` on each value it reads; whether it did."""
    loader = _loader()
    if loader is None or timezone is not datetime.timezone.utc:
        return False
    if pg_connection.info.parameter_status("TimeZone") not in UTC_NAMES:
        return False
    pg_connection.adapters.register_loader("timestamptz", loader)
    return True


class _Delegate(Loader):
    """A Python loader whose ``load`` is the C loader's own bound method (psycopg calls it
    directly), with the ``timezone`` attribute Django's ``create_cursor`` compares."""

    make = None
    timezone = datetime.timezone.utc

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self.load = self.make(oid, context).load

    def load(self, data):  # replaced by the instance's own in __init__
        raise NotImplementedError
