"""The demo's briefing meetings for the steering programme "CTR-01" (built by the programmes demo
before this): two past meetings of its steering committee.

* The earlier one (about two months ago) has three conclusions, its notice ("<n>-TB/BCĐ") and the
  conclusions already turned into tasks: one since finished on time, one under way, one overdue.
* The latest one (a few days ago) has the agenda its pack proposed, and two conclusions recorded
  but not yet assigned (no notice yet), for a visitor to finish: record the notice, assign tasks.

Everything goes through the services at the time each act happened. Deterministic for a seed;
run again, it returns the summary of the meetings it made.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.briefings import services as bs
from motcua.briefings.models import Meeting
from motcua.briefings.pack import build_pack, local_day
from motcua.programmes import services as ps
from motcua.programmes.models import CommitteeMember, Programme, Task
from motcua.rules.calendar import VN_TZ
from motcua.units.models import Unit

CODE = "CTR-01"
OFFSET = 303
PLACE = "Phòng họp tầng 3, Trụ sở Thành ủy Hà Nội"

#: (content, product, days from the notice to the deadline, what became of it)
EARLIER = [
    ("Hoàn thiện quy chế phối hợp giữa Trung tâm Phục vụ hành chính công và các sở trong giải quyết thủ tục liên thông",
     "regulation", 30, "finished"),
    ("Báo cáo đánh giá mức độ hài lòng của người dân quý gần nhất và đề xuất giải pháp nâng cao", "report", 95, "under_way"),
    ("Rà soát, đề xuất phân công lại nhiệm vụ của các đơn vị sau sắp xếp, bảo đảm không bỏ trống lĩnh vực quản lý",
     "plan", 40, "overdue"),
]
LATEST = [
    ("Tập trung hoàn thành các nhiệm vụ quá hạn; báo cáo Ban Chỉ đạo nguyên nhân và lộ trình hoàn thành", "report", 20),
    ("Xây dựng kế hoạch chuyển đổi vị trí công tác định kỳ đối với công chức tiếp nhận hồ sơ", "plan", 60),
]


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=VN_TZ)


def _chair(programme: Programme) -> str:
    head = programme.members.filter(role=CommitteeMember.Role.HEAD).first()
    return f"{head.name}, {head.position}" if head and head.position else (head.name if head else "Trưởng Ban Chỉ đạo")


def _steerer(programme: Programme):
    member = programme.members.filter(role=CommitteeMember.Role.STANDING, user__isnull=False).first()
    if member:
        return member.user
    return get_user_model().objects.filter(username="giamsat").first()


def _summary(programme: Programme, now: datetime) -> str:
    meetings = list(Meeting.objects.filter(programme=programme).order_by("held_at"))
    if not meetings:
        return f"Giao ban Chương trình {programme.number}: chưa có phiên nào."
    latest = meetings[-1]
    pack = build_pack(latest, today=local_day(now))
    assigned = sum(m.conclusions.filter(task__isnull=False).count() for m in meetings)
    return (f"Giao ban Chương trình {programme.number}: {len(meetings)} phiên "
            f"({', '.join(f'{local_day(m.held_at):%d/%m/%Y}' for m in meetings)}), {assigned} kết luận đã giao thành "
            f"nhiệm vụ; tài liệu phiên {local_day(latest.held_at):%d/%m/%Y}: {pack.counts.total} nhiệm vụ, "
            f"{pack.counts.open_overdue} quá hạn, {pack.counts.at_risk} có nguy cơ chậm, {len(pack.finished)} hoàn thành "
            f"từ phiên trước, {len(pack.agenda)} nội dung chương trình họp.")


def build_demo(seed: int, now: datetime, org: dict, accounts) -> str:
    programme = Programme.objects.filter(code=CODE).select_related("standing_agency").first()
    if programme is None:
        return f"Giao ban: không có chương trình {CODE} (dựng dữ liệu mẫu chương trình trước)."
    if Meeting.objects.filter(programme=programme).exists():
        return _summary(programme, now)
    rng = random.Random(seed + OFFSET)
    today = local_day(now)
    by = _steerer(programme)
    leads = sorted(Unit.objects.filter(led_tasks__programme=programme, valid_to__isnull=True).distinct(),
                   key=lambda u: u.code)
    if not leads:
        return f"Giao ban Chương trình {programme.number}: chương trình chưa có nhiệm vụ."
    with transaction.atomic():
        first_day = _weekday(today - timedelta(days=63))
        notice_day = first_day + timedelta(days=3)
        first = bs.create_meeting(programme, by=by, now=_at(first_day - timedelta(days=7), 9),
                                  held_at=_at(first_day, 14), kind=Meeting.Kind.QUARTERLY, chair=_chair(programme),
                                  place=PLACE)
        bs.set_agenda(first, None, by=by, now=_at(first_day - timedelta(days=2), 9))
        picked = rng.sample(leads, k=min(len(leads), len(EARLIER)))
        for n, (content, product, days, _) in enumerate(EARLIER):
            bs.record_conclusion(first, by=by, now=_at(first_day, 17), content=content, lead_unit=picked[n % len(picked)],
                                 product=product, deadline=notice_day + timedelta(days=days))
        bs.record_notice(first, by=by, now=_at(notice_day, 9), symbol=f"{rng.randint(110, 140)}-TB/BCĐ",
                         notice_date=notice_day)
        tasks = bs.conclude(first, by=by, now=_at(notice_day, 10))
        for task, (_, _, days, fate) in zip(tasks, EARLIER, strict=False):
            _follow(rng, task, fate, notice_day, today, by)
        latest_day = _weekday(today - timedelta(days=4))
        latest = bs.create_meeting(programme, by=by, now=_at(latest_day - timedelta(days=10), 9),
                                   held_at=_at(latest_day, 14), kind=Meeting.Kind.MONTHLY, chair=_chair(programme),
                                   place=PLACE)
        bs.set_agenda(latest, None, by=by, now=_at(latest_day - timedelta(days=2), 9))
        for content, product, days in LATEST:
            bs.record_conclusion(latest, by=by, now=_at(latest_day, 17), content=content, lead_unit=rng.choice(leads),
                                 product=product, deadline=latest_day + timedelta(days=days))
    return _summary(programme, now)


def _follow(rng: random.Random, task: Task, fate: str, start: date, today: date, by) -> None:
    """What became of a conclusion's task since it was assigned."""
    officer = by
    if fate == "finished":
        done = min(today, task.deadline - timedelta(days=rng.randint(2, 6)))
        mid = start + timedelta(days=max(1, (done - start).days // 2))
        task = ps.update_progress(task, by=officer, now=_at(mid, 15), progress=60, version=task.version)
        ps.complete_task(task, by=officer, now=_at(done, 16), completed_on=done, version=task.version,
                         result_document=f"Quyết định số {rng.randint(100, 999)}/QĐ-UBND")
    elif fate == "under_way":
        ps.update_progress(task, by=officer, now=_at(start + timedelta(days=20), 15), progress=rng.randint(50, 65),
                           version=task.version)
    else:  # overdue: some work, then stalled
        ps.update_progress(task, by=officer, now=_at(start + timedelta(days=15), 15), progress=rng.randint(30, 45),
                           version=task.version)
