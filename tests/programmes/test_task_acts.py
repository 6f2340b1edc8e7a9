"""Assigning a task, reporting progress, completing, reopening and extending it: each act leaves
a history entry with the status class after it; a refused act (invalid input, stale version,
wrong state) changes nothing."""

from datetime import date

import pytest

from motcua.programmes import services as sv
from motcua.programmes.models import ExtensionRequest, Task, TaskChange
from tests.dossiers.scenario import vn
from tests.programmes.conftest import make_task

pytestmark = pytest.mark.django_db


def kinds(task):
    return list(TaskChange.objects.filter(task=task).values_list("kind", "status"))


def test_assigning_records_the_task_and_its_first_history_entry(world, programme):
    t = make_task(world, programme, "5", co_units=[world.culture, world.police], leader=world.users["builder_head"])
    assert set(t.co_units.values_list("code", flat=True)) == {"SVHTT", "CATP"}
    assert kinds(t) == [("assigned", "open_in_time")]
    child = make_task(world, programme, "5.1", parent=t)
    assert child.parent == t and t.children.get() == child


@pytest.mark.parametrize("over, message", [
    (dict(deadline=date(2025, 12, 31)), "Thời hạn không được trước ngày giao"),
    (dict(progress=120), "Tiến độ phải từ 0 đến 100"),
    (dict(lead_unit=None), "đúng một đơn vị chủ trì"),
    (dict(content="  "), "Chưa nhập nội dung"),
    (dict(product="poem"), "Loại sản phẩm"),
])
def test_invalid_tasks_are_refused_and_nothing_is_written(world, programme, over, message):
    with pytest.raises(sv.TaskRefused) as refused:
        make_task(world, programme, "9", **over)
    assert message in refused.value.message and refused.value.status == 422
    assert not Task.objects.exists() and not TaskChange.objects.exists()


def test_a_merged_unit_cannot_lead_and_numbers_are_unique(world, programme, task):
    world.culture.valid_to = date(2025, 6, 30)
    world.culture.save()
    with pytest.raises(sv.TaskRefused, match="không còn hoạt động"):
        make_task(world, programme, "2", lead=world.culture)
    with pytest.raises(sv.TaskRefused, match="đã có nhiệm vụ số «1»"):
        make_task(world, programme, "1")
    assert Task.objects.count() == 1


def test_progress_with_a_stale_version_is_refused_and_changes_nothing(world, task):
    officer = world.users["builder"]
    sv.update_progress(task, by=officer, now=vn(2026, 3, 1), progress=40, version=0, note="Đã xong dự thảo")
    assert task.progress == 40 and task.version == 1
    stale = Task.objects.get(pk=task.pk)
    stale.version = 0
    with pytest.raises(sv.TaskRefused) as refused:
        sv.update_progress(stale, by=officer, now=vn(2026, 3, 2), progress=10, version=0)
    assert refused.value.status == 409 and refused.value.code == "stale_task"
    fresh = Task.objects.get(pk=task.pk)
    assert (fresh.progress, fresh.version) == (40, 1)
    assert [k for k, _ in kinds(task)] == ["assigned", "progress"]


def test_completing_late_needs_a_reason_and_is_classed_late(world, task):
    officer = world.users["builder"]
    with pytest.raises(sv.TaskRefused, match="lý do chậm"):
        sv.complete_task(task, by=officer, now=vn(2026, 10, 20), completed_on=date(2026, 10, 15),
                         result_document="QĐ 12/QĐ-UBND", version=0)
    assert Task.objects.get(pk=task.pk).completed_on is None
    sv.complete_task(task, by=officer, now=vn(2026, 10, 20), completed_on=date(2026, 10, 15),
                     result_document="QĐ 12/QĐ-UBND", delay_reason="Chờ ý kiến bộ", version=0)
    t = Task.objects.get(pk=task.pk)
    assert (t.progress, t.result_document, t.delay_reason) == (100, "QĐ 12/QĐ-UBND", "Chờ ý kiến bộ")
    assert kinds(task)[-1] == ("completed", "done_late")
    with pytest.raises(sv.TaskRefused, match="đã được ghi nhận hoàn thành"):
        sv.complete_task(t, by=officer, now=vn(2026, 10, 21), completed_on=date(2026, 10, 21),
                         result_document="x", version=t.version)


