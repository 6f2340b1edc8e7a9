"""Reads of the procedure catalogue for pages, the API and dossier intake (truy vấn danh mục TTHC)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.text import fold


class NoVersionInForce(ValidationError):
    """No version of the procedure was in force on the date asked (không có phiên bản có hiệu lực)."""


def version_in_force(procedure: Procedure, on: dt.date) -> ProcedureVersion:
    """The version of ``procedure`` in force on ``on`` (the dossier's reception date).

    Raises :class:`NoVersionInForce` with a Vietnamese message if there is none."""
    version = (
        ProcedureVersion.objects.filter(procedure=procedure, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("procedure", "competent_unit")
        .order_by("-effective_from", "-number")
        .first()
    )
    if version is None:
        raise NoVersionInForce(
            f"Thủ tục {procedure.code} «{procedure.name}» không có phiên bản nào có hiệu lực ngày {on:%d/%m/%Y}.",
            code="no_version_in_force",
        )
    return version


def search_procedures(q: str, level: str | None = None, limit: int = 50) -> QuerySet[Procedure]:
    """Procedures whose code starts with ``q`` or whose name contains every word of ``q``,
    ignoring case and diacritics (``"dang ky khai sinh"`` finds «Đăng ký khai sinh»).

    ``level`` is ``"province"``/``"commune"`` (or ``None`` for both)."""
    q = (q or "").strip()
    queryset = Procedure.objects.select_related("field__sector").order_by("code")
    if level:
        queryset = queryset.filter(level=level)
    if not q:
        return queryset[:limit]
    by_name = Q()
    for word in fold(q).split():
        by_name &= Q(name_folded__contains=word)
    return queryset.filter(Q(code__startswith=q) | by_name)[:limit]
