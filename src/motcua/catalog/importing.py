"""Read and check a procedure catalogue file (tệp danh mục thủ tục hành chính).

Table ``thu_tuc`` (XLSX sheet, or the CSV file): one row per procedure version.

=======================  =======================================================================
ma_tthc                  procedure code (mã TTHC), e.g. ``1.001193`` — required
ten                      procedure name — required
ma_nganh, ten_nganh      sector code and name (ngành) — required
ma_linh_vuc, ten_linh_vuc field code and name (lĩnh vực) — required
cap                      ``tỉnh`` or ``xã`` (also ``Cấp tỉnh``, ``province``, ``commune``) — required
phien_ban                version number, 1, 2, … — required
hieu_luc_tu              in force from (dd/mm/yyyy) — required
hieu_luc_den             in force until (last day); empty = until the next version starts
quyet_dinh_cong_bo       announcing decision (quyết định công bố)
ngay_cong_bo             date of that decision
ngay_cong_khai           date published on the national procedure database (CSDLQG)
ngay_vbqppl_hieu_luc     date the legal basis took effect
ma_co_quan_tham_quyen    competent unit's code or e-identifier; required for ``tỉnh``, empty for ``xã``
thoi_han                 statutory time limit (a number; empty or 0 with ``trả ngay``)
don_vi_thoi_han          ``ngày làm việc``, ``giờ làm việc`` or ``trả ngay`` (days/hours/immediate) — required
phi_le_phi               ``Tên:số tiền; …`` (``Lệ phí:8.000``) or ``Miễn lệ phí``
muc_truc_tuyen           ``không``, ``một phần`` or ``toàn trình``
thanh_phan_ho_so         ``Tên|bản chính|bản sao[|bắt buộc]; …``
ket_qua                  ``MÃ|Tên|giấy; …`` (giấy = có/không: the result is a paper document)
lien_thong               ``tuần tự`` (paper) or ``song song`` (electronic) for a joint procedure
trinh_tu                 the sequence of steps (trình tự thực hiện), free text
cach_thuc                how to file (cách thức thực hiện): ``Trực tiếp tại Bộ phận Một cửa; …``
doi_tuong                who files (đối tượng thực hiện)
=======================  =======================================================================

The last three columns are optional (a file without them leaves the texts blank); with the name,
the documents, the time limit and the agency they are the seven parts Decision 766 checks (1.3).

Table ``lien_thong`` (XLSX sheet, or a second CSV file): the route steps of joint procedures.

============  ==================================================================================
ma_tthc       procedure code; with ``phien_ban`` it must name a joint version in ``thu_tuc``
phien_ban     version number
thu_tu        step number (1, 2, …), unique within the version
ma_co_quan    the agency's unit code or e-identifier
nhiem_vu      its task
thoi_han_gio  its own time limit, in working hours
cho_cac_buoc  the earlier steps it waits for: ``1;2``
chu_tri       ``có`` for the lead agency (cơ quan chủ trì): exactly one per version
============  ==================================================================================

Any XLSX date cell works as well as ``dd/mm/yyyy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from motcua.catalog import formats
from motcua.catalog.models import ProcedureVersion
from motcua.tabular import CellError, Cells, Table, as_text, parse_int, read_table, show
from motcua.units.models import Unit

PROCEDURE_COLUMNS = ["ma_tthc", "ten", "ma_nganh", "ten_nganh", "ma_linh_vuc", "ten_linh_vuc", "cap",
                     "phien_ban", "hieu_luc_tu", "thoi_han", "don_vi_thoi_han"]
ROUTE_COLUMNS = ["ma_tthc", "phien_ban", "thu_tu", "ma_co_quan", "nhiem_vu", "thoi_han_gio"]
ROUTE_TABLE = "lien_thong"
MAX_DURATION = Decimal("99999.9")


@dataclass
class VersionRow:
    """One checked row of ``thu_tuc``."""

    row: int
    code: str
    number: int
    procedure: dict
    values: dict

    @property
    def key(self) -> tuple[str, int]:
        return self.code, self.number


@dataclass
class StepRow:
    """One checked row of ``lien_thong``."""

    row: int
    key: tuple[str, int]
    values: dict


@dataclass
class Catalogue:
    """Everything a file says, checked; written by :func:`motcua.catalog.services.import_procedures`."""

    versions: list[VersionRow] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    has_route_table: bool = False


def read_tables(path: str | Path, route_path: str | Path | None) -> tuple[Table, Table | None]:
    """The ``thu_tuc`` table and, if there is one, the ``lien_thong`` table."""
    path = Path(path)
    is_xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    procedures = read_table(path, "thu_tuc" if is_xlsx else None)
    if route_path is not None:
        route_path = Path(route_path)
        route_xlsx = route_path.suffix.lower() in (".xlsx", ".xlsm")
        routes = read_table(route_path, ROUTE_TABLE if route_xlsx else None, optional=route_xlsx, name=ROUTE_TABLE)
        if routes is None:  # a workbook without a lien_thong sheet: take its first sheet
            routes = read_table(route_path, name=ROUTE_TABLE)
    elif is_xlsx:
        routes = read_table(path, ROUTE_TABLE, optional=True, name=ROUTE_TABLE)
    else:
        routes = None
    return procedures, routes


class Units:
    """Units looked up by code or by electronic identifier."""

    def __init__(self):
        self.by_key: dict[str, Unit] = {}
        for unit in Unit.objects.only("id", "code", "e_identifier", "name", "valid_to"):
            self.by_key[unit.code] = unit
            self.by_key.setdefault(unit.e_identifier, unit)

    def check(self, cells: Cells, column: str, effective_from) -> int | None:
        text = cells.text(column)
        if not text:
            return None
        unit = self.by_key.get(text)
        if unit is None:
            cells.error(column, f"không có cơ quan, đơn vị mã «{text}» trong hệ thống")
            return None
        if effective_from and unit.valid_to and unit.valid_to < effective_from:
            cells.error(column, f"«{unit.name}» đã hết hiệu lực ngày {unit.valid_to:%d/%m/%Y}, "
                                f"trước ngày phiên bản có hiệu lực {effective_from:%d/%m/%Y}")
            return None
        return unit.id


def check_version_row(cells: Cells, units: Units) -> VersionRow | None:
    V = ProcedureVersion
    code = cells.text("ma_tthc", required=True, max_length=40)
    procedure = {
        "name": cells.text("ten", required=True, max_length=500),
        "sector_code": cells.text("ma_nganh", required=True, max_length=20),
        "sector_name": cells.text("ten_nganh", required=True, max_length=200),
        "field_code": cells.text("ma_linh_vuc", required=True, max_length=20),
        "field_name": cells.text("ten_linh_vuc", required=True, max_length=200),
        "level": cells.choice("cap", formats.LEVELS, required=True, allowed=["tỉnh", "xã"]),
    }
    number = cells.integer("phien_ban", required=True, minimum=1)
    effective_from = cells.date("hieu_luc_tu", required=True)
    values = {
        "effective_from": effective_from,
        "effective_to": cells.date("hieu_luc_den"),
        "announcement": cells.text("quyet_dinh_cong_bo", max_length=120) or "",
        "announced_on": cells.date("ngay_cong_bo"),
        "published_on": cells.date("ngay_cong_khai"),
        "legal_basis_effective_on": cells.date("ngay_vbqppl_hieu_luc"),
        "competent_unit_id": units.check(cells, "ma_co_quan_tham_quyen", effective_from),
        "duration_unit": cells.choice("don_vi_thoi_han", formats.DURATION_UNITS, required=True,
                                      allowed=["ngày làm việc", "giờ làm việc", "trả ngay"]),
        "duration_value": cells.number("thoi_han", minimum=0),
        "fees": _composite(cells, "phi_le_phi", formats.parse_fees),
        "online": cells.choice("muc_truc_tuyen", formats.ONLINE, default=V.Online.NONE,
                               allowed=["không", "một phần", "toàn trình"]),
        "documents": _composite(cells, "thanh_phan_ho_so", formats.parse_documents),
        "result_types": _composite(cells, "ket_qua", formats.parse_results),
        "route_mode": cells.choice("lien_thong", formats.ROUTE_MODES, allowed=["tuần tự", "song song"]) or "",
        "steps": cells.text("trinh_tu") or "",
        "methods": cells.text("cach_thuc") or "",
        "applicants": cells.text("doi_tuong") or "",
    }
    if values["effective_to"] and effective_from and values["effective_to"] < effective_from:
        cells.error("hieu_luc_den", "ngày hết hiệu lực trước ngày có hiệu lực")
    duration = values["duration_value"]
    unit = values["duration_unit"]
    if duration is not None:
        if duration > MAX_DURATION or duration != duration.quantize(Decimal("0.1")):
            cells.error("thoi_han", _too_precise(cells.row.get("thoi_han")))
        elif unit == V.DurationUnit.IMMEDIATE and duration != 0:
            cells.error("thoi_han", "thủ tục «trả ngay» không có thời hạn; để trống hoặc ghi 0")
    elif unit in (V.DurationUnit.DAYS, V.DurationUnit.HOURS) and cells.row.get("thoi_han") is None:
        cells.error("thoi_han", "thiếu thời hạn giải quyết")
    values["duration_value"] = duration or Decimal(0)
    if procedure["level"] == "province" and cells.row.get("ma_co_quan_tham_quyen") is None:
        cells.error("ma_co_quan_tham_quyen", "thủ tục cấp tỉnh phải có cơ quan có thẩm quyền")
    if cells.failed:
        return None
    return VersionRow(cells.row.number, code, number, procedure, values)


def check_step_row(cells: Cells, units: Units) -> StepRow | None:
    code = cells.text("ma_tthc", required=True)
    number = cells.integer("phien_ban", required=True, minimum=1)
    values = {
        "order": cells.integer("thu_tu", required=True, minimum=1),
        "agency_id": units.check(cells, "ma_co_quan", None),
        "task": cells.text("nhiem_vu", required=True, max_length=255),
        "duration_hours": cells.number("thoi_han_gio", required=True, minimum=0),
        "depends_on": _composite(cells, "cho_cac_buoc", formats.parse_steps),
        "is_lead": cells.flag("chu_tri"),
    }
    if cells.row.get("ma_co_quan") is None:
        cells.error("ma_co_quan", "thiếu giá trị bắt buộc")
    hours = values["duration_hours"]
    if hours is not None and (hours > MAX_DURATION or hours != hours.quantize(Decimal("0.1"))):
        cells.error("thoi_han_gio", _too_precise(cells.row.get("thoi_han_gio")))
    if cells.failed:
        return None
    return StepRow(cells.row.number, (code, number), values)


def _too_precise(value) -> str:
    return f"{show(value)} vượt quá {MAX_DURATION} hoặc có hơn 1 chữ số thập phân"


def row_key(row) -> tuple[str, int | None]:
    """A rejected row's (procedure code, version) as well as can be read, to silence follow-on errors."""
    try:
        number = parse_int(row.get("phien_ban"))
    except (CellError, TypeError):
        number = None
    return as_text(row.get("ma_tthc") or ""), number


def _composite(cells: Cells, column: str, parser):
    value = cells.row.get(column)
    if value is None:
        return []
    try:
        return parser(value)
    except CellError as exc:
        cells.error(column, str(exc))
        return []
