"""``motcua calendar``: the printed due time, the month view and errors for bad input."""

import pytest
from typer.testing import CliRunner

from motcua import cli

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db


def run(*args):
    return runner.invoke(cli.app, ["calendar", *args])


def test_due_in_working_days_prints_one_iso_line():
    result = run("due", "--start", "2026-02-13T16:30", "--working-days", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2026-02-25T16:30:00+07:00\n"


def test_due_in_working_hours():
    result = run("due", "--start", "2026-02-13T16:30", "--working-hours", "24")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2026-02-25T16:30:00+07:00\n"


def test_half_day_and_aware_start():
    result = run("due", "--start", "2026-03-02T01:00:00+00:00", "--working-days", "0.5", "--province", "01")
    assert result.stdout == "2026-03-02T12:00:00+07:00\n"  # 08:00 + 4 h: stays at 12:00


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "13/02/2026", "--working-days", "3"], "ISO 8601"),
        (["--start", "2026-02-13T16:30", "--working-days", "ba"], "phải là một số"),
        (["--start", "2026-02-13T16:30", "--working-days", "-1"], "không âm"),
        (["--start", "2026-02-13T16:30"], "đúng một trong hai"),
        (["--start", "2026-02-13T16:30", "--working-days", "1", "--working-hours", "8"], "đúng một trong hai"),
        (["--working-days", "1"], "thiếu --start"),
        (["--start", "2060-01-05T09:00", "--working-days", "1"], "phạm vi lịch"),
    ],
)
def test_bad_input_exits_2_with_a_vietnamese_message(args, message):
    result = run("due", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_month_marks_days_off_and_make_up_days():
    result = run("month", "2026-08")
    assert result.exit_code == 0, result.output
    assert "22 LB" in result.stdout and "31 N" in result.stdout
    assert "Tháng 08/2026" in result.stdout


def test_month_rejects_a_bad_month():
    result = run("month", "2026-13")
    assert result.exit_code == 2
    assert "không hợp lệ" in result.stderr
