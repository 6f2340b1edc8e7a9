"""Every write to the procedure catalogue (ghi danh mục thủ tục hành chính), one function per act."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.catalog.checks import Checked, check_catalogue
from motcua.catalog.importing import (
    PROCEDURE_COLUMNS, ROUTE_COLUMNS, ROUTE_TABLE, Units, check_step_row, check_version_row, read_tables, row_key,
)
from motcua.catalog.models import Field, Procedure, ProcedureVersion, RouteStep, Sector
from motcua.tabular import Cells, Errors
from motcua.text import fold

_DAY = dt.timedelta(days=1)
_VERSION_FIELDS = [
    "effective_from", "effective_to", "announcement", "announced_on", "published_on", "legal_basis_effective_on",
    "competent_unit", "duration_unit", "duration_value", "fees", "online", "documents", "result_types", "route_mode",
    "steps", "methods", "applicants",
]


@dataclass
class ImportReport:
    """What an import changed (kết quả nhập danh mục)."""

    sectors: int = 0
    fields: int = 0
    procedures_created: int = 0
    procedures_updated: int = 0
    versions_created: int = 0
    versions_updated: int = 0
    versions_closed: int = 0
    route_steps: int = 0

    def __str__(self) -> str:
        text = (
            f"{self.procedures_created + self.procedures_updated} thủ tục "
            f"({self.procedures_created} mới, {self.procedures_updated} cập nhật), "
            f"{self.versions_created + self.versions_updated} phiên bản "
            f"({self.versions_created} mới, {self.versions_updated} cập nhật), "
            f"{self.route_steps} bước liên thông, {self.sectors} ngành, {self.fields} lĩnh vực"
        )
        if self.versions_closed:
            text += f"; đã đóng {self.versions_closed} phiên bản cũ"
        return text + "."


def import_procedures(path: str | Path, route_path: str | Path | None = None) -> ImportReport:
    """Import the procedure catalogue from an XLSX workbook (sheets ``thu_tuc`` and optional
    ``lien_thong``) or from CSV files (procedures, and optionally route steps at ``route_path``).

    Every row is checked first; any problem raises :class:`motcua.tabular.ImportFailed` listing
    them all and nothing is written. Columns: see :mod:`motcua.catalog.importing`."""
    procedures, routes = read_tables(path, route_path)
    errors = Errors()
    procedures.check_columns(PROCEDURE_COLUMNS, errors)
    if routes is not None:
        routes.check_columns(ROUTE_COLUMNS, errors)
    errors.raise_if_any()
    with transaction.atomic():
        units = Units()
        route_errors = Errors(table=ROUTE_TABLE)
        versions, steps, rejected = [], [], set()
        for row in procedures.rows:
            if version := check_version_row(Cells(row, errors), units):
                versions.append(version)
            else:
                rejected.add(row_key(row))
        for row in routes.rows if routes else []:
            if route_step := check_step_row(Cells(row, route_errors), units):
                steps.append(route_step)
            else:
                rejected.add(row_key(row))
        errors.extend(route_errors)
        checked = check_catalogue(versions, steps, errors, rejected)
        errors.raise_if_any()
        return _write(checked)


def _write(checked: Checked) -> ImportReport:
    report = ImportReport()
    versions = sorted(checked.versions, key=lambda v: (v.code, v.number))
    sectors = {v.procedure["sector_code"]: v.procedure["sector_name"] for v in versions}
    fields = {v.procedure["field_code"]: (v.procedure["field_name"], v.procedure["sector_code"]) for v in versions}
    latest = {v.code: v for v in versions}  # the highest version names the procedure

    Sector.objects.bulk_create([Sector(code=c, name=n) for c, n in sectors.items()],
                               update_conflicts=True, unique_fields=["code"], update_fields=["name"])
    sector_ids = dict(Sector.objects.filter(code__in=sectors).values_list("code", "id"))
    Field.objects.bulk_create([Field(code=c, name=n, sector_id=sector_ids[s]) for c, (n, s) in fields.items()],
                              update_conflicts=True, unique_fields=["code"], update_fields=["name", "sector"])
    field_ids = dict(Field.objects.filter(code__in=fields).values_list("code", "id"))
    report.sectors, report.fields = len(sectors), len(fields)

    known = set(Procedure.objects.filter(code__in=latest).values_list("code", flat=True))
    Procedure.objects.bulk_create(
        [Procedure(code=code, name=v.procedure["name"], name_folded=fold(v.procedure["name"]),
                   field_id=field_ids[v.procedure["field_code"]], level=v.procedure["level"])
         for code, v in latest.items()],
        update_conflicts=True, unique_fields=["code"], update_fields=["name", "name_folded", "field", "level"],
    )
    procedure_ids = dict(Procedure.objects.filter(code__in=latest).values_list("code", "id"))
    report.procedures_updated = len(known)
    report.procedures_created = len(latest) - len(known)

    for version_id, last_day in checked.close_stored.items():
        ProcedureVersion.objects.filter(pk=version_id).update(effective_to=last_day)
    report.versions_closed = len(checked.close_stored)

    stored = set(ProcedureVersion.objects.filter(procedure_id__in=procedure_ids.values())
                 .values_list("procedure_id", "number"))
    ProcedureVersion.objects.bulk_create(
        [ProcedureVersion(procedure_id=procedure_ids[v.code], number=v.number, **v.values) for v in versions],
        update_conflicts=True, unique_fields=["procedure", "number"], update_fields=_VERSION_FIELDS,
    )
    report.versions_updated = sum(1 for v in versions if (procedure_ids[v.code], v.number) in stored)
    report.versions_created = len(versions) - report.versions_updated
    version_ids = {
        (code, number): pk
        for pk, code, number in ProcedureVersion.objects.filter(procedure_id__in=procedure_ids.values())
        .values_list("id", "procedure__code", "number")
    }

    replaced = {version_ids[s.key] for s in checked.steps}
    replaced |= {version_ids[v.key] for v in versions if not v.values["route_mode"]}
    RouteStep.objects.filter(version_id__in=replaced).delete()
    RouteStep.objects.bulk_create([RouteStep(version_id=version_ids[s.key], **s.values) for s in checked.steps])
    report.route_steps = len(checked.steps)
    return report


@transaction.atomic
def save_procedure(procedure: Procedure) -> Procedure:
    """Save a procedure edited by hand (admin), keeping its folded name in step."""
    procedure.name_folded = fold(procedure.name)
    procedure.full_clean()
    procedure.save()
    return procedure


@transaction.atomic
def save_version(version: ProcedureVersion) -> ProcedureVersion:
    """Save a version edited by hand, refusing one whose dates overlap another version's."""
    version.full_clean()
    if version.effective_to and version.effective_to < version.effective_from:
        raise ValidationError({"effective_to": "Ngày hết hiệu lực trước ngày có hiệu lực."})
    end = version.effective_to or dt.date.max
    for other in version.procedure.versions.exclude(pk=version.pk):
        if other.effective_from <= end and version.effective_from <= (other.effective_to or dt.date.max):
            raise ValidationError(
                f"Hiệu lực chồng lấn với phiên bản {other.number} của thủ tục {version.procedure.code}."
            )
    version.save()
    return version


