"""The daily reminder run (nhắc hạn, đôn đốc): before a report or a task deadline falls due, an
e-mail (Django's mail backend) and an in-app notice to the lead unit's officials or the task's
officer; once overdue, escalation to the unit's leaders, then to the committee (members with an
account and the standing agency's leaders). When and to whom is ``rules.reporting``'s.

Each occasion is logged once (``SentReminder.key``), so running twice the same day sends nothing
new. A failed e-mail is recorded on the occasion; the notices stay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from motcua.programmes.models import Programme, Task
from motcua.reporting.badge import forget
from motcua.reporting.models import Notice, ProgressReport, SentReminder
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Role
from motcua.rules.reporting import Audience, due_on, escalations_on, periods, policy_at, reminder_before
from motcua.units.models import Official

K = Notice.Kind


@dataclass
class Occasion:
    key: str
    kind: str
    programme: Programme
    subject: str
    text: str
    link: str
    users: dict = field(default_factory=dict)  # user pk -> (username, email)
    unit_id: int | None = None
    task_id: int | None = None
    period: str = ""


@dataclass(frozen=True)
class Sent:
    """What one occasion sent: to whom (usernames), how many e-mails, any e-mail error."""

    kind: str
    subject: str
    recipients: tuple[str, ...]
    emails: int
    error: str = ""


def _link(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse("reporting:mine")


class _People:
    """Who serves each unit (live posts on the day), read in one query."""

    def __init__(self, unit_ids: set[int], today: date):
        self.by_unit: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
        for unit, role, user, username, email in Official.objects.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=today), Q(valid_to__isnull=True) | Q(valid_to__gte=today),
                unit_id__in=unit_ids, user__is_active=True).exclude(role=Role.ADMIN.value).values_list(
                "unit_id", "role", "user_id", "user__username", "user__email"):
            self.by_unit[unit].append((user, username, email, role))

    def officials(self, unit: int) -> dict:
        return {u: (name, email) for u, name, email, _ in self.by_unit.get(unit, ())}

    def leaders(self, unit: int) -> dict:
        return {u: (name, email) for u, name, email, role in self.by_unit.get(unit, ()) if role == Role.LEADER.value}


def _occasions(programme: Programme, today: date, people_for) -> list[Occasion]:
    policy = policy_at(today)
    tasks = list(Task.objects.filter(programme=programme).select_related("lead_unit", "officer", "leader"))
    committee = {m.user_id: (m.user.username, m.user.email) for m in programme.members.all() if m.user_id}
    people = people_for({t.lead_unit_id for t in tasks} | {programme.standing_agency_id})
    committee |= people.leaders(programme.standing_agency_id)
    filed = set(ProgressReport.objects.filter(programme=programme).values_list("unit_id", "period"))
    out: list[Occasion] = []
    name = f"Chương trình {programme.number}"
    lookahead = max(policy.report_reminder_days, default=0)
    for period in periods(programme.report_frequency, programme.period_start, programme.period_end):
        due = due_on(period, policy_at(period.end))
        if due - timedelta(days=lookahead) > today or (today - due).days > policy.escalate_within_days:
            continue
        owing = {t.lead_unit_id: t.lead_unit for t in tasks if t.assigned_on <= period.end
                 and (t.completed_on is None or t.completed_on >= period.start)}
        for unit_id, unit in sorted(owing.items(), key=lambda kv: kv[1].name):
            if (unit_id, period.key) in filed:
                continue
            base = f"rpt:{programme.pk}:{unit_id}:{period.key}"
            lead = reminder_before(today, due, policy.report_reminder_days)
            if lead is not None:
                left = (due - today).days
                out.append(Occasion(
                    f"{base}:before{lead}", K.REPORT_DUE, programme, f"[{name}] Sắp đến hạn báo cáo {period.label}",
                    f"{unit.name}: báo cáo {period.label} của {name} hạn nộp {due:%d/%m/%Y} "
                    f"({'hôm nay' if left == 0 else f'còn {left} ngày'}).",
                    _link("reporting:file", programme.code, period.key, unit.code), people.officials(unit_id),
                    unit_id=unit_id, period=period.key))
            for step in escalations_on(today, due, policy, _working_day):
                to = people.leaders(unit_id) if step.audience == Audience.UNIT_LEADERS else committee
                out.append(Occasion(
                    f"{base}:after{step.working_days}", K.REPORT_OVERDUE, programme,
                    f"[{name}] {unit.name} chậm báo cáo {period.label}",
                    f"{unit.name} chưa nộp báo cáo {period.label} của {name} (hạn {due:%d/%m/%Y}, "
                    f"chậm {(today - due).days} ngày).",
                    _link("reporting:period", programme.code, period.key), to, unit_id=unit_id, period=period.key))
    for task in tasks:
        if task.completed_on is not None or task.deadline is None:
            continue
        content = task.content if len(task.content) <= 80 else task.content[:79].rstrip(" ,.;:") + "…"
        base, label = f"task:{task.pk}:{task.deadline:%Y%m%d}", f"nhiệm vụ {task.code} ({content})"
        lead = reminder_before(today, task.deadline, policy.task_reminder_days)
        if lead is not None:
            to = ({task.officer_id: (task.officer.username, task.officer.email)} if task.officer_id
                  else people.officials(task.lead_unit_id))
            left = (task.deadline - today).days
            out.append(Occasion(
                f"{base}:before{lead}", K.TASK_DUE, programme, f"[{name}] Nhiệm vụ {task.code} sắp đến hạn",
                f"{task.lead_unit.name}: {label} hạn {task.deadline:%d/%m/%Y} "
                f"({'hôm nay' if left == 0 else f'còn {left} ngày'}), tiến độ {task.progress} %.",
                _link("programmes:task", task.pk), to, unit_id=task.lead_unit_id, task_id=task.pk))
        for step in escalations_on(today, task.deadline, policy, _working_day):
            if step.audience == Audience.UNIT_LEADERS:
                to = people.leaders(task.lead_unit_id)
                if task.leader_id:
                    to[task.leader_id] = (task.leader.username, task.leader.email)
            else:
                to = committee
            out.append(Occasion(
                f"{base}:after{step.working_days}", K.TASK_OVERDUE, programme,
                f"[{name}] Nhiệm vụ {task.code} quá hạn",
                f"{task.lead_unit.name}: {label} quá hạn từ {task.deadline:%d/%m/%Y}, tiến độ {task.progress} %.",
                _link("programmes:task", task.pk), dict(to), unit_id=task.lead_unit_id, task_id=task.pk))
    return out


def _working_day(day: date) -> bool:
    from motcua.units.calendars import calendar_for

    try:
        return calendar_for().is_working_day(day)
    except (ValueError, KeyError):  # outside the calendar's years
        return day.weekday() < 5


def _deliver(occasion: Occasion, now: datetime, connection) -> Sent | None:
    users = occasion.users
    try:
        with transaction.atomic():
            log = SentReminder.objects.create(
                key=occasion.key, kind=occasion.kind, programme=occasion.programme, unit_id=occasion.unit_id,
                task_id=occasion.task_id, period=occasion.period, subject=occasion.subject[:255],
                recipients=sorted(name for name, _ in users.values()), sent_at=now)
            Notice.objects.bulk_create([Notice(user_id=pk, kind=occasion.kind, text=occasion.text[:500],
                                               link=occasion.link, key=occasion.key, created_at=now)
                                        for pk in sorted(users)], ignore_conflicts=True)
    except IntegrityError:  # another run logged it first
        return None
    for pk in users:
        forget(pk)  # the menu's badge counts the new notice at once
    emails = sorted({email for _, email in users.values() if email})
    error = ""
    if emails:
        body = f"{occasion.text}\n\n{getattr(settings, 'MOTCUA_SITE_URL', '')}{occasion.link}\n\n— motcua"
        try:
            send_mail(occasion.subject, body, None, emails, connection=connection)
        except Exception as exc:  # noqa: BLE001  (any mail failure: the notices are there; say why)
            error = f"{type(exc).__name__}: {exc}"[:255]
            emails = []
        SentReminder.objects.filter(pk=log.pk).update(emails=len(emails), email_error=error)
    return Sent(occasion.kind, occasion.subject, tuple(sorted(name for name, _ in users.values())), len(emails), error)


def send_reminders(now: datetime, *, connection=None) -> list[Sent]:
    """Nhắc hạn và đôn đốc for ``now``'s day (Hà Nội): what was sent, occasion by occasion."""
    today = now.astimezone(VN_TZ).date()
    programmes = Programme.objects.filter(period_start__lte=today + timedelta(days=31)).prefetch_related(
        "members__user").order_by("code")
    occasions = []
    for programme in programmes:
        occasions += _occasions(programme, today, lambda units: _People(units, today))
    done = set(SentReminder.objects.filter(key__in=[o.key for o in occasions]).values_list("key", flat=True))
    sent = []
    for occasion in occasions:
        if occasion.key not in done:
            result = _deliver(occasion, now, connection)
            if result is not None:
                sent.append(result)
    return sent
