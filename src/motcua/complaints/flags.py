"""Refreshing the long-running flags of every open case at once (``motcua complaints flags
--refresh``, run daily: "past its legal maximum" appears with time, not with an act)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from motcua.complaints import clock
from motcua.complaints.models import Case
from motcua.complaints.worklists import open_cases

BATCH = 2_000


def _finals() -> tuple[dict[int, datetime], dict[int, list[datetime]]]:
    """Final decisions by case, and by matter (its first case's pk)."""
    by_case: dict[int, datetime] = {}
    by_matter: dict[int, list[datetime]] = defaultdict(list)
    for pk, root, final in Case.objects.filter(final_decision_at__isnull=False).values_list(
            "pk", "matter_of_id", "final_decision_at"):
        by_case[pk] = final
        by_matter[root or pk].append(final)
    return by_case, by_matter


def earlier_final(case: Case, by_case, by_matter) -> datetime | None:
    found = [by_case[p] for p in (case.previous_id,) if p in by_case]
    if case.matter_of_id:
        found += by_matter.get(case.matter_of_id, [])
    found = [m for m in found if m <= case.received_at]
    return min(found) if found else None


def refresh_all(now: datetime, cases=None) -> int:
    """Recompute the flags of the open cases (of ``cases`` if given); returns how many changed."""
    by_case, by_matter = _finals()
    qs = open_cases(Case.objects.all() if cases is None else cases).order_by("pk")
    changed, batch = 0, []
    for case in qs.iterator(chunk_size=BATCH):
        flags = clock.flags_of(case, earlier_final(case, by_case, by_matter), now)
        if flags != case.flags:
            case.flags = flags
            batch.append(case)
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, ["flags"])
            changed, batch = changed + len(batch), []
    if batch:
        Case.objects.bulk_update(batch, ["flags"])
        changed += len(batch)
    return changed