def test_completing_on_time_keeps_no_delay_reason_and_reopening_needs_a_reason(world, task):
    sv.complete_task(task, by=world.users["builder"], now=vn(2026, 5, 20), completed_on=date(2026, 5, 20),
                     result_document="KH 5/KH-UBND", delay_reason="không cần", version=0)
    assert task.delay_reason == "" and kinds(task)[-1] == ("completed", "done_on_time")
    with pytest.raises(sv.TaskRefused, match="lý do mở lại"):
        sv.reopen(task, by=world.users["justice_head"], now=vn(2026, 5, 25), reason=" ", version=task.version)
    sv.reopen(task, by=world.users["justice_head"], now=vn(2026, 5, 25), reason="Sản phẩm không đạt thẩm định",
              version=task.version)
    t = Task.objects.get(pk=task.pk)
    assert t.completed_on is None and t.progress == 90 and kinds(task)[-1] == ("reopened", "open_in_time")


def test_an_approved_extension_moves_the_deadline_and_keeps_the_first_one(world, task):
    officer, head = world.users["builder"], world.users["justice_head"]
    first = sv.request_extension(task, by=officer, now=vn(2026, 9, 1), proposed_deadline=date(2026, 12, 31),
                                 reason="Chờ hướng dẫn")
    with pytest.raises(sv.TaskRefused, match="chờ xem xét"):
        sv.request_extension(task, by=officer, now=vn(2026, 9, 2), proposed_deadline=date(2027, 1, 31), reason="x")
    sv.decide_extension(first, by=head, now=vn(2026, 9, 5), approve=True)
    t = Task.objects.get(pk=task.pk)
    assert (t.deadline, t.original_deadline) == (date(2026, 12, 31), date(2026, 9, 30))
    change = TaskChange.objects.filter(task=task, kind="extended").get()
    assert (change.deadline_before, change.deadline_after, change.by) == (date(2026, 9, 30), date(2026, 12, 31), head)
    second = sv.request_extension(t, by=officer, now=vn(2026, 12, 1), proposed_deadline=date(2027, 3, 31), reason="y")
    sv.decide_extension(second, by=head, now=vn(2026, 12, 2), approve=True)
    t = Task.objects.get(pk=task.pk)
    assert (t.deadline, t.original_deadline) == (date(2027, 3, 31), date(2026, 9, 30))
    with pytest.raises(sv.TaskRefused, match="đã được xem xét"):
        sv.decide_extension(second, by=head, now=vn(2026, 12, 3), approve=False, note="z")


def test_a_refused_extension_moves_nothing(world, task):
    req = sv.request_extension(task, by=world.users["builder"], now=vn(2026, 9, 1),
                               proposed_deadline=date(2026, 12, 31), reason="Chờ hướng dẫn")
    with pytest.raises(sv.TaskRefused, match="phải nêu ý kiến"):
        sv.decide_extension(req, by=world.users["justice_head"], now=vn(2026, 9, 5), approve=False)
    sv.decide_extension(req, by=world.users["justice_head"], now=vn(2026, 9, 5), approve=False, note="Không có căn cứ")
    t = Task.objects.get(pk=task.pk)
    assert (t.deadline, t.original_deadline) == (date(2026, 9, 30), None)
    assert ExtensionRequest.objects.get().state == "refused"
    assert not TaskChange.objects.filter(kind="extended").exists()


def test_extension_requests_need_a_later_date_and_a_deadline(world, programme, task):
    with pytest.raises(sv.TaskRefused, match="phải sau thời hạn hiện tại"):
        sv.request_extension(task, by=world.users["builder"], now=vn(2026, 9, 1),
                             proposed_deadline=date(2026, 9, 1), reason="x")
    open_ended = make_task(world, programme, "2", deadline=None)
    with pytest.raises(sv.TaskRefused, match="không có thời hạn"):
        sv.request_extension(open_ended, by=world.users["builder"], now=vn(2026, 9, 1),
                             proposed_deadline=date(2026, 12, 1), reason="x")
    assert not ExtensionRequest.objects.exists()


def test_editing_records_what_changed(world, task):
    sv.edit(task, by=world.users["justice_head"], now=vn(2026, 2, 1), version=0, content="Đề án sửa đổi",
            co_units=[world.culture])
    t = Task.objects.get(pk=task.pk)
    assert t.content_folded == "de an sua doi" and list(t.co_units.all()) == [world.culture]
    note = TaskChange.objects.get(task=task, kind="edited").note
    assert "nội dung nhiệm vụ" in note and "đơn vị phối hợp" in note
