"""Writes about periodic reports, one function per act: file a report (nộp báo cáo; again before
the period is closed, replacing the lines and keeping the earlier version), close a period (khóa
kỳ báo cáo), mark notices read; and the daily reminder run, ``send_reminders`` (in ``reminders``).

A refused act raises ``ReportRefused`` (Vietnamese message, a problem ``code``, an HTTP-like
``status``: 403 not allowed, 409 closed period, 422 invalid input) and changes nothing, files
included. Filing updates the unit's tasks' progress through ``programmes.services``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.db import transaction

from motcua.dossiers.access import viewer_for
from motcua.programmes import services as programme_services
from motcua.programmes.models import Programme
from motcua.reporting import queries, storage
from motcua.reporting.badge import forget
from motcua.reporting.access import may_file, may_steer
from motcua.reporting.models import ClosedPeriod, Notice, ProgressReport, ReportLine, ReportRevision
from motcua.reporting.reminders import Sent, send_reminders  # noqa: F401  (the daily run)
from motcua.rules.calendar import VN_TZ
from motcua.rules.reporting import due_on, policy_at
from motcua.units.models import Unit

__all__ = ["ReportRefused", "file_report", "close_period", "mark_read", "send_reminders", "Sent"]


class ReportRefused(Exception):
    def __init__(self, message: str, code: str = "report_invalid", status: int = 422,
                 errors: list[str] | None = None):
        super().__init__(message)
        self.message, self.code, self.status, self.errors = message, code, status, errors or [message]


def _today(now: datetime):
    return now.astimezone(VN_TZ).date()


def _period(programme: Programme, key: str):
    try:
        return queries.period_for(programme, key)
    except ValueError as exc:
        raise ReportRefused(str(exc), "report_invalid") from None


def _lines(form: list[queries.FormLine], given: Mapping[int, tuple[int, str]]) -> tuple[dict, list[str]]:
    """Task pk -> (progress, note) for every line of the form; the errors of what was given."""
    known, errors, out = {line.task.pk: line for line in form}, [], {}
    for pk in given:
        if pk not in known:
            errors.append(f"Nhiệm vụ số hiệu {pk} không thuộc đơn vị này trong kỳ báo cáo.")
    for pk, line in known.items():
        progress, note = given.get(pk, (line.task.progress, ""))
        if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
            errors.append(f"Tiến độ của nhiệm vụ {line.task.code} phải là số nguyên từ 0 đến 100 %.")
        elif line.task.completed_on is not None and progress != 100:
            errors.append(f"Nhiệm vụ {line.task.code} đã hoàn thành; tiến độ là 100 %.")
        out[pk] = (progress, (note or "").strip()[:4000])
    return out, errors


def file_report(programme: Programme, unit: Unit, period_key: str, *, by, now: datetime, summary: str,
                lines: Mapping[int, tuple[int, str]] | None = None, files: Sequence = ()) -> ProgressReport:
    """Nộp báo cáo: the unit's report for the period: a summary, one line (progress %, note) per
    task of the unit (``lines``: task pk -> (progress, note); a task left out keeps its progress),
    and files. Filing again before the committee closes the period replaces the summary and lines
    (the earlier version is kept); the files add up."""
    today = _today(now)
    if not may_file(viewer_for(by, on=today), programme, unit):
        raise ReportRefused(f"Chỉ cán bộ của đơn vị chủ trì nhiệm vụ thuộc chương trình hoặc Ban Chỉ đạo được nộp "
                            f"báo cáo của «{unit.name}».", "report_forbidden", 403)
    period = _period(programme, period_key)
    errors = []
    if period.start > today:
        errors.append(f"Kỳ {period.label} chưa bắt đầu; chưa nộp báo cáo được.")
    if not (summary or "").strip():
        errors.append("Chưa nhập tóm tắt kết quả thực hiện.")
    form = queries.form_lines(programme, unit, period)
    if not form:
        errors.append(f"«{unit.name}» không chủ trì nhiệm vụ nào của chương trình trong kỳ {period.label}.")
    values, wrong = _lines(form, dict(lines or {}))
    errors += wrong
    try:
        checked = storage.check_all(list(files))
    except storage.UploadRefused as exc:
        errors.append(exc.message)
    if errors:
        raise ReportRefused(" ".join(errors), "report_invalid", 422, errors)
    with storage.removed_on_error() as written, transaction.atomic():
        if ClosedPeriod.objects.filter(programme=programme, period=period.key).exists():
            raise ReportRefused(f"Ban Chỉ đạo đã khóa kỳ {period.label}; không nộp lại báo cáo được.",
                                "period_closed", 409)
        report = (ProgressReport.objects.select_for_update()
                  .filter(programme=programme, unit=unit, period=period.key).first())
        if report is None:
            report = ProgressReport.objects.create(
                programme=programme, unit=unit, period=period.key, period_start=period.start, period_end=period.end,
                due_on=due_on(period, policy_at(period.end)), summary=summary.strip(), submitted_by=by,
                submitted_at=now, first_submitted_at=now)
        else:
            try:
                storage.check_all(list(files), existing=report.attachments.count())
            except storage.UploadRefused as exc:
                raise ReportRefused(exc.message, "report_invalid") from None
            old = [{"task": line.task.code, "progress": line.progress, "note": line.note}
                   for line in report.lines.select_related("task")]
            ReportRevision.objects.create(report=report, revision=report.revision, summary=report.summary, lines=old,
                                          submitted_by_id=report.submitted_by_id, submitted_at=report.submitted_at,
                                          replaced_at=now)
            report.lines.all().delete()
            report.summary, report.submitted_by, report.submitted_at = summary.strip(), by, now
            report.revision += 1
            report.save(update_fields=["summary", "submitted_by", "submitted_at", "revision"])
        ReportLine.objects.bulk_create(ReportLine(report=report, task_id=pk, progress=p, note=n)
                                       for pk, (p, n) in values.items())
        note = f"Báo cáo {period.label}"
        for line in form:
            progress = values[line.task.pk][0]
            if line.task.completed_on is None and progress != line.task.progress:
                try:
                    programme_services.update_progress(line.task, by=by, now=now, progress=progress, version=None,
                                                       note=note)
                except programme_services.TaskRefused as exc:
                    raise ReportRefused(exc.message, "report_invalid") from None
        storage.store(report, checked, user=by, now=now, written=written)
    return report


@transaction.atomic
def close_period(programme: Programme, period_key: str, *, by, now: datetime) -> ClosedPeriod:
    """Khóa kỳ báo cáo: the committee closes the period; its reports are final."""
    if not may_steer(viewer_for(by, on=_today(now)), programme):
        raise ReportRefused("Chỉ Ban Chỉ đạo được khóa kỳ báo cáo.", "report_forbidden", 403)
    period = _period(programme, period_key)
    if period.end >= _today(now):
        raise ReportRefused(f"Kỳ {period.label} chưa kết thúc; chưa khóa được.", "report_invalid")
    closed, made = ClosedPeriod.objects.get_or_create(programme=programme, period=period.key,
                                                      defaults={"closed_by": by, "closed_at": now})
    if not made:
        raise ReportRefused(f"Kỳ {period.label} đã được khóa.", "period_closed", 409)
    return closed


def mark_read(user, *, now: datetime, ids: Iterable[int] | None = None) -> int:
    """Đánh dấu đã đọc: the user's notices ``ids`` (all unread ones when None); how many changed."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    changed = unread.update(read_at=now)
    forget(user.pk)
    return changed
