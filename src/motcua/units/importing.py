"""Import agencies and one-stop units from CSV/XLSX (nhập danh sách cơ quan, đơn vị).

Columns (header row; names are matched without diacritics or case):

====================  ==========================================================================
ma                    internal code (mã nội bộ), the upsert key — required
ma_dinh_danh          electronic identifier (mã định danh điện tử, QĐ 20/2020) — required, unique
ten                   name — required
loai                  kind: a code (``department``) or its label (``Sở, ban, ngành``) — required
cap                   level: ``province``/``Cấp tỉnh``/``tỉnh``, ``commune``/``Cấp xã``/``xã``,
                      ``ministry``/``Trung ương`` — required
ma_don_vi_cha         parent unit's ``ma`` (this file or already in the system)
ma_dia_ban            code of the area where its office is (``01``, ``00070``) — required
dia_ban_phuc_vu       served areas: ``;``-separated codes or names (``00070; Phường Cửa Nam``)
hieu_luc_tu           valid from (dd/mm/yyyy)
hieu_luc_den          valid to, its last day (dd/mm/yyyy)
ma_don_vi_ke_thua     successor unit's ``ma`` (this file or already in the system)
====================  ==========================================================================

An optional column left out of the file keeps the stored value; present but empty, it clears it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from motcua.tabular import Cells, Errors, read_table
from motcua.text import fold
from motcua.units.models import Area, Unit

REQUIRED = ["ma", "ma_dinh_danh", "ten", "loai", "cap", "ma_dia_ban"]
OPTIONAL = ["ma_don_vi_cha", "dia_ban_phuc_vu", "hieu_luc_tu", "hieu_luc_den", "ma_don_vi_ke_thua"]

KINDS = {**{k.value: k.value for k in Unit.Kind}, **{k.label: k.value for k in Unit.Kind}}
LEVELS = {
    **{k.value: k.value for k in Unit.Level}, **{k.label: k.value for k in Unit.Level},
    "tỉnh": Unit.Level.PROVINCE, "xã": Unit.Level.COMMUNE, "bộ": Unit.Level.MINISTRY,
}
_PREFIXES = ("thanh pho ", "tinh ", "phuong ", "xa ", "dac khu ")


@dataclass
class _Planned:
    number: int
    code: str
    values: dict
    parent: str | None = None
    successor: str | None = None
    served: list[int] | None = None
    present: set = field(default_factory=set)


class _Areas:
    """All areas in memory (3,355 rows), looked up by code or by name."""

    def __init__(self):
        self.by_id = {a.id: a for a in Area.objects.only("id", "code", "name", "name_folded", "kind", "parent_id")}
        self.by_code = {a.code: a for a in self.by_id.values()}
        self.by_name: dict[str, list[Area]] = {}
        for a in self.by_id.values():
            keys = {a.name_folded} | {a.name_folded[len(p):] for p in _PREFIXES if a.name_folded.startswith(p)}
            for key in keys:
                self.by_name.setdefault(key, []).append(a)

    def by_code_text(self, text: str) -> list[Area]:
        candidates = {text}
        if text.isdigit():
            candidates |= {text.zfill(2), text.zfill(5)} if len(text) <= 2 else {text.zfill(5)}
        return [self.by_code[c] for c in sorted(candidates) if c in self.by_code]

    def find(self, text: str, province_id: int | None) -> tuple[Area | None, str | None]:
        """An area from a code or a name; names are looked for inside the unit's province first."""
        found = self.by_code_text(text)
        if not found:
            found = self.by_name.get(fold(text), [])
            if len(found) > 1 and province_id:
                found = [a for a in found if province_id in (a.id, a.parent_id)] or found
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, f"không có địa bàn «{text}»"
        listed = ", ".join(f"{a.code} {a.name}" for a in found[:5])
        return None, f"«{text}» trùng nhiều địa bàn ({listed}); hãy ghi mã"


def import_units(path: str | Path) -> int:
    """Check every row of the file, then create or update all units in one transaction."""
    table = read_table(path)
    errors = Errors()
    if not table.check_columns(REQUIRED, errors):
        errors.raise_if_any()
    with transaction.atomic():
        plans = _check(table, errors)
        errors.raise_if_any()
        _write(plans)
    return len(plans)


