"""Reads for a unit's organisation page and the list of units (tổ chức bộ máy của đơn vị):
its functions and duties, the procedures it is competent for, its positions and who holds them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from motcua.accounts.names import person_name
from motcua.catalog.models import ProcedureVersion
from motcua.text import fold
from motcua.units.access import Scope
from motcua.units.models import FunctionAssignment, Holding, Position, Unit


def _live(on: dt.date, start: str = "valid_from", end: str = "valid_to") -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


def units_in_scope(scope: Scope, q: str = "") -> QuerySet[Unit]:
    """Units the viewer may look at, searched by code or by every word of the name without
    diacritics (``"so tu phap"`` finds Sở Tư pháp)."""
    units = Unit.objects.select_related("successor").order_by("level", "code")
    if not scope.everything:
        units = units.filter(pk__in=scope.units)
    words = fold(q).split()
    if words:
        by_name = Q()
        for w in words:
            by_name &= Q(name_folded__contains=w)
        units = units.filter(by_name | Q(code__iexact=q.strip()))
    return units


@dataclass(frozen=True)
class UnitOrganisation:
    unit: Unit
    on: dt.date
    live: bool
    assignments: list
    procedures: list
    positions: list  # Position rows with ``current`` (live holdings, user loaded)


def unit_organisation(unit: Unit, on: dt.date) -> UnitOrganisation:
    """A unit's functions, procedures, positions and holders on ``on`` (five queries)."""
    assignments = list(FunctionAssignment.objects.filter(_live(on), unit=unit).select_related("function")
                       .order_by("function__code"))
    procedures = list(ProcedureVersion.objects.filter(_live(on, "effective_from", "effective_to"), competent_unit=unit)
                      .select_related("procedure").order_by("procedure__code", "-number"))
    seen, current_versions = set(), []
    for v in procedures:
        if v.procedure_id not in seen:
            seen.add(v.procedure_id)
            current_versions.append(v)
    live_holdings = Holding.objects.filter(_live(on, "start", "end")).select_related("user").order_by("start")
    positions = list(Position.objects.filter(_live(on), unit=unit)
                     .prefetch_related(Prefetch("holdings", queryset=live_holdings, to_attr="current")))
    for p in positions:
        for h in p.current:
            h.person = person_name(h.user)
    return UnitOrganisation(unit=unit, on=on, live=unit.is_live(on), assignments=assignments,
                            procedures=current_versions, positions=positions)
