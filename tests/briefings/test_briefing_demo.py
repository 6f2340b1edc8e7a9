"""The demo's briefings on a small "CTR-01" built here: two past meetings, the earlier with its
conclusions already assigned as tasks sourced to its notice (one since finished, one under way,
one overdue), the latest with its proposed agenda and two conclusions still to assign; the same
for the same seed, made once."""

from datetime import date, timedelta

import pytest

from motcua.briefings.demo import build_demo
from motcua.briefings.models import AgendaItem, Conclusion, Meeting
from motcua.briefings.pack import build_pack
from motcua.programmes import services as ps
from motcua.programmes.models import CommitteeMember, Task
from tests.dossiers.scenario import vn

NOW = vn(2026, 6, 15, 10)


@pytest.fixture
def ctr01(world):
    steer = world.users["justice_head"]
    p = ps.create_programme(code="CTR-01", number="01-CTr/TU", title="Cải cách hành chính", issuing_body="Thành ủy",
                            issued_on=date(2026, 1, 5), period_start=date(2026, 1, 5), period_end=date(2026, 12, 31),
                            standing_agency=world.justice)
    ps.add_member(p, name="Nguyễn Văn Phong", position="Phó Bí thư Thường trực", role=CommitteeMember.Role.HEAD)
    ps.add_member(p, name="Lãnh đạo Sở Tư pháp", role=CommitteeMember.Role.STANDING, user=steer)
    for n, (unit, deadline) in enumerate([(world.police, date(2026, 5, 1)), (world.culture, date(2026, 6, 20)),
                                          (world.construction, date(2026, 9, 30)), (world.justice, None)], 1):
        ps.add_task(p, by=steer, now=vn(2026, 1, 10), code=str(n), content=f"Nhiệm vụ {n}", product="plan",
                    lead_unit=unit, assigned_on=date(2026, 1, 10), deadline=deadline, source_symbol="01-CTr/TU")
    return p


def test_two_meetings_one_assigned_one_to_finish(ctr01, world):
    line = build_demo(7, NOW, org={}, accounts=None)
    first, latest = Meeting.objects.filter(programme=ctr01).order_by("held_at")
    assert first.held_at.date() < latest.held_at.date() < NOW.date()
    assert first.held_at.weekday() < 5 and latest.held_at.weekday() < 5
    assert first.notice_symbol.endswith("-TB/BCĐ") and first.concluded_at is not None
    assigned = [c.task for c in Conclusion.objects.filter(meeting=first).order_by("order")]
    assert [t.code for t in assigned] == ["5", "6", "7"]
    assert all(t.source_symbol == first.notice_symbol and t.source_date == first.notice_date for t in assigned)
    pack = build_pack(latest, today=NOW.date())
    outcomes = [c.outcome for c in pack.previous_conclusions]
    assert outcomes == ["Hoàn thành đúng hạn", "Đang thực hiện trong hạn", "Quá hạn chưa hoàn thành"]
    assert "7" in [t.code for t in pack.overdue] and "1" in [t.code for t in pack.overdue]
    assert "5" in [t.code for t in pack.finished]
    # the latest meeting: its agenda set from the pack, two conclusions waiting for a notice
    agenda = list(AgendaItem.objects.filter(meeting=latest).order_by("order"))
    assert agenda[0].title.startswith("Báo cáo kết quả") and {"1", "7"} <= {a.task.code for a in agenda if a.task}
    waiting = Conclusion.objects.filter(meeting=latest)
    assert waiting.count() == 2 and not waiting.filter(task__isnull=False).exists() and latest.notice_symbol == ""
    assert line.startswith("Giao ban Chương trình 01-CTr/TU: 2 phiên") and "3 kết luận đã giao" in line
    assert f"{pack.counts.open_overdue} quá hạn" in line
    # made once: the same line, nothing new
    assert build_demo(7, NOW, org={}, accounts=None) == line
    assert Meeting.objects.count() == 2 and Task.objects.count() == 7


def test_the_same_seed_makes_the_same_meetings(ctr01, world):
    build_demo(7, NOW, org={}, accounts=None)
    made = list(Conclusion.objects.order_by("meeting__held_at", "order").values_list("content", "lead_unit__code",
                                                                                     "deadline"))
    symbol = Meeting.objects.order_by("held_at").first().notice_symbol
    Conclusion.objects.filter(meeting__programme=ctr01, task__isnull=True).delete()
    for c in Conclusion.objects.filter(task__isnull=False):
        task = c.task
        c.task = None
        c.save()
        task.changes.all().delete()
        task.delete()
    AgendaItem.objects.all().delete()
    Meeting.objects.all().delete()
    build_demo(7, NOW, org={}, accounts=None)
    again = list(Conclusion.objects.order_by("meeting__held_at", "order").values_list("content", "lead_unit__code",
                                                                                      "deadline"))
    assert again == made and Meeting.objects.order_by("held_at").first().notice_symbol == symbol
    assert made[0][2] == Meeting.objects.order_by("held_at").first().notice_date + timedelta(days=30)


def test_without_the_programme_it_says_so(world):
    assert "không có chương trình CTR-01" in build_demo(7, NOW, org={}, accounts=None)
    assert not Meeting.objects.exists()
