"""REST routes of reporting (under ``/api/v1/reports``): list reports, file a report, the lead units
that have not reported for a programme's period, and the signed-in user's notices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status

from motcua import timesource
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import viewer_for
from motcua.programmes.models import Programme
from motcua.reporting import queries
from motcua.reporting.access import may_read_reports
from motcua.reporting.services import ReportRefused, file_report, mark_read
from motcua.rules.calendar import VN_TZ
from motcua.rules.reporting import due_on
from motcua.units.models import Unit

router = Router(tags=["Báo cáo định kỳ"])

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=PLAIN)]
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])$"
PeriodKey = Annotated[str, Field(min_length=7, max_length=8, pattern=PERIOD_PATTERN,
                                 description="Kỳ báo cáo: 2026-03 (tháng), 2026-Q1 (quý), 2026-H1 (6 tháng)")]


class LineOut(Schema):
    task: str = Field(..., description="Số thứ tự nhiệm vụ trong chương trình")
    progress: int
    note: str


class ReportOut(Schema):
    id: int
    programme: str
    unit: str
    unit_name: str
    period: str
    due_on: date
    submitted_at: datetime
    first_submitted_at: datetime
    late: bool
    revision: int
    submitted_by: str
    summary: str
    lines: list[LineOut]


class LineIn(Schema):
    task: Code = Field(..., description="Số thứ tự nhiệm vụ (ví dụ 5, 5.2)")
    progress: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=4000)


class ReportIn(Schema):
    programme: Code
    unit: Code = Field(..., description="Mã đơn vị chủ trì")
    period: PeriodKey
    summary: str = Field(..., min_length=1, max_length=20000)
    lines: list[LineIn] = Field(default_factory=list, max_length=500)


class UnitState(Schema):
    unit: str
    unit_name: str
    state: str = Field(..., description="on_time, late, missing (quá hạn chưa nộp), pending (chưa đến hạn)")
    state_label: str


class MissingOut(Schema):
    programme: str
    period: str
    period_label: str
    due_on: date
    owing: int = Field(..., description="Số đơn vị chủ trì phải báo cáo trong kỳ")
    missing: list[UnitState]


class NoticeOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    created_at: datetime
    read_at: datetime | None


class ReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**53)]] | None = Field(
        None, max_length=1000, description="Các thông báo đánh dấu đã đọc; bỏ trống: tất cả")


class ReadOut(Schema):
    marked: int


def _reader(request) -> None:
    if not may_read_reports(viewer_for(request.user), request.user):
        raise PermissionDenied("Chỉ cán bộ, công chức và thành viên Ban Chỉ đạo được xem báo cáo định kỳ.")


def _out(r) -> ReportOut:
    return ReportOut(id=r.pk, programme=r.programme.code, unit=r.unit.code, unit_name=r.unit.name, period=r.period,
                     due_on=r.due_on, submitted_at=r.submitted_at, first_submitted_at=r.first_submitted_at,
                     late=r.late, revision=r.revision, submitted_by=r.submitted_by.username, summary=r.summary,
                     lines=[LineOut(task=line.task.code, progress=line.progress, note=line.note)
                            for line in queries.sorted_lines(r)])


class ReportFilter(Schema):
    programme: Code | None = None
    period: PeriodKey | None = None
    unit: Code | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**6)


@router.get("", response={200: list[ReportOut], **problems(401, 403, 404)}, summary="Các báo cáo định kỳ (cán bộ)")
def list_progress_reports(request, filters: Query[ReportFilter]):
    _reader(request)
    programme = unit = None
    if filters.programme:
        programme = Programme.objects.filter(code=filters.programme).first()
        if programme is None:
            return problem(request, 404, "no_programme", f"Không có chương trình mã «{filters.programme}».")
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).first()
        if unit is None:
            return problem(request, 404, "no_unit", f"Không có đơn vị mã «{filters.unit}».")
    found = queries.reports(programme, filters.period, unit)[filters.offset:filters.offset + filters.limit]
    return [_out(r) for r in found]


@router.post("", response={201: ReportOut, **problems(401, 403, 404, 409)}, summary="Nộp báo cáo định kỳ",
             description="Đơn vị chủ trì (hoặc Ban Chỉ đạo) nộp báo cáo của một kỳ: tóm tắt và tiến độ từng nhiệm vụ "
                         "của đơn vị. Nộp lại trước khi Ban Chỉ đạo khóa kỳ sẽ thay nội dung (bản trước được lưu). "
                         "Tệp đính kèm nộp qua trang web.")
def file_progress_report(request, body: ReportIn):
    programme = Programme.objects.filter(code=body.programme).first()
    unit = Unit.objects.filter(code=body.unit).first()
    if programme is None or unit is None:
        return problem(request, 404, "no_programme" if programme is None else "no_unit",
                       "Không có chương trình hoặc đơn vị này.")
    tasks = dict(programme.tasks.filter(code__in=[line.task for line in body.lines]).values_list("code", "pk"))
    unknown = [line.task for line in body.lines if line.task not in tasks]
    if unknown:
        return problem(request, 422, "report_invalid", f"Chương trình không có nhiệm vụ số {', '.join(unknown)}.")
    try:
        report = file_report(programme, unit, body.period, by=request.user, now=timesource.now(), summary=body.summary,
                             lines={tasks[line.task]: (line.progress, line.note) for line in body.lines})
    except ReportRefused as exc:
        return problem(request, exc.status, exc.code, exc.message, errors=exc.errors)
    return Status(201, _out(queries.reports().get(pk=report.pk)))


@router.get("/missing", response={200: MissingOut, **problems(401, 403, 404)},
            summary="Đơn vị chưa nộp báo cáo của một kỳ",
            description="Bỏ trống kỳ: kỳ gần nhất đã đến hạn nộp.")
def missing_progress_reports(request, programme: Annotated[str, Query(..., min_length=1, max_length=40, pattern=PLAIN)],
                             period: Annotated[str | None, Query(None, pattern=PERIOD_PATTERN,
                                                                  description="Kỳ báo cáo, ví dụ 2026-03")] = None):
    _reader(request)
    found = Programme.objects.filter(code=programme).first()
    if found is None:
        return problem(request, 404, "no_programme", f"Không có chương trình mã «{programme}».")
    today = timesource.now().astimezone(VN_TZ).date()
    if period:
        try:
            chosen = queries.period_for(found, period)
        except ValueError as exc:
            return problem(request, 422, "report_invalid", str(exc))
    else:
        begun = queries.programme_periods(found, today)
        chosen = next((p for p in begun if due_on(p) < today), None)
        if chosen is None:
            return problem(request, 404, "no_period", "Chương trình chưa có kỳ báo cáo nào đến hạn.")
    rows = queries.board(found, chosen, today)
    return MissingOut(programme=found.code, period=chosen.key, period_label=chosen.label, due_on=due_on(chosen),
                      owing=len(rows), missing=[UnitState(unit=r.unit.code, unit_name=r.unit.name, state=r.state,
                                                          state_label=r.state_label)
                                                for r in rows if r.report is None])


@router.get("/notices", response={200: list[NoticeOut], **problems(401)}, summary="Thông báo của tôi")
def list_notices(request, unread: bool = False, limit: int = Query(50, ge=1, le=200),
                 offset: int = Query(0, ge=0, le=10**6)):
    found = queries.notices_for(request.user)
    if unread:
        found = found.filter(read_at__isnull=True)
    return [NoticeOut(id=n.pk, kind=n.kind, text=n.text, link=n.link, created_at=n.created_at, read_at=n.read_at)
            for n in found[offset:offset + limit]]


@router.post("/notices/read", response={200: ReadOut, **problems(401)}, summary="Đánh dấu thông báo đã đọc")
def mark_notices_read(request, body: ReadIn):
    return ReadOut(marked=mark_read(request.user, now=timesource.now(), ids=body.ids))
