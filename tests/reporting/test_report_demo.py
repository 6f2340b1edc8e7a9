"""The demo's reports: for the demo programme's last periods, most lead units on time, some late,
two missing in the latest period, and the notices the day's reminder run leaves."""

from datetime import date

import pytest

from motcua import timesource
from motcua.demo.accounts import DEMO_PASSWORD, Accounts
from motcua.programmes import services as ps
from motcua.programmes.models import Task
from motcua.reporting.demo import build_demo
from motcua.reporting.models import Notice, ProgressReport
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db
NOW = vn(2026, 7, 10, 8)  # June's report fell due on 5 July


@pytest.fixture
def demo_programme(world):
    prog = ps.create_programme(code="CTR-01", number="01-CTr/TU", title="Chương trình 01 (thử)",
                               issuing_body="Thành ủy Hà Nội", issued_on=date(2025, 12, 1),
                               period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                               standing_agency=world.justice)
    ps.add_member(prog, name="Trưởng ban", role="head", user=world.users["justice_head"])
    units = [world.construction, world.culture, world.police, world.commune_ubnd]
    for n, unit in enumerate(units * 2, 1):
        ps.add_task(prog, by=world.users["justice_head"], now=vn(2026, 1, 5), code=str(n), source_symbol="01-CTr/TU",
                    content=f"Nhiệm vụ {n}", product=Task.Product.SCHEME, lead_unit=unit, assigned_on=date(2026, 1, 5),
                    deadline=date(2026, 6, 30) if n % 3 == 0 else date(2026, 12, 31), progress=10 * n)
    accounts = Accounts(password=DEMO_PASSWORD, officers={world.construction.pk: world.users["builder"],
                                  world.culture.pk: world.users["culture_officer"],
                                  world.police.pk: world.users["police_officer"]},
                        leaders={world.commune_ubnd.pk: world.users["commune_chair"]})
    return prog, accounts


def test_the_demo_files_most_reports_leaves_two_missing_and_the_notices(client, demo_programme):
    prog, accounts = demo_programme
    line = build_demo(7, NOW, {}, accounts)
    reports = ProgressReport.objects.filter(programme=prog)
    late = sum(r.late for r in reports)
    assert reports.filter(period="2026-06").count() == 2  # four units owe June; two have not reported
    assert {r.period for r in reports} == {f"2026-{m:02d}" for m in range(1, 7)}
    assert 0 < late < reports.count() - late  # most on time, some late
    assert line.startswith(f"Báo cáo định kỳ 01-CTr/TU: {reports.count()} báo cáo trong 6 kỳ ({late} nộp chậm")
    committee = Notice.objects.filter(user__username="justice_head")
    june = [n.text for n in committee.filter(kind="report_overdue") if "Tháng 6/2026" in n.text]
    assert len(june) == 2  # five working days after 5 July: the committee hears of both
    assert committee.filter(kind="task_overdue").count() == 2  # tasks 3 and 6 were due on 30 June
    timesource.set_provider(lambda: NOW)
    try:
        client.force_login(accounts.officers[prog.tasks.first().lead_unit_id])
        board = client.get("/can-bo/bao-cao/CTR-01/ky/2026-06/").content.decode()
    finally:
        timesource.set_provider(None)
    assert "Chưa nộp (quá hạn): 2" in board
    assert build_demo(7, NOW, {}, accounts).startswith("Báo cáo định kỳ 01-CTr/TU: 0 báo cáo")  # run again: kept


def test_without_the_demo_programme_it_says_so(world):
    assert build_demo(7, NOW, {}, Accounts(DEMO_PASSWORD)) == "Báo cáo định kỳ: chưa có chương trình CTR-01, không tạo báo cáo."
