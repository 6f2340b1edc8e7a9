"""Reads of areas and units for pages, the API and other apps (truy vấn đơn vị)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet

from motcua.text import fold
from motcua.units.models import Area, Unit


def _live(on: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def live_units(on: dt.date) -> QuerySet[Unit]:
    """Units that exist on ``on`` (đơn vị đang hoạt động): started and not yet merged or dissolved."""
    return Unit.objects.filter(_live(on)).select_related("area", "parent")


def current_successor(unit: Unit, on: dt.date) -> Unit:
    """The unit that does ``unit``'s work on ``on``: itself if live, else the end of its chain of
    successors (đơn vị kế thừa) that is live then. Raises a Vietnamese ``ValidationError`` if the
    chain ends without a live unit, or loops."""
    seen: set[int] = set()
    current = unit
    while not current.is_live(on):
        if current.valid_from and on < current.valid_from:
            raise ValidationError(f"«{current}» chưa hoạt động vào ngày {on:%d/%m/%Y}.")
        seen.add(current.pk)
        successor = current.successor
        if successor is None:
            raise ValidationError(
                f"«{current}» đã hết hiệu lực ngày {current.valid_to:%d/%m/%Y} và không có đơn vị kế thừa."
            )
        if successor.pk in seen:
            raise ValidationError(f"Các đơn vị kế thừa của «{unit}» tạo thành vòng lặp.")
        current = successor
    return current


def one_stop_units_serving(area: Area, on: dt.date | None = None) -> QuerySet[Unit]:
    """One-stop units (Bộ phận Một cửa) live on ``on`` (default today) that serve ``area``: those
    whose service areas include it or its province, or whose office is in it."""
    on = on or dt.date.today()
    areas = [area.pk] + ([area.parent_id] if area.parent_id else [])
    ids = Unit.objects.filter(Q(served_areas__in=areas) | Q(area=area)).values("pk")
    return (
        Unit.objects.filter(pk__in=ids, kind__in=Unit.ONE_STOP_KINDS)
        .filter(_live(on))
        .select_related("area")
        .order_by("code")
    )


def search_areas(q: str, limit: int = 20) -> QuerySet[Area]:
    """Areas whose code starts with ``q`` or whose name contains every word of ``q``, ignoring
    diacritics (``"hoan kiem"`` finds Phường Hoàn Kiếm); provinces first."""
    q = (q or "").strip()
    if not q:
        return Area.objects.none()
    by_name = Q()
    for word in fold(q).split():
        by_name &= Q(name_folded__contains=word)
    return (
        Area.objects.filter(Q(code__startswith=q) | by_name)
        .select_related("parent")
        .order_by(F("parent").asc(nulls_first=True), "code")[:limit]
    )
