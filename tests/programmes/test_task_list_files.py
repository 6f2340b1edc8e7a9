"""A programme's task list as XLSX: exported in tree order with status columns; imported back
into an empty programme it gives the same tasks; a file with bad rows is refused as a whole with
each problem's row, column and reason in Vietnamese; a dry run writes nothing."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from motcua.programmes import services as sv
from motcua.programmes.export import tasks_xlsx
from motcua.programmes.importing import import_tasks
from motcua.programmes.layout import COLUMNS, STATUS_COLUMNS
from motcua.programmes.models import Task, TaskChange
from motcua.tabular import ImportFailed
from tests.dossiers.scenario import vn
from tests.programmes.conftest import NOW, TODAY, make_task

pytestmark = pytest.mark.django_db
HEADERS = [h for h, _, _ in COLUMNS]


def sheet_rows(data: bytes) -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True)]


def write(tmp_path, rows, name="nhiem-vu.xlsx"):
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append([row.get(h) for h in HEADERS])
    path = tmp_path / name
    book.save(path)
    return path


ROW = {"Số thứ tự": "1", "Nội dung nhiệm vụ": "Đề án sắp xếp bộ máy", "Loại sản phẩm": "Đề án",
       "Đơn vị chủ trì": "SXD", "Ngày giao": "05/01/2026", "Thời hạn": "30/09/2026", "Văn bản giao": "01-CTr/TU"}


def test_export_then_import_gives_back_the_same_tasks(world, programme, tmp_path):
    parent = make_task(world, programme, "3", co_units=[world.culture, world.police],
                       leader=world.users["builder_head"],
                       officer=world.users["builder"], source_date=date(2021, 3, 17))
    make_task(world, programme, "3.1", parent=parent, lead=world.culture, deadline=None, progress=25)
    done = make_task(world, programme, "4", deadline=date(2026, 3, 31))
    sv.complete_task(done, by=None, now=vn(2026, 4, 10), completed_on=date(2026, 4, 10), result_document="QĐ 7/QĐ-UBND",
                     delay_reason="Chờ thẩm định", version=done.version)
    ext = make_task(world, programme, "10", deadline=date(2026, 5, 31))
    req = sv.request_extension(ext, by=world.users["builder"], now=vn(2026, 5, 1),
                               proposed_deadline=date(2026, 7, 31), reason="Chờ số liệu")
    sv.decide_extension(req, by=world.users["justice_head"], now=vn(2026, 5, 2), approve=True)
    exported = tasks_xlsx(programme, TODAY)
    rows = sheet_rows(exported)
    assert rows[0] == HEADERS + STATUS_COLUMNS
    assert [r[0] for r in rows[1:]] == ["3", "3.1", "4", "10"]
    assert rows[2][1] == "3" and rows[3][-2] == "Hoàn thành quá hạn"
    assert rows[1][HEADERS.index("Đơn vị phối hợp")] == "CATP; SVHTT"

    other = sv.create_programme(code="CTR-COPY", number="02-CTr/TU", title="Bản sao", issuing_body="Thành ủy",
                                issued_on=date(2021, 3, 17), period_start=date(2021, 3, 17),
                                period_end=date(2026, 12, 31), standing_agency=world.justice)
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(exported)
    outcome = import_tasks(other, path, by=world.users["justice_head"], now=NOW)
    assert outcome.created == 4
    again = sheet_rows(tasks_xlsx(other, TODAY))
    assert again == rows
    copy = Task.objects.get(programme=other, code="10")
    assert (copy.deadline, copy.original_deadline) == (date(2026, 7, 31), date(2026, 5, 31))
    assert TaskChange.objects.filter(task__programme=other, kind="assigned").count() == 4


def test_a_file_with_bad_rows_imports_nothing_and_says_where(world, programme, tmp_path):
    rows = [
        ROW,
        {**ROW, "Số thứ tự": "1"},  # duplicate
        {**ROW, "Số thứ tự": "2", "Đơn vị chủ trì": "Sở Không Có", "Thời hạn": "31/02/2026"},
        {**ROW, "Số thứ tự": "3", "Thuộc nhiệm vụ": "9", "Loại sản phẩm": "Bài thơ", "Tiến độ": 150},
        {**ROW, "Số thứ tự": "4", "Thời hạn": "01/01/2026", "Lãnh đạo phụ trách": "ai-do"},
    ]
    with pytest.raises(ImportFailed) as failed:
        import_tasks(programme, write(tmp_path, rows), by=None, now=NOW)
    lines = [str(e) for e in failed.value.errors]
    assert "Dòng 3, cột «Số thứ tự»: số «1» trùng với dòng 2" in lines
    assert any(line.startswith("Dòng 4, cột «Đơn vị chủ trì»: không có đơn vị «Sở Không Có»") for line in lines)
    assert any(line.startswith("Dòng 4, cột «Thời hạn»") and "ngày có thật" in line for line in lines)
    assert any(line.startswith("Dòng 5, cột «Loại sản phẩm»") for line in lines)
    assert any(line.startswith("Dòng 5, cột «Tiến độ»") for line in lines)
    assert any(line.startswith("Dòng 5, cột «Thuộc nhiệm vụ»") and "«9»" in line for line in lines)
    assert "Dòng 6, cột «Lãnh đạo phụ trách»: không có tài khoản «ai-do»" in lines
    assert not Task.objects.exists()


def test_rules_of_the_service_are_reported_per_row_and_roll_back(world, programme, tmp_path):
    rows = [ROW, {**ROW, "Số thứ tự": "2", "Thời hạn": "01/01/2026"}]  # deadline before assignment
    with pytest.raises(ImportFailed) as failed:
        import_tasks(programme, write(tmp_path, rows), by=None, now=NOW)
    assert [str(e) for e in failed.value.errors] == ["Dòng 3, cột «Thời hạn»: Thời hạn không được trước ngày giao"]
    assert not Task.objects.exists() and not TaskChange.objects.exists()


def test_a_dry_run_writes_nothing_and_children_may_come_first(world, programme, tmp_path):
    rows = [{**ROW, "Số thứ tự": "1.1", "Thuộc nhiệm vụ": "1", "Đơn vị chủ trì": "Sở Văn hóa và Thể thao"}, ROW]
    path = write(tmp_path, rows)
    outcome = import_tasks(programme, path, by=None, now=NOW, dry_run=True)
    assert (outcome.created, outcome.dry_run) == (2, True) and not Task.objects.exists()
    import_tasks(programme, path, by=None, now=NOW)
    child = Task.objects.get(code="1.1")
    assert child.parent.code == "1" and child.lead_unit == world.culture


def test_a_file_without_the_required_columns_says_which(world, programme, tmp_path):
    book = Workbook()
    book.active.append(["Số thứ tự", "Nội dung"])
    book.active.append(["1", "x"])
    book.save(tmp_path / "sai.xlsx")
    with pytest.raises(ImportFailed) as failed:
        import_tasks(programme, tmp_path / "sai.xlsx", by=None, now=NOW)
    assert "Cột «Đơn vị chủ trì»: thiếu cột bắt buộc" in [str(e) for e in failed.value.errors]
