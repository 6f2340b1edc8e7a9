"""Hà Nội's organisation for the demo: the real 126 communes (from ``vietnam-provinces``), the city
agencies and procedures (CSV files in ``demo/data``, read by the ordinary importers), a People's
Committee per commune and the one-tier centre's branches.

Electronic identifiers and procedure codes are shaped like the official ones but are demo
values: Hà Nội = H26 and the agency numbers are not verified against Decision 20/2020. So are
the announcing decisions of the procedures' second versions (numbers and dates in 2026, some
announced or published late, for Decision 766 indicators 1.1 and 1.2) and which communes offer
electronic certified copies (about 85 %, for the digitisation indicator)."""

from __future__ import annotations

from pathlib import Path

from motcua.catalog.services import import_procedures
from motcua.units.models import Area, Unit
from motcua.units.services import create_unit, import_units, load_areas, save_unit

DATA = Path(__file__).parent / "data"
BRANCHES = 30  # Hà Nội opened 30 branches of its one-tier centre on 1 Jul 2025
NO_E_COPY_EVERY = 7  # every 7th commune does not yet offer e-certified copies: 108 of 126 (86 %) do


def build_organisation() -> dict:
    load_areas()
    import_units(DATA / "don_vi_ha_noi.csv")
    hanoi = Area.objects.get(code="01")
    communes = list(Area.objects.filter(parent=hanoi).order_by("code"))
    centre = Unit.objects.get(code="TTPVHCC-HN")
    committees = []
    for n, area in enumerate(communes, 1):
        committees.append(save_unit(Unit(
            code=f"UBND-X{area.code}", e_identifier=f"{n:03d}.00.00.H26", name=f"Ủy ban nhân dân {area.name}",
            kind=Unit.Kind.PEOPLES_COMMITTEE, level=Unit.Level.COMMUNE, area=area,
            e_certified_copy=n % NO_E_COPY_EVERY != 0), served_areas=[area]))
    branches, branch_of = [], {}
    for b in range(BRANCHES):
        served = communes[round(b * len(communes) / BRANCHES):round((b + 1) * len(communes) / BRANCHES)]
        branch = create_unit(
            code=f"CN{b + 1:02d}-HN", e_identifier=f"000.{b + 1:02d}.01.H26",
            name=f"Chi nhánh số {b + 1} Trung tâm Phục vụ hành chính công ({served[0].name})",
            kind=Unit.Kind.BRANCH, level=Unit.Level.COMMUNE, area=served[0], parent=centre, served_areas=served)
        branches.append(branch)
        for area in served:
            branch_of[area.pk] = branch
    import_procedures(DATA / "thu_tuc_ha_noi.csv", route_path=DATA / "lien_thong_ha_noi.csv")
    agencies = list(Unit.objects.filter(kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.VERTICAL_AGENCY], valid_to__isnull=True))
    return {"centre": centre, "communes": communes, "committees": committees, "branches": branches,
            "branch_of": branch_of, "agencies": agencies}


def existing_organisation() -> dict:
    """The demo organisation already in the database (to print its accounts again)."""
    hanoi = Area.objects.get(code="01")
    branches = list(Unit.objects.filter(kind=Unit.Kind.BRANCH, code__startswith="CN").order_by("code"))
    return {"centre": Unit.objects.get(code="TTPVHCC-HN"), "branches": branches, "branch_of": {},
            "communes": list(Area.objects.filter(parent=hanoi).order_by("code")),
            "committees": list(Unit.objects.filter(code__startswith="UBND-X").order_by("e_identifier")),
            "agencies": list(Unit.objects.filter(kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.VERTICAL_AGENCY],
                                                 valid_to__isnull=True))}
