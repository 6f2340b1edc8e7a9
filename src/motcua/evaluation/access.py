"""Who may see and assess evaluation sheets (the one place pages, API routes and exports ask):

- an official sees their own sheets;
- a leader (a live ``leader`` post) sees and assesses the sheets of their unit and the units
  below it — opens them, enters general points and products, records facts, computes, applies
  the quota and approves — but never assesses or approves their own sheet;
- a service-centre supervisor and the administrator see every sheet and assess none.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from motcua import timesource
from motcua.dossiers.access import Viewer, _below
from motcua.evaluation.models import Sheet
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Role
from motcua.units.models import Official


def led_units(viewer: Viewer, on: date | None = None) -> frozenset[int]:
    """The units where the viewer holds a live leader post, and every unit below them."""
    if viewer.user_id is None or Role.LEADER.value not in viewer.roles:
        return frozenset()
    on = on or timesource.now().astimezone(VN_TZ).date()
    roots = set(Official.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                                        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
                                        user_id=viewer.user_id, role=Role.LEADER.value)
                .values_list("unit_id", flat=True))
    return frozenset(_below(roots)) if roots else frozenset()


def sees_all(viewer: Viewer) -> bool:
    return viewer.everything or Role.SUPERVISOR.value in viewer.roles


def visible_sheets(viewer: Viewer, sheets: QuerySet | None = None) -> QuerySet:
    sheets = Sheet.objects.all() if sheets is None else sheets
    if sees_all(viewer):
        return sheets
    if viewer.user_id is None:
        return sheets.none()
    return sheets.filter(Q(official_id=viewer.user_id) | Q(unit_id__in=led_units(viewer)))


def may_see(viewer: Viewer, sheet: Sheet) -> bool:
    return sees_all(viewer) or (viewer.user_id is not None and sheet.official_id == viewer.user_id) \
        or sheet.unit_id in led_units(viewer)


def may_see_unit(viewer: Viewer, unit_id: int) -> bool:
    return sees_all(viewer) or unit_id in led_units(viewer)


def may_assess_unit(viewer: Viewer, unit_id: int) -> bool:
    return unit_id in led_units(viewer)


def may_assess(viewer: Viewer, sheet: Sheet) -> bool:
    return sheet.official_id != viewer.user_id and may_assess_unit(viewer, sheet.unit_id)


def require_see(viewer: Viewer, sheet: Sheet) -> None:
    if not may_see(viewer, sheet):
        raise PermissionDenied("Ông/bà không được xem phiếu đánh giá này.")


def require_assess(viewer: Viewer, sheet: Sheet) -> None:
    if sheet.official_id is not None and sheet.official_id == viewer.user_id:
        raise PermissionDenied("Không tự đánh giá, phê duyệt phiếu của chính mình.")
    if not may_assess(viewer, sheet):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được đánh giá, xếp loại phiếu này.")


def require_see_unit(viewer: Viewer, unit_id: int) -> None:
    if not may_see_unit(viewer, unit_id):
        raise PermissionDenied("Ông/bà không được xem kết quả đánh giá của đơn vị này.")


def require_assess_unit(viewer: Viewer, unit_id: int) -> None:
    if not may_assess_unit(viewer, unit_id):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được đánh giá, xếp loại cán bộ của đơn vị.")
