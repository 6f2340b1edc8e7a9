"""``motcua units``: load-areas and import print counts; a bad file prints every error and exits 1."""

import pytest
from typer.testing import CliRunner

from motcua import cli
from motcua.units.models import Area, Unit

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db

HEADER = "ma,ma_dinh_danh,ten,loai,cap,ma_don_vi_cha,ma_dia_ban,dia_ban_phuc_vu,hieu_luc_tu,hieu_luc_den,ma_don_vi_ke_thua"


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch):
    """The test database is already migrated; the commands must not migrate inside a test transaction."""
    import motcua.cli.units

    monkeypatch.setattr(motcua.cli.units, "django_setup", lambda migrate=False: None)


def run(*args):
    return runner.invoke(cli.app, ["units", *args])


def test_load_areas_prints_counts():
    result = run("load-areas")
    assert result.exit_code == 0, result.output
    assert "34 tỉnh/thành phố, 3321 xã/phường/đặc khu" in result.stdout
    assert Area.objects.count() == 3355


def test_import_sample(tmp_path):
    run("load-areas")
    from pathlib import Path

    sample = Path(cli.__file__).parents[1] / "units" / "samples" / "don_vi_mau.csv"
    result = run("import", str(sample))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 10 cơ quan, đơn vị" in result.stdout
    assert Unit.objects.count() == 10


def test_bad_file_prints_every_error_to_stderr_and_exits_1(tmp_path):
    run("load-areas")
    path = tmp_path / "don_vi.csv"
    path.write_text(f"{HEADER}\nA,E.A,A,bệnh viện,province,,01,,,,\nB,E.B,B,department,huyện,,01,,,,\n",
                    encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "2 lỗi" in result.stderr
    assert "Dòng 2, cột «loai»" in result.stderr and "Dòng 3, cột «cap»" in result.stderr
    assert Unit.objects.count() == 0


def test_unknown_file_type(tmp_path):
    path = tmp_path / "don_vi.ods"
    path.write_text("x")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "chỉ nhận tệp .csv (UTF-8) hoặc .xlsx" in result.stderr
