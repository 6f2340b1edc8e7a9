"""Candidates for duplicate and repeat detection (đơn trùng, đơn gửi nhiều lần) from the database:
earlier cases, filed within ``LOOKBACK_DAYS``, that share a filer's ID number or folded name with
the new filing. The judgement itself is ``rules.case_matching``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Q

from motcua.complaints.models import Case, Filer
from motcua.rules.case_matching import CaseRecord, Filer as FilerRecord, Match, find_matches, normalise_id, \
    normalise_name

LOOKBACK_DAYS = 3 * 365  # how far back an earlier filing is looked for (the platform's choice)
MAX_CANDIDATES = 200


def record_of(case: Case, filers: Iterable[Filer]) -> CaseRecord:
    """A case as the matching rule reads it: answered or closed is "closed"."""
    ends = [m for m in (case.answered_at, case.closed_at) if m is not None]
    return CaseRecord(id=str(case.pk), filed_at=case.received_at, subject=case.subject,
                      filers=tuple(FilerRecord(f.name, f.id_number) for f in filers),
                      closed_at=min(ends) if ends else None)


def candidates(names: Iterable[str], id_numbers: Iterable[str], before: datetime,
               exclude_pk: int | None = None) -> list[CaseRecord]:
    """Earlier cases (received before ``before``, within the look-back) with a filer of the same
    ID number or folded name; newest first, at most ``MAX_CANDIDATES``."""
    folded = {normalise_name(n) for n in names} - {""}
    ids = {normalise_id(i) for i in id_numbers} - {""}
    if not folded and not ids:
        return []
    match = Q()
    if ids:
        match |= Q(filers__id_number__in=ids)
    if folded:
        match |= Q(filers__name_folded__in=folded)
    qs = (Case.objects.filter(match, received_at__lte=before, received_at__gte=before - timedelta(days=LOOKBACK_DAYS))
          .distinct().order_by("-received_at", "-pk"))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    cases = list(qs.only("pk", "subject", "received_at", "answered_at", "closed_at", "matter_of_id")
                 [:MAX_CANDIDATES])
    by_case: dict[int, list[Filer]] = {c.pk: [] for c in cases}
    for f in Filer.objects.filter(case_id__in=list(by_case)).only("case_id", "name", "id_number"):
        by_case[f.case_id].append(f)
    return [record_of(c, by_case[c.pk]) for c in cases]


def matches_for(new: CaseRecord, before: datetime) -> list[Match]:
    """The earlier cases the new filing duplicates or repeats, best first."""
    existing = candidates([f.name for f in new.filers], [f.id_number for f in new.filers], before,
                          exclude_pk=int(new.id) if new.id.isdigit() else None)
    return find_matches(new, existing)
