"""Every write to areas, units and officials (ghi dữ liệu đơn vị), one function per act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.text import fold
from motcua.units.models import Area, Official, Unit

Progress = Callable[[int, int], None]

_BATCH = 500


def _area_kinds() -> dict:
    from vietnam_provinces import VietNamDivisionType as T

    return {
        T.THANH_PHO_TRUNG_UONG: Area.Kind.CITY,
        T.TINH: Area.Kind.PROVINCE,
        T.PHUONG: Area.Kind.WARD,
        T.XA: Area.Kind.COMMUNE,
        T.DAC_KHU: Area.Kind.SPECIAL_ZONE,
    }


@transaction.atomic
def load_areas(progress: Progress | None = None) -> tuple[int, int]:
    """Load the 34 provinces and 3,321 communes of the 2025 reorganisation (sắp xếp đơn vị hành
    chính 2025) from the ``vietnam-provinces`` package; return ``(provinces, communes)``.

    Upserts by code (provinces ``"01"``, communes ``"00070"``), so running it again only refreshes
    names. ``progress(done, total)`` is called after each batch.
    """
    from vietnam_provinces import Province, Ward

    kinds = _area_kinds()
    provinces = list(Province.iter_all())
    wards = list(Ward.iter_all())
    total = len(provinces) + len(wards)
    done = 0

    def upsert(rows: list[Area]) -> None:
        nonlocal done
        for start in range(0, len(rows), _BATCH):
            batch = rows[start:start + _BATCH]
            Area.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["code"],
                update_fields=["name", "name_folded", "kind", "parent"],
            )
            done += len(batch)
            if progress:
                progress(done, total)

    upsert([
        Area(code=f"{int(p.code):02d}", name=p.name, name_folded=fold(p.name), kind=kinds[p.division_type])
        for p in provinces
    ])
    province_ids = dict(Area.objects.filter(parent__isnull=True, code__in=[f"{int(p.code):02d}" for p in provinces])
                        .values_list("code", "id"))
    upsert([
        Area(code=f"{int(w.code):05d}", name=w.name, name_folded=fold(w.name), kind=kinds[w.division_type],
             parent_id=province_ids[f"{int(w.province_code):02d}"])
        for w in wards
    ])
    return len(provinces), len(wards)


@transaction.atomic
def save_area(area: Area) -> Area:
    """Save an area edited by hand (admin), keeping its folded name in step."""
    area.name_folded = fold(area.name)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def save_unit(unit: Unit, served_areas: Iterable[Area] | None = None) -> Unit:
    """Validate and save a unit (new or changed); ``served_areas`` replaces its service areas."""
    unit.name_folded = fold(unit.name)
    unit.full_clean()
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})
    if unit.parent_id:
        _refuse_parent_cycle(unit)
    if unit.successor_id:
        _check_successor(unit, unit.successor, unit.valid_to)
    unit.save()
    if served_areas is not None:
        unit.served_areas.set(served_areas)
    return unit


def create_unit(*, code: str, e_identifier: str, name: str, kind: str, level: str, area: Area,
                parent: Unit | None = None, served_areas: Iterable[Area] = (),
                valid_from: dt.date | None = None, valid_to: dt.date | None = None,
                successor: Unit | None = None) -> Unit:
    """Create an agency or one-stop unit (tạo cơ quan, đơn vị)."""
    unit = Unit(code=code, e_identifier=e_identifier, name=name, kind=kind, level=level, area=area,
                parent=parent, valid_from=valid_from, valid_to=valid_to, successor=successor)
    return save_unit(unit, served_areas=list(served_areas))


@transaction.atomic
def retire_unit(unit: Unit, on: dt.date, successor: Unit | None = None) -> Unit:
    """Retire a unit (giải thể, sáp nhập): ``on`` is its last day; ``successor`` takes over its
    work (đơn vị kế thừa) from the next day."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.valid_from and on < unit.valid_from:
        raise ValidationError(
            f"Không thể kết thúc «{unit}» ngày {on:%d/%m/%Y}, trước ngày bắt đầu hiệu lực {unit.valid_from:%d/%m/%Y}."
        )
    if successor is not None:
        _check_successor(unit, successor, on)
    unit.valid_to = on
    unit.successor = successor
    unit.save(update_fields=["valid_to", "successor"])
    return unit


@transaction.atomic
def add_official(user, unit: Unit, role: str, title: str = "", valid_from: dt.date | None = None) -> Official:
    """Give a person a post in a unit (phân công cán bộ) with a role in the system."""
    official = Official(user=user, unit=unit, role=role, title=title, valid_from=valid_from)
    official.full_clean()
    official.save()
    return official


def import_units(path: str | Path) -> int:
    """Create or update units from a CSV/XLSX file (see :mod:`motcua.units.importing`); all or nothing.

    Returns the number of rows imported. Raises :class:`motcua.tabular.ImportFailed`."""
    from motcua.units.importing import import_units as run

    return run(path)


def _check_successor(unit: Unit, successor: Unit, last_day: dt.date | None) -> None:
    if successor.pk == unit.pk:
        raise ValidationError(f"«{unit}» không thể là đơn vị kế thừa của chính nó.")
    if last_day and successor.valid_to and successor.valid_to <= last_day:
        raise ValidationError(
            f"Đơn vị kế thừa «{successor}» đã hết hiệu lực ngày {successor.valid_to:%d/%m/%Y}, "
            f"không thể nhận việc của «{unit}» từ sau ngày {last_day:%d/%m/%Y}."
        )
    seen = {unit.pk}
    current: Unit | None = successor
    while current is not None:
        if current.pk in seen:
            raise ValidationError(f"Chọn «{successor}» làm đơn vị kế thừa của «{unit}» tạo thành vòng lặp.")
        seen.add(current.pk)
        current = current.successor


def _refuse_parent_cycle(unit: Unit) -> None:
    seen = {unit.pk} if unit.pk else set()
    current = unit.parent
    while current is not None:
        if current.pk in seen:
            raise ValidationError({"parent": f"Chọn «{unit.parent}» làm đơn vị cấp trên tạo thành vòng lặp."})
        seen.add(current.pk)
        current = current.parent