@transaction.atomic
def add_version(procedure: Procedure, **fields) -> ProcedureVersion:
    """Add the next version of a procedure (phiên bản mới). ``effective_from`` is required; an
    open-ended previous version is closed the day before. ``number`` defaults to the next one."""
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    effective_from = fields.get("effective_from")
    if effective_from is None:
        raise ValidationError({"effective_from": "Thiếu ngày có hiệu lực của phiên bản mới."})
    previous = procedure.versions.order_by("-number").first()
    if previous is not None:
        fields.setdefault("number", previous.number + 1)
        if fields["number"] <= previous.number:
            raise ValidationError({"number": f"Số phiên bản phải lớn hơn {previous.number}."})
        if effective_from <= previous.effective_from:
            raise ValidationError({"effective_from": (
                f"Phiên bản mới phải có hiệu lực sau ngày {previous.effective_from:%d/%m/%Y} "
                f"(phiên bản {previous.number}).")})
        if previous.effective_to is None:
            previous.effective_to = effective_from - _DAY
            previous.save(update_fields=["effective_to"])
        elif previous.effective_to >= effective_from:
            raise ValidationError({"effective_from": (
                f"Phiên bản {previous.number} còn hiệu lực đến {previous.effective_to:%d/%m/%Y}; "
                f"phiên bản mới phải có hiệu lực sau ngày đó.")})
    fields.setdefault("number", 1)
    version = ProcedureVersion(procedure=procedure, **fields)
    return save_version(version)
