"""Saving an act: the event rows (hash-chained), the dossier row as a cache of the record, and
the task rows of a joint dossier. Called by ``services`` inside their transaction.

This is the hot path of every dossier act, so its three statements (lock-and-read the dossier,
update it, append the event) are compiled once per database vendor instead of by the ORM on
every call; values still pass through each model field's own ``get_db_prep_save``, so SQLite
and PostgreSQL store exactly what the ORM would.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache, lru_cache

import orjson

from django.db import DEFAULT_DB_ALIAS, connection, connections

from motcua.dossiers.chain import GENESIS, row_hash
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierTask
from motcua.quality.journal import record as record_index
from motcua.quality.journal import rider
from motcua.rules.dossier import DossierRecord, Event, from_json, to_json

CACHED_FIELDS = ("state", "code", "holder_unit", "holder_officer", "acceptance_due_at", "received_at", "due_at",
                 "reference_due_at", "ended_at", "returned_at", "supplement_expires_at", "outcome", "result_code",
                 "extensions", "supplement_requests", "snapshot", "event_count", "last_hash")
CACHED_ATTRS = tuple(f"{n}_id" if n in ("holder_unit", "holder_officer") else n for n in CACHED_FIELDS)
_ALWAYS = frozenset({"snapshot", "event_count", "last_hash"})
EVENT_FIELDS = ("dossier", "seq", "act", "at", "actor", "role", "from_unit", "to_unit", "due_before", "due_after",
                "reason", "data", "prev_hash", "hash")


def _user_pk(actor: str | None) -> int | None:
    return int(actor[1:]) if actor and actor.startswith("u") else None


_PLAIN = frozenset({"CharField", "TextField", "PositiveIntegerField", "PositiveSmallIntegerField", "IntegerField",
                    "BigIntegerField", "BooleanField", "ForeignKey", "EmailField"})


def _sqlite_datetime(value: datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime: naive UTC text."""
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _adapter(field, conn):
    """How a value of ``field`` goes to the database: as is for plain columns; datetimes and
    JSON in the backend's own form (the same as the ORM's ``get_db_prep_save``)."""
    kind = field.get_internal_type()
    if kind in _PLAIN:
        return None
    if kind == "DateTimeField":
        return _sqlite_datetime if conn.vendor == "sqlite" else None
    if kind == "JSONField":  # what the backend's adapt_json_value does, with a faster encoder
        if conn.vendor == "sqlite":
            return lambda value: orjson.dumps(value).decode()
        from psycopg.types.json import Jsonb

        return lambda value: Jsonb(value, dumps=_dumps_text)
    return lambda value: field.get_db_prep_save(value, conn)


def _cast(field, conn, mark: str) -> str:
    kind = field.target_field.rel_db_type(conn) if field.is_relation else field.db_type(conn)
    return f"CAST({mark} AS {kind})"


def _dumps_text(value) -> str:
    return orjson.dumps(value).decode()


def _prepared(adapters, values):
    return [v if adapt is None or v is None else adapt(v) for adapt, v in zip(adapters, values, strict=True)]


@cache
def _statements(alias: str) -> dict:
    """The hot-path SQL for one connection, in the DB-API driver's own parameter style."""
    conn = connections[alias]
    qn = conn.ops.quote_name
    mark = "?" if conn.vendor == "sqlite" else "%s"
    marks = lambda n: ", ".join([mark] * n)  # noqa: E731
    d_meta, e_meta = Dossier._meta, DossierEvent._meta
    d_fields = [d_meta.get_field(n) for n in CACHED_FIELDS]
    e_fields = [e_meta.get_field(n) for n in EVENT_FIELDS]
    all_fields = [f for f in d_meta.concrete_fields if not f.primary_key]
    lock = " FOR UPDATE" if conn.vendor == "postgresql" else ""
    insert_event = (f"INSERT INTO {qn(e_meta.db_table)} (" + ", ".join(qn(f.column) for f in e_fields)
                    + f") VALUES ({marks(len(e_fields))})")
    return {
        "mark": mark,
        "table": qn(d_meta.db_table),
        "id": qn("id"),
        "quoted": {f.attname: qn(f.column) for f in d_fields},
        "head": f"SELECT {qn('event_count')}, {qn('last_hash')} FROM {qn(d_meta.db_table)} "
                f"WHERE {qn('id')} = {mark}{lock}",
        "snapshot": f"SELECT {qn('snapshot')} FROM {qn(d_meta.db_table)} WHERE {qn('id')} = {mark}",
        "insert_event": insert_event,
        "insert_dossier": (f"INSERT INTO {qn(d_meta.db_table)} (" + ", ".join(qn(f.column) for f in all_fields)
                           + f") VALUES ({marks(len(all_fields))}) RETURNING {qn('id')}"),
        "d_adapt": {f.attname: _adapter(f, conn) for f in d_fields},
        "updates": {},
        "all_attrs": [f.attname for f in all_fields],
        "all_adapt": [_adapter(f, conn) for f in all_fields],
        "e_adapt": [_adapter(f, conn) for f in e_fields],
        "e_columns": ", ".join(qn(f.column) for f in e_fields),
        "quoted_event_dossier": qn(e_fields[0].column),
        "e_table": qn(e_meta.db_table),
        "e_select": ", ".join(_cast(f, conn, mark) for f in e_fields),
        "e_select_rest": ", ".join(_cast(f, conn, mark) for f in e_fields[1:]),
    }


