"""Importing the procedure catalogue from CSV or XLSX: every problem named by row and column,
nothing written when there is one; versions and route steps when there is none."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from motcua.catalog.models import Field, Procedure, ProcedureVersion, RouteStep, Sector
from motcua.catalog.services import import_procedures
from motcua.tabular import ImportFailed
from motcua.units.services import import_units, load_areas

from .builders import PROCEDURE_COLUMNS, joint, make_units, procedure, step, write_files

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parents[2] / "src" / "motcua"
D = dt.date


@pytest.fixture
def units():
    return make_units()


def test_sample_csv_files():
    load_areas()
    import_units(SAMPLES / "units" / "samples" / "don_vi_mau.csv")
    catalog = SAMPLES / "catalog" / "samples"
    report = import_procedures(catalog / "thu_tuc_mau.csv", route_path=catalog / "lien_thong_mau.csv")
    assert (report.procedures_created, report.versions_created, report.route_steps) == (3, 4, 3)
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert birth.procedure.level == "commune" and birth.competent_unit is None
    assert (birth.duration_value, birth.duration_unit, birth.online) == (1, "days", "full")
    assert birth.fees == [] and birth.result_types == [{"code": "GKS", "name": "Giấy khai sinh", "paper": True}]
    old, new = ProcedureVersion.objects.filter(procedure__code="2.000815").order_by("number")
    assert (old.effective_to, new.effective_from, new.duration_unit) == (D(2025, 6, 30), D(2025, 7, 1), "immediate")
    assert new.fees == [{"name": "Phí chứng thực bản sao (mỗi trang)", "amount": 2000}]
    steps = list(RouteStep.objects.filter(version__procedure__code="2.000986").select_related("agency"))
    assert [(s.order, s.agency.code, s.depends_on, s.is_lead) for s in steps] == [
        (1, "UBND-PHK", [], True), (2, "CA-PHK", [1], False), (3, "BHXH-HK", [1], False),
    ]
    again = import_procedures(catalog / "thu_tuc_mau.csv", route_path=catalog / "lien_thong_mau.csv")
    assert (again.procedures_created, again.procedures_updated, again.versions_updated) == (0, 3, 4)
    assert RouteStep.objects.count() == 3 and ProcedureVersion.objects.count() == 4


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_good_file_with_versions_and_route(tmp_path, units, kind):
    procedures = [
        procedure(phien_ban=1, hieu_luc_tu="01/01/2024", thoi_han=20),
        procedure(phien_ban=2, hieu_luc_tu="01/07/2025", thoi_han="12,5", ten="Cấp giấy phép xây dựng (mới)"),
        joint(hieu_luc_tu=dt.datetime(2025, 7, 1) if kind == "xlsx" else "2025-07-01", thoi_han=5),
        procedure(ma_tthc="X.1", ten="Xác nhận thử", cap="Cấp xã", ma_co_quan_tham_quyen="", thoi_han="",
                  don_vi_thoi_han="trả ngay", phi_le_phi="", muc_truc_tuyen="toàn trình"),
    ]
    steps = [step(1, "SXD", lead=True), step(2, "CA", after="1", thoi_han_gio=8), step(3, "STN", after="1;2")]
    report = import_procedures(*write_files(tmp_path, kind, procedures, steps))
    assert (report.procedures_created, report.versions_created, report.route_steps) == (3, 4, 3)
    permit = Procedure.objects.get(code="T.000001")
    assert permit.name == "Cấp giấy phép xây dựng (mới)" and permit.name_folded == "cap giay phep xay dung (moi)"
    assert permit.field.sector == Sector.objects.get(code="XD") and permit.level == "province"
    v1, v2 = permit.versions.order_by("number")
    assert (v1.effective_from, v1.effective_to, v2.effective_to) == (D(2024, 1, 1), D(2025, 6, 30), None)
    assert v2.duration_value == Decimal("12.5") and v2.competent_unit == units["SXD"]
    assert v2.fees == [{"name": "Lệ phí", "amount": 150000}]
    assert v2.documents[1] == {"name": "Bản vẽ", "originals": 2, "copies": 0, "required": True}
    route = ProcedureVersion.objects.get(procedure__code="T.000002")
    assert route.route_mode == "sequential" and route.effective_from == D(2025, 7, 1)
    assert [(s.agency.code, s.depends_on, s.is_lead, s.duration_hours) for s in route.route_steps.all()] == [
        ("SXD", [], True, 16), ("CA", [1], False, 8), ("STN", [1, 2], False, 16),
    ]
    instant = ProcedureVersion.objects.get(procedure__code="X.1")
    assert (instant.duration_unit, instant.duration_value, instant.procedure.level) == ("immediate", 0, "commune")


CASES = {
    "unknown competent unit": ([procedure(ma_co_quan_tham_quyen="KHONG-CO")], None, [(None, 2, "ma_co_quan_tham_quyen")]),
    "province without competent unit": ([procedure(ma_co_quan_tham_quyen="")], None, [(None, 2, "ma_co_quan_tham_quyen")]),
    "negative duration": ([procedure(thoi_han=-1)], None, [(None, 2, "thoi_han")]),
    "duration not a number": ([procedure(thoi_han="abc")], None, [(None, 2, "thoi_han")]),
    "duration missing": ([procedure(thoi_han="")], None, [(None, 2, "thoi_han")]),
    "immediate with a duration": ([procedure(don_vi_thoi_han="trả ngay", thoi_han=3)], None, [(None, 2, "thoi_han")]),
    "unknown duration unit": ([procedure(don_vi_thoi_han="tuần")], None, [(None, 2, "don_vi_thoi_han")]),
    "unknown level": ([procedure(cap="huyện")], None, [(None, 2, "cap")]),
    "bad date": ([procedure(hieu_luc_tu="32/01/2025")], None, [(None, 2, "hieu_luc_tu")]),
    "end before start": ([procedure(hieu_luc_den="01/01/2025")], None, [(None, 2, "hieu_luc_den")]),
    "bad fee": ([procedure(phi_le_phi="Lệ phí 8000")], None, [(None, 2, "phi_le_phi")]),
    "bad document": ([procedure(thanh_phan_ho_so="Đơn|một|0")], None, [(None, 2, "thanh_phan_ho_so")]),
    "duplicate version": ([procedure(), procedure()], None, [(None, 3, "phien_ban")]),
    "overlapping versions": (
        [procedure(hieu_luc_tu="01/01/2025", hieu_luc_den="31/12/2025"), procedure(phien_ban=2)], None,
        [(None, 3, "hieu_luc_tu")],
    ),
    "later version starting earlier": (
        [procedure(hieu_luc_tu="01/01/2025"), procedure(phien_ban=2, hieu_luc_tu="01/01/2024")], None,
        [(None, 3, "hieu_luc_tu")],
    ),
    "sector named two ways": ([procedure(), procedure(ma_tthc="T.9", ten_nganh="Xây dựng đô thị")], None,
                              [(None, 3, "ten_nganh")]),
    "level changing between versions": (
        [procedure(), procedure(phien_ban=2, hieu_luc_tu="01/01/2026", cap="xã")], None, [(None, 3, "cap")],
    ),
    "joint without steps": ([joint()], [], [(None, 2, "lien_thong")]),
    "joint without route table": ([joint()], None, [(None, 2, "lien_thong")]),
    "joint with two leads": ([joint()], [step(1, lead=True), step(2, lead=True, after="1")], [(None, 2, "lien_thong")]),
    "joint without lead": ([joint()], [step(1), step(2, after="1")], [(None, 2, "lien_thong")]),
    "waits for a later step": ([joint()], [step(1, lead=True, after="2"), step(2)], [("lien_thong", 2, "cho_cac_buoc")]),
    "waits for itself": ([joint()], [step(1, lead=True, after="1")], [("lien_thong", 2, "cho_cac_buoc")]),
    "waits for a missing step": ([joint()], [step(1, lead=True), step(2, after="7")], [("lien_thong", 3, "cho_cac_buoc")]),
    "steps of a non-joint procedure": ([procedure()], [step(1, lead=True, ma_tthc="T.000001")], [("lien_thong", 2, "ma_tthc")]),
    "steps of an unknown version": ([joint()], [step(1, lead=True), step(1, lead=True, phien_ban=3)],
                                    [("lien_thong", 3, "ma_tthc")]),
    "duplicate step": ([joint()], [step(1, lead=True), step(1)], [("lien_thong", 3, "thu_tu")]),
    "unknown agency": ([joint()], [step(1, "KHONG-CO", lead=True)], [("lien_thong", 2, "ma_co_quan")]),
    "negative step hours": ([joint()], [step(1, lead=True, thoi_han_gio=-2)], [("lien_thong", 2, "thoi_han_gio")]),
    "bad lead flag": ([joint()], [step(1, chu_tri="chắc chắn")], [("lien_thong", 2, "chu_tri")]),
}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_is_named_by_row_and_column_and_nothing_is_written(tmp_path, units, kind, case):
    procedures, steps, expected = CASES[case]
    with pytest.raises(ImportFailed) as failed:
        import_procedures(*write_files(tmp_path, kind, procedures, steps))
    assert [(e.table, e.row, e.column) for e in failed.value.errors] == expected, str(failed.value)
    for error in failed.value.errors:
        assert f"ng {error.row}, cột «{error.column}»" in str(failed.value)
    assert not Sector.objects.exists() and not Field.objects.exists() and not Procedure.objects.exists()
    assert not ProcedureVersion.objects.exists() and not RouteStep.objects.exists()


def test_several_errors_are_all_reported(tmp_path, units):
    procedures = [procedure(thoi_han="abc"), procedure(ma_tthc="T.2", cap="huyện", ma_co_quan_tham_quyen="X")]
    with pytest.raises(ImportFailed) as failed:
        import_procedures(*write_files(tmp_path, "csv", procedures))
    text = str(failed.value)
    assert 'Dòng 2, cột «thoi_han»: "abc" không phải là số' in text
    assert "Dòng 3, cột «cap»" in text and "giá trị cho phép: «tỉnh»; «xã»" in text
    assert "Dòng 3, cột «ma_co_quan_tham_quyen»: không có cơ quan, đơn vị mã «X»" in text


def test_missing_sheet_and_columns(tmp_path, units):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "khac"
    book.save(tmp_path / "a.xlsx")
    with pytest.raises(ImportFailed, match="không có trang «thu_tuc»"):
        import_procedures(tmp_path / "a.xlsx")
    (tmp_path / "b.csv").write_text("ma_tthc,ten\nT.1,X\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_procedures(tmp_path / "b.csv")
    assert [e.column for e in failed.value.errors] == [
        "ma_nganh", "ten_nganh", "ma_linh_vuc", "ten_linh_vuc", "cap", "phien_ban", "hieu_luc_tu", "thoi_han",
        "don_vi_thoi_han",
    ]


def test_new_version_closes_the_stored_open_one(tmp_path, units):
    import_procedures(*write_files(tmp_path, "csv", [procedure(hieu_luc_tu="01/01/2024")]))
    report = import_procedures(*write_files(tmp_path, "csv", [procedure(phien_ban=2, hieu_luc_tu="01/07/2025")]))
    assert (report.versions_created, report.versions_closed, report.procedures_updated) == (1, 1, 1)
    v1, v2 = ProcedureVersion.objects.order_by("number")
    assert (v1.effective_to, v2.effective_from, v2.effective_to) == (D(2025, 6, 30), D(2025, 7, 1), None)


def test_reimport_without_routes_keeps_stored_steps(tmp_path, units):
    steps = [step(1, lead=True), step(2, "CA", after="1")]
    import_procedures(*write_files(tmp_path, "xlsx", [joint()], steps))
    import_procedures(*write_files(tmp_path, "csv", [joint(thoi_han=7)]))
    version = ProcedureVersion.objects.get()
    assert version.duration_value == 7 and version.route_steps.count() == 2
    import_procedures(*write_files(tmp_path, "csv", [joint(lien_thong="")]))
    assert not RouteStep.objects.exists()  # no longer a joint procedure: its route goes


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_content_parts_are_read_from_optional_columns(tmp_path, units, kind):
    """trinh_tu, cach_thuc, doi_tuong (three of the seven parts Decision 766 indicator 1.3 checks)
    fill the version's steps, methods and applicants; a file without the columns leaves them blank."""
    columns = [*PROCEDURE_COLUMNS, "trinh_tu", "cach_thuc", "doi_tuong"]
    rows = [
        procedure(trinh_tu="Bước 1: Nộp hồ sơ; Bước 2: Thẩm định; Bước 3: Trả kết quả",
                  cach_thuc="Trực tiếp tại Bộ phận Một cửa; trực tuyến trên Cổng Dịch vụ công quốc gia",
                  doi_tuong="Tổ chức, cá nhân"),
        procedure(ma_tthc="T.2", trinh_tu="", cach_thuc="Qua dịch vụ bưu chính công ích", doi_tuong=""),
    ]
    import_procedures(*write_files(tmp_path, kind, rows, columns=columns))
    full = ProcedureVersion.objects.get(procedure__code="T.000001")
    assert full.steps == "Bước 1: Nộp hồ sơ; Bước 2: Thẩm định; Bước 3: Trả kết quả"
    assert full.methods.startswith("Trực tiếp tại Bộ phận Một cửa;") and full.applicants == "Tổ chức, cá nhân"
    partial = ProcedureVersion.objects.get(procedure__code="T.2")
    assert (partial.steps, partial.methods, partial.applicants) == ("", "Qua dịch vụ bưu chính công ích", "")


def test_a_file_without_the_content_columns_leaves_them_blank(tmp_path, units):
    import_procedures(*write_files(tmp_path, "csv", [procedure()]))
    version = ProcedureVersion.objects.get()
    assert (version.steps, version.methods, version.applicants) == ("", "", "")
