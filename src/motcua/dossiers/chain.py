"""The hash chain of a dossier's log: each row's hash covers its content and the hash before it,
so an edited or removed row breaks the chain (``motcua audit verify``)."""

from __future__ import annotations

import hashlib
import orjson
from datetime import UTC, datetime

GENESIS = "0" * 64


def _ts(value: datetime | None) -> str | None:
    """UTC, always with microseconds, so a moment has one spelling whichever zone it came in."""
    return value.astimezone(UTC).isoformat(timespec="microseconds") if value else None


def row_hash(prev_hash: str, *, seq: int, act: str, at: datetime, actor: str, role: str,
             from_unit: int | None, to_unit: int | None, due_before: datetime | None,
             due_after: datetime | None, reason: str, data: dict) -> str:
    canonical = orjson.dumps(
        [seq, act, _ts(at), actor, role, from_unit, to_unit, _ts(due_before), _ts(due_after), reason, data],
        option=orjson.OPT_SORT_KEYS, default=str,
    )  # the same bytes as json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(prev_hash.encode() + canonical).hexdigest()


def hash_of_row(prev_hash: str, row) -> str:
    """Hash of a stored ``DossierEvent`` (or anything with the same attributes)."""
    return row_hash(
        prev_hash, seq=row.seq, act=row.act, at=row.at, actor=row.actor, role=row.role,
        from_unit=row.from_unit_id, to_unit=row.to_unit_id, due_before=row.due_before,
        due_after=row.due_after, reason=row.reason, data=row.data,
    )
