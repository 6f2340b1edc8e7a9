"""Rebuilding the Decision 766 counters from the event log (``motcua quality rebuild``): every
dossier is replayed from its events, its tally summed, and the result compared with (``--check``)
or written over the counters the acts kept in real time. Both paths add the same tallies, so any
difference means a write that bypassed the services.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.queries import event_from_row
from motcua.quality import journal, procedure_use
from motcua.quality.models import (IndexOpenDue, IndexPaknCase, IndexPaknOpenDue, IndexPaknTally, IndexProcedureTally,
                                   IndexTally)
from motcua.quality.tallies import Deltas, disliked_dossiers, tally_of
from motcua.rules.calendar import VN_TZ
from motcua.rules.dossier import replay
from motcua.rules.index766 import COUNTERS, PROCEDURE_COUNTERS

_EVENT_COLS = ("dossier_id", "seq", "act", "at", "actor", "role", "from_unit_id", "to_unit_id", "due_before",
               "due_after", "reason", "data")


@dataclass
class Counters(Deltas):
    """The dossier counters, and the PAKN ones (5.2, 5.3: ``complaints.index_feed``) with each
    PAKN's share."""

    pakn: object = None
    pakn_cases: dict = field(default_factory=dict)
    kept_use: dict | None = None  # the procedure-use masks as stored; None: those ``procedures`` give
    kept_province: dict | None = None  # the province's masks as stored; None: the OR of the units' ones


def from_log(progress: Callable[[int], None] | None = None, chunk: int = 2000) -> Counters:
    """The counters as the event logs say, summed over every dossier and every PAKN."""
    from motcua.complaints.index_feed import pakn_from_log

    disliked = disliked_dossiers()
    deltas = Counters()
    deltas.pakn, deltas.pakn_cases = pakn_from_log()
    keys = Dossier.objects.order_by("pk").values_list("pk", "competent_unit_id", "receiving_unit_id", "procedure_id")
    done = 0
    batch: list[tuple] = []

    def flush():
        nonlocal done
        events: dict[int, list] = {}
        rows = DossierEvent.objects.filter(dossier_id__in=[b[0] for b in batch]).order_by("dossier_id", "seq")
        for values in rows.values_list(*_EVENT_COLS):
            row = dict(zip(_EVENT_COLS, values, strict=True))
            events.setdefault(row["dossier_id"], []).append(event_from_row(row))
        for pk, competent, receiving, procedure in batch:
            if pk in events:
                deltas.add(tally_of(replay(events[pk]), pk in disliked), 1, competent, receiving, procedure)
        done += len(batch)
        batch.clear()
        if progress:
            progress(done)

    for key in keys.iterator(chunk_size=chunk):
        batch.append(key)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    return deltas


def _nonzero(d: dict) -> dict:
    return {k: {n: v for n, v in c.items() if v} for k, c in d.items() if any(c.values())}


def stored() -> Counters:
    """The counters as the real-time path kept them (the journal folded in first)."""
    from motcua.complaints.index_feed import pakn_stored

    journal.fold()
    out = Counters()
    out.pakn = pakn_stored()
    for row in IndexTally.objects.values("unit_id", "role", "month", *COUNTERS):
        key = (row.pop("unit_id"), row.pop("role"), row.pop("month"))
        out.tallies[key] = Counter(row)
    for unit, role, month, due, n in IndexOpenDue.objects.values_list("unit_id", "role", "month", "due_at", "count"):
        out.open_due[(unit, role, month, due)] = n
    for row in IndexProcedureTally.objects.values("unit_id", "month", "procedure_id", *PROCEDURE_COUNTERS):
        key = (row.pop("unit_id"), row.pop("month"), row.pop("procedure_id"))
        out.procedures[key] = Counter(row)
    out.kept_use = procedure_use.kept()
    out.kept_province = procedure_use.kept_province()
    return out


TABLES = {"tally": "Số đếm", "procedure": "Số đếm theo thủ tục", "procedure_use": "Thủ tục có hồ sơ",
          "province_use": "Thủ tục có hồ sơ",
          "open_due": "Hồ sơ đang mở theo hạn",
          "pakn": "Số đếm phản ánh, kiến nghị", "pakn_open_due": "Phản ánh, kiến nghị đang mở theo hạn"}


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    rebuilt: dict
    kept: dict

    def __str__(self) -> str:
        if self.table == "province_use":
            rest, parts = list(self.key), ["toàn tỉnh"]
        else:
            unit, *rest = self.key
            parts = [f"đơn vị #{unit}"]
        for value in rest:
            if isinstance(value, datetime):
                parts.append(f"hạn {value.astimezone(VN_TZ):%H:%M %d/%m/%Y}")
            elif isinstance(value, date):
                parts.append(f"tháng {value:%m/%Y}")
            elif isinstance(value, bool):
                parts.append("đã tính không hài lòng" if value else "chưa tính không hài lòng")
            elif value in ("c", "r"):
                if self.table.startswith("pakn"):
                    parts.append("cơ quan giải quyết" if value == "c" else "cơ quan bị phản ánh")
                    continue
                parts.append("cơ quan có thẩm quyền" if value == "c" else "nơi tiếp nhận")
            else:
                parts.append(f"thủ tục #{value}")
        def show(d):
            return ", ".join(f"{k}={v}" for k, v in sorted(d.items())) or "không có"
        return f"{TABLES[self.table]} ({'; '.join(parts)}): theo nhật ký {show(self.rebuilt)} ≠ đang lưu {show(self.kept)}"


