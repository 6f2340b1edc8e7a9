"""The daily reminder run: five and one day before a report or a task deadline falls due, the lead
unit's officials (or the task's officer) get an e-mail and a notice; once overdue, the unit's
leaders hear one working day later and the committee five; running twice sends nothing new."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from motcua.reporting.models import Notice, SentReminder
from motcua.reporting.queries import unread_count
from motcua.reporting.services import file_report, mark_read, send_reminders
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db


def _file(programme, user, unit, period, at):
    file_report(programme, unit, period, by=programme.world.users[user], now=at, summary="Đúng kế hoạch.")


@pytest.fixture
def january_filed(programme):
    w = programme.world
    for user, unit in (("builder", w.construction), ("culture_officer", w.culture), ("police_officer", w.police)):
        _file(programme, user, unit, "2026-01", vn(2026, 2, 2))
    return programme


def test_units_are_reminded_five_then_one_day_before_the_report_falls_due(january_filed):
    sent = send_reminders(vn(2026, 2, 28, 7))  # February's report is due on 5 March
    due = [s for s in sent if s.kind == "report_due"]
    assert sorted(sorted(s.recipients) for s in due) == [["builder", "builder_head"], ["culture_head", "culture_officer"]]
    assert all(s.emails == 2 for s in due)  # police finished in January; the commune's task came in March
    assert sorted(tuple(sorted(m.to)) for m in mail.outbox) == [
        ("builder@hanoi.gov.vn", "builder_head@hanoi.gov.vn"),
        ("culture_head@hanoi.gov.vn", "culture_officer@hanoi.gov.vn")]
    assert "hạn nộp 05/03/2026 (còn 5 ngày)" in mail.outbox[0].body and "/can-bo/bao-cao/CTR-T/ky/2026-02/" in mail.outbox[0].body
    note = Notice.objects.get(user=january_filed.world.users["builder"])
    assert note.kind == "report_due" and note.link == "/can-bo/bao-cao/CTR-T/ky/2026-02/SXD/nop/"

    assert send_reminders(vn(2026, 2, 28, 18)) == []  # the same day again: nothing new
    assert send_reminders(vn(2026, 3, 2, 7)) == []  # the five-day reminder is not sent again
    assert len(mail.outbox) == 2
    later = send_reminders(vn(2026, 3, 4, 7))
    assert len([s for s in later if s.kind == "report_due"]) == 2 and "còn 1 ngày" in mail.outbox[-1].body
    assert Notice.objects.filter(user=january_filed.world.users["builder"]).count() == 2


def test_a_filed_report_stops_its_reminders(january_filed):
    w = january_filed.world
    _file(january_filed, "builder", w.construction, "2026-02", vn(2026, 2, 27))
    due = [s for s in send_reminders(vn(2026, 2, 28, 7)) if s.kind == "report_due"]
    assert [sorted(s.recipients) for s in due] == [["culture_head", "culture_officer"]]


def test_a_missing_report_goes_to_the_units_leaders_then_to_the_committee(january_filed):
    w = january_filed.world
    _file(january_filed, "builder", w.construction, "2026-02", vn(2026, 3, 4))
    assert [s for s in send_reminders(vn(2026, 3, 5, 18)) if s.kind == "report_overdue"] == []  # due today
    [leaders] = [s for s in send_reminders(vn(2026, 3, 6, 7)) if s.kind == "report_overdue"]
    assert leaders.recipients == ("culture_head",) and "chậm báo cáo Tháng 2/2026" in leaders.subject
    assert [s for s in send_reminders(vn(2026, 3, 11, 7)) if s.kind == "report_overdue"] == []
    [committee] = [s for s in send_reminders(vn(2026, 3, 12, 7)) if s.kind == "report_overdue"]
    assert committee.recipients == ("committee", "justice_head")  # the member with an account, the standing agency
    assert Notice.objects.get(user=w.users["committee"]).link == "/can-bo/bao-cao/CTR-T/ky/2026-02/"


def test_task_deadlines_are_reminded_to_the_officer_and_escalated_when_overdue(january_filed):
    w, t = january_filed.world, january_filed.t
    for user, unit in (("builder", w.construction), ("culture_officer", w.culture)):
        _file(january_filed, user, unit, "2026-02", vn(2026, 3, 2))
    [due] = [s for s in send_reminders(vn(2026, 3, 15, 7)) if s.kind == "task_due"]  # task 3: deadline 20 March
    assert due.recipients == ("culture_officer",) and "Nhiệm vụ 3 sắp đến hạn" in due.subject
    assert [s for s in send_reminders(vn(2026, 3, 20, 7)) if s.kind == "task_due"][0].recipients == ("culture_officer",)
    [late] = [s for s in send_reminders(vn(2026, 3, 23, 7)) if s.kind == "task_overdue"]  # Monday: +1 working day
    assert late.recipients == ("culture_head",) and "quá hạn" in late.subject
    assert not [s for s in send_reminders(vn(2026, 3, 23, 9)) if s.kind == "task_overdue"]
    assert t["3"].pk == SentReminder.objects.filter(kind="task_overdue").get().task_id


class Broken(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_a_failed_email_leaves_the_notices_and_says_why(january_filed, settings):
    settings.EMAIL_BACKEND = "tests.reporting.test_reminders.Broken"
    sent = [s for s in send_reminders(vn(2026, 2, 28, 7)) if s.kind == "report_due"]
    assert all(s.emails == 0 and "no mail server" in s.error for s in sent)
    assert Notice.objects.filter(kind="report_due").count() == 4
    assert all("ConnectionRefusedError" in r.email_error for r in SentReminder.objects.filter(kind="report_due"))
    assert send_reminders(vn(2026, 2, 28, 8)) == []


def test_notices_are_counted_until_read(january_filed):
    send_reminders(vn(2026, 2, 28, 7))
    builder = january_filed.world.users["builder"]
    assert unread_count(builder) == 1 and unread_count(january_filed.world.users["police_officer"]) == 0
    assert mark_read(builder, now=vn(2026, 2, 28, 9)) == 1
    assert unread_count(builder) == 0 and Notice.objects.get(user=builder).read_at is not None
