"""A minimal world for benchmarks: a service centre, a commune, a department, the police and
two procedures (one simple, one joint), plus one official per role. Built through services
where they exist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from motcua.catalog.models import Field, Procedure, ProcedureVersion, Sector
from motcua.dossiers.actors import official_actor
from motcua.rules.lifecycle import Role
from motcua.text import fold
from motcua.units.models import Area, Official, Unit


def build_world(communes: int = 1):
    """Returns the branch, and per commune ``(ward, version, actors)``; every commune has its
    own People's Committee, so dossier codes of different communes never share a counter."""
    hanoi, _ = Area.objects.get_or_create(code="01", defaults=dict(name="Thành phố Hà Nội", name_folded="thanh pho ha noi",
                                                                   kind="city"))
    ward, _ = Area.objects.get_or_create(code="00070", defaults=dict(name="Phường Hoàn Kiếm", name_folded="phuong hoan kiem",
                                                                     kind="ward", parent=hanoi))
    K, L = Unit.Kind, Unit.Level

    def unit(code, eid, name, kind, level, area):
        return Unit.objects.get_or_create(code=code, defaults=dict(e_identifier=eid, name=name, name_folded=fold(name),
                                                                   kind=kind, level=level, area=area))[0]

    branch = unit("B-CN1", "000.01.00.H26", "Chi nhánh số 1", K.BRANCH, L.COMMUNE, ward)
    sector, _ = Sector.objects.get_or_create(code="B-TP", defaults={"name": "Tư pháp"})
    field, _ = Field.objects.get_or_create(code="B-HT", defaults={"name": "Hộ tịch", "sector": sector})
    proc, _ = Procedure.objects.get_or_create(code="B-1.001193", defaults=dict(
        name="Đăng ký khai sinh", name_folded="dang ky khai sinh", field=field, level="commune"))
    User = get_user_model()
    reception_user, _ = User.objects.get_or_create(username="b-reception")
    Official.objects.get_or_create(user=reception_user, unit=branch, role=Role.RECEPTION.value)
    worlds = []
    for n in range(communes):
        area = ward if n == 0 else Area.objects.get_or_create(code=f"B{n:04d}", defaults=dict(
            name=f"Phường thử {n}", name_folded=f"phuong thu {n}", kind="ward", parent=hanoi))[0]
        ubnd = unit(f"B-UBND-{n}", f"000.00.{n:02d}.B26", f"UBND phường thử {n}", K.PEOPLES_COMMITTEE, L.COMMUNE, area)
        version, _ = ProcedureVersion.objects.get_or_create(procedure=proc, number=n + 1, defaults=dict(
            effective_from=date(2025, 7, 1), competent_unit=ubnd, duration_unit="days", duration_value=Decimal(3),
            result_types=[{"code": "KQ01", "name": "Giấy khai sinh", "paper": True}]))
        actors = {"b-reception": (reception_user, official_actor(reception_user, Role.RECEPTION))}
        for prefix, role in (("b-leader", Role.LEADER), ("b-officer", Role.PROCESSING)):
            user, _ = User.objects.get_or_create(username=f"{prefix}-{n}")
            Official.objects.get_or_create(user=user, unit=ubnd, role=role.value)
            actors[prefix] = (user, official_actor(user, role))
        worlds.append((area, version, actors))
    return branch, worlds
