"""``motcua quality``: ``rebuild --check`` says whether the kept Decision 766 counters agree with
the event log (exit 0) or lists each difference in Vietnamese (exit 1); ``rebuild`` writes the
counters from the log; ``scores --period`` prints the province's card and the units' ranking."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from typer.testing import CliRunner

from motcua import cli
from motcua.dossiers import services as sv
from motcua.dossiers.models import Dossier
from motcua.quality.index_queries import Period, province_scope, scorecard, unit_scope
from motcua.quality.models import IndexTally
from tests.clock import frozen_clock
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (the small Hà Nội world)
from tests.dossiers.scenario import at_counter, fresh, leader, local, transfer, vn

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 20, 9, 0)
clock = frozen_clock(NOW)


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    """The test database is ready; the commands must not set Django up again inside a test."""
    import motcua.cli.quality

    monkeypatch.setattr(motcua.cli.quality, "django_setup", lambda migrate=False: None)


def run(*args):
    return runner.invoke(cli.app, ["quality", *args], env={"COLUMNS": "200"})


@pytest.fixture
def history(world):
    """Three birth registrations received in March: one decided on time, one decided late, one
    still open past its due time (read on 20 March); and a building permit still in time."""
    dossiers = []
    for n in range(3):
        d = transfer(world, at_counter(world, world.birth, at=vn(2026, 3, 2, 9, n)), vn(2026, 3, 2, 10, 0))
        dossiers.append(d)
    due = [local(fresh(d).due_at) for d in dossiers]
    sv.decide_dossier(dossiers[0], leader(world, "birth"), "approved", now=due[0] - timedelta(hours=1))
    sv.decide_dossier(dossiers[1], leader(world, "birth"), "approved", now=due[1] + timedelta(hours=1))
    assert due[2] < NOW
    at_counter(world, world.permit, at=vn(2026, 3, 19, 9, 0))
    return dossiers


def test_check_agrees_then_finds_a_tampered_counter_and_rebuild_repairs_it(world, history):
    total = Dossier.objects.count()
    ok = run("rebuild", "--check")
    assert ok.exit_code == 0, ok.output
    assert f"Khớp: số đếm đang lưu đúng như nhật ký của {total} hồ sơ." in ok.stdout

    row = IndexTally.objects.get(unit=world.commune_ubnd, role="c")
    IndexTally.objects.filter(pk=row.pk).update(on_time=F("on_time") + 1)
    bad = run("rebuild", "--check")
    assert bad.exit_code == 1
    assert f"CHÊNH LỆCH: 1 dòng số đếm khác với nhật ký ({total} hồ sơ)." in bad.stderr
    lines = [line for line in bad.stderr.splitlines() if "theo nhật ký" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"Số đếm (đơn vị #{world.commune_ubnd.pk}; cơ quan có thẩm quyền; tháng ")
    assert f"on_time={row.on_time}," in lines[0].split("≠")[0] and f"on_time={row.on_time + 1}," in lines[0].split("≠")[1]
    assert IndexTally.objects.get(pk=row.pk).on_time == row.on_time + 1  # --check writes nothing

    fixed = run("rebuild")
    assert fixed.exit_code == 0, fixed.output
    assert f"Đã dựng lại số đếm chỉ số 766 từ nhật ký của {total} hồ sơ." in fixed.stdout
    assert IndexTally.objects.get(unit=world.commune_ubnd, role="c").on_time == row.on_time
    assert run("rebuild", "--check").exit_code == 0


def test_scores_prints_the_province_total_and_the_ranking(world, history):
    result = run("scores", "--period", "2026-03")
    assert result.exit_code == 0, result.output
    province = scorecard(province_scope(), Period("month", 2026, 3), NOW)
    # 4 dossiers received in March: one on time, two late (one decided late, one open past due),
    # the permit still in time
    received, on_time = 4, 2
    assert province.by_code("2.1").points == pytest.approx(20 * on_time / received)
    assert f"Toàn tỉnh, thành phố — Tháng 03/2026: {province.total:.2f} điểm" in result.stdout
    assert re.search(rf"Tiến độ giải quyết\s*│\s*│\s*{20 * on_time / received:.2f}/20 ", result.stdout)
    assert "Xếp hạng đơn vị — Tháng 03/2026" in result.stdout
    ubnd = scorecard(unit_scope(world.commune_ubnd), Period("month", 2026, 3), NOW)
    ranking = result.stdout.split("Xếp hạng đơn vị", 1)[1]
    assert re.search(rf"UBND phường Hoàn Kiếm\s*│\s*{ubnd.total:.2f}\s", ranking), ranking
    # another month: nothing received, progress scores nothing
    empty = run("scores", "--period", "2026-05")
    assert empty.exit_code == 0 and "Tháng 05/2026" in empty.stdout
    assert re.search(r"Tiến độ giải quyết\s*│\s*│\s*0\.00/20 ", empty.stdout), empty.stdout


def test_scores_for_one_unit_and_an_unknown_unit(world, history):
    result = run("scores", "--period", "2026-03", "--unit", "UBND-HK")
    assert result.exit_code == 0, result.output
    ubnd = scorecard(unit_scope(world.commune_ubnd), Period("month", 2026, 3), NOW)
    received, on_time = 3, 1
    assert ubnd.by_code("2.1").points == pytest.approx(20 * on_time / received, abs=1e-4)
    assert f"UBND phường Hoàn Kiếm — Tháng 03/2026: {ubnd.total:.2f} điểm" in result.stdout
    assert "Xếp hạng" not in result.stdout
    missing = run("scores", "--unit", "KHONG-CO")
    assert missing.exit_code == 2 and "Không có đơn vị mã «KHONG-CO»." in missing.stderr
