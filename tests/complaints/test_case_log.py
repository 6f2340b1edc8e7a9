"""A case's log is hash-chained as a dossier's: every act is one row with who, when, the due time
before and after and the reason; an edited, removed or added row is detected by
``verify_case_chains``."""

from datetime import date

import pytest

from motcua.complaints import services as sv
from motcua.complaints.log import verify_case_chains
from motcua.complaints.models import Case, CaseEvent
from motcua.dossiers.chain import GENESIS
from tests.complaints.conftest import make_case, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "complaint_first", known_on=date(2026, 2, 20))
    case = sv.assign(case, by=world.users["commune_chair"], now=vn(2026, 3, 3), handler=officer)
    case = sv.accept(case, by=officer, now=vn(2026, 3, 4), complexity="complex")
    return sv.answer(case, by=officer, now=vn(2026, 4, 1), text="Bác đơn khiếu nại.")


def test_every_act_is_one_chained_row(handled, world):
    rows = list(handled.events.order_by("seq"))
    assert [(r.seq, r.act) for r in rows] == [(1, "file"), (2, "assign"), (3, "accept"), (4, "answer")]
    assert rows[0].prev_hash == GENESIS and all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))
    assert handled.version == 4 and handled.last_hash == rows[-1].hash
    accepted = rows[2]
    assert (accepted.actor, accepted.role) == (f"u{world.users['commune_officer'].pk}", "processing")
    assert accepted.due_before == vn(2026, 3, 16) and accepted.due_after == handled.resolve_due_at
    assert accepted.data == {"complexity": "complex", "late": False}
    assert rows[1].role == "leader" and rows[0].to_unit == world.commune_ubnd
    assert verify_case_chains() == []


def test_an_edited_row_is_detected(handled):
    CaseEvent.objects.filter(case=handled, seq=3).update(reason="sửa lén")
    problems = verify_case_chains()
    assert [(p.code, p.message) for p in problems] == [(handled.code, "bản ghi số 3 (accept) đã bị sửa")]


def test_a_changed_due_time_is_detected(handled):
    CaseEvent.objects.filter(case=handled, seq=4).update(due_before=vn(2026, 6, 1))
    assert [p.message for p in verify_case_chains()] == ["bản ghi số 4 (answer) đã bị sửa"]


def test_removed_rows_are_detected(handled, world):
    clean = make_case(world, "pakn", subject="Phản ánh đèn chiếu sáng hỏng", filers=[sv.FilerIn("Mai Văn Tú")])
    CaseEvent.objects.filter(case=handled, seq=4).delete()
    assert [(p.code, p.message) for p in verify_case_chains()] == [(handled.code, "thiếu bản ghi cuối: có 3/4 việc")]
    CaseEvent.objects.filter(case=handled, seq=2).delete()
    assert [p.message for p in verify_case_chains()] == ["thiếu bản ghi số 2"]
    CaseEvent.objects.filter(case=handled).delete()
    assert [p.message for p in verify_case_chains()] == ["toàn bộ nhật ký đã bị xoá"]
    assert verify_case_chains(cases=Case.objects.filter(pk=clean.pk)) == []
