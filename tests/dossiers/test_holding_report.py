"""Who held a stored dossier, how many working hours, and who made it late (process-control sheet,
mẫu 06; Decree 118/2025 Arts. 18–20; one-stop.md §10 "Responsible for lateness"), through
``queries.holding_report`` and ``motcua dossiers show CODE --now …``.
"""

import pytest
from typer.testing import CliRunner

from motcua import cli
from motcua.dossiers import services as sv
from motcua.dossiers.queries import holding_report
from motcua.rules.lifecycle import Role

from .scenario import at_counter, file_online, fresh, local, receive, transfer, vn

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db
H = 3600


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    import motcua.cli.dossiers

    monkeypatch.setattr(motcua.cli.dossiers, "django_setup", lambda migrate=False: None)


def show(code, now):
    return runner.invoke(cli.app, ["dossiers", "show", code, "--now", now], env={"COLUMNS": "200"})


def birth(world, decided):
    """Birth registration (3 working days) received at the branch Monday 02/03 09:00 (due Thursday
    05/03 09:00), sent to the ward People's Committee at 11:00, decided at ``decided``."""
    row = at_counter(world, world.birth, at=vn(2026, 3, 2, 9, 0))
    transfer(world, row, vn(2026, 3, 2, 11, 0))
    sv.decide_dossier(row, world.official("commune_chair", Role.LEADER), now=decided)
    return fresh(row)


def held(out, name, hours):
    """The "Thời gian giữ hồ sơ" table has a row for ``name`` with ``hours``."""
    return any(name in line and f" {hours} " in line for line in out.splitlines())


def hours(report, units):
    return {units[u].code: s / H for u, s in report.per_unit.items()}


def test_hours_per_unit_of_a_dossier_decided_in_time(world):
    row = birth(world, vn(2026, 3, 4, 10, 0))  # Wednesday

    report, units = holding_report(row, vn(2026, 3, 4, 10, 0))

    # Branch 09:00-11:00; ward Mon 11:00-17:00 less lunch (5 h) + Tuesday (8 h) + Wed 08:00-10:00 (2 h).
    assert hours(report, units) == {"CN-HK": 2, "UBND-HK": 15}
    assert [(units[s.unit].code if s.unit else None, local(s.start)) for s in report.segments] == [
        ("CN-HK", vn(2026, 3, 2, 9)), ("UBND-HK", vn(2026, 3, 2, 11)), ("CN-HK", vn(2026, 3, 4, 10))]
    assert report.late is False and report.responsible == []

    result = show(row.code, "2026-03-04T10:00")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert row.code in out
    assert held(out, "Chi nhánh số 1 (Hoàn Kiếm)", "2.0")
    assert held(out, "UBND phường Hoàn Kiếm", "15.0")
    assert "Đúng hạn" in out
    assert "Trễ hạn" not in out


def test_a_late_dossier_names_the_unit_that_held_it_at_the_due_time(world):
    row = birth(world, vn(2026, 3, 6, 9, 0))  # Friday: 8 working hours after the due time

    report, units = holding_report(row, vn(2026, 3, 6, 9, 0))

    assert report.late is True
    assert report.late_seconds == 8 * H
    assert [units[u].code for u in report.responsible] == ["UBND-HK"]

    result = show(row.code, "2026-03-06T09:00")
    assert result.exit_code == 0, result.output
    assert "Trễ hạn 8.0 giờ làm việc; đơn vị làm trễ: UBND phường Hoàn Kiếm" in result.stdout
    assert "Đúng hạn" not in result.stdout


def test_a_dossier_still_open_past_its_due_time_is_late_up_to_now(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 2, 9, 0))
    transfer(world, row, vn(2026, 3, 2, 11, 0))

    on_time = show(row.code, "2026-03-05T09:00")  # at the due time: not yet late
    assert "Đúng hạn" in on_time.stdout
    late = show(row.code, "2026-03-05T13:30")  # 3.5 working hours later
    assert "Trễ hạn 3.5 giờ làm việc; đơn vị làm trễ: UBND phường Hoàn Kiếm" in late.stdout
    assert held(late.stdout, "UBND phường Hoàn Kiếm", "25.5")  # Mon 5 h + Tue 8 + Wed 8 + Thu 4 + 0.5


