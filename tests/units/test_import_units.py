"""Importing agencies and one-stop units from CSV/XLSX: all rows or none."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from motcua.tabular import ImportFailed
from motcua.units.models import Area, Unit
from motcua.units.services import create_unit, import_units, load_areas

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parents[2] / "src" / "motcua" / "units" / "samples" / "don_vi_mau.csv"
HEADER = "ma,ma_dinh_danh,ten,loai,cap,ma_don_vi_cha,ma_dia_ban,dia_ban_phuc_vu,hieu_luc_tu,hieu_luc_den,ma_don_vi_ke_thua"


@pytest.fixture(autouse=True)
def areas():
    load_areas()


def write(tmp_path, *lines, header=HEADER):
    path = tmp_path / "don_vi.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_sample_file_imports_every_unit_with_links():
    assert import_units(SAMPLE) == 10
    centre = Unit.objects.get(code="TTPVHCC-HN")
    assert centre.kind == Unit.Kind.ONE_TIER_CENTRE and centre.level == Unit.Level.PROVINCE
    assert centre.parent.code == "UBND-HN" and centre.valid_from == dt.date(2025, 7, 1)
    assert Unit.objects.get(code="STP-HN").kind == Unit.Kind.DEPARTMENT  # label «Sở, ban, ngành»
    branch = Unit.objects.get(code="CN01-HN")
    assert sorted(a.code for a in branch.served_areas.all()) == ["00070", "00073"]  # code and name
    assert branch.name_folded.startswith("chi nhanh so 1")
    merged = Unit.objects.get(code="STTTT-HN")
    assert merged.valid_to == dt.date(2025, 2, 28) and merged.successor.code == "SKHCN-HN"
    district = Unit.objects.get(code="UBND-QHK")  # names a successor defined further down the file
    assert district.successor.code == "UBND-PHK"


def test_import_again_updates_by_code(tmp_path):
    import_units(SAMPLE)
    path = write(tmp_path, "STP-HN,000.00.12.H26,Sở Tư pháp Hà Nội,department,province,UBND-HN,01,,,,")
    assert import_units(path) == 1
    unit = Unit.objects.get(code="STP-HN")
    assert unit.name == "Sở Tư pháp Hà Nội" and unit.served_areas.count() == 0
    assert Unit.objects.count() == 10


def test_bad_file_reports_all_three_errors_and_writes_nothing(tmp_path):
    path = write(
        tmp_path,
        "A,E.A,Đơn vị A,department,province,,01,,,,",
        "B,E.B,Đơn vị B,bệnh viện,province,A,01,,,,",
        "C,E.C,Đơn vị C,department,province,A,99999,,,,",
        "D,E.D,Đơn vị D,department,province,A,01,,31/13/2025,,",
    )
    with pytest.raises(ImportFailed) as failed:
        import_units(path)
    found = [(e.row, e.column) for e in failed.value.errors]
    assert found == [(3, "loai"), (4, "ma_dia_ban"), (5, "hieu_luc_tu")]
    text = str(failed.value)
    assert 'Dòng 3, cột «loai»: "bệnh viện" không hợp lệ; giá trị cho phép:' in text
    assert "Dòng 4, cột «ma_dia_ban»: không có địa bàn «99999»" in text
    assert 'Dòng 5, cột «hieu_luc_tu»: "31/13/2025" không phải là ngày có thật' in text
    assert Unit.objects.count() == 0


def test_duplicates_in_file_and_clashes_with_stored_units(tmp_path):
    create_unit(code="X", e_identifier="E.X", name="X", kind="department", level="province",
                area=Area.objects.get(code="01"))
    path = write(
        tmp_path,
        "A,E.A,A,department,province,,01,,,,",
        "A,E.A2,A lần hai,department,province,,01,,,,",
        "B,E.A,B,department,province,,01,,,,",
        "C,E.X,C,department,province,,01,,,,",
    )
    with pytest.raises(ImportFailed) as failed:
        import_units(path)
    assert [(e.row, e.column) for e in failed.value.errors] == [(3, "ma"), (4, "ma_dinh_danh"), (5, "ma_dinh_danh")]
    assert "trùng với dòng 2" in str(failed.value) and "đã thuộc đơn vị «X»" in str(failed.value)
    assert Unit.objects.count() == 1


def test_links_must_exist_not_loop_and_successor_must_outlive(tmp_path):
    path = write(
        tmp_path,
        "A,E.A,A,department,province,KHONG-CO,01,,,,",
        "B,E.B,B,department,province,C,01,,,30/06/2025,C",
        "C,E.C,C,department,province,B,01,,,30/06/2025,",
        "D,E.D,D,department,province,,01,,,,C",
    )
    with pytest.raises(ImportFailed) as failed:
        import_units(path)
    found = {(e.row, e.column) for e in failed.value.errors}
    assert (2, "ma_don_vi_cha") in found  # unknown parent
    assert (3, "ma_don_vi_cha") in found and (4, "ma_don_vi_cha") in found  # B <-> C parents loop
    assert (3, "ma_don_vi_ke_thua") in found  # C ends the same day as B
    assert (5, "hieu_luc_den") in found  # a successor needs an end date
    assert Unit.objects.count() == 0


def test_missing_columns_are_each_named(tmp_path):
    path = write(tmp_path, "A,A", header="ma,ten")
    with pytest.raises(ImportFailed) as failed:
        import_units(path)
    assert [e.column for e in failed.value.errors] == ["ma_dinh_danh", "loai", "cap", "ma_dia_ban"]


def test_xlsx_with_numeric_area_codes(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["UB", "E.UB", "UBND", "Ủy ban nhân dân", "Cấp tỉnh", None, 1, "Hà Nội; 70", None, None, None])
    sheet.append(["PX", "E.PX", "UBND phường", "peoples_committee", "xã", "UB", 70, "Cửa Nam",
                  dt.datetime(2025, 7, 1), None, None])
    path = tmp_path / "don_vi.xlsx"
    book.save(path)
    assert import_units(path) == 2
    ward = Unit.objects.get(code="PX")
    assert ward.area.code == "00070" and ward.parent.code == "UB" and ward.valid_from == dt.date(2025, 7, 1)
    assert [a.code for a in ward.served_areas.all()] == ["00073"]
    assert sorted(a.code for a in Unit.objects.get(code="UB").served_areas.all()) == ["00070", "01"]
