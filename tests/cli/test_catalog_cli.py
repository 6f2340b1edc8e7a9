"""``motcua catalog``: import (with --routes) and search; a bad file prints every error and exits 1."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from motcua import cli
from motcua.catalog.models import Procedure, RouteStep
from motcua.units.services import import_units, load_areas

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db

SRC = Path(cli.__file__).parents[1]
SAMPLES = SRC / "catalog" / "samples"


@pytest.fixture(autouse=True)
def setup(monkeypatch):
    import motcua.cli.catalog

    monkeypatch.setattr(motcua.cli.catalog, "django_setup", lambda migrate=False: None)
    load_areas()
    import_units(SRC / "units" / "samples" / "don_vi_mau.csv")


def run(*args):
    return runner.invoke(cli.app, ["catalog", *args])


def test_import_csv_with_routes_then_search():
    result = run("import", str(SAMPLES / "thu_tuc_mau.csv"), "--routes", str(SAMPLES / "lien_thong_mau.csv"))
    assert result.exit_code == 0, result.output
    assert "3 thủ tục (3 mới, 0 cập nhật)" in result.stdout and "3 bước liên thông" in result.stdout
    assert RouteStep.objects.count() == 3
    found = run("search", "dang ky khai sinh")
    assert found.exit_code == 0, found.output
    assert "1.001193" in found.stdout and "2.000986" in found.stdout and "2.000815" not in found.stdout
    assert run("search", "chung thuc", "--cap", "tinh").exit_code == 1
    assert "2.000815" in run("search", "chung thuc", "--cap", "xã").stdout


def test_search_with_bad_level():
    result = run("search", "x", "--cap", "huyện")
    assert result.exit_code == 2
    assert "giá trị cho phép" in result.stderr


def test_bad_file_prints_every_error_and_writes_nothing(tmp_path):
    text = (SAMPLES / "thu_tuc_mau.csv").read_text(encoding="utf-8")
    text = text.replace(",1,ngày làm việc,", ",abc,ngày làm việc,").replace(",xã,2,", ",huyện,2,")
    path = tmp_path / "thu_tuc.csv"
    path.write_text(text, encoding="utf-8")
    result = run("import", str(path))  # no --routes: the joint procedure has no steps either
    assert result.exit_code == 1
    assert 'Dòng 2, cột «thoi_han»: "abc" không phải là số' in result.stderr
    assert "Dòng 4, cột «cap»" in result.stderr
    assert "Dòng 5, cột «lien_thong»: thủ tục liên thông phải có các bước" in result.stderr
    assert "3 lỗi" in result.stderr
    assert not Procedure.objects.exists()
