"""``motcua surveys``: the rounds, and one round's indices printed as tables."""

import pytest
from typer.testing import CliRunner

import motcua.cli.surveys
from motcua import cli
from motcua.surveys import services as sv

from .conftest import answers

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    monkeypatch.setattr(motcua.cli.surveys, "django_setup", lambda migrate=False: None)


def test_results_print_the_indices(opened):
    for token in opened.tokens["UBND-HK"][:2]:
        sv.submit_response(token, answers("5"))
    sv.submit_response(opened.tokens["SXD"][0], answers("3"))
    result = runner.invoke(cli.app, ["surveys", "results", str(opened.pk)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Chỉ số SIPAS: 66.67%" in result.output
    assert "II.B. Thủ tục hành chính" in result.output and "UBND phường Hoàn Kiếm" in result.output
    listed = runner.invoke(cli.app, ["surveys", "rounds"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "Khảo sát quý 1/2026" in listed.output


def test_an_unknown_round_exits_2(managers):
    result = runner.invoke(cli.app, ["surveys", "results", "999"])
    assert result.exit_code == 2 and "Không có đợt khảo sát" in result.output
