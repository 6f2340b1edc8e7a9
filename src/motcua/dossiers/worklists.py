"""Officials' worklists (danh sách hồ sơ cần xử lý): what a unit or a person holds, in the
buckets a desk works by, searchable without diacritics, one page at a time.

Reads only: the pages and the API of the web app show these lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from motcua import timesource
from motcua.dossiers.access import Viewer, visible_dossiers
from motcua.dossiers.models import Dossier, DossierTask
from motcua.rules.lifecycle import State
from motcua.text import fold
from motcua.units.calendars import calendar_for

ACTIVE = (State.FILED, State.RECEIVED, State.PROCESSING, State.CORRECTING)
WAITING = (State.AWAITING_INTAKE_SUPPLEMENT, State.AWAITING_SUPPLEMENT)


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
    items: list[Dossier]
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


def _scope(viewer: Viewer, unit=None, person=None) -> QuerySet:
    """A unit's list: what it holds now, and its dossiers waiting for the applicant. A person's
    list: what is assigned to them."""
    if unit is not None and not (viewer.everything or unit.pk in viewer.units):
        raise PermissionDenied("Ông/bà không phục vụ đơn vị này.")
    if person is not None and not (viewer.everything or person.pk == viewer.user_id):
        raise PermissionDenied("Chỉ xem được danh sách hồ sơ của chính mình.")
    if unit is not None:
        # Every dossier a unit holds, received or is competent for is visible to those who serve
        # it (checked above), so the unit's own indexes answer alone, without the access filter.
        # A joint dossier also shows at each agency with an open part of it (and at the lead
        # agency while another agency holds the papers).
        open_tasks = DossierTask.objects.filter(agency=unit, done_at__isnull=True).values("dossier_id")
        dossiers = Dossier.objects.filter(Q(holder_unit=unit) | Q(state__in=WAITING, receiving_unit=unit)
                                          | Q(state__in=WAITING, competent_unit=unit)
                                          | Q(state=State.PROCESSING, pk__in=open_tasks))
        return dossiers.filter(holder_officer=person) if person is not None else dossiers
    dossiers = visible_dossiers(viewer)
    if person is not None:
        dossiers = dossiers.filter(holder_officer=person)
    return dossiers


def _search(dossiers: QuerySet, q: str) -> QuerySet:
    """``nguyen van dinh`` finds «Nguyễn Văn Đình»; a dossier code or its tail finds the dossier."""
    words = fold(q).split()
    for word in words:
        dossiers = dossiers.filter(Q(applicant_name_folded__contains=word) | Q(code__icontains=word))
    return dossiers


def worklist(viewer: Viewer, *, unit=None, person=None, bucket: Bucket | None = None, q: str = "",
             procedure=None, channel: str | None = None, page: int = 1, per_page: int = 25,
             now: datetime | None = None) -> Page:
    """One page of the list, most urgent first; one query."""
    now = now or timesource.now()
    soon = calendar_for().add_working_days(now, 1)
    dossiers = _search(_scope(viewer, unit, person), q)
    if bucket is not None:
        dossiers = dossiers.filter(_conditions(now, soon)[Bucket(bucket)])
    if procedure is not None:
        dossiers = dossiers.filter(procedure=procedure)
    if channel:
        dossiers = dossiers.filter(channel=channel)
    page, per_page = max(page, 1), min(max(per_page, 1), 100)
    start = (page - 1) * per_page
    rows = list(dossiers.select_related("procedure", "holder_unit", "holder_officer")
                .defer("snapshot").order_by("due_at", "pk")[start:start + per_page + 1])
    return Page(items=rows[:per_page], number=page, per_page=per_page, has_next=len(rows) > per_page)


def bucket_counts(viewer: Viewer, *, unit=None, person=None, now: datetime | None = None) -> dict[Bucket, int]:
    """How many dossiers each tab holds, in one query."""
    now = now or timesource.now()
    soon = calendar_for().add_working_days(now, 1)
    conditions = _conditions(now, soon)
    totals = _scope(viewer, unit, person).aggregate(**{b.value: Count("pk", filter=c) for b, c in conditions.items()})
    return {Bucket(k): v for k, v in totals.items()}