def test_a_late_transfer_makes_the_branch_responsible(world):
    row = sv.receive_at_counter(actor=world.official("reception", Role.RECEPTION), version=world.copy,
                                receiving_unit=world.branch, applicant=world.applicant(), area=world.commune,
                                now=vn(2026, 3, 2, 9, 0))  # same-day procedure: due Monday 17:00
    transfer(world, row, vn(2026, 3, 3, 9, 0))  # the paper left the next morning
    sv.decide_dossier(row, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 3, 10, 0))

    report, units = holding_report(fresh(row), vn(2026, 3, 3, 10, 0))

    assert [(o.step, units[o.unit].code, o.over_seconds / H) for o in report.overruns] == [
        ("transfer", "CN-HK", 1), ("processing", "CN-HK", 2)]
    result = show(row.code, "2026-03-03T10:00")
    assert "Trễ hạn 2.0 giờ làm việc; đơn vị làm trễ: Chi nhánh số 1 (Hoàn Kiếm)" in result.stdout


def test_a_late_police_part_makes_the_police_responsible(world):
    """Online karaoke licence (16 working days, due Tuesday 24/03 10:00); the police's part (opened
    Wednesday 04/03 09:00, 3 working days) is done a week late; the culture department (lead)
    holds the e-dossier throughout and decides a day late."""
    row = file_online(world, world.karaoke, vn(2026, 3, 2, 8, 30))
    receive(world, row, vn(2026, 3, 2, 10, 0))
    transfer(world, row, vn(2026, 3, 2, 11, 0))
    sv.complete_task(row, world.official("commune_officer", Role.PROCESSING), step=1, now=vn(2026, 3, 4, 9, 0))
    sv.complete_task(row, world.official("police_officer", Role.PROCESSING), step=2, now=vn(2026, 3, 16, 9, 0))
    sv.decide_dossier(row, world.official("culture_head", Role.LEADER), now=vn(2026, 3, 25, 10, 0))
    row = fresh(row)

    report, units = holding_report(row, vn(2026, 3, 25, 10, 0))

    assert local(row.reference_due_at) == vn(2026, 3, 24, 10, 0)
    assert set(hours(report, units)) == {"CN-HK", "SVHTT"}  # the police never held the e-dossier
    assert [units[u].code for u in report.responsible] == ["CATP"]
    assert [(o.step, units[o.unit].code) for o in report.overruns] == [("task:2", "CATP"), ("processing", "CATP")]

    result = show(row.code, "2026-03-25T10:00")
    assert result.exit_code == 0, result.output
    assert "Trễ hạn 8.0 giờ làm việc; đơn vị làm trễ: Công an thành phố Hà Nội" in result.stdout
    # Listed with its hours (Mon 11:00 -> Wed 25/03 10:00: 5 + 16 days × 8 + 2 = 135 h), but not blamed.
    assert held(result.stdout, "Sở Văn hóa và Thể thao", "135.0")


def test_show_unknown_code_exits_2(world):
    result = show("000.00.70.H26-260302-9999", "2026-03-04T10:00")
    assert result.exit_code == 2
    assert "Không tìm thấy hồ sơ mã «000.00.70.H26-260302-9999»" in result.stderr


def test_a_dossier_closed_for_want_of_supplement_is_not_shown_late(world):
    row = at_counter(world, world.birth, at=vn(2026, 3, 2, 9, 0))
    transfer(world, row, vn(2026, 3, 2, 11, 0))
    sv.return_for_supplement(row, world.official("commune_officer", Role.PROCESSING), items=["Giấy chứng sinh"],
                             now=vn(2026, 3, 3, 9, 0))
    assert sv.close_expired(vn(2026, 3, 18, 9, 0)) == 1

    result = show(row.code, "2026-03-20T09:00")

    assert result.exit_code == 0, result.output
    assert "Trễ hạn" not in result.stdout