def _update_sql(sql: dict, attrs: tuple[str, ...], with_event: bool, guarded: bool) -> str:
    """UPDATE of just these columns. SQLite maintains an index whenever one of its columns is in
    the SET list, changed or not, so unchanged columns are left out. ``guarded`` adds
    ``AND event_count = ?`` (the optimistic write); ``with_event`` (PostgreSQL) adds the new log
    row in the same round trip, written only if the update matched."""
    def build() -> str:
        mark = sql["mark"]
        found = (f"UPDATE {sql['table']} SET " + ", ".join(f"{sql['quoted'][a]} = {mark}" for a in attrs)
                 + f" WHERE {sql['id']} = {mark}" + (f" AND {sql['quoted']['event_count']} = {mark}" if guarded else ""))
        if with_event:
            found = (f"WITH changed AS ({found} RETURNING {sql['id']}) INSERT INTO {sql['e_table']} "
                     f"({sql['e_columns']}) SELECT {sql['e_select']} FROM changed")
        return found

    return _cached(sql, (attrs, with_event, guarded), build)


def _cached(sql: dict, key, build) -> str:
    """A statement built once per shape and connection."""
    found = sql["updates"].get(key)
    if found is None:
        found = sql["updates"][key] = build()
    return found


def _insert_dossier_with_events_sql(sql: dict, n: int) -> str:
    """PostgreSQL: the new dossier and its first log rows in one statement (one round trip)."""
    rows = " UNION ALL ".join([f"SELECT d.{sql['id']}, {sql['e_select_rest']} FROM d"] * n)
    return _cached(sql, ("dossier_with_events", n), lambda: (
        f"WITH d AS ({sql['insert_dossier']}) INSERT INTO {sql['e_table']} ({sql['e_columns']}) "
        f"{rows} RETURNING {sql['quoted_event_dossier']}"))


def _with_riders(statement: str, index, gate: str) -> tuple[str, list]:
    """``statement`` (``WITH <gate> AS (…) INSERT …``) with the journal row of ``index`` (the
    Decision 766 counters it moves, ``quality.journal``) as a further CTE that reads ``gate``, and
    its parameters (they come after the gate's)."""
    if index is None:
        return statement, []
    body, params = rider(index, gate)
    return _with_cte(statement, body), params


@lru_cache(maxsize=256)
def _with_cte(statement: str, body: str) -> str:
    head, rest = statement.split(") INSERT INTO ", 1)
    return f"{head}), journal AS ({body}) INSERT INTO {rest}"


def _insert_events_sql(sql: dict, n: int) -> str:
    head, values = sql["insert_event"].split(" VALUES ")
    return _cached(sql, ("insert_events", n), lambda: f"{head} VALUES " + ", ".join([values] * n))


def _raw_cursor(conn):
    """The DB-API cursor under Django's wrapper (same connection, same transaction). On
    PostgreSQL a server-binding cursor that takes native ``$n`` placeholders: an act's statement
    with its counter riders is longer than psycopg caches its ``%s`` parsing for (4096
    characters, 50 parameters), so it was parsed again on every act (about 0.5 ms); it is
    prepared after the connection's ``prepare_threshold`` runs like any other (``config.settings``)."""
    conn.ensure_connection()
    if conn.vendor == "postgresql":
        return _prepared_cursor_class()(conn.connection)
    return conn.connection.cursor()


