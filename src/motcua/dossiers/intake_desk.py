"""The counter intake desk (tiếp nhận tại quầy, Decree 118 Art. 17.1), shared by the intake page
and the REST API so that both give the same outcome: where an officer may receive, which
communes they may pick, and the one write — a complete dossier is received (code, due time); an
incomplete one is filed and gets one consolidated supplement request listing exactly what is
missing, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from motcua import timesource
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services as sv
from motcua.dossiers.models import Dossier
from motcua.rules.acting import Actor
from motcua.rules.lifecycle import Role
from motcua.text import fold
from motcua.units.models import Area, Official, Unit

COMMUNE_KINDS = (Area.Kind.WARD, Area.Kind.COMMUNE, Area.Kind.SPECIAL_ZONE)


def reception_units(user, on: date) -> list[Unit]:
    """The one-stop units where ``user`` holds a live reception post (where they may receive)."""
    posts = Official.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                                    Q(valid_to__isnull=True) | Q(valid_to__gte=on),
                                    user=user, role=Role.RECEPTION.value).values("unit_id")
    return list(Unit.objects.filter(pk__in=posts, kind__in=Unit.ONE_STOP_KINDS)
                .select_related("area").order_by("name"))


def _province_ids(units: list[Unit]) -> set[int]:
    provinces = set()
    for unit in units:
        area = unit.area
        provinces.add(area.pk if area.is_province or area.parent_id is None else area.parent_id)
    return provinces


def commune_areas(units: list[Unit], q: str = "") -> QuerySet[Area]:
    """The communes and wards of the provinces where the units receive (searchable by name)."""
    areas = Area.objects.filter(parent_id__in=_province_ids(units), kind__in=COMMUNE_KINDS).only(
        "pk", "code", "name", "kind").order_by("name_folded")
    for word in fold(q).split():
        areas = areas.filter(name_folded__contains=word)
    return areas


def missing_documents(documents: list[dict], ticked: Iterable[int]) -> list[str]:
    """The names of the required checklist documents that were not ticked (by index)."""
    ticked = set(ticked)
    return [d.get("name", "") for i, d in enumerate(documents) if d.get("required") and i not in ticked]


@dataclass(frozen=True)
class Intake:
    """What came of a counter intake: the dossier, and the items asked for (none: received)."""

    dossier: Dossier
    requested: list[str]

    @property
    def received(self) -> bool:
        return not self.requested


def take_in(*, actor: Actor, version: ProcedureVersion, receiving_unit: Unit, applicant: sv.Applicant,
            channel: str, area: Area | None, ticked: Iterable[int], extra_items: Iterable[str] = (),
            notes: str = "", now: datetime | None = None, facts: dict[str, bool] | None = None) -> Intake:
    """Receive a complete dossier at the counter (or by post), or file an incomplete one with one
    consolidated supplement request: the required documents not ticked, then ``extra_items``.
    ``facts``: what the officer recorded for the Decision 766 index (digitised, reused, …).
    ``ActRefused`` leaves nothing behind."""
    now = now or timesource.now()
    filing = {"actor": actor, "version": version, "receiving_unit": receiving_unit, "applicant": applicant,
              "channel": channel, "area": area, "now": now}
    missing = missing_documents(list(version.documents or []), ticked)
    items = missing + [i for i in extra_items if i not in missing]
    if items:
        with transaction.atomic():  # one transaction: a refused request leaves no filed dossier
            dossier = sv.file_dossier(**filing, facts=facts)
            sv.request_intake_supplement(dossier, actor, items, notes, now=now)
        return Intake(dossier, items)
    return Intake(sv.receive_at_counter(**filing, facts=facts), [])
