"""``motcua daily``: the jobs time sets off (dossiers not supplemented in 15 days closed, complaint
flags worked out again, deadline reminders sent, the 766 counters' journal folded) in one run; a second run the same day does
nothing more; a job that fails is reported, the others still run, and the exit code says so."""

import configparser
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from typer.testing import CliRunner

import motcua.cli.daily
from motcua import cli
from motcua.complaints import services as cs
from motcua.dossiers import services as sv
from motcua.quality import journal
from motcua.reporting.models import Notice
from motcua.rules.lifecycle import Role, State
from tests.complaints.conftest import make_case
from tests.dossiers.scenario import at_counter, fresh, transfer, vn
from tests.reporting.conftest import programme, world  # noqa: F401  (shared world and programme)

cli._register()
runner = CliRunner()
WIDE = {"COLUMNS": "200"}
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    monkeypatch.setattr(motcua.cli.daily, "django_setup", lambda migrate=False: None)


@pytest.fixture
def due(programme):  # noqa: F811
    """A dossier waiting for a supplement requested 3 March 9:00 (expires 18 March 9:00), a
    complaint accepted 6 January (past its legal maximum by 24 March), and the programme's
    reminders."""
    w = programme.world
    waiting = transfer(w, at_counter(w, w.birth, at=vn(2026, 3, 2, 8, 45)), vn(2026, 3, 2, 8, 55))
    waiting = sv.return_for_supplement(waiting, w.official("commune_officer", Role.PROCESSING),
                                       items=["Giấy chứng sinh"], now=vn(2026, 3, 3, 9, 0))
    complaint = make_case(w, "complaint_first", now=vn(2026, 1, 5))
    complaint = cs.accept(complaint, by=w.users["commune_officer"], now=vn(2026, 1, 6))
    return waiting, complaint


def daily(*args):
    return runner.invoke(cli.app, ["daily", *args], env=WIDE)


def row(output: str, start: str) -> list[str]:
    line = next(line for line in output.splitlines() if start in line)
    return [cell.strip() for cell in line.split("│")[1:-1]]


def test_one_run_does_every_job_and_a_second_does_nothing_more(due):
    waiting, complaint = due
    assert complaint.flags == [] and Notice.objects.count() == 0
    out = daily("--now", "2026-03-24T07:00")
    assert out.exit_code == 0, out.output
    assert row(out.output, "Kết thúc hồ sơ")[1:] == ["Xong", "1 hồ sơ được kết thúc"]
    assert row(out.output, "Tính lại dấu hiệu")[1:] == ["Xong", "1 vụ việc thay đổi dấu hiệu"]
    reminders = row(out.output, "Nhắc hạn")
    assert reminders[1] == "Xong" and not reminders[2].startswith("0 ")
    assert fresh(waiting).state == State.CLOSED
    folded = row(out.output, "Cộng thay đổi")
    # PostgreSQL: the acts above (reception, hand-off, supplement request, closing) left journal
    # rows; SQLite adds to the counters in each act
    assert folded[1] == "Xong" and (int(folded[2].split()[0]) > 0) == (connection.vendor == "postgresql")
    assert journal.pending() == 0
    complaint.refresh_from_db()
    assert complaint.flags == ["past_maximum"]
    notices, mails = Notice.objects.count(), len(mail.outbox)
    assert notices > 0 and mails > 0

    again = daily("--now", "2026-03-24T16:00")
    assert again.exit_code == 0, again.output
    assert row(again.output, "Kết thúc hồ sơ")[2] == "0 hồ sơ được kết thúc"
    assert row(again.output, "Tính lại dấu hiệu")[2] == "0 vụ việc thay đổi dấu hiệu"
    assert row(again.output, "Nhắc hạn")[2] == "0 lượt nhắc, 0 thư điện tử"
    assert row(again.output, "Cộng thay đổi")[1:] == ["Xong", "0 thay đổi được cộng vào số đếm"]
    assert (Notice.objects.count(), len(mail.outbox)) == (notices, mails)


def test_a_failing_job_is_reported_and_the_others_still_run(due, monkeypatch):
    waiting, complaint = due

    def broken(now):
        raise RuntimeError("mất kết nối cổng dịch vụ công")

    monkeypatch.setattr(sv, "close_expired", broken)
    out = daily("--now", "2026-03-24T07:00")
    assert out.exit_code == 1
    assert row(out.output, "Kết thúc hồ sơ")[1:] == ["Lỗi", "RuntimeError: mất kết nối cổng dịch vụ công"]
    assert fresh(waiting).state == State.AWAITING_SUPPLEMENT
    complaint.refresh_from_db()
    assert complaint.flags == ["past_maximum"] and Notice.objects.count() > 0


def test_a_bad_moment_is_refused_before_anything_runs(due):
    waiting, complaint = due
    out = daily("--now", "thứ hai")
    assert out.exit_code == 2 and "ISO 8601" in out.output
    assert fresh(waiting).state == State.AWAITING_SUPPLEMENT and Notice.objects.count() == 0
    complaint.refresh_from_db()
    assert complaint.flags == []


def test_the_systemd_timer_runs_this_command_every_morning():
    service, timer = (configparser.ConfigParser(strict=False, interpolation=None) for _ in range(2))
    service.read(ROOT / "deploy/systemd/motcua-daily.service")
    timer.read(ROOT / "deploy/systemd/motcua-daily.timer")
    command = service["Service"]["ExecStart"].split()
    assert Path(command[0]).name == "motcua" and command[1:] == ["daily"]
    assert runner.invoke(cli.app, ["daily", "--help"]).exit_code == 0
    assert timer["Timer"]["OnCalendar"] == "*-*-* 06:30:00 Asia/Ho_Chi_Minh" and timer["Timer"]["Persistent"] == "true"
