"""``motcua reports``: the daily reminder run (what it sent; nothing new the second time) and the
lead units that have not reported for a period."""

import pytest
from django.core import mail
from typer.testing import CliRunner

import motcua.cli.reports
from motcua import cli, timesource
from motcua.reporting.models import Notice
from motcua.reporting.services import file_report
from tests.dossiers.scenario import vn

cli._register()
runner = CliRunner()
WIDE = {"COLUMNS": "220"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    monkeypatch.setattr(motcua.cli.reports, "django_setup", lambda migrate=False: None)
    yield
    timesource.set_provider(None)


def test_remind_prints_what_it_sent_and_nothing_the_second_time(programme):
    w = programme.world
    for user, unit in (("builder", w.construction), ("culture_officer", w.culture), ("police_officer", w.police)):
        file_report(programme, unit, "2026-01", by=w.users[user], now=vn(2026, 2, 2), summary="x")
    result = runner.invoke(cli.app, ["reports", "remind", "--now", "2026-02-28T07:00"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Sắp đến hạn báo cáo" in result.output and "builder, builder_head" in result.output
    assert "2 lượt nhắc, 4 thư điện tử, 4 thông báo." in result.output
    assert len(mail.outbox) == 2 and Notice.objects.count() == 4
    again = runner.invoke(cli.app, ["reports", "remind", "--now", "2026-02-28T16:00+07:00"], env=WIDE)
    assert again.exit_code == 0 and "Không có nhắc hạn mới ngày 28/02/2026" in again.output
    assert runner.invoke(cli.app, ["reports", "remind", "--now", "hôm qua"]).exit_code == 2


def test_missing_lists_the_units_that_have_not_reported(programme):
    w = programme.world
    file_report(programme, w.construction, "2026-02", by=w.users["builder"], now=vn(2026, 3, 6), summary="x")
    timesource.set_provider(lambda: vn(2026, 3, 10))
    result = runner.invoke(cli.app, ["reports", "missing", "CTR-T"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "báo cáo Tháng 2/2026 (hạn 05/03/2026)" in result.output
    assert "Sở Văn hóa và Thể thao" in result.output and "Chưa nộp (quá hạn)" in result.output
    assert "Nộp chậm" in result.output and "1/2 đơn vị chưa nộp." in result.output
    january = runner.invoke(cli.app, ["reports", "missing", "CTR-T", "--period", "2026-01"], env=WIDE)
    assert "3/3 đơn vị chưa nộp." in january.output
    assert runner.invoke(cli.app, ["reports", "missing", "KHONG"]).exit_code == 2
    assert runner.invoke(cli.app, ["reports", "missing", "CTR-T", "--period", "2026-Q1"]).exit_code == 2