def compare(rebuilt: Deltas, kept: Deltas) -> list[Difference]:
    out = []
    for table, a, b in (("tally", rebuilt.tallies, kept.tallies), ("procedure", rebuilt.procedures, kept.procedures),
                        ("procedure_use", _use(rebuilt), _use(kept)),
                        ("province_use", _province(rebuilt), _province(kept))):
        a, b = _nonzero(a), _nonzero(b)
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key, {}) != b.get(key, {}):
                out.append(Difference(table, key, a.get(key, {}), b.get(key, {})))
    a = {k: v for k, v in rebuilt.open_due.items() if v}
    b = {k: v for k, v in kept.open_due.items() if v}
    for key in sorted(set(a) | set(b), key=str):
        if a.get(key, 0) != b.get(key, 0):
            out.append(Difference("open_due", key, {"count": a.get(key, 0)}, {"count": b.get(key, 0)}))
    if getattr(rebuilt, "pakn", None) is not None and getattr(kept, "pakn", None) is not None:
        a, b = _nonzero(rebuilt.pakn.tallies), _nonzero(kept.pakn.tallies)
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key, {}) != b.get(key, {}):
                out.append(Difference("pakn", key, a.get(key, {}), b.get(key, {})))
        a = {k: v for k, v in rebuilt.pakn.open_due.items() if v}
        b = {k: v for k, v in kept.pakn.open_due.items() if v}
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key, 0) != b.get(key, 0):
                out.append(Difference("pakn_open_due", key, {"count": a.get(key, 0)}, {"count": b.get(key, 0)}))
    return out


def _ids(masks: dict) -> dict:
    return {key: {name: tuple(sorted(procedure_use.members(bits))) for name, bits in zip(
        PROCEDURE_COUNTERS, use.masks(), strict=True)} for key, use in masks.items()}


def _use(counters: Deltas) -> dict:
    """(unit, month) → counter → the procedure ids with dossiers (kept, or as the tallies give)."""
    masks = getattr(counters, "kept_use", None)
    return _ids(procedure_use.derived(counters.procedures) if masks is None else masks)


def _province(counters: Deltas) -> dict:
    """(month,) → counter → the province's procedure ids with dossiers (kept, or the units' OR-ed)."""
    masks = getattr(counters, "kept_province", None)
    masks = procedure_use.province_of(procedure_use.derived(counters.procedures)) if masks is None else masks
    return {(month,): ids for month, ids in _ids(masks).items()}


def replace_all(rebuilt: Deltas) -> None:
    """Write the rebuilt counters in place of the kept ones, in one transaction."""
    with transaction.atomic(), procedure_use.bulk_writes():
        journal.clear()  # what it held is in the rebuilt counters
        IndexTally.objects.all().delete()
        IndexOpenDue.objects.all().delete()
        IndexProcedureTally.objects.all().delete()
        IndexTally.objects.bulk_create([
            IndexTally(unit_id=u, role=r, month=m, **{n: v for n, v in c.items() if v})
            for (u, r, m), c in _nonzero(rebuilt.tallies).items()], batch_size=2000)
        IndexOpenDue.objects.bulk_create([
            IndexOpenDue(unit_id=u, role=r, month=m, due_at=d, count=n)
            for (u, r, m, d), n in rebuilt.open_due.items() if n], batch_size=2000)
        IndexProcedureTally.objects.bulk_create([
            IndexProcedureTally(unit_id=u, month=m, procedure_id=p, **{n: v for n, v in c.items() if v})
            for (u, m, p), c in _nonzero(rebuilt.procedures).items()], batch_size=2000)
        if getattr(rebuilt, "pakn", None) is not None:
            IndexPaknTally.objects.all().delete()
            IndexPaknOpenDue.objects.all().delete()
            IndexPaknCase.objects.all().delete()
            IndexPaknTally.objects.bulk_create([
                IndexPaknTally(unit_id=u, role=r, month=m, **{n: v for n, v in c.items() if v})
                for (u, r, m), c in _nonzero(rebuilt.pakn.tallies).items()], batch_size=2000)
            IndexPaknOpenDue.objects.bulk_create([
                IndexPaknOpenDue(unit_id=u, role=r, month=m, due_at=d, bad=bad, count=n)
                for (u, r, m, d, bad), n in rebuilt.pakn.open_due.items() if n], batch_size=2000)
            IndexPaknCase.objects.bulk_create([
                IndexPaknCase(case_id=pk, unit_id=u, about_id=a, month=t.month, counters=sorted(t.counters),
                              open_due=t.open_due, open_bad=t.open_bad)
                for pk, (u, a, t) in rebuilt.pakn_cases.items()], batch_size=2000)
