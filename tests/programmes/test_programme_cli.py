"""``motcua programmes``: list programmes with counts, print a task list with filters, export the
list and import it (a dry run writes nothing; bad rows print every error and exit 1)."""

from datetime import date

import pytest
from typer.testing import CliRunner

import motcua.cli.programmes
from motcua import cli
from motcua.programmes import services as sv
from motcua.programmes.models import Task
from tests.programmes.conftest import make_task

cli._register()
runner = CliRunner()
WIDE = {"COLUMNS": "200"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    monkeypatch.setattr(motcua.cli.programmes, "django_setup", lambda migrate=False: None)


@pytest.fixture
def tasks(world, programme):
    make_task(world, programme, "1", deadline=date(2026, 5, 15), lead=world.culture, content="Kế hoạch khảo sát")
    make_task(world, programme, "2", content="Đề án vị trí việc làm")


def test_list_and_tasks_with_filters(programme, tasks):
    listed = runner.invoke(cli.app, ["programmes", "list"], env=WIDE)
    assert listed.exit_code == 0, listed.output
    assert "CTR-T" in listed.output and "01-CTr/TU" in listed.output
    overdue = runner.invoke(cli.app, ["programmes", "tasks", "CTR-T", "--status", "open_overdue"], env=WIDE)
    assert overdue.exit_code == 0 and "Kế hoạch khảo sát" in overdue.output and "vị trí việc làm" not in overdue.output
    assert "Quá hạn chưa hoàn thành" in overdue.output
    by_unit = runner.invoke(cli.app, ["programmes", "tasks", "CTR-T", "--unit", "SXD", "-q", "vi tri"], env=WIDE)
    assert "Đề án vị trí việc làm" in by_unit.output and "Kế hoạch khảo sát" not in by_unit.output
    assert runner.invoke(cli.app, ["programmes", "tasks", "NOPE"]).exit_code == 2
    bad = runner.invoke(cli.app, ["programmes", "tasks", "CTR-T", "--status", "sideways"])
    assert bad.exit_code == 2 and "không hợp lệ" in bad.output


def test_export_then_import_into_another_programme(world, programme, tasks, tmp_path):
    path = tmp_path / "ds.xlsx"
    out = runner.invoke(cli.app, ["programmes", "export", "CTR-T", str(path)])
    assert out.exit_code == 0 and "Đã xuất 2 nhiệm vụ" in out.output and path.stat().st_size > 0
    sv.create_programme(code="CTR-2", number="02-CTr/TU", title="Khác", issuing_body="Thành ủy",
                        issued_on=date(2021, 3, 17), period_start=date(2021, 3, 17), period_end=date(2026, 12, 31),
                        standing_agency=world.justice)
    dry = runner.invoke(cli.app, ["programmes", "import", "CTR-2", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "sẽ giao 2 nhiệm vụ" in dry.output
    assert not Task.objects.filter(programme__code="CTR-2").exists()
    done = runner.invoke(cli.app, ["programmes", "import", "CTR-2", str(path), "--by", "justice_head"])
    assert done.exit_code == 0 and "Đã nhập 2 nhiệm vụ" in done.output
    assert Task.objects.filter(programme__code="CTR-2").count() == 2
    again = runner.invoke(cli.app, ["programmes", "import", "CTR-2", str(path)])
    assert again.exit_code == 1 and "Dòng 2, cột «Số thứ tự»: chương trình đã có nhiệm vụ số «1»" in again.output
    assert Task.objects.filter(programme__code="CTR-2").count() == 2
