"""What the programme pages share: today's date in Hà Nội, pagination, the access checks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from motcua import timesource
from motcua.programmes.access import may_steer, may_update
from motcua.programmes.services import today_of

PER_PAGE = 50


def today() -> date:
    return today_of(timesource.now())


def page_of(request, items, per_page: int = PER_PAGE):
    number = request.GET.get("page", "1")
    return Paginator(items, per_page).get_page(int(number) if number.isdigit() and len(number) < 7 else 1)


def require_steer(request, programme) -> None:
    if not may_steer(request.viewer, programme):
        raise PermissionDenied("Chỉ Ban Chỉ đạo, cơ quan thường trực của chương trình làm được việc này.")


def require_update(request, task) -> None:
    if not may_update(request.viewer, task):
        raise PermissionDenied("Chỉ đơn vị chủ trì nhiệm vụ hoặc Ban Chỉ đạo làm được việc này.")
