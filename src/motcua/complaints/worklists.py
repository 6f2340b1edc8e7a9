"""The handler's worklist (sổ theo dõi đơn): the open cases of the units an official serves, in
buckets — new (received, not yet accepted or refused), due within one working day, overdue,
waiting for information, flagged (long-running) — with a search over code, subject and filers'
names that ignores diacritics. Every function returns a queryset, ready to paginate."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from motcua.complaints import clock
from motcua.complaints.models import Case, Filer
from motcua.dossiers.access import Viewer
from motcua.rules.case_matching import normalise_name
from motcua.text import fold

S = Case.State
OPEN_STATES = (S.RECEIVED, S.INFO_REQUESTED, S.ACCEPTED, S.ANSWERED)  # answered: a PAKN not yet published
BUCKETS = {
    "new": "Mới tiếp nhận",
    "due_soon": "Đến hạn trong 1 ngày làm việc",
    "overdue": "Quá hạn",
    "waiting": "Chờ bổ sung thông tin",
    "flagged": "Phức tạp, kéo dài",
    "open": "Tất cả đơn đang xử lý",
}


def handled_by(viewer: Viewer) -> QuerySet:
    """Cases handled by the units ``viewer`` serves (every case for the administrator)."""
    if viewer.everything:
        return Case.objects.all()
    if not viewer.units:
        return Case.objects.none()
    return Case.objects.filter(handling_unit_id__in=list(viewer.units))


def open_cases(cases: QuerySet) -> QuerySet:
    return cases.filter(state__in=OPEN_STATES).exclude(state=S.ANSWERED, kind__in=_NOT_PAKN)


_NOT_PAKN = ("complaint_first", "complaint_second", "denunciation")


def soon(now: datetime) -> datetime:
    """One working day after ``now`` on the province's calendar."""
    return clock.calendar().add_working_days(now, 1)


def bucket(cases: QuerySet, name: str, now: datetime) -> QuerySet:
    """The cases of ``cases`` in bucket ``name`` (see ``BUCKETS``), most urgent first."""
    live = open_cases(cases)
    if name == "new":
        found = live.filter(state=S.RECEIVED)
    elif name == "due_soon":
        found = live.filter(due_at__gte=now, due_at__lte=soon(now))
    elif name == "overdue":
        found = live.filter(due_at__lt=now)
    elif name == "waiting":
        found = live.filter(state=S.INFO_REQUESTED)
    elif name == "flagged":
        found = live.exclude(flags=[])
    elif name == "open":
        found = live
    else:
        raise ValueError(f"Không có nhóm «{name}».")
    return found.order_by("due_at", "received_at", "pk")


def counts(cases: QuerySet, now: datetime) -> dict[str, int]:
    """How many cases each bucket holds (one query)."""
    live = open_cases(cases)
    found = live.aggregate(
        new=Count("pk", filter=Q(state=S.RECEIVED)),
        due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lte=soon(now))),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        waiting=Count("pk", filter=Q(state=S.INFO_REQUESTED)),
        flagged=Count("pk", filter=~Q(flags=[])),
        open=Count("pk"),
    )
    return {k: found[k] for k in BUCKETS}


def search(cases: QuerySet, q: str) -> QuerySet:
    """Cases whose code starts with ``q`` (or ends with it, for a number), or whose subject or a
    filer's name contains it; diacritics and case ignored."""
    text = (q or "").strip()
    if not text:
        return cases
    folded, name = fold(text), normalise_name(text)
    named = Filer.objects.filter(case_id=OuterRef("pk"), name_folded__contains=name) if name else None
    # a code is matched from its start ("KN-2026" is not in "PAKN-2026-…"), a bare number at its end
    match = Q(code__istartswith=text) | Q(subject_folded__contains=folded)
    if text.isdigit():
        match |= Q(code__endswith=text)
    if named is not None:
        match |= Q(Exists(named))
    return cases.filter(match)


def for_list(cases: QuerySet) -> QuerySet:
    """What a list page shows of each case, without a query per row."""
    return cases.select_related("handling_unit", "area", "handler")
