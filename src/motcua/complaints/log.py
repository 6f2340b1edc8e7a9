"""A case's log (nhật ký vụ việc): one append-only ``CaseEvent`` row per act, hash-chained per case
with the same ``dossiers.chain.row_hash`` as a dossier's log, so that an edited or removed row is
detected (``motcua complaints verify``; add ``verify_case_chains`` to ``motcua audit verify``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from motcua.complaints.models import Case, CaseEvent
from motcua.dossiers.chain import GENESIS, row_hash


def append_event(case: Case, act: str, *, at: datetime, actor: str, role: str, from_unit_id: int | None = None,
                 to_unit_id: int | None = None, due_before: datetime | None = None, due_after: datetime | None = None,
                 reason: str = "", data: dict | None = None) -> CaseEvent:
    """Append the next row of ``case``'s log (the case row is locked by the caller) and move the
    case's ``version`` and ``last_hash`` on; the caller saves the case in the same transaction.
    ``data`` must hold JSON values only (str, int, float, bool, None, lists, dicts)."""
    data = data or {}
    seq = case.version + 1
    prev = case.last_hash or GENESIS
    digest = row_hash(prev, seq=seq, act=act, at=at, actor=actor, role=role, from_unit=from_unit_id,
                      to_unit=to_unit_id, due_before=due_before, due_after=due_after, reason=reason, data=data)
    event = CaseEvent.objects.create(case=case, seq=seq, act=act, at=at, actor=actor, role=role,
                                     from_unit_id=from_unit_id, to_unit_id=to_unit_id, due_before=due_before,
                                     due_after=due_after, reason=reason, data=data, prev_hash=prev, hash=digest)
    case.version, case.last_hash = seq, digest
    return event


@dataclass(frozen=True)
class Problem:
    case_id: int
    code: str
    message: str


_COLS = ("case_id", "seq", "act", "at", "actor", "role", "from_unit_id", "to_unit_id", "due_before", "due_after",
         "reason", "data", "prev_hash", "hash")


def verify_case_chains(progress: Callable[[int], None] | None = None, cases=None) -> list[Problem]:
    """Walk every case's log in order and recompute its chain; report each broken case once
    (as ``dossiers.audit.verify_chains`` does for dossiers). ``cases``: a queryset to limit the walk."""
    heads_qs = Case.objects.all() if cases is None else cases
    heads = {pk: (code, version, last) for pk, code, version, last in
             heads_qs.values_list("pk", "code", "version", "last_hash").iterator(chunk_size=20_000)}
    problems: dict[int, Problem] = {}
    seen: set[int] = set()
    state = {"pk": None, "prev": GENESIS, "seq": 1}

    def close(pk):
        if pk is None or pk in problems or pk not in heads:
            return
        code, count, last = heads[pk]
        done = state["seq"] - 1
        if done < count:
            problems[pk] = Problem(pk, code, f"thiếu bản ghi cuối: có {done}/{count} việc")
        elif done > count:
            problems[pk] = Problem(pk, code, f"có bản ghi thêm sau bản ghi cuối: {done}/{count} việc")
        elif state["prev"] != last:
            problems[pk] = Problem(pk, code, f"bản ghi cuối (số {count}) đã bị sửa")

    events = CaseEvent.objects.order_by("case_id", "seq")
    if cases is not None:
        events = events.filter(case_id__in=list(heads))
    for n, values in enumerate(events.values_list(*_COLS).iterator(chunk_size=20_000), 1):
        row = dict(zip(_COLS, values, strict=True))
        pk = row["case_id"]
        if pk != state["pk"]:
            close(state["pk"])
            state.update(pk=pk, prev=GENESIS, seq=1)
            seen.add(pk)
        if pk in problems:
            continue
        code = heads.get(pk, (f"#{pk}",))[0]
        if pk not in heads:
            problems[pk] = Problem(pk, code, "nhật ký thuộc vụ việc không tồn tại")
            continue
        if row["seq"] != state["seq"]:
            problems[pk] = Problem(pk, code, f"thiếu bản ghi số {state['seq']}")
            continue
        digest = row_hash(state["prev"], seq=row["seq"], act=row["act"], at=row["at"], actor=row["actor"],
                          role=row["role"], from_unit=row["from_unit_id"], to_unit=row["to_unit_id"],
                          due_before=row["due_before"], due_after=row["due_after"], reason=row["reason"],
                          data=row["data"])
        if row["prev_hash"] != state["prev"] or row["hash"] != digest:
            problems[pk] = Problem(pk, code, f"bản ghi số {row['seq']} ({row['act']}) đã bị sửa")
            continue
        state.update(prev=digest, seq=state["seq"] + 1)
        if progress and n % 10_000 == 0:
            progress(n)
    close(state["pk"])
    for pk, (code, count, _last) in heads.items():
        if pk not in seen and count:
            problems[pk] = Problem(pk, code, "toàn bộ nhật ký đã bị xoá")
    return sorted(problems.values(), key=lambda p: p.case_id)
