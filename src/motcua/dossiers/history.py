"""Writing whole dossier histories at once: for migrating records from an older system and for
the demo. Every event must come from the rules' acts (``rules.intake``, ``rules.processing``)
folded with ``rules.dossier.apply``, exactly as the per-act services do; this module only
writes them in bulk, with the same hash chain, cached columns and task rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from motcua.dossiers.chain import GENESIS
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierTask
from motcua.dossiers.persistence import _chain, _prepared, _raw_cursor, _statements, copy_record
from motcua.quality.tallies import add_histories
from motcua.rules.dossier import DossierRecord, Event


@dataclass
class History:
    """One dossier (its row, not yet saved) with the events that made it and the final record."""

    dossier: Dossier
    events: list[Event]
    record: DossierRecord


@dataclass
class Batch:
    histories: list[History] = field(default_factory=list)
    counters: dict[tuple[str, object], int] = field(default_factory=dict)  # (identifier, day) -> last number


def import_histories(batch: Batch) -> int:
    """Write a batch in one transaction; returns the number of log rows written."""
    conn = connections[DEFAULT_DB_ALIAS]
    sql = _statements(DEFAULT_DB_ALIAS)
    with transaction.atomic():
        pending = []
        for item in batch.histories:
            copy_record(item.dossier, item.record)
            item.dossier.event_count, item.dossier.last_hash = 0, GENESIS
            pending.append(_chain(item.dossier, item.events))  # sets the final count and head
        Dossier.objects.bulk_create([h.dossier for h in batch.histories], batch_size=1000)
        params = []
        for item, rows in zip(batch.histories, pending, strict=True):
            params.extend(_prepared(sql["e_adapt"], (item.dossier.pk, *row[1:])) for row in rows)
        cursor = _raw_cursor(conn)
        try:
            cursor.executemany(sql["insert_event"], params)
        finally:
            cursor.close()
        DossierTask.objects.bulk_create([
            DossierTask(dossier=h.dossier, step=t.step, agency_id=t.agency, name=t.name, is_lead=t.is_lead,
                        started_at=t.started_at, due_at=t.due_at, done_at=t.done_at)
            for h in batch.histories for t in h.record.tasks
        ], batch_size=1000)
        add_histories((h.dossier, h.record) for h in batch.histories)  # the Decision 766 counters
        if batch.counters:
            DossierCodeCounter.objects.bulk_create(
                [DossierCodeCounter(identifier=i, day=d, last=n) for (i, d), n in batch.counters.items()],
                update_conflicts=True, unique_fields=["identifier", "day"], update_fields=["last"])
    return len(params)
