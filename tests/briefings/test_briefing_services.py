"""The committee's acts on a meeting: create it, set its agenda, record conclusions and the
notice, and turn the conclusions into tasks sourced to the notice — once, and all or nothing."""

from datetime import date

import pytest

from motcua.briefings import services as bs
from motcua.briefings.models import AgendaItem, Conclusion, Meeting
from motcua.programmes.models import Task, TaskChange
from tests.briefings.conftest import SECOND
from tests.dossiers.scenario import vn


def test_concluding_assigns_each_conclusion_as_a_task_sourced_to_the_notice(meetings, world):
    first, _ = meetings
    eight, nine = (Conclusion.objects.get(meeting=first, order=n).task for n in (1, 2))
    assert (eight.code, nine.code) == ("8", "9")
    assert eight.source_symbol == "125-TB/BCĐ" and eight.source_date == date(2026, 3, 12)
    assert eight.source_issuer == "Ban Chỉ đạo Chương trình 01-CTr/TU"
    assert eight.approver == Task.Approver.STEERING_COMMITTEE and eight.assigned_on == date(2026, 3, 12)
    assert eight.lead_unit == world.culture and list(eight.co_units.all()) == [world.justice]
    assert (eight.product, eight.deadline, nine.product, nine.deadline) == (
        "plan", date(2026, 4, 10), "report", date(2026, 5, 30))
    assert TaskChange.objects.filter(task=eight, kind=TaskChange.Kind.ASSIGNED).count() == 1  # the task's history


def test_concluding_again_assigns_only_what_is_new(meetings, world):
    first, _ = meetings
    steer = world.users["justice_head"]
    assert bs.conclude(first, by=steer, now=vn(2026, 3, 13)) == []
    assert Task.objects.filter(programme=first.programme).count() == 9
    bs.record_conclusion(first, by=steer, now=vn(2026, 3, 13), content="Bổ sung: báo cáo chuyên đề", lead_unit=world.police,
                         product="report", deadline=date(2026, 4, 30))
    [ten] = bs.conclude(first, by=steer, now=vn(2026, 3, 13, 10))
    assert ten.code == "10" and ten.source_symbol == "125-TB/BCĐ"
    assert Task.objects.filter(programme=first.programme).count() == 10


def test_no_task_without_a_notice_symbol(meetings, world):
    _, second = meetings
    steer = world.users["justice_head"]
    bs.record_conclusion(second, by=steer, now=SECOND, content="Đẩy nhanh nhiệm vụ 4", lead_unit=world.police,
                         product="report", deadline=date(2026, 5, 15))
    with pytest.raises(bs.BriefingRefused, match="số thông báo") as refused:
        bs.conclude(second, by=steer, now=SECOND)
    assert refused.value.status == 409
    assert Task.objects.count() == 9 and Conclusion.objects.get(meeting=second).task is None


def test_one_conclusion_that_cannot_be_a_task_stops_them_all(meetings, world):
    _, second = meetings
    steer = world.users["justice_head"]
    bs.record_conclusion(second, by=steer, now=SECOND, content="Việc một", lead_unit=world.police, product="plan")
    bs.record_conclusion(second, by=steer, now=SECOND, content="Việc hai", lead_unit=world.construction, product="plan")
    world.construction.valid_to = date(2026, 4, 15)  # merged away after the meeting
    world.construction.save()
    bs.record_notice(second, by=steer, now=vn(2026, 4, 16), symbol="131-TB/BCĐ", notice_date=date(2026, 4, 16))
    with pytest.raises(bs.BriefingRefused, match="Kết luận 2: .*không còn hoạt động"):
        bs.conclude(second, by=steer, now=vn(2026, 4, 16, 10))
    assert Task.objects.count() == 9
    assert not Conclusion.objects.filter(meeting=second, task__isnull=False).exists()
    assert Meeting.objects.get(pk=second.pk).concluded_at is None


def test_nothing_to_conclude_without_conclusions(meetings, world):
    _, second = meetings
    bs.record_notice(second, by=world.users["justice_head"], now=vn(2026, 4, 16), symbol="131-TB/BCĐ",
                     notice_date=date(2026, 4, 16))
    with pytest.raises(bs.BriefingRefused, match="chưa có kết luận"):
        bs.conclude(second, by=world.users["justice_head"], now=vn(2026, 4, 16))


