"""Build procedure catalogue files (CSV or XLSX) for tests."""

import csv

from openpyxl import Workbook

from motcua.units.models import Area, Unit
from motcua.units.services import create_unit

PROCEDURE_COLUMNS = [
    "ma_tthc", "ten", "ma_nganh", "ten_nganh", "ma_linh_vuc", "ten_linh_vuc", "cap", "phien_ban", "hieu_luc_tu",
    "hieu_luc_den", "quyet_dinh_cong_bo", "ngay_cong_bo", "ngay_cong_khai", "ngay_vbqppl_hieu_luc",
    "ma_co_quan_tham_quyen", "thoi_han", "don_vi_thoi_han", "phi_le_phi", "muc_truc_tuyen", "thanh_phan_ho_so",
    "ket_qua", "lien_thong",
]
ROUTE_COLUMNS = ["ma_tthc", "phien_ban", "thu_tu", "ma_co_quan", "nhiem_vu", "thoi_han_gio", "cho_cac_buoc", "chu_tri"]


def procedure(**changes) -> dict:
    row = {
        "ma_tthc": "T.000001", "ten": "Cấp giấy phép xây dựng thử nghiệm", "ma_nganh": "XD", "ten_nganh": "Xây dựng",
        "ma_linh_vuc": "XD-GP", "ten_linh_vuc": "Cấp phép xây dựng", "cap": "tỉnh", "phien_ban": 1,
        "hieu_luc_tu": "01/07/2025", "ma_co_quan_tham_quyen": "SXD", "thoi_han": 15,
        "don_vi_thoi_han": "ngày làm việc", "phi_le_phi": "Lệ phí:150.000", "muc_truc_tuyen": "một phần",
        "thanh_phan_ho_so": "Đơn đề nghị|1|0; Bản vẽ|2|0", "ket_qua": "GPXD|Giấy phép xây dựng|có",
    }
    row.update(changes)
    return row


def joint(**changes) -> dict:
    return procedure(**{"ma_tthc": "T.000002", "ten": "Thủ tục liên thông thử nghiệm", "lien_thong": "tuần tự",
                        **changes})


def step(order, agency="SXD", lead=False, after="", **changes) -> dict:
    row = {"ma_tthc": "T.000002", "phien_ban": 1, "thu_tu": order, "ma_co_quan": agency,
           "nhiem_vu": f"Bước {order}", "thoi_han_gio": 16, "cho_cac_buoc": after, "chu_tri": "có" if lead else ""}
    row.update(changes)
    return row


def write_csv(path, rows, columns):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_files(tmp_path, kind, procedures, steps=None, columns=None):
    """Write the catalogue as ``kind`` ("csv" or "xlsx"); return the arguments for import_procedures.
    ``columns``: the ``thu_tuc`` columns (default ``PROCEDURE_COLUMNS``)."""
    columns = columns or PROCEDURE_COLUMNS
    if kind == "csv":
        main = write_csv(tmp_path / "thu_tuc.csv", procedures, columns)
        routes = write_csv(tmp_path / "lien_thong.csv", steps, ROUTE_COLUMNS) if steps is not None else None
        return main, routes
    book = Workbook()
    sheet = book.active
    sheet.title = "thu_tuc"
    sheet.append(columns)
    for row in procedures:
        sheet.append([row.get(c) for c in columns])
    if steps is not None:
        route_sheet = book.create_sheet("lien_thong")
        route_sheet.append(ROUTE_COLUMNS)
        for row in steps:
            route_sheet.append([row.get(c) for c in ROUTE_COLUMNS])
    path = tmp_path / "thu_tuc.xlsx"
    book.save(path)
    return path, None


def make_units() -> dict[str, Unit]:
    hanoi = Area.objects.create(code="01", name="Thành phố Hà Nội", name_folded="thanh pho ha noi", kind="city")
    units = {}
    for code, name, kind in [("SXD", "Sở Xây dựng", "department"), ("CA", "Công an Thành phố", "vertical_agency"),
                             ("STN", "Sở Nông nghiệp và Môi trường", "department")]:
        units[code] = create_unit(code=code, e_identifier=f"000.00.{len(units) + 1:02d}.H26", name=name, kind=kind,
                                  level="province", area=hanoi)
    return units
