"""Saving an act: the event rows (hash-chained), the dossier row as a cache of the record, and
the task rows of a joint dossier. Called by ``services`` inside their transaction."""

from __future__ import annotations

from django.db import connection

from motcua.dossiers.chain import GENESIS, row_hash
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierTask
from motcua.rules.dossier import DossierRecord, Event, to_json

_CACHED = ("state", "code", "holder_unit_id", "holder_officer_id", "acceptance_due_at", "received_at", "due_at",
           "reference_due_at", "ended_at", "returned_at", "supplement_expires_at", "outcome", "result_code",
           "extensions", "supplement_requests")
UPDATE_FIELDS = [*(f.removesuffix("_id") for f in _CACHED), "snapshot", "event_count", "last_hash"]


def _user_pk(actor: str | None) -> int | None:
    return int(actor[1:]) if actor and actor.startswith("u") else None


def copy_record(dossier: Dossier, record: DossierRecord) -> None:
    """Write the record's queryable facts onto the dossier row."""
    dossier.state = record.state.value
    dossier.code = record.code
    dossier.holder_unit_id = record.holder_unit
    dossier.holder_officer_id = _user_pk(record.holder_officer)
    dossier.acceptance_due_at = record.acceptance_due_at
    dossier.received_at = record.received_at
    dossier.due_at = record.due_at
    dossier.reference_due_at = record.reference_due_at
    dossier.ended_at = record.ended_at
    dossier.returned_at = record.returned_at
    dossier.supplement_expires_at = record.supplement_expires_at
    dossier.outcome = record.outcome or ""
    dossier.result_code = record.result_code or ""
    dossier.extensions = record.extensions
    dossier.supplement_requests = record.supplement_requests
    dossier.snapshot = to_json(record)


def event_rows(dossier: Dossier, events: list[Event]) -> list[DossierEvent]:
    """Chain ``events`` after the dossier's last row and advance its head."""
    prev, seq, rows = dossier.last_hash or GENESIS, dossier.event_count, []
    for ev in events:
        seq += 1
        digest = row_hash(prev, seq=seq, act=ev.act.value, at=ev.at, actor=ev.actor, role=ev.role.value,
                          from_unit=ev.from_unit, to_unit=ev.to_unit, due_before=ev.due_before,
                          due_after=ev.due_after, reason=ev.reason, data=ev.data)
        rows.append(DossierEvent(
            dossier=dossier, seq=seq, act=ev.act.value, at=ev.at, actor=ev.actor, role=ev.role.value,
            from_unit_id=ev.from_unit, to_unit_id=ev.to_unit, due_before=ev.due_before, due_after=ev.due_after,
            reason=ev.reason, data=ev.data, prev_hash=prev, hash=digest,
        ))
        prev = digest
    dossier.event_count, dossier.last_hash = seq, prev
    return rows


def save_act(dossier: Dossier, record: DossierRecord, events: list[Event], before_tasks: list | None) -> None:
    """Persist one act (the caller holds the transaction)."""
    copy_record(dossier, record)
    rows = event_rows(dossier, events)
    if dossier.pk is None:
        dossier.save(force_insert=True)
    else:
        dossier.save(update_fields=UPDATE_FIELDS)
    if len(rows) == 1:
        rows[0].save(force_insert=True)
    else:
        DossierEvent.objects.bulk_create(rows)
    if record.tasks:
        _sync_tasks(dossier, record, before_tasks or [])


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
            [identifier, day],
        )
        return cursor.fetchone()[0]
