"""``motcua evaluation compute`` prints the unit's sheets and the quota's explanation;
``motcua evaluation export`` writes the XLSX."""

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import motcua.cli.evaluation
from motcua import cli

from .conftest import MARCH

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    monkeypatch.setattr(motcua.cli.evaluation, "django_setup", lambda migrate=False: None)


def test_compute_then_export(handled, tmp_path):
    result = runner.invoke(cli.app, ["evaluation", "compute", "--unit", "UBND-HK", "--period", MARCH],
                           env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    assert "UBND phường Hoàn Kiếm" in result.output and "tháng 03/2026" in result.output
    assert "Nhóm có" in result.output and "commune_chair" in result.output
    out = tmp_path / "ubnd.xlsx"
    done = runner.invoke(cli.app, ["evaluation", "export", "--unit", "UBND-HK", "--period", MARCH, str(out)])
    assert done.exit_code == 0, done.output
    assert "Đã ghi 7 phiếu" in done.output
    assert load_workbook(out)["Tong hop"].max_row == 8


def test_unknown_units_and_bad_periods_exit_2(people):
    assert runner.invoke(cli.app, ["evaluation", "compute", "--unit", "NOPE", "--period", MARCH]).exit_code == 2
    bad = runner.invoke(cli.app, ["evaluation", "compute", "--unit", "UBND-HK", "--period", "03/2026"])
    assert bad.exit_code == 2 and "không hợp lệ" in bad.output
    early = runner.invoke(cli.app, ["evaluation", "compute", "--unit", "UBND-HK", "--period", "2025"])
    assert early.exit_code == 1 and "Nghị định 335" in early.output
