"""Periodic reports for the demo programme (CTR-01): for its last periods whose reports have fallen
due, most lead units on time, some late, one or two missing in the latest period; then the
reminder run of the demo's day, which leaves its notices (e-mails go to a dummy backend).
Deterministic for a seed; reports already there are kept."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import get_connection

from motcua.programmes.models import Programme
from motcua.reporting import queries
from motcua.reporting.models import ProgressReport
from motcua.reporting.services import file_report, send_reminders
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Role
from motcua.rules.reporting import due_on
from motcua.units.models import Official

CODE = "CTR-01"
OFFSET = 20
PERIODS = 12  # the last periods reported on (a unit's page shows 12)
SUMMARIES = (
    "Đơn vị đã triển khai các nhiệm vụ theo kế hoạch; tiến độ đạt yêu cầu.",
    "Đã hoàn thiện dự thảo, đang lấy ý kiến các đơn vị phối hợp.",
    "Một số nội dung còn vướng mắc về nguồn lực; đề nghị Ban Chỉ đạo xem xét hỗ trợ.",
    "Đã tổ chức hội nghị quán triệt; đang xây dựng kế hoạch chi tiết.",
)
NOTES = ("Đang thực hiện theo kế hoạch.", "Đã trình lãnh đạo cho ý kiến.", "Đang lấy ý kiến đơn vị phối hợp.",
         "Chậm do chờ số liệu của các đơn vị.", "")


def _filer(programme: Programme, unit, accounts, fallback):
    """The unit's processing officer (else its leader, else any official of it); failing those, a
    committee member with an account files on its behalf."""
    for pool in (getattr(accounts, "officers", {}), getattr(accounts, "leaders", {})):
        if unit.pk in pool:
            return pool[unit.pk]
    posts = Official.objects.filter(unit=unit, valid_to__isnull=True).exclude(role=Role.ADMIN.value)
    post = (posts.filter(role=Role.PROCESSING.value).first() or posts.filter(role=Role.LEADER.value).first()
            or posts.select_related("user").first())
    if post is not None:
        return post.user
    member = programme.members.filter(user__isnull=False).select_related("user").first()
    return member.user if member else fallback


def build_demo(seed: int, now: datetime, org: dict, accounts) -> str:
    programme = Programme.objects.filter(code=CODE).first()
    if programme is None:
        return f"Báo cáo định kỳ: chưa có chương trình {CODE}, không tạo báo cáo."
    rng = random.Random(seed + OFFSET)
    today = now.astimezone(VN_TZ).date()
    due_past = [p for p in queries.programme_periods(programme, today) if due_on(p) < today][:PERIODS]
    fallback = get_user_model().objects.filter(username="giamsat").first()
    filed = late = absent = 0
    for n, period in enumerate(reversed(due_past)):
        latest = n == len(due_past) - 1
        units = queries.owing_units(programme, period)
        missing = set(rng.sample([u.pk for u in units], min(2, len(units)))) if latest else set()
        for unit in units:
            roll, shift = rng.random(), rng.randint(0, 6)  # drawn first: the same draws when run again
            at_time, summary = time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), rng.choice(SUMMARIES)
            form = queries.form_lines(programme, unit, period)
            lines = {line.task.pk: (100 if line.task.completed_on else line.task.progress, rng.choice(NOTES))
                     for line in form}
            if ProgressReport.objects.filter(programme=programme, unit=unit, period=period.key).exists():
                continue
            by = _filer(programme, unit, accounts, fallback)
            if unit.pk in missing or (not latest and roll < 0.04) or by is None:
                absent += 1
                continue
            due = due_on(period)
            day = due + timedelta(days=max(shift, 1)) if roll > 0.82 else due - timedelta(days=min(shift, 4))
            file_report(programme, unit, period.key, by=by, now=min(datetime.combine(day, at_time, VN_TZ), now),
                        summary=summary, lines=lines)
            filed += 1
            late += day > due
    sent = send_reminders(now, connection=get_connection("django.core.mail.backends.dummy.EmailBackend"))
    notices = sum(len(s.recipients) for s in sent)
    return (f"Báo cáo định kỳ {programme.number}: {filed} báo cáo trong {len(due_past)} kỳ ({late} nộp chậm, "
            f"{absent} chưa nộp); {len(sent)} lượt nhắc hạn, đôn đốc với {notices} thông báo.")
