"""``motcua org review`` and ``motcua org rotation``: Rich tables, JSON, ``--strict`` exit codes."""

import json

import pytest
from typer.testing import CliRunner

from motcua import cli

from .conftest import ON

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    import motcua.cli.org

    monkeypatch.setattr(motcua.cli.org, "django_setup", lambda migrate=False: None)


def run(*args):
    return runner.invoke(cli.app, ["org", *args], env={"COLUMNS": "240"})


def test_review_prints_each_group_and_exits_0(org):
    result = run("review", "--on", ON.isoformat())
    assert result.exit_code == 0, result.output
    assert "6 phát hiện" in result.output and "Công an thành phố Hà Nội" in result.output
    assert "Thủ tục chưa chuyển sang đơn vị kế thừa" in result.output


def test_review_strict_exits_1_when_there_are_findings_and_0_when_none(org):
    assert run("review", "--on", ON.isoformat(), "--strict").exit_code == 1
    from motcua.units.models import Position, StateFunction, FunctionAssignment, Holding
    from motcua.catalog.models import ProcedureVersion

    ProcedureVersion.objects.filter(procedure__code="1.003000").delete()
    Holding.objects.all().delete()
    Position.objects.all().delete()
    FunctionAssignment.objects.all().delete()
    StateFunction.objects.all().delete()
    result = run("review", "--on", "2024-01-01", "--strict", "--json")
    data = json.loads(result.output)
    # before the merger nothing points at a dead unit; every unit but the branch lacks a head now
    assert {g["kind"] for g in data["groups"] if g["count"]} == {"unit_headless"}
    assert result.exit_code == 1


def test_review_json_is_the_same_report(org):
    result = run("review", "--on", ON.isoformat(), "--json")
    data = json.loads(result.output)
    assert data["on"] == "2026-11-20" and data["total"] == 6
    [line] = next(g for g in data["groups"] if g["kind"] == "acting_too_long")["lines"]
    assert line["fix_url"].startswith("/admin/units/holding/")


def test_a_bad_date_is_refused(org):
    result = run("review", "--on", "20/11/2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_rotation_prints_who_is_due_and_why(org):
    result = run("rotation", "--on", ON.isoformat())
    assert result.exit_code == 0, result.output
    assert "2 quá hạn, 1 sắp đến hạn, 1 tạm hoãn, 1 không chuyển đổi" in result.output
    assert "Builder" in result.output and "Quá hạn chuyển đổi" in result.output
