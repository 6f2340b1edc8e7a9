"""Officials' worklists (danh sách hồ sơ cần xử lý): what a unit or a person holds, in the
buckets a desk works by, searchable without diacritics, one page at a time.

Reads only: the pages and the API of the web app show these lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet

from motcua import timesource
from motcua.dossiers import worklist_sql
from motcua.dossiers.access import Viewer, visible_dossiers
from motcua.dossiers.models import Dossier, DossierTask
from motcua.rules.lifecycle import State
from motcua.text import fold
from motcua.units.calendars import calendar_for

ACTIVE = (State.FILED, State.RECEIVED, State.PROCESSING, State.CORRECTING)
WAITING = (State.AWAITING_INTAKE_SUPPLEMENT, State.AWAITING_SUPPLEMENT)
@dataclass(frozen=True, slots=True)
class Row:
    """One line of a list, as the page and the API show it: plain values, no model instances
    (building five related models per row cost more than the whole query), read by
    ``worklist_sql.rows`` in this order."""

    pk: int
    code: str | None
    state: str
    channel: str
    applicant_name: str
    applicant_id_number: str
    filed_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    event_count: int
    procedure_code: str
    procedure_name: str
    holder_unit_name: str | None
    receiving_unit_name: str
    competent_unit_name: str
    officer_first: str | None
    officer_last: str | None
    officer_username: str | None

    @property
    def officer_name(self) -> str:
        if self.officer_username is None:
            return ""
        return f"{self.officer_last} {self.officer_first}".strip() or self.officer_username


MAX_PAGE = 400  # 10,000 rows deep at 25 a page; the search narrows further


class Bucket(StrEnum):
    NEW = "new"  # Mới: chờ tiếp nhận, chờ chuyển, chưa phân công
    IN_PROGRESS = "in_progress"  # Đang xử lý, còn hạn
    DUE_SOON = "due_soon"  # Đến hạn trong 1 ngày làm việc
    OVERDUE = "overdue"  # Quá hạn
    WAITING = "waiting"  # Chờ công dân bổ sung


BUCKET_LABELS = {Bucket.NEW: "Mới", Bucket.IN_PROGRESS: "Đang xử lý", Bucket.DUE_SOON: "Đến hạn trong 1 ngày",
                 Bucket.OVERDUE: "Quá hạn", Bucket.WAITING: "Chờ công dân bổ sung"}


@dataclass(frozen=True)
class Page:
    items: list[Row]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _conditions(now: datetime, soon: datetime) -> dict[Bucket, Q]:
    active = Q(state__in=ACTIVE)
    new = Q(state__in=(State.FILED, State.RECEIVED)) | Q(state=State.PROCESSING, holder_officer__isnull=True)
    overdue = active & Q(due_at__lt=now)
    due_soon = active & Q(due_at__gte=now, due_at__lte=soon)
    return {
        Bucket.OVERDUE: overdue,
        Bucket.DUE_SOON: due_soon,
        Bucket.NEW: active & new & ~Q(due_at__lte=soon, due_at__isnull=False),
        Bucket.IN_PROGRESS: active & ~new & ~Q(due_at__lte=soon, due_at__isnull=False),
        Bucket.WAITING: Q(state__in=WAITING),
    }


def _check(viewer: Viewer, unit=None, person=None) -> None:
    if unit is not None and not (viewer.everything or unit.pk in viewer.units):
        raise PermissionDenied("Ông/bà không phục vụ đơn vị này.")
    if person is not None and not (viewer.everything or person.pk == viewer.user_id):
        raise PermissionDenied("Chỉ xem được danh sách hồ sơ của chính mình.")


def _parts(viewer: Viewer, unit=None, person=None) -> list[QuerySet]:
    """The list as disjoint parts, each answered by one index in due-time order.

    A unit's list: what it holds now; its dossiers waiting for the applicant; and the joint
    dossiers with an open part at the unit while another unit holds the papers. Serving the unit
    implies seeing all of these, so no access filter is needed. A person's list: what is
    assigned to them, among what they may see."""
    _check(viewer, unit, person)
    if unit is None:
        dossiers = visible_dossiers(viewer)
        return [dossiers.filter(holder_officer=person) if person is not None else dossiers]
    open_tasks = DossierTask.objects.filter(agency=unit, done_at__isnull=True).values("dossier_id")
    parts = [Dossier.objects.filter(holder_unit=unit),
             Dossier.objects.filter(Q(receiving_unit=unit) | Q(competent_unit=unit), state__in=WAITING)
             .exclude(holder_unit=unit),
             Dossier.objects.filter(state=State.PROCESSING, pk__in=open_tasks).exclude(holder_unit=unit)]
    return [part.filter(holder_officer=person) for part in parts] if person is not None else parts


def _search(dossiers: QuerySet, q: str) -> QuerySet:
    """``nguyen van dinh`` finds «Nguyễn Văn Đình»; a dossier code or its tail finds the dossier."""
    words = fold(q).split()
    for word in words:
        dossiers = dossiers.filter(Q(applicant_name_folded__contains=word) | Q(code__icontains=word))
    return dossiers


_URGENT_FIRST = (F("due_at").asc(nulls_last=True), "pk")  # the indexes' own order on PostgreSQL


def worklist(viewer: Viewer, *, unit=None, person=None, bucket: Bucket | None = None, q: str = "",
             procedure=None, channel: str | None = None, page: int = 1, per_page: int = 25,
             now: datetime | None = None) -> Page:
    """One page of the list, most urgent first (no due time last). Each part yields its first
    rows in index order, they are merged, and only the page's rows are read in full: the cost
    follows the page, not the size of the unit. A unit's list does all that in one statement
    (``worklist_sql.page_rows``); a person's through the ORM, keys then rows."""
    now = now or timesource.now()
    soon = calendar_for().add_working_days(now, 1)
    page, per_page = min(max(page, 1), MAX_PAGE), min(max(per_page, 1), 100)
    start = (page - 1) * per_page
    if unit is not None:
        _check(viewer, unit, person)
        found = worklist_sql.page_rows(unit.pk, now, soon, skip=start, take=per_page + 1,
                                       bucket=bucket and Bucket(bucket).value, q=q, channel=channel,
                                       procedure_id=procedure.pk if procedure is not None else None,
                                       officer_id=person.pk if person is not None else None)
        lines = sorted((Row(*r) for r in found), key=lambda r: (r.due_at is None, r.due_at or now, r.pk))
        return Page(items=lines[:per_page], number=page, per_page=per_page, has_next=len(lines) > per_page)
    keys = []
    for part in _parts(viewer, unit, person):
        part = _search(part, q)
        if bucket is not None:
            part = part.filter(_conditions(now, soon)[Bucket(bucket)])
        if procedure is not None:
            part = part.filter(procedure=procedure)
        if channel:
            part = part.filter(channel=channel)
        keys += part.order_by(*_URGENT_FIRST).values_list("due_at", "pk")[:start + per_page + 1]
    keys.sort(key=lambda k: (k[0] is None, k[0] or now, k[1]))
    wanted = [pk for _, pk in keys[start:start + per_page + 1]]
    rows = {r[0]: Row(*r) for r in worklist_sql.rows(wanted[:per_page])}
    return Page(items=[rows[pk] for pk in wanted[:per_page]], number=page, per_page=per_page,
                has_next=len(wanted) > per_page)


def bucket_counts(viewer: Viewer, *, unit=None, person=None, now: datetime | None = None) -> dict[Bucket, int]:
    """How many dossiers each tab holds: one small aggregate per part of the list."""
    now = now or timesource.now()
    soon = calendar_for().add_working_days(now, 1)
    conditions = _conditions(now, soon)
    if unit is not None and person is None:
        _check(viewer, unit, person)
        return {Bucket(k): v for k, v in worklist_sql.counts(unit.pk, now, soon).items()}
    totals = dict.fromkeys(Bucket, 0)
    for part in _parts(viewer, unit, person):
        for key, value in part.aggregate(**{b.value: Count("pk", filter=c) for b, c in conditions.items()}).items():
            totals[Bucket(key)] += value
    return totals