@cache
def _prepared_cursor_class():
    import psycopg

    class PreparedCursor(psycopg.RawCursor):
        """Takes the ``%s`` statements of this module, numbered once per statement text."""

        def execute(self, query, params=None, **kwargs):
            return super().execute(_numbered(query), params, **kwargs)

        def executemany(self, query, params_seq, **kwargs):
            return super().executemany(_numbered(query), params_seq, **kwargs)

    return PreparedCursor


@lru_cache(maxsize=1024)
def _numbered(statement: str) -> str:
    """``%s`` placeholders as PostgreSQL's ``$1, $2, …`` (the statements here hold no other
    ``%``)."""
    parts = statement.split("%s")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]


def load_record(dossier: Dossier) -> DossierRecord:
    """The dossier's current record, with its row locked for this transaction.

    The chain head (act count and last hash) is read under the lock; when it matches the record
    this instance kept from its previous act, that record is reused instead of parsing the JSON
    snapshot again."""
    conn = connections[DEFAULT_DB_ALIAS]
    sql = _statements(DEFAULT_DB_ALIAS)
    cursor = _raw_cursor(conn)
    try:
        cursor.execute(sql["head"], (dossier.pk,))
        head = cursor.fetchone()
        if head is None:
            raise Dossier.DoesNotExist(dossier.pk)
        kept = getattr(dossier, "_kept_record", None)
        if kept is not None and head == (dossier.event_count, dossier.last_hash):
            return copy_of(kept)
        cursor.execute(sql["snapshot"], (dossier.pk,))
        snapshot = cursor.fetchone()[0]
    finally:
        cursor.close()
    dossier.event_count, dossier.last_hash = head
    return from_json(orjson.loads(snapshot) if isinstance(snapshot, str) else snapshot)


def _shallow(obj):
    twin = object.__new__(type(obj))
    twin.__dict__.update(obj.__dict__)
    return twin


def copy_of(record: DossierRecord) -> DossierRecord:
    """An independent copy (``apply`` mutates the record and its tasks; every other field holds
    immutable values)."""
    twin = _shallow(record)
    twin.tasks = [_shallow(t) for t in record.tasks]
    return twin


def cached_values(record: DossierRecord) -> dict:
    """The record's queryable facts, as the dossier row's columns hold them."""
    return {
        "state": record.state.value, "code": record.code, "holder_unit_id": record.holder_unit,
        "holder_officer_id": _user_pk(record.holder_officer), "acceptance_due_at": record.acceptance_due_at,
        "received_at": record.received_at, "due_at": record.due_at, "reference_due_at": record.reference_due_at,
        "ended_at": record.ended_at, "returned_at": record.returned_at,
        "supplement_expires_at": record.supplement_expires_at, "outcome": record.outcome or "",
        "result_code": record.result_code or "", "extensions": record.extensions,
        "supplement_requests": record.supplement_requests,
    }


def copy_record(dossier: Dossier, record: DossierRecord) -> None:
    """Write the record's queryable facts onto the dossier instance."""
    for attr, value in cached_values(record).items():
        setattr(dossier, attr, value)
    dossier.snapshot = to_json(record)


def _chain(dossier: Dossier, events: list[Event]) -> list[tuple]:
    """Chain ``events`` after the dossier's last row, advance its head, and return the rows."""
    prev, seq, rows = dossier.last_hash or GENESIS, dossier.event_count, []
    for ev in events:
        seq += 1
        digest = row_hash(prev, seq=seq, act=ev.act.value, at=ev.at, actor=ev.actor, role=ev.role.value,
                          from_unit=ev.from_unit, to_unit=ev.to_unit, due_before=ev.due_before,
                          due_after=ev.due_after, reason=ev.reason, data=ev.data)
        rows.append((dossier.pk, seq, ev.act.value, ev.at, ev.actor, ev.role.value, ev.from_unit, ev.to_unit,
                     ev.due_before, ev.due_after, ev.reason, ev.data, prev, digest))
        prev = digest
    dossier.event_count, dossier.last_hash = seq, prev
    return rows


