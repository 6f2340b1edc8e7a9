"""The tamper-evident log (Decree 118/2025 Arts. 17.1, 19.4.d, 21.3: every step and every state is
stored; one-stop.md §3.12): ``motcua audit verify`` recomputes each dossier's hash chain and names
every dossier whose log was edited or cut, by its code, with the row concerned; ``--replay`` also
rebuilds each dossier from its log and compares it with the cached row.

Tampering is done the way an insider with database access would: raw SQL on the tables.
"""

import pytest
from django.db import connection
from typer.testing import CliRunner

from motcua import cli
from motcua.dossiers import services as sv
from motcua.dossiers.audit import verify_chains
from motcua.dossiers.chain import hash_of_row
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.rules.lifecycle import Role

from .scenario import at_counter, file_online, fresh, receive, transfer, vn

cli._register()
runner = CliRunner()

pytestmark = pytest.mark.django_db

EVENTS = connection.ops.quote_name(DossierEvent._meta.db_table)


@pytest.fixture(autouse=True)
def no_setup(monkeypatch):
    """Django is already set up inside pytest-django's transaction."""
    import motcua.cli.audit

    monkeypatch.setattr(motcua.cli.audit, "django_setup", lambda migrate=False: None)


@pytest.fixture
def logs(world):
    """Three dossiers: a birth registration carried to its return (5 rows), an online joint
    karaoke licence part-way (4 rows) and an online copy refused at intake (2 rows)."""
    w = world
    birth = at_counter(w, w.birth, at=vn(2026, 3, 2, 9, 0))
    transfer(w, birth, vn(2026, 3, 2, 11, 0))
    sv.decide_dossier(birth, w.official("commune_chair", Role.LEADER), now=vn(2026, 3, 4, 10, 0))
    sv.return_result(birth, w.official("reception", Role.RECEPTION), now=vn(2026, 3, 4, 14, 0))

    karaoke = file_online(w, w.karaoke, vn(2026, 3, 2, 8, 30))
    receive(w, karaoke, vn(2026, 3, 2, 10, 0))
    transfer(w, karaoke, vn(2026, 3, 2, 11, 0))
    sv.complete_task(karaoke, w.official("commune_officer", Role.PROCESSING), step=1, note="Đã cấp",
                     now=vn(2026, 3, 3, 9, 0))

    copy = file_online(w, w.copy, vn(2026, 3, 2, 8, 0))
    sv.refuse_intake(copy, w.official("reception", Role.RECEPTION), reason="Bản chính giả mạo",
                     now=vn(2026, 3, 2, 9, 0))
    rows = [fresh(d) for d in (birth, karaoke, copy)]
    assert [r.event_count for r in rows] == [5, 4, 2]
    return rows


def run(*args):
    return runner.invoke(cli.app, ["audit", "verify", *args])


def label(dossier) -> str:
    """How the report names a dossier: its code, or ``#pk`` before it has one."""
    return dossier.code or f"#{dossier.pk}"


def raw(statement: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{events}", EVENTS), params)
        return cursor.rowcount


def assert_only_broken(result, dossier, *fragments, others=()):
    """Exit 1; stderr names ``dossier`` (with each fragment on its line) and no other dossier."""
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Hồ sơ ")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Hồ sơ {label(dossier)}: ")
    for fragment in fragments:
        assert fragment in lines[0]
    for other in others:
        assert label(other) not in result.stderr
    assert "PHÁT HIỆN 1 hồ sơ và 0 vụ việc có nhật ký không toàn vẹn." in result.stderr


def test_untampered_logs_verify(logs):
    assert verify_chains() == []
    assert verify_chains(replay_records=True) == []

    result = run()
    assert result.exit_code == 0, result.output
    assert "Nhật ký toàn vẹn: 11 bản ghi hồ sơ và 0 bản ghi vụ việc đã kiểm tra." in result.stdout
    assert result.stderr == ""

    replayed = run("--replay")
    assert replayed.exit_code == 0, replayed.output
    assert "Nhật ký toàn vẹn" in replayed.stdout


