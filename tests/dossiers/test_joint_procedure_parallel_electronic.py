"""Joint procedure (liên thông) filed online: electronic fan-out (Decree 118/2025 Art. 20.2.b;
Art. 28 for the code of an online joint filing).

The e-dossier goes to every agency at once, naming the lead agency and each one's task and
deadline. Each task gets its own sub-deadline (a ``DossierTask`` row) when the tasks it waits for
are done; the lead agency holds the dossier, and only each task's agency may complete it. The
decision waits until every supporting task is done.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.dossiers.models import DossierTask
from motcua.rules.lifecycle import Role, State

from .scenario import fresh, last_event, local, receive, record, refused, transfer, file_online, vn

pytestmark = pytest.mark.django_db

HKD, ANTT, KARAOKE = ("Đăng ký hộ kinh doanh", "Chứng nhận đủ điều kiện an ninh trật tự",
                      "Cấp giấy phép kinh doanh karaoke")


def _tasks(dossier):
    return {t.step: t for t in DossierTask.objects.filter(dossier_id=dossier.pk)}


def _complete(world, dossier, step, who, role, at, note=""):
    return sv.complete_task(dossier, world.official(who, role), step=step, note=note, now=at)


@pytest.fixture
def karaoke(world):
    """Filed on the portal Monday 02/03/2026 08:30, accepted 10:00, sent to the agencies 11:00."""
    row = file_online(world, world.karaoke, vn(2026, 3, 2, 8, 30))
    row = receive(world, row, vn(2026, 3, 2, 10, 0))
    return transfer(world, row, vn(2026, 3, 2, 11, 0))


def test_code_and_due_time_of_an_online_joint_filing(world, karaoke):
    # Online joint filing: the code opens with the national portal's identifier.
    assert karaoke.code == "000.00.00.G22-260302-0001"
    # 16 working days from Monday 02/03 10:00: 6 h, 15 full days to Monday 23/03, 2 h -> Tuesday 24/03 10:00.
    assert local(karaoke.due_at) == vn(2026, 3, 24, 10, 0)


def test_transfer_opens_the_tasks_whose_prerequisites_are_done(world, karaoke):
    assert karaoke.state == State.PROCESSING
    assert karaoke.holder_unit_id == world.culture.pk  # the lead agency holds the e-dossier
    tasks = _tasks(karaoke)
    assert sorted(tasks) == [1, 2, 3]
    assert (tasks[1].agency_id, tasks[2].agency_id, tasks[3].agency_id) == (
        world.commune_ubnd.pk, world.police.pk, world.culture.pk)
    assert [tasks[s].is_lead for s in (1, 2, 3)] == [False, False, True]
    # Step 1: 24 working hours from 11:00 Monday -> Thursday 05/03 11:00.
    assert local(tasks[1].started_at) == vn(2026, 3, 2, 11, 0)
    assert local(tasks[1].due_at) == vn(2026, 3, 5, 11, 0)
    # Step 2 waits for step 1; the lead's part has no task clock of its own.
    assert tasks[2].started_at is None and tasks[2].due_at is None
    assert tasks[3].started_at is None and tasks[3].due_at is None
    assert last_event(karaoke, "transfer").to_unit_id == world.culture.pk
    assert [t.depends_on for t in record(karaoke).tasks] == [(), (1,), (2,)]


def test_tasks_run_in_dependency_order_with_their_own_deadlines(world, karaoke):
    refused(lambda: _complete(world, karaoke, 2, "police_officer", Role.PROCESSING, vn(2026, 3, 3, 9, 0)),
            "task_state", f"Phần việc «{ANTT}» chưa đến lượt hoặc đã hoàn thành.")

    row = _complete(world, karaoke, 1, "commune_officer", Role.PROCESSING, vn(2026, 3, 4, 9, 0), note=" Đã cấp GCN ")
    event = last_event(row)
    assert event.act == "complete_task"
    assert event.data["on_time"] is True and event.data["step"] == 1
    assert event.reason == "Đã cấp GCN"
    assert (event.from_unit_id, event.to_unit_id) == (world.commune_ubnd.pk, world.culture.pk)
    assert row.holder_unit_id == world.culture.pk
    tasks = _tasks(row)
    assert local(tasks[1].done_at) == vn(2026, 3, 4, 9, 0)
    # Step 2 opens now: 24 working hours from Wednesday 09:00 -> Monday 09/03 09:00.
    assert local(tasks[2].started_at) == vn(2026, 3, 4, 9, 0)
    assert local(tasks[2].due_at) == vn(2026, 3, 9, 9, 0)

    refused(lambda: _complete(world, row, 1, "commune_officer", Role.PROCESSING, vn(2026, 3, 4, 10, 0)),
            "task_state", f"Phần việc «{HKD}» chưa đến lượt hoặc đã hoàn thành.")

    row = _complete(world, row, 2, "police_officer", Role.PROCESSING, vn(2026, 3, 9, 10, 0))
    assert last_event(row).data["on_time"] is False  # an hour past its sub-deadline
    assert last_event(row).data["opened"] == []
    assert row.holder_unit_id == world.culture.pk


def test_decision_is_refused_while_tasks_are_pending(world, karaoke):
    head = world.official("culture_head", Role.LEADER)
    refused(lambda: sv.decide_dossier(karaoke, head, now=vn(2026, 3, 3, 9, 0)), "tasks_pending",
            f"Còn phần việc liên thông chưa hoàn thành: {HKD}; {ANTT}.")
    _complete(world, karaoke, 1, "commune_officer", Role.PROCESSING, vn(2026, 3, 4, 9, 0))
    refused(lambda: sv.decide_dossier(karaoke, head, now=vn(2026, 3, 4, 10, 0)), "tasks_pending",
            f"Còn phần việc liên thông chưa hoàn thành: {ANTT}.")
    _complete(world, karaoke, 2, "police_officer", Role.PROCESSING, vn(2026, 3, 6, 9, 0))

    row = sv.decide_dossier(karaoke, head, now=vn(2026, 3, 20, 9, 0))

    assert row.state == State.DECIDED
    assert row.holder_unit_id == world.branch.pk
    assert last_event(row).data["on_time"] is True
    lead = _tasks(row)[3]
    assert local(lead.started_at) == local(lead.done_at) == vn(2026, 3, 20, 9, 0)


def test_only_the_tasks_agency_completes_it(world, karaoke):
    refused(lambda: _complete(world, karaoke, 1, "police_officer", Role.PROCESSING, vn(2026, 3, 3, 9, 0)),
            "wrong_unit", "Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.")
    refused(lambda: _complete(world, karaoke, 1, "culture_officer", Role.PROCESSING, vn(2026, 3, 3, 9, 0)),
            "wrong_unit")
    refused(lambda: _complete(world, karaoke, 1, "reception", Role.RECEPTION, vn(2026, 3, 3, 9, 0)),
            "wrong_role", "Vai trò cán bộ tiếp nhận không được «hoàn thành phần việc liên thông».")
    refused(lambda: _complete(world, karaoke, 3, "culture_officer", Role.PROCESSING, vn(2026, 3, 3, 9, 0)),
            "lead_task", "Phần việc của cơ quan chủ trì kết thúc bằng quyết định giải quyết.")
    refused(lambda: _complete(world, karaoke, 9, "culture_officer", Role.PROCESSING, vn(2026, 3, 3, 9, 0)),
            "no_task", "Hồ sơ không có phần việc liên thông số 9.")
    # The commune's leader may complete the commune's part.
    row = _complete(world, karaoke, 1, "commune_chair", Role.LEADER, vn(2026, 3, 3, 9, 0))
    assert _tasks(row)[1].done_at is not None


def test_independent_parts_fan_out_at_once(world, fanout):
    row = file_online(world, fanout, vn(2026, 3, 2, 8, 30))
    row = receive(world, row, vn(2026, 3, 2, 10, 0))
    row = transfer(world, row, vn(2026, 3, 2, 11, 0))

    tasks = _tasks(row)
    assert local(tasks[1].started_at) == local(tasks[2].started_at) == vn(2026, 3, 2, 11, 0)
    assert local(tasks[1].due_at) == vn(2026, 3, 5, 11, 0)  # 24 h
    assert local(tasks[2].due_at) == vn(2026, 3, 4, 11, 0)  # 16 h
    assert row.holder_unit_id == world.culture.pk

    head = world.official("culture_head", Role.LEADER)
    # Either part may finish first; the decision waits for both.
    _complete(world, row, 2, "police_officer", Role.PROCESSING, vn(2026, 3, 3, 9, 0))
    refused(lambda: sv.decide_dossier(row, head, now=vn(2026, 3, 3, 10, 0)), "tasks_pending",
            "Còn phần việc liên thông chưa hoàn thành: Xác nhận địa điểm.")
    _complete(world, row, 1, "commune_officer", Role.PROCESSING, vn(2026, 3, 3, 11, 0))
    row = sv.decide_dossier(row, head, now=vn(2026, 3, 3, 14, 0))
    assert row.state == State.DECIDED
    assert row.result_code == "001090012345.KQ02"
    assert fresh(row).holder_unit_id == world.branch.pk


def test_a_route_without_exactly_one_lead_agency_is_refused(world):
    from decimal import Decimal

    from motcua.catalog.models import RouteStep

    RouteStep.objects.filter(version=world.karaoke, order=3).update(is_lead=False)
    row = receive(world, file_online(world, world.karaoke, vn(2026, 3, 2, 8, 30)), vn(2026, 3, 2, 10, 0))
    refused(lambda: transfer(world, row, vn(2026, 3, 2, 11, 0)), "route",
            "Quy trình liên thông phải có đúng một cơ quan chủ trì.")
    RouteStep.objects.create(version=world.karaoke, order=4, agency=world.justice, task="Thẩm định",
                             duration_hours=Decimal(8), is_lead=True)
    RouteStep.objects.filter(version=world.karaoke, order=3).update(is_lead=True)
    refused(lambda: transfer(world, row, vn(2026, 3, 2, 11, 0)), "route")
    assert fresh(row).state == State.RECEIVED


def test_open_agency_parts_restart_when_the_applicant_resubmits(world, karaoke):
    """Art. 19.5: the time with the applicant counts for nobody; the open part's sub-deadline
    restarts from the resubmission, like the dossier's own clock."""
    head = world.official("culture_head", Role.LEADER)
    sv.return_for_supplement(karaoke, head, items=["Bản khai lý lịch có xác nhận"], now=vn(2026, 3, 3, 9, 0))
    back = sv.resubmit_dossier(karaoke, world.citizen(), now=vn(2026, 3, 9, 10, 0))
    task = _tasks(back)[1]
    assert local(task.started_at) == vn(2026, 3, 9, 10, 0)
    assert local(task.due_at) == vn(2026, 3, 12, 10, 0)  # 24 working hours from the resubmission
    assert _tasks(back)[2].started_at is None  # parts not yet begun stay waiting
