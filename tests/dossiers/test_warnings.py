"""The warning list (cảnh báo hồ sơ quá hạn, sắp đến hạn): dossiers and joint-procedure parts
overdue or due within N working hours, with the unit and officer holding them, and online filings
past their 8-working-hour acceptance limit (Decree 118/2025 Arts. 17.2.c, 19.6, 20.2.b; one-stop.md
§10 for working hours); ``motcua dossiers overdue`` prints it and ``motcua dossiers close-expired``
ends dossiers not supplemented within 15 days (Art. 19.5).

The moment of reading is Friday 06/03/2026 16:00 unless stated.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from motcua import cli
from motcua.dossiers import services as sv
from motcua.dossiers.queries import warnings
from motcua.rules.lifecycle import Role, State

from .scenario import at_counter, file_online, fresh, local, receive, transfer, vn

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 6, 16, 0)


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    import motcua.cli.dossiers

    monkeypatch.setattr(motcua.cli.dossiers, "django_setup", lambda migrate=False: None)


def run(*args):
    return runner.invoke(cli.app, ["dossiers", *args], env={"COLUMNS": "250"})


def birth_at_ward(world, received):
    """A birth registration (3 working days) received at the branch and sent to the ward at once."""
    row = at_counter(world, world.birth, at=received)
    return transfer(world, row, received + timedelta(minutes=10))


@pytest.fixture
def desk(world):
    """Every kind of dossier the list must, or must not, show on Friday 06/03 16:00."""
    w = world
    get_user_model().objects.filter(username="commune_officer").update(first_name="An", last_name="Lê Văn")
    chair = w.official("commune_chair", Role.LEADER)

    overdue = birth_at_ward(w, vn(2026, 3, 2, 9, 0))  # due Thursday 05/03 09:00
    sv.assign_dossier(overdue, chair, w.users["commune_officer"], now=vn(2026, 3, 2, 10, 0))
    due_monday = birth_at_ward(w, vn(2026, 3, 4, 9, 0))  # due Monday 09/03 09:00: 2 working hours away
    later = birth_at_ward(w, vn(2026, 3, 6, 9, 0))  # due Wednesday 11/03 09:00

    decided = birth_at_ward(w, vn(2026, 3, 2, 8, 0))  # due Thursday, decided in time, not yet returned
    sv.decide_dossier(decided, chair, now=vn(2026, 3, 4, 9, 0))
    returned = birth_at_ward(w, vn(2026, 3, 2, 8, 15))
    sv.decide_dossier(returned, chair, now=vn(2026, 3, 4, 9, 0))
    sv.return_result(returned, w.official("reception", Role.RECEPTION), now=vn(2026, 3, 4, 10, 0))
    waiting = birth_at_ward(w, vn(2026, 3, 2, 8, 45))  # with the applicant: no unit's clock runs
    sv.return_for_supplement(waiting, w.official("commune_officer", Role.PROCESSING), items=["Giấy chứng sinh"],
                             now=vn(2026, 3, 3, 9, 0))

    # Online karaoke licence sent to every agency Monday 11:00: the ward's part (3 working days) is
    # due Thursday 05/03 11:00 and still open; the dossier itself is due Tuesday 24/03.
    karaoke = file_online(w, w.karaoke, vn(2026, 3, 2, 8, 30))
    receive(w, karaoke, vn(2026, 3, 2, 10, 0))
    transfer(w, karaoke, vn(2026, 3, 2, 11, 0))

    # Filed on the portal Thursday 09:00 and not yet accepted: limit Friday 09:00.
    pending = file_online(w, w.birth, vn(2026, 3, 5, 9, 0), citizen="other_citizen")
    # Filed Friday 15:00: limit Monday 15:00, 7 working hours after the moment of reading.
    fresh_filing = file_online(w, w.birth, vn(2026, 3, 6, 15, 0))

    rows = {"overdue": overdue, "due_monday": due_monday, "later": later, "decided": decided, "returned": returned,
            "waiting": waiting, "karaoke": karaoke, "pending": pending, "fresh_filing": fresh_filing}
    return {name: fresh(row) for name, row in rows.items()}


def by_code(rows):
    return {(w.kind, w.code): w for w in rows}


def test_overdue_dossier_is_listed_with_its_unit_and_officer(world, desk):
    rows = by_code(warnings(NOW, within_hours=8))
    w = rows[("dossier", desk["overdue"].code)]

    assert w.status == "overdue"
    assert local(w.due_at) == vn(2026, 3, 5, 9, 0)
    assert w.unit == world.commune_ubnd
    assert w.officer == "Lê Văn An"
    assert w.procedure == "Đăng ký khai sinh"


def test_due_time_within_the_threshold_counts_in_working_hours(world, desk):
    code = desk["due_monday"].code
    assert local(desk["due_monday"].due_at) == vn(2026, 3, 9, 9, 0)

    # Friday 16:00 -> Monday 09:00 is 2 working hours, though 65 clock hours.
    soon = by_code(warnings(NOW, within_hours=8))[("dossier", code)]
    assert soon.status == "due_soon"
    assert soon.unit == world.commune_ubnd and soon.officer == ""
    assert ("dossier", code) in by_code(warnings(NOW, within_hours=2))  # exactly at the limit
    assert ("dossier", code) not in by_code(warnings(NOW, within_hours=1))
    # At its due time a dossier is not yet overdue (on time = at or before the due time).
    assert by_code(warnings(vn(2026, 3, 9, 9, 0), within_hours=0))[("dossier", code)].status == "due_soon"
    assert by_code(warnings(vn(2026, 3, 9, 9, 1), within_hours=0))[("dossier", code)].status == "overdue"


def test_dossiers_due_later_or_already_done_are_not_listed(desk):
    codes = {w.code for w in warnings(NOW, within_hours=8)}
    for name in ("later", "decided", "returned", "waiting"):
        assert desk[name].code not in codes, name
    assert desk["karaoke"].code not in {w.code for w in warnings(NOW, within_hours=8) if w.kind == "dossier"}
    assert desk["decided"].state == State.DECIDED and desk["returned"].state == State.RETURNED


def test_an_open_agency_task_is_listed_with_its_agency(world, desk):
    tasks = [w for w in warnings(NOW, within_hours=8) if w.kind == "task"]

    assert [(w.code, w.task, w.unit, w.status) for w in tasks] == [
        (desk["karaoke"].code, "Đăng ký hộ kinh doanh", world.commune_ubnd, "overdue")]
    assert local(tasks[0].due_at) == vn(2026, 3, 5, 11, 0)


def test_an_online_filing_past_its_acceptance_limit_is_listed(world, desk):
    pending = desk["pending"]
    rows = [w for w in warnings(NOW, within_hours=8) if w.kind == "acceptance"]

    # Not yet accepted, so no code: the list names it by its number.
    assert [(w.code, w.status, w.unit) for w in rows] == [
        (f"#{pending.pk}", "overdue", world.branch), (f"#{desk['fresh_filing'].pk}", "due_soon", world.branch)]
    assert local(rows[0].due_at) == vn(2026, 3, 6, 9, 0)
    assert local(rows[1].due_at) == vn(2026, 3, 9, 15, 0)
    # Monday 15:00 is 7 working hours away: not within 6.
    narrow = [w for w in warnings(NOW, within_hours=6) if w.kind == "acceptance"]
    assert [w.code for w in narrow] == [f"#{pending.pk}"]
    # Once accepted, the filing leaves the acceptance list.
    receive(world, pending, vn(2026, 3, 6, 16, 0))
    assert [w.code for w in warnings(NOW, within_hours=6) if w.kind == "acceptance"] == []


def test_most_overdue_first(desk):
    rows = warnings(NOW, within_hours=8)
    assert [w.due_at for w in rows] == sorted(w.due_at for w in rows)
    assert [(w.kind, w.code) for w in rows] == [
        ("dossier", desk["overdue"].code),
        ("task", desk["karaoke"].code),
        ("acceptance", f"#{desk['pending'].pk}"),
        ("dossier", desk["due_monday"].code),
        ("acceptance", f"#{desk['fresh_filing'].pk}"),
    ]


def test_unit_filter(world, desk):
    ward = warnings(NOW, within_hours=8, unit=world.commune_ubnd)
    assert {(w.kind, w.code) for w in ward} == {
        ("dossier", desk["overdue"].code), ("dossier", desk["due_monday"].code), ("task", desk["karaoke"].code)}
    branch = warnings(NOW, within_hours=8, unit=world.branch)
    assert [(w.kind, w.code) for w in branch] == [
        ("acceptance", f"#{desk['pending'].pk}"), ("acceptance", f"#{desk['fresh_filing'].pk}")]
    assert warnings(NOW, within_hours=8, unit=world.police) == []


def test_nothing_is_listed_before_anything_is_near(desk):
    assert warnings(vn(2026, 3, 2, 8, 0), within_hours=1) == []


# -- the command line ---------------------------------------------------------------------------------

def test_overdue_command_prints_codes_units_and_officers(desk):
    result = run("overdue", "--now", "2026-03-06T16:00", "--within-hours", "8")

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Cảnh báo hồ sơ (5 dòng)" in out
    lines = out.splitlines()
    overdue = next(line for line in lines if desk["overdue"].code in line)
    assert "Quá hạn" in overdue and "UBND phường Hoàn Kiếm" in overdue and "Lê Văn An" in overdue
    assert "09:00 05/03/2026" in overdue
    soon = next(line for line in lines if desk["due_monday"].code in line)
    assert "Sắp đến hạn" in soon and "UBND phường Hoàn Kiếm" in soon
    task = next(line for line in lines if desk["karaoke"].code in line)
    assert "Phần việc liên thông" in task and "Quá hạn" in task
    accept = next(line for line in lines if f"#{desk['pending'].pk}" in line)
    assert "Chờ tiếp nhận trực tuyến" in accept and "Chi nhánh số 1 (Hoàn Kiếm)" in accept
    for name in ("later", "decided", "returned", "waiting"):
        assert desk[name].code not in out


def test_overdue_command_prints_whole_codes_in_an_80_column_terminal(desk):
    result = runner.invoke(cli.app, ["dossiers", "overdue", "--now", "2026-03-06T16:00"], env={"COLUMNS": "80"})

    assert result.exit_code == 0, result.output
    for name in ("overdue", "due_monday", "karaoke"):
        assert desk[name].code in result.stdout, name
    assert "05/03/2026" in result.stdout


def test_overdue_command_narrowed_to_a_unit(desk):
    result = run("overdue", "--now", "2026-03-06T16:00", "--within-hours", "1", "--unit", "UBND-HK")

    assert result.exit_code == 0, result.output
    assert "Cảnh báo hồ sơ (2 dòng)" in result.stdout
    assert desk["overdue"].code in result.stdout and desk["karaoke"].code in result.stdout
    assert desk["due_monday"].code not in result.stdout  # 2 working hours away: beyond 1


def test_overdue_command_with_an_unknown_unit_exits_2(desk):
    result = run("overdue", "--now", "2026-03-06T16:00", "--unit", "UNKNOWN")

    assert result.exit_code == 2
    assert "Không có đơn vị mã «UNKNOWN»." in result.stderr
    assert result.stdout == ""


def test_overdue_command_with_a_bad_moment_exits_2(desk):
    result = run("overdue", "--now", "06/03/2026 16:00")
    assert result.exit_code == 2
    assert "không đúng dạng ISO 8601" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--within-hours", "-1"], "không được âm"), (["--now", "2060-01-05T09:00"], "phạm vi lịch")],
    ids=["negative-hours", "beyond-calendar"],
)
def test_overdue_command_with_impossible_numbers_exits_2(desk, args, message):
    result = run("overdue", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_close_expired_closes_dossiers_not_supplemented_within_15_days(desk):
    waiting = desk["waiting"]
    assert local(waiting.supplement_expires_at) == vn(2026, 3, 18, 9, 0)  # 15 days after the notice

    early = run("close-expired", "--now", "2026-03-18T08:59")
    assert early.exit_code == 0, early.output
    assert early.stdout == "Đã kết thúc 0 hồ sơ quá hạn bổ sung.\n"
    assert fresh(waiting).state == State.AWAITING_SUPPLEMENT

    result = run("close-expired", "--now", "2026-03-18T09:00")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Đã kết thúc 1 hồ sơ quá hạn bổ sung.\n"
    closed = fresh(waiting)
    assert closed.state == State.CLOSED
    assert local(closed.ended_at) == vn(2026, 3, 18, 9, 0)
    assert closed.events.order_by("-seq").first().act == "close_unsupplemented"
    # Nothing else was touched, and a second run finds nothing more.
    assert fresh(desk["overdue"]).state == State.PROCESSING
    assert run("close-expired", "--now", "2026-03-19T09:00").stdout == "Đã kết thúc 0 hồ sơ quá hạn bổ sung.\n"
