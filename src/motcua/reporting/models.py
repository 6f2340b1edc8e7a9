"""Periodic progress reports of lead units (báo cáo định kỳ của đơn vị chủ trì), their attachments
and earlier versions, the committee's closing of a period, in-app notices (thông báo) and the log
of reminders sent (nhắc hạn, báo cáo chậm). Writes go through ``reporting.services``; the periods
and due dates are ``rules.reporting``'s."""

from django.conf import settings
from django.db import models

from motcua.programmes.models import Programme, Task
from motcua.rules.calendar import VN_TZ
from motcua.units.models import Unit


class ProgressReport(models.Model):
    """One lead unit's report on one programme for one period. A resubmission before the period is
    closed replaces the summary and lines; what it replaced is kept as a ``ReportRevision``."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="progress_reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="progress_reports",
                             verbose_name="đơn vị chủ trì")
    period = models.CharField("kỳ báo cáo", max_length=8)  # rules.reporting.Period.key: 2026-03, 2026-Q1, 2026-H1
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    due_on = models.DateField("hạn nộp")
    summary = models.TextField("tóm tắt kết quả, khó khăn, kiến nghị")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="người gửi")
    submitted_at = models.DateTimeField("gửi lúc")
    first_submitted_at = models.DateTimeField("gửi lần đầu lúc")  # on time or late is judged by the first
    revision = models.PositiveSmallIntegerField("lần gửi", default=1)

    class Meta:
        ordering = ["-period_end", "unit__name"]
        verbose_name = verbose_name_plural = "báo cáo định kỳ"
        constraints = [models.UniqueConstraint(fields=["programme", "unit", "period"], name="report_once_per_period")]
        indexes = [models.Index(fields=["programme", "period"], name="report_programme_period_idx")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"

    @property
    def late(self) -> bool:
        return self.first_submitted_at.astimezone(VN_TZ).date() > self.due_on


class ReportLine(models.Model):
    """The report's line for one task of the unit: progress (%) and a note."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="report_lines")
    progress = models.PositiveSmallIntegerField("tiến độ (%)")
    note = models.TextField("kết quả, vướng mắc", blank=True)

    class Meta:
        ordering = ["report", "task__code"]
        constraints = [models.UniqueConstraint(fields=["report", "task"], name="report_line_once")]


class ReportRevision(models.Model):
    """A version of a report that a resubmission replaced (append-only)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField("lần gửi")
    summary = models.TextField()
    lines = models.JSONField(default=list)  # [{"task": code, "progress": n, "note": "..."}]
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "revision"]


class ReportAttachment(models.Model):
    """A file sent with a report, stored outside the web root (``MOTCUA_UPLOAD_DIR``) under a
    random name; its checks are the portal's (type by content, size, cleaned name)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField("tên tệp", max_length=255)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]


class ClosedPeriod(models.Model):
    """The committee closed a programme's period: its reports can no longer be replaced."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="closed_periods")
    period = models.CharField(max_length=8)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "period"], name="closed_period_once")]


class Notice(models.Model):
    """An in-app notice (thông báo) to one user; ``key`` names what it is about, so that the same
    reminder never reaches the same person twice."""

    class Kind(models.TextChoices):
        REPORT_DUE = "report_due", "Sắp đến hạn báo cáo"
        REPORT_OVERDUE = "report_overdue", "Chậm báo cáo"
        TASK_DUE = "task_due", "Nhiệm vụ sắp đến hạn"
        TASK_OVERDUE = "task_overdue", "Nhiệm vụ quá hạn"
        REPORT_FILED = "report_filed", "Đã nhận báo cáo"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    text = models.CharField("nội dung", max_length=500)
    link = models.CharField("đường dẫn", max_length=255, blank=True)
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField("lúc")
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "thông báo"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notice_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread_idx")]


class SentReminder(models.Model):
    """The log of reminders and escalations sent: one row per occasion (``key``), which makes
    the daily run idempotent."""

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Notice.Kind.choices)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8, blank=True)
    subject = models.CharField(max_length=255)
    recipients = models.JSONField(default=list)  # usernames
    emails = models.PositiveIntegerField(default=0)  # e-mails handed to the mail backend
    email_error = models.CharField(max_length=255, blank=True)  # why the e-mail failed (the notices stay)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-pk"]
