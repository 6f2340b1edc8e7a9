"""The shared CSV/XLSX reader and cell checks used by every import."""

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from motcua.tabular import (
    CellError, Cells, Errors, ImportFailed, RowError, normalise_header, parse_bool, parse_choice, parse_date,
    parse_decimal, parse_int, read_table, split_list,
)


def test_headers_are_folded_and_snake_cased():
    assert normalise_header("  Mã định danh ") == "ma_dinh_danh"
    assert normalise_header("Thời hạn") == "thoi_han"


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_csv_with_or_without_bom(tmp_path, bom):
    path = tmp_path / "a.csv"
    path.write_text(f"{bom}Mã,Tên\n1,Hà Nội\n\n2,\"Phường, xã\"\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["ma", "ten"]
    assert [(r.number, r.values) for r in table.rows] == [
        (2, {"ma": "1", "ten": "Hà Nội"}), (4, {"ma": "2", "ten": "Phường, xã"}),
    ]


def test_xlsx_named_sheet_and_first_sheet(tmp_path):
    book = Workbook()
    book.active.title = "dau"
    book.active.append(["Mã"])
    book.active.append([1])
    other = book.create_sheet("Thu tuc")
    other.append(["Mã", "Ngày"])
    other.append(["x", dt.datetime(2025, 7, 1)])
    path = tmp_path / "a.xlsx"
    book.save(path)
    assert read_table(path).rows[0].values == {"ma": 1}
    row = read_table(path, "thu_tuc").rows[0]
    assert row.number == 2 and row.values["ngay"] == dt.datetime(2025, 7, 1)
    assert read_table(path, "lien_thong", optional=True) is None
    with pytest.raises(ImportFailed, match="không có trang «lien_thong»"):
        read_table(path, "lien_thong")


def test_unreadable_files_say_why(tmp_path):
    with pytest.raises(ImportFailed, match="chỉ nhận tệp .csv"):
        (tmp_path / "a.pdf").write_text("x")
        read_table(tmp_path / "a.pdf")
    with pytest.raises(ImportFailed, match="Không tìm thấy tệp"):
        read_table(tmp_path / "none.csv")
    (tmp_path / "b.csv").write_bytes("Mã\nHà Nội".encode("cp1258", errors="replace").replace(b"?", b"\xff"))
    with pytest.raises(ImportFailed, match="UTF-8"):
        read_table(tmp_path / "b.csv")
    (tmp_path / "c.xlsx").write_text("not a zip")
    with pytest.raises(ImportFailed, match="không phải tệp Excel"):
        read_table(tmp_path / "c.xlsx")


def test_missing_columns_one_error_each(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("ma\n1\n", encoding="utf-8")
    errors = Errors()
    assert not read_table(path).check_columns(["ma", "ten", "cap"], errors)
    assert [str(e) for e in errors] == ["Cột «ten»: thiếu cột bắt buộc", "Cột «cap»: thiếu cột bắt buộc"]


def test_error_format_and_import_failed_lists_all():
    errors = [RowError(5, "thoi_han", '"abc" không phải là số'), RowError(7, "cap", "x", table="lien_thong")]
    assert str(errors[0]) == 'Dòng 5, cột «thoi_han»: "abc" không phải là số'
    assert str(errors[1]) == "Bảng «lien_thong», dòng 7, cột «cap»: x"
    text = str(ImportFailed(errors))
    assert "2 lỗi" in text and 'Dòng 5, cột «thoi_han»' in text and "dòng 7" in text


def test_parsers():
    assert parse_int("12") == 12 and parse_int(3.0) == 3
    assert parse_decimal("1,5") == Decimal("1.5") and parse_decimal(2) == 2
    assert parse_date("01/07/2025") == parse_date("2025-07-01") == parse_date(dt.datetime(2025, 7, 1)) == dt.date(2025, 7, 1)
    assert [parse_bool(v) for v in ("Có", "x", "1", "yes", "TRUE", "không", "0", "no", "false", 1)] == [True] * 5 + [False] * 4 + [True]
    assert parse_choice("Cấp Xã", {"cấp xã": "commune"}) == "commune"
    assert split_list(" a; b;;c ") == ["a", "b", "c"] and split_list(None) == []
    with pytest.raises(CellError, match='"abc" không phải là số'):
        parse_decimal("abc")
    with pytest.raises(CellError, match="không phải là ngày có thật"):
        parse_date("31/02/2025")
    with pytest.raises(CellError, match="có, x, 1"):
        parse_bool("có lẽ")
    with pytest.raises(CellError, match="giá trị cho phép: «tỉnh»; «xã»"):
        parse_choice("huyện", {"tỉnh": 1, "xã": 2})


def test_cells_record_errors_with_row_and_column():
    from motcua.tabular import Row

    errors = Errors()
    cells = Cells(Row(5, {"thoi_han": "abc", "so": "-1", "ten": "x" * 10}), errors)
    assert cells.number("thoi_han") is None
    assert cells.integer("so", minimum=0) is None
    assert cells.text("ten", max_length=5) is None
    assert cells.text("ma", required=True) is None
    assert cells.flag("chu_tri") is False
    assert [str(e) for e in errors] == [
        'Dòng 5, cột «thoi_han»: "abc" không phải là số',
        'Dòng 5, cột «so»: "-1" phải lớn hơn hoặc bằng 0',
        "Dòng 5, cột «ten»: dài 10 ký tự, tối đa 5",
        "Dòng 5, cột «ma»: thiếu giá trị bắt buộc",
    ]
