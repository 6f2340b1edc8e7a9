"""``motcua complaints``: the overdue cases (by unit and kind), the long-running flags refreshed as
time passes, and the check of the cases' logs (exit 1 when a row was edited)."""

from datetime import date

import pytest
from typer.testing import CliRunner

import motcua.cli.complaints
from motcua import cli, timesource
from motcua.complaints import services as sv
from motcua.complaints.flags import refresh_all
from motcua.complaints.models import Case, CaseEvent
from motcua.complaints.services import FilerIn
from tests.complaints.conftest import make_case, vn

cli._register()
runner = CliRunner()
WIDE = {"COLUMNS": "200"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    monkeypatch.setattr(motcua.cli.complaints, "django_setup", lambda migrate=False: None)


@pytest.fixture
def at(monkeypatch):
    def set_now(moment):
        monkeypatch.setattr(timesource, "_provider", lambda: moment)
    return set_now


@pytest.fixture
def cases(world):
    officer = world.users["commune_officer"]
    late = make_case(world, "complaint_first", now=vn(2026, 1, 5), known_on=date(2026, 1, 2))
    late = sv.accept(late, by=officer, now=vn(2026, 1, 6))  # resolve by 17 February + Tết → 3 March
    pakn = make_case(world, "pakn", now=vn(2026, 3, 2), handling_unit=world.police,
                     filers=[FilerIn("Tạ Văn Kiên")], subject="Phản ánh tiếng ồn quán karaoke")
    fresh = make_case(world, "denunciation", now=vn(2026, 3, 20), filers=[FilerIn("Hà Thị Yến")])
    return late, pakn, fresh


def test_overdue_lists_cases_past_their_step(cases, at):
    late, pakn, fresh = cases
    at(vn(2026, 3, 24))
    out = runner.invoke(cli.app, ["complaints", "overdue"], env=WIDE)
    assert out.exit_code == 0, out.output
    shown = lambda c, text: f" {c.code} " in text  # noqa: E731  (KN-2026-000001 is inside PAKN-2026-000001)
    assert shown(late, out.output) and shown(pakn, out.output) and not shown(fresh, out.output)
    assert "Khiếu nại lần đầu" in out.output and "UBND phường Hoàn Kiếm" in out.output
    by_unit = runner.invoke(cli.app, ["complaints", "overdue", "--unit", "CATP"], env=WIDE)
    assert shown(pakn, by_unit.output) and not shown(late, by_unit.output)
    by_kind = runner.invoke(cli.app, ["complaints", "overdue", "--kind", "complaint_first"], env=WIDE)
    assert shown(late, by_kind.output) and not shown(pakn, by_kind.output)
    bad = runner.invoke(cli.app, ["complaints", "overdue", "--kind", "khac"], env=WIDE)
    assert bad.exit_code == 2


def test_flags_refresh_as_time_passes(cases, at):
    late, pakn, fresh = cases
    assert late.flags == []
    at(vn(2026, 3, 24))
    out = runner.invoke(cli.app, ["complaints", "flags", "--refresh"], env=WIDE)
    assert out.exit_code == 0, out.output
    assert "2 vụ việc thay đổi" in out.output  # the complaint and the PAKN are past their maximum
    late.refresh_from_db()
    assert late.flags == ["past_maximum"] and Case.objects.get(pk=pakn.pk).flags == ["past_maximum"]
    row = next(line for line in out.output.splitlines() if "Quá thời hạn giải quyết tối đa" in line)
    assert row.split("│")[2].strip() == "2"
    assert Case.objects.get(pk=fresh.pk).flags == []
    assert refresh_all(vn(2026, 3, 24)) == 0  # nothing more changes


def test_verify(cases):
    ok = runner.invoke(cli.app, ["complaints", "verify"], env=WIDE)
    assert ok.exit_code == 0 and "toàn vẹn: 4 bản ghi" in ok.output
    CaseEvent.objects.filter(case=cases[0], seq=1).update(actor="u999")
    broken = runner.invoke(cli.app, ["complaints", "verify"], env=WIDE)
    assert broken.exit_code == 1 and f"Vụ việc {cases[0].code}: bản ghi số 1 (file) đã bị sửa" in broken.output