def save_act(dossier: Dossier, record: DossierRecord, events: list[Event], before_tasks: list | None = None,
             before: dict | None = None, expect: int | None = None, index=None) -> bool:
    """Persist one act (the caller holds the transaction). A new dossier is inserted with it.

    ``before`` is ``cached_values`` of the record the act was decided on: only the columns that
    differ from it are written. With ``expect`` (the act count that record had), the write
    happens only if the row still has that count; ``False`` means someone acted in between and
    nothing was written. ``index``: what the act moves in the Decision 766 counters
    (``quality.tallies.Change``); on PostgreSQL its journal row rides in the act's own statement,
    written only if the act's write is (``quality.journal``)."""
    conn = connections[DEFAULT_DB_ALIAS]
    sql = _statements(DEFAULT_DB_ALIAS)
    before = before or {}
    copy_record(dossier, record)
    cursor = _raw_cursor(conn)
    try:
        if dossier.pk is None:
            dossier.event_count, dossier.last_hash = 0, GENESIS
            pending = _chain(dossier, events)  # advances the head before the row is written
            values = _prepared(sql["all_adapt"], [getattr(dossier, a) for a in sql["all_attrs"]])
            if conn.vendor == "postgresql":
                rows_params = [v for row in pending for v in _prepared(sql["e_adapt"], row)[1:]]
                statement, riders = _with_riders(_insert_dossier_with_events_sql(sql, len(pending)), index, "d")
                cursor.execute(statement, [*values, *riders, *rows_params])
                index = None
                rows = []
            else:
                cursor.execute(sql["insert_dossier"], values)
                rows = None
            dossier.pk = dossier.id = cursor.fetchone()[0]
            dossier._state.adding = False
            if rows is None:
                rows = [(dossier.pk, *row[1:]) for row in pending]
        else:
            rows = _chain(dossier, events)
            attrs = tuple(a for a in CACHED_ATTRS if a in _ALWAYS or getattr(dossier, a) != before.get(a))
            adapt = sql["d_adapt"]
            values = [v if adapt[a] is None or v is None else adapt[a](v) for a in attrs for v in (getattr(dossier, a),)]
            guard = (expect,) if expect is not None else ()
            together = conn.vendor == "postgresql" and len(rows) == 1
            statement = _update_sql(sql, attrs, together, expect is not None)
            riders = ()
            if together:
                statement, riders = _with_riders(statement, index, "changed")
                index = None
            params = (*values, dossier.pk, *guard, *riders, *(_prepared(sql["e_adapt"], rows[0]) if together else ()))
            cursor.execute(statement, params)
            if cursor.rowcount != 1:
                dossier._kept_record = None
                return False
            if together:
                rows = []
        params = [_prepared(sql["e_adapt"], row) for row in rows]
        if len(params) == 1:
            cursor.execute(sql["insert_event"], params[0])
        elif params:  # one multi-row INSERT: one round trip
            cursor.execute(_insert_events_sql(sql, len(params)), [v for row in params for v in row])
    finally:
        cursor.close()
    if index is not None:
        record_index(index, dossier.pk)
    dossier._kept_record = record  # the caller is done with it; the next act works on a copy
    if record.tasks:
        _sync_tasks(dossier, record, before_tasks or [])
    return True


def _sync_tasks(dossier: Dossier, record: DossierRecord, before: list) -> None:
    old = {t.step: t for t in before}
    new_rows = []
    for task in record.tasks:
        prior = old.get(task.step)
        if prior is None:
            new_rows.append(DossierTask(dossier=dossier, step=task.step, agency_id=task.agency, name=task.name,
                                        is_lead=task.is_lead, started_at=task.started_at, due_at=task.due_at,
                                        done_at=task.done_at))
        elif (prior.started_at, prior.due_at, prior.done_at) != (task.started_at, task.due_at, task.done_at):
            DossierTask.objects.filter(dossier=dossier, step=task.step).update(
                started_at=task.started_at, due_at=task.due_at, done_at=task.done_at)
    if new_rows:
        DossierTask.objects.bulk_create(new_rows)


def next_sequence(identifier: str, day) -> int:
    """The next number of ``identifier``'s day, atomically (safe under concurrent receptions)."""
    table = DossierCodeCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (identifier, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (identifier, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [identifier, connection.ops.adapt_datefield_value(day)],
        )
        return cursor.fetchone()[0]
