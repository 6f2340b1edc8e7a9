"""Checking the record: every dossier's hash chain is intact (``motcua audit verify``) and every
cached dossier row says what its log says (``--replay``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from motcua.dossiers.chain import GENESIS, row_hash
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.persistence import CACHED_ATTRS, cached_values
from motcua.dossiers.queries import event_from_row
from motcua.rules.dossier import replay, to_json

_COLS = ("dossier_id", "seq", "act", "at", "actor", "role", "from_unit_id", "to_unit_id", "due_before", "due_after",
         "reason", "data", "prev_hash", "hash")


_CACHED = tuple(a for a in CACHED_ATTRS if a not in ("snapshot", "event_count", "last_hash"))


@dataclass(frozen=True)
class Problem:
    dossier_id: int
    code: str
    message: str


def verify_chains(progress: Callable[[int], None] | None = None, replay_records: bool = False) -> list[Problem]:
    """Walk every event row in order and recompute the chain; report each broken dossier once."""
    heads = {pk: (code or f"#{pk}", count, last) for pk, code, count, last in
             Dossier.objects.values_list("pk", "code", "event_count", "last_hash").iterator(chunk_size=20_000)}
    snapshots = dict(Dossier.objects.values_list("pk", "snapshot")) if replay_records else {}
    columns = ({row.pop("id"): row for row in Dossier.objects.values("id", *_CACHED)} if replay_records else {})
    problems: dict[int, Problem] = {}
    seen: set[int] = set()
    current, prev, expected_seq, rows = None, GENESIS, 1, []

    def close(pk):
        if pk is None or pk in problems:
            return
        code, count, last = heads.get(pk, (f"#{pk}", None, None))
        if count is None:
            problems[pk] = Problem(pk, code, "nhật ký thuộc hồ sơ không tồn tại")
        elif expected_seq - 1 < count:
            problems[pk] = Problem(pk, code, f"thiếu bản ghi cuối: có {expected_seq - 1}/{count} việc")
        elif expected_seq - 1 > count:
            problems[pk] = Problem(pk, code, f"có bản ghi thêm sau bản ghi cuối: {expected_seq - 1}/{count} việc")
        elif prev != last:
            problems[pk] = Problem(pk, code, f"bản ghi cuối (số {count}) đã bị sửa")
        elif replay_records:
            record = replay(rows)
            if to_json(record) != snapshots.get(pk) or cached_values(record) != columns.get(pk):
                problems[pk] = Problem(pk, code, "dữ liệu hồ sơ khác với nhật ký")

    qs = DossierEvent.objects.order_by("dossier_id", "seq").values_list(*_COLS)
    for n, values in enumerate(qs.iterator(chunk_size=20_000), 1):
        row = dict(zip(_COLS, values, strict=True))
        pk = row["dossier_id"]
        if pk != current:
            close(current)
            current, prev, expected_seq, rows = pk, GENESIS, 1, []
            seen.add(pk)
        if pk in problems:
            continue
        code = heads.get(pk, (f"#{pk}",))[0]
        if row["seq"] != expected_seq:
            problems[pk] = Problem(pk, code, f"thiếu bản ghi số {expected_seq}")
            continue
        digest = row_hash(prev, seq=row["seq"], act=row["act"], at=row["at"], actor=row["actor"], role=row["role"],
                          from_unit=row["from_unit_id"], to_unit=row["to_unit_id"], due_before=row["due_before"],
                          due_after=row["due_after"], reason=row["reason"], data=row["data"])
        if row["prev_hash"] != prev or row["hash"] != digest:
            problems[pk] = Problem(pk, code, f"bản ghi số {row['seq']} ({row['act']}) đã bị sửa")
            continue
        if replay_records:
            rows.append(event_from_row(row))
        prev, expected_seq = digest, expected_seq + 1
        if progress and n % 10_000 == 0:
            progress(n)
    close(current)
    for pk, (code, count, _last) in heads.items():
        if pk not in seen and count:
            problems[pk] = Problem(pk, code, "toàn bộ nhật ký đã bị xoá")
    return sorted(problems.values(), key=lambda p: p.dossier_id)