@pytest.mark.parametrize(
    ("which", "seq", "act", "statement"),
    [
        (0, 4, "decide", "UPDATE {events} SET reason = %s WHERE dossier_id = %s AND seq = %s"),
        (1, 4, "complete_task", "UPDATE {events} SET reason = %s WHERE dossier_id = %s AND seq = %s"),
        (2, 2, "refuse_intake", "UPDATE {events} SET reason = %s WHERE dossier_id = %s AND seq = %s"),
    ],
    ids=["birth-decision", "karaoke-task", "copy-refusal"],
)
def test_an_edited_reason_names_the_dossier_and_the_row(logs, which, seq, act, statement):
    target = logs[which]
    assert raw(statement, "Sửa lại cho đẹp", target.pk, seq) == 1

    problems = verify_chains()
    assert [(p.dossier_id, p.code) for p in problems] == [(target.pk, label(target))]
    assert problems[0].message == f"bản ghi số {seq} ({act}) đã bị sửa"

    result = run()
    assert_only_broken(result, target, f"bản ghi số {seq}", "đã bị sửa",
                       others=[d for d in logs if d.pk != target.pk])


def test_a_moved_due_time_is_caught(logs):
    birth = logs[0]
    # Make the receipt's due time the moment of receipt (due_after := at) on row 2.
    assert raw("UPDATE {events} SET due_after = at WHERE dossier_id = %s AND seq = 2", birth.pk) == 1

    assert_only_broken(run(), birth, "bản ghi số 2 (receive) đã bị sửa", others=logs[1:])


def test_a_deleted_middle_row_is_caught(logs):
    birth = logs[0]
    assert raw("DELETE FROM {events} WHERE dossier_id = %s AND seq = 3", birth.pk) == 1

    assert [p.code for p in verify_chains()] == [birth.code]
    assert_only_broken(run(), birth, "thiếu bản ghi số 3", others=logs[1:])


def test_a_deleted_first_row_is_caught(logs):
    karaoke = logs[1]
    assert raw("DELETE FROM {events} WHERE dossier_id = %s AND seq = 1", karaoke.pk) == 1

    assert_only_broken(run(), karaoke, "thiếu bản ghi số 1", others=[logs[0], logs[2]])


def test_a_deleted_last_row_is_caught_by_the_head_on_the_dossier_row(logs):
    birth = logs[0]
    # The chain that remains (rows 1-4) is internally consistent; only the head betrays the cut.
    assert raw("DELETE FROM {events} WHERE dossier_id = %s AND seq = 5", birth.pk) == 1

    problems = verify_chains()
    assert [p.code for p in problems] == [birth.code]
    assert problems[0].message == "thiếu bản ghi cuối: có 4/5 việc"
    assert_only_broken(run(), birth, "thiếu bản ghi cuối", "4/5", others=logs[1:])


def test_a_dossier_whose_whole_log_was_deleted_is_caught(logs):
    copy = logs[2]
    assert raw("DELETE FROM {events} WHERE dossier_id = %s", copy.pk) == 2

    problems = verify_chains()
    assert [(p.code, p.message) for p in problems] == [(label(copy), "toàn bộ nhật ký đã bị xoá")]
    assert_only_broken(run(), copy, "toàn bộ nhật ký đã bị xoá", others=logs[:2])


def test_two_broken_dossiers_are_both_named(logs):
    birth, karaoke, copy = logs
    raw("UPDATE {events} SET reason = %s WHERE dossier_id = %s AND seq = 3", "x", birth.pk)
    raw("DELETE FROM {events} WHERE dossier_id = %s AND seq = 4", karaoke.pk)

    result = run()
    assert result.exit_code == 1
    assert f"Hồ sơ {birth.code}: bản ghi số 3 (transfer) đã bị sửa" in result.stderr
    assert f"Hồ sơ {karaoke.code}: thiếu bản ghi cuối" in result.stderr
    assert label(copy) not in result.stderr
    assert "PHÁT HIỆN 2 hồ sơ" in result.stderr


