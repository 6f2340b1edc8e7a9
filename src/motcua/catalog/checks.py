"""Checks across rows of a procedure catalogue file (kiểm tra tổng thể tệp danh mục TTHC):
duplicate versions, inconsistent sector/field names, overlapping effective ranges, and the route
of each joint procedure (steps, one lead agency, dependencies on earlier steps only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from motcua.catalog.importing import ROUTE_TABLE, StepRow, VersionRow
from motcua.catalog.models import ProcedureVersion, RouteStep
from motcua.tabular import Errors

_DAY = dt.timedelta(days=1)


@dataclass
class Checked:
    """The rows that passed, and the stored versions that must be closed to make room."""

    versions: list[VersionRow]
    steps: list[StepRow]
    close_stored: dict[int, dt.date] = field(default_factory=dict)


def check_catalogue(versions: list[VersionRow], steps: list[StepRow], errors: Errors,
                    rejected: set[tuple] = frozenset()) -> Checked:
    """Check the rows that passed on their own against each other and the stored catalogue.

    ``rejected`` holds the (code, version) keys of rows already refused, so that their steps or
    versions do not raise follow-on errors."""
    versions = _unique(versions, errors)
    _consistent(versions, errors)
    stored = _stored_versions({v.code for v in versions})
    close_stored = _check_ranges(versions, stored, errors)
    _check_steps(versions, steps, stored, errors, rejected)
    return Checked(versions, steps, close_stored)


def _unique(versions: list[VersionRow], errors: Errors) -> list[VersionRow]:
    seen: dict[tuple[str, int], VersionRow] = {}
    for v in versions:
        if v.key in seen:
            errors.add(v.row, "phien_ban", f"thủ tục «{v.code}» phiên bản {v.number} trùng với dòng {seen[v.key].row}")
        else:
            seen[v.key] = v
    return list(seen.values())


def _consistent(versions: list[VersionRow], errors: Errors) -> None:
    """A code means one thing throughout the file: sector name, field name and sector, level."""
    first: dict[tuple[str, str], tuple[VersionRow, object]] = {}

    def same(kind: str, code: str, value, row: VersionRow, column: str, what: str) -> None:
        key = (kind, code)
        if key not in first:
            first[key] = (row, value)
        elif first[key][1] != value:
            earlier, old = first[key]
            errors.add(row.row, column, f"{what} «{value}» khác với dòng {earlier.row} («{old}»)")

    for v in versions:
        p = v.procedure
        same("sector", p["sector_code"], p["sector_name"], v, "ten_nganh", f"tên ngành {p['sector_code']}")
        same("field", p["field_code"], p["field_name"], v, "ten_linh_vuc", f"tên lĩnh vực {p['field_code']}")
        same("field-sector", p["field_code"], p["sector_code"], v, "ma_nganh",
             f"lĩnh vực {p['field_code']} thuộc ngành")
        same("level", v.code, p["level"], v, "cap", f"cấp của thủ tục {v.code}")


def _stored_versions(codes: set[str]) -> dict[tuple[str, int], dict]:
    rows = ProcedureVersion.objects.filter(procedure__code__in=codes).values(
        "id", "procedure__code", "number", "effective_from", "effective_to"
    )
    stored = {(r["procedure__code"], r["number"]): r for r in rows}
    counts = (
        RouteStep.objects.filter(version_id__in=[r["id"] for r in stored.values()])
        .values("version_id").annotate(steps=Count("id"), leads=Count("id", filter=Q(is_lead=True)))
    )
    by_id = {c["version_id"]: c for c in counts}
    for r in stored.values():
        r["steps"] = by_id.get(r["id"], {}).get("steps", 0)
        r["leads"] = by_id.get(r["id"], {}).get("leads", 0)
    return stored


@dataclass
class _Span:
    number: int
    start: dt.date
    end: dt.date | None
    row: VersionRow | None = None
    stored_id: int | None = None

    def show(self) -> str:
        where = f"dòng {self.row.row}" if self.row else "đã có trong hệ thống"
        end = f"{self.end:%d/%m/%Y}" if self.end else "…"
        return f"phiên bản {self.number} ({self.start:%d/%m/%Y}–{end}, {where})"


def _check_ranges(versions: list[VersionRow], stored: dict, errors: Errors) -> dict[int, dt.date]:
    """Versions of one procedure follow each other in number and date without overlapping. An
    open-ended version (no ``hieu_luc_den``) ends the day before the next one starts."""
    spans: dict[str, dict[int, _Span]] = defaultdict(dict)
    for (code, number), r in stored.items():
        spans[code][number] = _Span(number, r["effective_from"], r["effective_to"], stored_id=r["id"])
    for v in versions:
        spans[v.code][v.number] = _Span(v.number, v.values["effective_from"], v.values["effective_to"], row=v)
    close_stored: dict[int, dt.date] = {}
    for code, by_number in spans.items():
        ordered = [by_number[n] for n in sorted(by_number)]
        for a, b in zip(ordered, ordered[1:]):
            if b.start <= a.start:
                problem = f"{b.show()} phải có hiệu lực sau {a.show()}"
            elif a.end is not None and a.end >= b.start:
                problem = f"hiệu lực chồng lấn: {a.show()} và {b.show()}"
            else:
                if a.end is None:
                    a.end = b.start - _DAY
                    if a.row:
                        a.row.values["effective_to"] = a.end
                    else:
                        close_stored[a.stored_id] = a.end
                continue
            if b.row:
                errors.add(b.row.row, "hieu_luc_tu", problem)
            elif a.row:
                errors.add(a.row.row, "hieu_luc_den", problem)
    return close_stored


def _check_steps(versions: list[VersionRow], steps: list[StepRow], stored: dict, errors: Errors,
                 rejected: set[tuple]) -> None:
    by_key = {v.key: v for v in versions}
    per_version: dict[tuple[str, int], dict[int, StepRow]] = defaultdict(dict)
    for s in steps:
        version = by_key.get(s.key)
        if version is None and s.key in rejected:
            continue
        if version is None:
            errors.add(s.row, "ma_tthc", f"không có thủ tục «{s.key[0]}» phiên bản {s.key[1]} trong bảng «thu_tuc»",
                       ROUTE_TABLE)
        elif not version.values["route_mode"]:
            errors.add(s.row, "ma_tthc", f"thủ tục «{s.key[0]}» phiên bản {s.key[1]} không phải thủ tục liên thông "
                                         f"(cột «lien_thong» ở dòng {version.row} để trống)", ROUTE_TABLE)
        elif s.values["order"] in per_version[s.key]:
            earlier = per_version[s.key][s.values["order"]]
            errors.add(s.row, "thu_tu", f"bước {s.values['order']} trùng với dòng {earlier.row}", ROUTE_TABLE)
        else:
            per_version[s.key][s.values["order"]] = s
    for key, by_order in per_version.items():
        for order, s in by_order.items():
            for wanted in s.values["depends_on"]:
                if wanted not in by_order:
                    errors.add(s.row, "cho_cac_buoc", f"không có bước {wanted}", ROUTE_TABLE)
                elif wanted >= order:
                    message = f"bước {order} chỉ được chờ các bước đứng trước nó, không chờ bước {wanted}"
                    errors.add(s.row, "cho_cac_buoc", message, ROUTE_TABLE)
    for v in versions:
        if not v.values["route_mode"] or v.key in rejected:
            continue
        if per_version.get(v.key):
            count = len(per_version[v.key])
            leads = sum(1 for s in per_version[v.key].values() if s.values["is_lead"])
        else:
            old = stored.get(v.key, {})
            count, leads = old.get("steps", 0), old.get("leads", 0)
        if count == 0:
            errors.add(v.row, "lien_thong", f"thủ tục liên thông phải có các bước trong bảng «{ROUTE_TABLE}»")
        elif leads != 1:
            errors.add(v.row, "lien_thong", f"phải có đúng một cơ quan chủ trì (cột «chu_tri»), đang có {leads}")
