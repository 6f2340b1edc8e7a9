"""The pack of a meeting, as of the meeting's day: counts by status and lead unit, what finished
since the previous meeting (earliest first), what is overdue or at risk and who answers for it,
the proposed agenda, and what became of the previous meeting's conclusions."""

from datetime import date

from motcua.briefings import services as bs
from motcua.briefings.pack import build_pack, code_key, task_rows
from motcua.programmes import services as ps
from motcua.programmes.models import Task
from tests.dossiers.scenario import vn


def test_the_second_meeting_sees_the_state_of_14_april(meetings, world):
    first, second = meetings
    pack = build_pack(second)
    c = pack.counts
    assert (c.total, c.done_on_time, c.done_late, c.open_in_time, c.open_overdue, c.at_risk) == (9, 2, 1, 4, 2, 1)
    assert pack.previous == first and pack.since == date(2026, 3, 10)
    # finished since 10 March, earliest first; task 1 finished before it
    assert [(t.code, t.completed_on) for t in pack.finished] == [("2", date(2026, 3, 20)), ("3", date(2026, 4, 2))]
    assert pack.finished[1].status_label == "Hoàn thành quá hạn" and pack.finished[1].days == 18
    # overdue: the most overdue first, with the units and the officer responsible
    assert [(t.code, t.days) for t in pack.overdue] == [("4", 14), ("8", 4)]
    four = pack.overdue[0]
    assert four.lead_unit == "Công an thành phố Hà Nội" and four.co_units == ("Sở Tư pháp",)
    assert four.officer == "police_officer" and four.progress == 40
    assert [(t.code, t.days, t.progress) for t in pack.at_risk] == [("5", 11, 30)]


def test_counts_per_lead_unit_put_the_most_overdue_first(meetings):
    units = build_pack(meetings[1]).units
    assert [u.code for u in units][:2] == ["CATP", "SVHTT"]  # one overdue each; the police alphabetically first
    culture = next(u for u in units if u.code == "SVHTT")
    assert (culture.counts.total, culture.counts.done_on_time, culture.counts.open_overdue,
            culture.counts.open_in_time) == (3, 1, 1, 1)
    assert sum(u.counts.total for u in units) == 9


def test_the_previous_meetings_conclusions_show_what_became_of_them(meetings):
    rows = build_pack(meetings[1]).previous_conclusions
    assert [(r.order, r.task_code, r.outcome) for r in rows] == [
        (1, "8", "Quá hạn chưa hoàn thành"), (2, "9", "Đang thực hiện trong hạn")]


def test_the_first_meeting_reads_the_tasks_as_they_stood_on_10_march(meetings):
    pack = build_pack(meetings[0])
    assert pack.previous is None and pack.previous_conclusions == []
    c = pack.counts
    # tasks 8 and 9 did not exist yet; 2 and 3 were still open (3 due on 15 March, nothing done: at risk)
    assert (c.total, c.done_on_time, c.done_late, c.open_in_time, c.open_overdue) == (7, 1, 0, 6, 0)
    assert [t.code for t in pack.finished] == ["1"]
    assert "3" in [t.code for t in pack.at_risk]
    three = next(t for t in pack.at_risk if t.code == "3")
    assert three.completed_on is None and three.progress == 0 and three.days == 5


def test_an_extension_granted_after_the_meeting_does_not_rewrite_its_pack(meetings, world):
    steer = world.users["justice_head"]
    task = Task.objects.get(programme=meetings[1].programme, code="4")
    request = ps.request_extension(task, by=world.users["police_officer"], now=vn(2026, 4, 18),
                                   proposed_deadline=date(2026, 5, 31), reason="Chờ dữ liệu dân cư")
    ps.decide_extension(request, by=steer, now=vn(2026, 4, 20), approve=True)
    assert [t.code for t in build_pack(meetings[1]).overdue] == ["4", "8"]  # on 14 April it was overdue
    later = bs.create_meeting(meetings[1].programme, by=steer, now=vn(2026, 4, 21), held_at=vn(2026, 4, 28, 14))
    pack = build_pack(later)
    assert [t.code for t in pack.overdue] == ["8", "5"]  # 4 moved to 31 May; 5 fell due on 25 April
    assert pack.since == date(2026, 4, 14) and [t.code for t in pack.finished] == []


def test_progress_is_the_last_one_reported_by_the_day(meetings, world):
    task = Task.objects.get(programme=meetings[1].programme, code="6")
    ps.update_progress(task, by=world.users["commune_chair"], now=vn(2026, 4, 20), progress=70, version=task.version)
    assert _row(task_rows(meetings[1].programme, date(2026, 4, 14)), "6").progress == 20
    assert _row(task_rows(meetings[1].programme, date(2026, 4, 20)), "6").progress == 70
    assert _row(task_rows(meetings[1].programme, date(2026, 1, 20)), "6").progress == 0  # before its first report


def _row(rows, code):
    return next(r for r in rows if r.code == code)


def test_the_proposed_agenda_takes_the_overdue_then_the_at_risk_tasks(meetings):
    pack = build_pack(meetings[1])
    assert pack.agenda_proposed
    titles = [a.title for a in pack.agenda]
    assert titles[0].startswith("Báo cáo kết quả thực hiện nhiệm vụ") and pack.agenda[0].presenter == "Sở Tư pháp"
    assert [a.task_code for a in pack.agenda[1:-1]] == ["4", "8", "5"]
    assert "quá hạn 14 ngày" in titles[1] and "có nguy cơ chậm" in titles[3]
    assert pack.agenda[1].presenter == "Công an thành phố Hà Nội"


def test_a_meeting_still_to_come_counts_as_of_today(meetings, world):
    steer = world.users["justice_head"]
    coming = bs.create_meeting(meetings[1].programme, by=steer, now=vn(2026, 4, 15), held_at=vn(2026, 6, 1, 14))
    assert build_pack(coming, today=date(2026, 4, 15)).as_of == date(2026, 4, 15)
    assert build_pack(coming).as_of == date(2026, 6, 1)


def test_task_numbers_sort_naturally():
    assert sorted(["10", "5.2", "5", "2", "5.10"], key=code_key) == ["2", "5", "5.2", "5.10", "10"]


def test_the_pack_reads_in_a_fixed_number_of_queries(meetings, world, django_assert_max_num_queries):
    steer = world.users["justice_head"]
    for n in range(10, 30):
        ps.add_task(meetings[1].programme, by=steer, now=vn(2026, 1, 10), code=str(n), content=f"Nhiệm vụ {n}",
                    product="report", lead_unit=world.culture, co_units=[world.justice, world.police],
                    officer=world.users["culture_officer"], assigned_on=date(2026, 1, 10), deadline=date(2026, 3, 1),
                    source_symbol="01-CTr/TU")
    meeting = type(meetings[1]).objects.select_related("programme__standing_agency").get(pk=meetings[1].pk)
    with django_assert_max_num_queries(8):
        pack = build_pack(meeting)
    assert pack.counts.total == 29 and pack.counts.open_overdue == 22