def _check(table, errors: Errors) -> list[_Planned]:
    areas = _Areas()
    existing = {u.code: u for u in Unit.objects.all()}
    by_eid = {u.e_identifier: u.code for u in existing.values()}
    plans: dict[str, _Planned] = {}
    eids_in_file: dict[str, int] = {}
    present = {c for c in OPTIONAL if table.has(c)}
    for row in table.rows:
        cells = Cells(row, errors)
        code = cells.text("ma", required=True, max_length=40)
        eid = cells.text("ma_dinh_danh", required=True, max_length=40)
        values = {
            "e_identifier": eid,
            "name": cells.text("ten", required=True, max_length=255),
            "kind": cells.choice("loai", KINDS, required=True, allowed=[f"{k.value} ({k.label})" for k in Unit.Kind]),
            "level": cells.choice("cap", LEVELS, required=True, allowed=[f"{k.value} ({k.label})" for k in Unit.Level]),
            "valid_from": cells.date("hieu_luc_tu"),
            "valid_to": cells.date("hieu_luc_den"),
        }
        if code and code in plans:
            cells.error("ma", f"mã «{code}» trùng với dòng {plans[code].number}")
            code = None
        if eid:
            if eid in eids_in_file:
                cells.error("ma_dinh_danh", f"mã định danh «{eid}» trùng với dòng {eids_in_file[eid]}")
            elif by_eid.get(eid, code) != code:
                cells.error("ma_dinh_danh", f"mã định danh «{eid}» đã thuộc đơn vị «{by_eid[eid]}»")
            eids_in_file.setdefault(eid, row.number)
        if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
            cells.error("hieu_luc_den", "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
        area_text = cells.text("ma_dia_ban", required=True)
        area = None
        if area_text:
            area, problem = areas.find(area_text, None)
            if problem:
                cells.error("ma_dia_ban", problem)
        province_id = (area.id if area.parent_id is None else area.parent_id) if area else None
        served = None
        if "dia_ban_phuc_vu" in present:
            served = []
            for item in cells.items("dia_ban_phuc_vu"):
                found, problem = areas.find(item, province_id)
                if problem:
                    cells.error("dia_ban_phuc_vu", problem)
                elif found.id not in served:
                    served.append(found.id)
        values["area_id"] = area.id if area else None
        plan = _Planned(row.number, code or "", values, cells.text("ma_don_vi_cha"),
                        cells.text("ma_don_vi_ke_thua"), served, present)
        if code:
            plans[code] = plan
    _check_links(plans, existing, errors)
    return list(plans.values())


def _check_links(plans: dict[str, _Planned], existing: dict[str, Unit], errors: Errors) -> None:
    """Parents and successors must exist (here or stored), not loop, and a successor must outlive."""
    ids = {u.id: u.code for u in existing.values()}

    def final(code: str, attr: str) -> str | None:
        plan = plans.get(code)
        if plan is not None and attr in ("parent", "successor") and _column(attr) in plan.present:
            return getattr(plan, attr)
        unit = existing.get(code)
        link_id = getattr(unit, f"{attr}_id", None) if unit else None
        return ids.get(link_id)

    def valid_to(code: str):
        plan = plans.get(code)
        if plan is not None and "hieu_luc_den" in plan.present:
            return plan.values["valid_to"]
        unit = existing.get(code)
        return unit.valid_to if unit else None

    for code, plan in plans.items():
        for attr in ("parent", "successor"):
            target = getattr(plan, attr)
            column = _column(attr)
            if not target:
                continue
            if target not in plans and target not in existing:
                errors.add(plan.number, column, f"không có đơn vị mã «{target}» trong tệp hoặc trong hệ thống")
                continue
            seen, current = {code}, target
            while current and current not in seen:
                seen.add(current)
                current = final(current, attr)
            if current:
                errors.add(plan.number, column, f"«{target}» tạo thành vòng lặp ({' → '.join([code, target])} …)")
                continue
            if attr == "successor":
                mine, theirs = valid_to(code), valid_to(target)
                if mine is None:
                    errors.add(plan.number, "hieu_luc_den", "đơn vị có đơn vị kế thừa phải có ngày hết hiệu lực")
                elif theirs and theirs <= mine:
                    errors.add(plan.number, column,
                               f"đơn vị kế thừa «{target}» hết hiệu lực ngày {theirs:%d/%m/%Y}, "
                               f"không sau ngày {mine:%d/%m/%Y}")


def _column(attr: str) -> str:
    return {"parent": "ma_don_vi_cha", "successor": "ma_don_vi_ke_thua"}[attr]


def _write(plans: list[_Planned]) -> None:
    existing = {u.code: u for u in Unit.objects.filter(code__in=[p.code for p in plans])}
    new, changed = [], []
    for plan in plans:
        values = dict(plan.values)
        values["name_folded"] = fold(values["name"])
        if "hieu_luc_tu" not in plan.present:
            values.pop("valid_from")
        if "hieu_luc_den" not in plan.present:
            values.pop("valid_to")
        unit = existing.get(plan.code)
        if unit is None:
            new.append(Unit(code=plan.code, **values))
        else:
            for name, value in values.items():
                setattr(unit, name, value)
            changed.append(unit)
    fields = ["e_identifier", "name", "name_folded", "kind", "level", "area", "valid_from", "valid_to"]
    if changed:
        Unit.objects.bulk_update(changed, fields)
    Unit.objects.bulk_create(new)
    ids = dict(Unit.objects.values_list("code", "id"))
    by_code = {p.code: p for p in plans}
    linked = []
    for unit in [*changed, *new]:
        plan = by_code[unit.code]
        unit.pk = unit.id = ids[unit.code]
        if "ma_don_vi_cha" in plan.present:
            unit.parent_id = ids.get(plan.parent) if plan.parent else None
        if "ma_don_vi_ke_thua" in plan.present:
            unit.successor_id = ids.get(plan.successor) if plan.successor else None
        linked.append(unit)
    Unit.objects.bulk_update(linked, ["parent", "successor"])
    served = {ids[p.code]: p.served for p in plans if p.served is not None}
    through = Unit.served_areas.through
    through.objects.filter(unit_id__in=served).delete()
    through.objects.bulk_create(
        [through(unit_id=unit_id, area_id=area_id) for unit_id, areas in served.items() for area_id in areas]
    )
