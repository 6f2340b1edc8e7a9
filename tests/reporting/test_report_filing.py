"""Filing a unit's periodic report: who may, what it records (lines, the tasks' progress and their
history), resubmission before the period is closed (the earlier version kept), and refusals that
change nothing, files included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.programmes.models import TaskChange
from motcua.reporting import queries
from motcua.reporting.models import ProgressReport, ReportAttachment
from motcua.reporting.services import ReportRefused, close_period, file_report
from motcua.rules.reporting import parse_period
from tests.dossiers.scenario import vn

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _file(programme, user, unit, period="2026-02", at=vn(2026, 3, 3), **kw):
    kw.setdefault("summary", "Đã triển khai theo kế hoạch.")
    return file_report(programme, unit, period, by=programme.world.users[user], now=at, **kw)


def test_a_lead_unit_files_its_report_and_its_tasks_progress_moves(programme):
    w, t = programme.world, programme.t
    report = _file(programme, "builder", w.construction, lines={t["1"].pk: (45, "Đã có dự thảo")})
    assert report.period == "2026-02" and str(report.due_on) == "2026-03-05" and not report.late
    lines = {line.task.code: (line.progress, line.note) for line in report.lines.select_related("task")}
    assert lines == {"1": (45, "Đã có dự thảo"), "2": (0, "")}  # a task left out keeps its progress
    t["1"].refresh_from_db()
    assert t["1"].progress == 45
    change = TaskChange.objects.filter(task=t["1"], kind="progress").get()
    assert change.note == "Báo cáo Tháng 2/2026" and change.by == w.users["builder"]


def test_a_report_filed_after_the_due_date_is_late(programme):
    report = _file(programme, "culture_officer", programme.world.culture, at=vn(2026, 3, 9))
    assert report.late
    [row] = [r for r in queries.board(programme, parse_period("2026-02"), vn(2026, 3, 9).date())
             if r.unit == programme.world.culture]
    assert row.state == "late" and row.state_label == "Nộp chậm"


def test_filing_again_replaces_the_lines_and_keeps_the_earlier_version(programme):
    w, t = programme.world, programme.t
    first = _file(programme, "builder", w.construction, lines={t["1"].pk: (30, "lần 1")})
    again = _file(programme, "builder_head", w.construction, at=vn(2026, 3, 8), summary="Bổ sung số liệu.",
                  lines={t["1"].pk: (35, "lần 2")})
    assert again.pk == first.pk and again.revision == 2 and not again.late  # judged by the first filing
    assert [(line.task.code, line.progress) for line in again.lines.all()] == [("1", 35), ("2", 0)]
    [old] = again.revisions.all()
    assert old.revision == 1 and old.summary == "Đã triển khai theo kế hoạch."
    assert {"task": "1", "progress": 30, "note": "lần 1"} in old.lines


def test_only_the_lead_units_officials_or_the_committee_file(programme):
    w = programme.world
    with pytest.raises(ReportRefused) as refused:
        _file(programme, "culture_officer", w.construction)
    assert refused.value.status == 403 and "Sở Xây dựng" in refused.value.message
    assert not ProgressReport.objects.exists()
    assert _file(programme, "committee", w.construction).submitted_by == w.users["committee"]  # on the unit's behalf
    assert _file(programme, "justice_head", w.culture).unit == w.culture  # the standing agency's leader


def test_a_unit_reports_only_on_periods_it_owes_and_that_have_begun(programme):
    w = programme.world
    with pytest.raises(ReportRefused, match="không chủ trì nhiệm vụ nào"):
        _file(programme, "police_officer", w.police, period="2026-03", at=vn(2026, 4, 1))  # done in January
    with pytest.raises(ReportRefused, match="chưa bắt đầu"):
        _file(programme, "builder", w.construction, period="2026-05")
    with pytest.raises(ReportRefused, match="không thuộc loại kỳ"):
        _file(programme, "builder", w.construction, period="2026-Q1")


def test_invalid_progress_refuses_the_whole_report(programme, settings, tmp_path):
    settings.MOTCUA_UPLOAD_DIR = tmp_path
    t = programme.t
    with pytest.raises(ReportRefused) as refused:
        _file(programme, "builder", programme.world.construction, lines={t["1"].pk: (120, ""), t["3"].pk: (5, "")},
              files=[SimpleUploadedFile("bao-cao.pdf", PDF)])
    assert refused.value.status == 422 and len(refused.value.errors) == 2
    assert not ProgressReport.objects.exists() and not any(tmp_path.rglob("*.pdf"))
    t["1"].refresh_from_db()
    assert t["1"].progress == 20


def test_a_done_task_is_reported_at_100(programme):
    w, t = programme.world, programme.t
    with pytest.raises(ReportRefused, match="đã hoàn thành"):
        _file(programme, "police_officer", w.police, period="2026-01", lines={t["4"].pk: (80, "")})
    report = _file(programme, "police_officer", w.police, period="2026-01", lines={t["4"].pk: (100, "Xong")})
    assert [line.progress for line in report.lines.all()] == [100]


def test_attachments_are_checked_by_content_and_stored_outside_the_web_root(programme, settings, tmp_path):
    settings.MOTCUA_UPLOAD_DIR = tmp_path
    w = programme.world
    with pytest.raises(ReportRefused, match="không phải"):
        _file(programme, "builder", w.construction, files=[SimpleUploadedFile("bao-cao.pdf", b"MZ\x90 not a pdf")])
    report = _file(programme, "builder", w.construction, files=[SimpleUploadedFile("../../Báo cáo T2.pdf", PDF)])
    [item] = ReportAttachment.objects.filter(report=report)
    assert item.original_name == "Báo cáo T2.pdf" and item.content_type == "application/pdf"
    assert (tmp_path / item.stored_name).read_bytes() == PDF


def test_a_closed_period_takes_no_more_filings(programme):
    w = programme.world
    _file(programme, "builder", w.construction)
    with pytest.raises(ReportRefused) as refused:
        close_period(programme, "2026-02", by=w.users["builder_head"], now=vn(2026, 3, 10))
    assert refused.value.status == 403
    close_period(programme, "2026-02", by=w.users["committee"], now=vn(2026, 3, 10))
    with pytest.raises(ReportRefused) as refused:
        _file(programme, "builder", w.construction, at=vn(2026, 3, 11), summary="Sửa lại")
    assert refused.value.status == 409
    assert ProgressReport.objects.get().summary == "Đã triển khai theo kế hoạch."
    with pytest.raises(ReportRefused, match="chưa kết thúc"):
        close_period(programme, "2026-03", by=w.users["committee"], now=vn(2026, 3, 10))
