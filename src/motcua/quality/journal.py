"""PostgreSQL: an act's share of the Decision 766 counters goes into one short journal row,
written in the act's own statement (``dossiers.persistence``); ``fold`` adds the pending rows to
the counters before anything reads them.

Why not add to the counters in the act itself (as SQLite still does, and as this did on
PostgreSQL before)? An act moves up to five counter rows in three tables. Each was an upsert in
the act's statement, and every act of a unit in a month updated the same row, so two officers of
one department acting at once waited for each other's commit. One appended row locks nothing
another act writes, and cost less than half as much per act, the fold included
(``bench/quality.py``'s incremental figures). Additions commute, so a fold sums the pending rows
by key and writes each key once.

Every reader of the counters calls ``fold`` first (``quality.index_queries``,
``quality.dashboard_index``, ``quality.procedure_use``, ``quality.rebuild``), and ``motcua
daily`` folds too, so the journal stays short even where no one looks at a dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache, lru_cache, wraps

from django.db import connection, transaction

from motcua.quality.tallies import Change, Deltas, write
from motcua.rules.index766 import Tally

#: the transaction-scoped advisory lock that lets one fold run at a time (its key: "766")
FOLD_LOCK = 766_766
#: set within ``reading``: the journal was folded when the read began
_FOLDED: ContextVar[bool] = ContextVar("motcua_766_folded", default=False)


@cache
def _table() -> str:
    from motcua.quality.models import IndexJournal

    return connection.ops.quote_name(IndexJournal._meta.db_table)


def _tally_text(tally: Tally | None) -> str:
    if tally is None:
        return ""
    due = "" if tally.open_due is None else tally.open_due.isoformat()
    return f"{tally.month.isoformat()}|{','.join(tally.counters)}|{due}|{','.join(tally.procedure_counters)}"


@lru_cache(maxsize=4096)  # an act's tally before is the one its dossier's last act wrote after
def _tally(text: str) -> Tally | None:
    if not text:
        return None
    month, counters, due, procedure = text.split("|")
    return Tally(date.fromisoformat(month), frozenset(counters.split(",")) if counters else frozenset(),
                 datetime.fromisoformat(due) if due else None,
                 frozenset(procedure.split(",")) if procedure else frozenset())


def encode(change: Change) -> str:
    """``change`` as one short line of text: the keys, then the tally before and after (month,
    counters by name, open deadline, procedure counters). Names, not positions: a row written
    before an upgrade that adds a counter still reads the same."""
    return (f"{change.competent} {change.receiving} {change.procedure}"
            f"\n{_tally_text(change.before)}\n{_tally_text(change.after)}")


def decode(text: str) -> Change:
    keys, before, after = text.split("\n")
    competent, receiving, procedure = map(int, keys.split())
    return Change(_tally(before), _tally(after), competent, receiving, procedure)


@cache
def _rider_sql(gate: str) -> str:
    qn = connection.ops.quote_name
    return f"INSERT INTO {_table()} (dossier_id, body) SELECT {gate}.{qn('id')}, %s FROM {gate}"


def rider(change: Change, gate: str) -> tuple[str, list]:
    """The journal row of ``change`` as the body of a CTE of the act's statement that reads the
    CTE ``gate`` (the act's written dossier, ``RETURNING id``): written only if the act's write
    is. Its parameters."""
    return _rider_sql(gate), [encode(change)]


def record(change: Change, dossier_id: int | None = None) -> None:
    """Outside an act's statement: the journal row on PostgreSQL, the counters themselves on
    SQLite (one writer at a time: nothing to wait for)."""
    if connection.vendor != "postgresql":
        write(change.deltas())
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_table()} (dossier_id, body) VALUES (%s, %s)", [dossier_id, encode(change)])


def fold(batch: int = 5000) -> int:
    """Add the pending journal rows to the counters and remove them, in one transaction; the
    number of rows folded. One fold runs at a time; a fold that waited finds the rows committed
    meanwhile. Rows are taken ``batch`` at a time (a long journal, after a bulk load through the
    services, is not held in memory at once). Nothing to do on SQLite, nor within ``reading``
    (done as it began)."""
    if connection.vendor != "postgresql" or _FOLDED.get():
        return 0
    table = _table()
    folded = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
        if not cursor.fetchone()[0]:
            return 0
        with transaction.atomic():
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FOLD_LOCK])
            while True:
                # DELETE … RETURNING: exactly the rows this fold removes are added, none twice
                cursor.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT %s) "
                               "RETURNING body", [batch])
                rows = cursor.fetchall()
                deltas = Deltas()
                for (text,) in rows:
                    deltas.change(*decode(text))
                write(deltas)
                folded += len(rows)
                if len(rows) < batch:
                    return folded


@contextmanager
def reading() -> Iterator[None]:
    """Around a read of many counters (a score card, a ranking, a dashboard page): the journal
    folded once as it begins, and the readers within do not look again (a page read the
    counters some ten times, each asking first whether rows were pending)."""
    if _FOLDED.get():
        yield
        return
    fold()
    token = _FOLDED.set(True)
    try:
        yield
    finally:
        _FOLDED.reset(token)


def read_once(fn: Callable) -> Callable:
    """``fn`` runs within ``reading``."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        with reading():
            return fn(*args, **kwargs)
    return wrapper


def pending() -> int:
    """How many journal rows wait to be folded."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {_table()}")
        return cursor.fetchone()[0]


def clear() -> None:
    """Drop the pending rows (a rebuild replaces every counter they would have moved)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()}")

