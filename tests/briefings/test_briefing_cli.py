"""``motcua briefings``: the meetings of a programme, and a meeting's pack printed and written to
PDF and XLSX (the latest meeting unless one is named)."""

import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import motcua.cli.briefings
from motcua import cli, timesource
from tests.dossiers.scenario import vn

cli._register()
runner = CliRunner()


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    monkeypatch.setattr(motcua.cli.briefings, "django_setup", lambda migrate=False: None)
    timesource.set_provider(lambda: vn(2026, 4, 20))
    yield
    timesource.set_provider(None)


def test_the_pack_of_the_latest_meeting_is_printed_and_written(meetings, tmp_path):
    pdf, xlsx = tmp_path / "pack.pdf", tmp_path / "pack.xlsx"
    result = runner.invoke(cli.app, ["briefings", "pack", "CTR-T", "--pdf", str(pdf), "--xlsx", str(xlsx)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "số liệu đến ngày 14/04/2026" in result.output and "60,0 %" in result.output
    assert "Quá hạn 14 ngày: 4. Kế hoạch số hóa hồ sơ cư trú — Công an thành phố Hà Nội" in result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert load_workbook(io.BytesIO(xlsx.read_bytes()))["Tổng hợp"]["A1"].value == "Ban Chỉ đạo"


def test_a_named_meeting_and_the_list(meetings):
    first, _ = meetings
    result = runner.invoke(cli.app, ["briefings", "pack", "CTR-T", "--meeting", str(first.pk)], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "số liệu đến ngày 10/03/2026" in result.output
    listed = runner.invoke(cli.app, ["briefings", "meetings", "CTR-T"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "125-TB/BCĐ" in listed.output and "2/2" in listed.output


def test_unknown_programme_or_meeting_exits_2(meetings):
    assert runner.invoke(cli.app, ["briefings", "pack", "NONE"]).exit_code == 2
    result = runner.invoke(cli.app, ["briefings", "pack", "CTR-T", "--meeting", "99999"])
    assert result.exit_code == 2 and "không có phiên giao ban số 99999" in result.output