def test_the_default_agenda_is_the_packs_proposal_and_can_be_edited(meetings, world):
    _, second = meetings
    steer = world.users["justice_head"]
    items = bs.set_agenda(second, None, by=steer, now=vn(2026, 4, 13))
    assert [i.task.code if i.task else "" for i in items] == ["", "4", "8", "5", ""]
    assert items[1].presenter == world.police
    four = Task.objects.get(programme=second.programme, code="4")
    bs.set_agenda(second, [{"title": "Nghe Công an báo cáo nhiệm vụ 4", "task": four.pk, "presenter": world.police},
                           {"title": "Kết luận"}], by=steer, now=vn(2026, 4, 13))
    assert list(AgendaItem.objects.filter(meeting=second).values_list("order", "title", "task__code")) == [
        (1, "Nghe Công an báo cáo nhiệm vụ 4", "4"), (2, "Kết luận", None)]


def test_an_agenda_refused_keeps_the_one_there_was(meetings, world):
    _, second = meetings
    steer = world.users["justice_head"]
    bs.set_agenda(second, [{"title": "Một"}], by=steer, now=vn(2026, 4, 13))
    other = Task.objects.create(programme=_other_programme(world), code="1", source_symbol="x", content="Khác",
                                product="plan", lead_unit=world.police, assigned_on=date(2026, 1, 1))
    with pytest.raises(bs.BriefingRefused, match="Mục 2: nhiệm vụ không thuộc chương trình này. Mục 3: chưa nhập"):
        bs.set_agenda(second, [{"title": "Hai"}, {"title": "Ba", "task": other.pk}, {"title": " "}], by=steer,
                      now=vn(2026, 4, 13))
    assert list(AgendaItem.objects.filter(meeting=second).values_list("title", flat=True)) == ["Một"]


def _other_programme(world):
    from motcua.programmes.services import create_programme

    return create_programme(code="CTR-X", number="02-CTr/TU", title="Khác", issuing_body="Thành ủy",
                            issued_on=date(2026, 1, 1), period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                            standing_agency=world.justice)


def test_a_meeting_and_a_conclusion_with_their_mistakes(programme, world):
    steer = world.users["justice_head"]
    with pytest.raises(bs.BriefingRefused, match="trước ngày ban hành"):
        bs.create_meeting(programme, by=steer, now=vn(2026, 1, 1), held_at=vn(2025, 12, 1))
    with pytest.raises(bs.BriefingRefused, match="Loại phiên"):
        bs.create_meeting(programme, by=steer, now=vn(2026, 1, 1), held_at=vn(2026, 2, 1), kind="weekly")
    meeting = bs.create_meeting(programme, by=steer, now=vn(2026, 2, 1), held_at=vn(2026, 2, 10, 14))
    with pytest.raises(bs.BriefingRefused) as refused:
        bs.record_conclusion(meeting, by=steer, now=vn(2026, 2, 10), content=" ", lead_unit=world.police,
                             co_units=[world.police], product="poem", deadline=date(2026, 1, 1))
    assert refused.value.errors == ["Chưa nhập nội dung kết luận.", "Đơn vị chủ trì không đồng thời là đơn vị phối hợp.",
                                    "Loại sản phẩm không hợp lệ.", "Thời hạn không được trước ngày họp."]
    with pytest.raises(bs.BriefingRefused, match="trước ngày họp"):
        bs.record_notice(meeting, by=steer, now=vn(2026, 2, 12), symbol="1-TB/BCĐ", notice_date=date(2026, 2, 9))
    assert not Conclusion.objects.exists() and Meeting.objects.get(pk=meeting.pk).notice_symbol == ""


def test_an_assigned_conclusion_stays_and_its_notice_cannot_change(meetings, world):
    first, _ = meetings
    steer = world.users["justice_head"]
    with pytest.raises(bs.BriefingRefused, match="đã được giao"):
        bs.withdraw_conclusion(Conclusion.objects.get(meeting=first, order=1), by=steer, now=vn(2026, 3, 14))
    with pytest.raises(bs.BriefingRefused, match="không sửa số"):
        bs.record_notice(first, by=steer, now=vn(2026, 3, 14), symbol="126-TB/BCĐ", notice_date=date(2026, 3, 12))
    with pytest.raises(bs.BriefingRefused, match="đã kết luận"):
        bs.set_agenda(first, None, by=steer, now=vn(2026, 3, 14))
    extra = bs.record_conclusion(first, by=steer, now=vn(2026, 3, 14), content="Gõ nhầm", lead_unit=world.police,
                                 product="plan")
    bs.withdraw_conclusion(extra, by=steer, now=vn(2026, 3, 14))
    assert Conclusion.objects.filter(meeting=first).count() == 2