def test_an_edited_snapshot_is_caught_only_by_replay(logs):
    birth = logs[0]
    snapshot = dict(birth.snapshot)
    snapshot["due_at"] = "2026-03-20T09:00:00+07:00"  # a later due date than the receipt says
    Dossier.objects.filter(pk=birth.pk).update(snapshot=snapshot)

    # The chain itself is intact ...
    assert verify_chains() == []
    plain = run()
    assert plain.exit_code == 0, plain.output
    assert "Nhật ký toàn vẹn" in plain.stdout
    # ... but the cached dossier no longer says what its log says.
    problems = verify_chains(replay_records=True)
    assert [(p.code, p.message) for p in problems] == [(birth.code, "dữ liệu hồ sơ khác với nhật ký")]
    assert_only_broken(run("--replay"), birth, "dữ liệu hồ sơ khác với nhật ký", others=logs[1:])


def _rehash(dossier, seq, **changes):
    """An attacker edits row ``seq`` and recomputes its ``prev_hash`` and ``hash`` (but no later row
    and not the head on the dossier row)."""
    row = DossierEvent.objects.get(dossier_id=dossier.pk, seq=seq)
    prev = DossierEvent.objects.get(dossier_id=dossier.pk, seq=seq - 1).hash
    for name, value in changes.items():
        setattr(row, name, value)
    digest = hash_of_row(prev, row)
    assert digest != row.hash
    assert raw("UPDATE {events} SET reason = %s, prev_hash = %s, hash = %s WHERE dossier_id = %s AND seq = %s",
               row.reason, prev, digest, dossier.pk, seq) == 1


def test_a_rehashed_middle_row_is_caught_at_the_next_row(logs):
    birth = logs[0]
    _rehash(birth, 3, reason="Chuyển đúng hạn")

    problems = verify_chains()
    assert [(p.code, p.message) for p in problems] == [(birth.code, "bản ghi số 4 (decide) đã bị sửa")]
    assert_only_broken(run(), birth, "bản ghi số 4", others=logs[1:])


def test_a_rehashed_last_row_is_caught_by_the_head(logs):
    karaoke = logs[1]
    _rehash(karaoke, 4, reason="Hoàn thành sớm")

    assert [p.code for p in verify_chains()] == [karaoke.code]
    assert_only_broken(run(), karaoke, others=[logs[0], logs[2]])


def _append_forged_row(dossier):
    """A well-chained extra row after the last one (an invented withdrawal), the head left alone."""
    last = DossierEvent.objects.filter(dossier_id=dossier.pk).order_by("-seq").first()
    forged = DossierEvent(dossier_id=dossier.pk, seq=last.seq + 1, act="withdraw", at=last.at, actor="u1",
                          role="reception", reason="Người nộp xin rút", data={}, prev_hash=last.hash)
    forged.hash = hash_of_row(last.hash, forged)
    forged.save()
    return last.seq


def test_an_appended_row_is_caught_by_the_head(logs):
    karaoke = logs[1]
    count = _append_forged_row(karaoke)

    problems = verify_chains()
    assert [p.code for p in problems] == [karaoke.code]
    assert f"{count + 1}/{count}" in problems[0].message
    assert_only_broken(run(), karaoke, others=[logs[0], logs[2]])


def test_an_appended_row_is_not_reported_as_a_missing_one(logs):
    _append_forged_row(logs[1])
    assert "thiếu" not in verify_chains()[0].message


def test_replay_catches_an_edited_due_time_column(logs):
    birth, karaoke, _copy = logs
    # Push the karaoke dossier's due time far away: it drops out of the overdue list.
    Dossier.objects.filter(pk=karaoke.pk).update(due_at=vn(2026, 12, 31, 17, 0))

    assert [p.code for p in verify_chains(replay_records=True)] == [karaoke.code]
    assert_only_broken(run("--replay"), karaoke, others=[birth])
