"""REST routes of hot spots and citizen-reception days (``/api/v1/hotspots``): the ranking of
communes and units by open flagged cases with the trend; the reception schedule of the People's
Committee chairs and the weeks or months they fell short; scheduling a day and recording it.
Leaders, supervisors and the administrator only (``hotspots.may_see_hotspots``); a committee's
schedule is kept by its leaders and the administrator. Errors are RFC 7807 problems."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status

from motcua import timesource
from motcua.complaints import hotspots, reception
from motcua.complaints.models import ReceptionDay
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import viewer_for
from motcua.rules.calendar import VN_TZ
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit

router = Router(tags=["Điểm nóng, tiếp công dân"])
KINDS = r"^(|pakn|complaint_first|complaint_second|denunciation)$"


class PlaceOut(Schema):
    rank: int
    code: str
    name: str
    flagged_cases: int
    people: int
    oldest_days: int
    mean_age_days: float
    previous_rank: int | None
    change: int | None
    trend: str = Field(description="up, down, same, or new (no flagged case a month earlier)")
    reasons: dict[str, int]
    worklist: str


class SeriesOut(Schema):
    label: str
    data: list[int]


class RankingOut(Schema):
    on: date
    compared_with: date
    kind: str
    open_cases: int
    flagged_cases: int
    communes: list[PlaceOut]
    units: list[PlaceOut]
    months: list[str]
    chart: list[SeriesOut]


class ReceptionDayOut(Schema):
    id: int
    unit_code: str
    unit: str
    level: str
    day: date
    leader: str | None
    held: bool
    cases_received: int
    note: str


class MissingOut(Schema):
    start: date
    end: date
    label: str
    held: int
    required: int


class BehindOut(Schema):
    unit_code: str
    unit: str
    level: str
    required: str
    held: int
    missing: list[MissingOut]


class ScheduleIn(Schema):
    unit_code: str = Field(max_length=40, pattern=PLAIN)
    day: date
    note: str = Field("", max_length=255, pattern=PLAIN)


class RecordIn(Schema):
    held: bool
    cases_received: int = Field(0, ge=0, le=100000)
    note: str | None = Field(None, max_length=255, pattern=PLAIN)


def _viewer(request):
    viewer = viewer_for(request.user)
    if not hotspots.may_see_hotspots(viewer):
        raise PermissionDenied(hotspots.DENIED)
    return viewer



def _place(p: hotspots.Place) -> dict:
    h = p.spot
    return dict(rank=h.rank, code=p.code, name=p.name, flagged_cases=h.flagged_cases, people=h.people,
                oldest_days=h.oldest_days, mean_age_days=h.mean_age_days, previous_rank=h.previous_rank,
                change=h.change, trend=p.trend, reasons=p.reasons, worklist=p.link)


@router.get("", response={200: RankingOut, **problems(401, 403)},
            summary="Xếp hạng điểm nóng: xã, phường và cơ quan theo số vụ việc đang giải quyết có dấu hiệu "
                    "kéo dài, phức tạp; so với một tháng trước; 12 tháng gần nhất")
def hotspot_ranking(request, kind: str = Query("", pattern=KINDS), on: date | None = None):
    viewer = _viewer(request)
    today = timesource.today()
    day = min(on or today, today)
    data = hotspots.ranking(hotspots.cases_in_view(viewer), day, timesource.now(), calendar_for(), kind)
    return dict(on=data.on, compared_with=data.previous.astimezone(VN_TZ).date(), kind=kind,
                open_cases=data.open_cases, flagged_cases=data.flagged_cases,
                communes=[_place(p) for p in data.communes], units=[_place(p) for p in data.units],
                months=data.chart["labels"], chart=data.chart["series"])


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    today = timesource.today()
    return start or hotspots.month_before(today.replace(day=1), 3), end or today


def _day_out(d: ReceptionDay) -> dict:
    return dict(id=d.pk, unit_code=d.unit.code, unit=d.unit.name, level=d.level, day=d.day,
                leader=d.leader.username if d.leader else None, held=d.held, cases_received=d.cases_received,
                note=d.note)


def _refused(request, exc: reception.ReceptionRefused):
    return problem(request, exc.status, exc.code, exc.message)


@router.get("/reception", response={200: list[ReceptionDayOut], **problems(401, 403)},
            summary="Lịch tiếp công dân của Chủ tịch UBND trong một khoảng (mặc định: 3 tháng trước đến nay)")
def list_reception_days(request, start: date | None = None, end: date | None = None):
    viewer = _viewer(request)
    units = list(hotspots.committees_in_view(viewer, reception.committees()))
    try:
        return [_day_out(d) for d in reception.schedule(units, *_period(start, end))]
    except reception.ReceptionRefused as exc:
        return _refused(request, exc)


@router.get("/reception/missing", response={200: list[BehindOut], **problems(401, 403)},
            summary="Các tuần (cấp xã), tháng (cấp tỉnh) Chủ tịch UBND chưa tiếp công dân đủ; UBND thiếu nhiều nhất trước")
def reception_missing(request, start: date | None = None, end: date | None = None):
    viewer = _viewer(request)
    units = hotspots.committees_in_view(viewer, reception.committees())
    try:
        behind = reception.missing(units, *_period(start, end), calendar_for())
    except reception.ReceptionRefused as exc:
        return _refused(request, exc)
    return [dict(unit_code=b.unit.code, unit=b.unit.name, level=b.level, required=b.required, held=b.held,
                 missing=[dict(start=m.start, end=m.end, label=m.label, held=m.held, required=m.required)
                          for m in b.missing]) for b in behind]


@router.post("/reception", response={201: ReceptionDayOut, **problems(401, 403, 404, 409)},
             summary="Lên lịch một ngày tiếp công dân (lãnh đạo UBND); 409 nếu ngày đó đã có lịch")
def schedule_reception_day(request, body: ScheduleIn):
    viewer = _viewer(request)
    unit = Unit.objects.filter(code=body.unit_code).first()
    if unit is None:
        return problem(request, 404, "no_committee", "Không có UBND này.")
    if not hotspots.may_keep_schedule(viewer, unit):
        raise PermissionDenied("Chỉ lãnh đạo UBND này hoặc quản trị hệ thống lên được lịch tiếp công dân.")
    try:
        row = reception.schedule_day(unit, body.day, by=request.user, now=timesource.now(), note=body.note)
    except reception.ReceptionRefused as exc:
        return _refused(request, exc)
    return Status(201, _day_out(row))


@router.post("/reception/{day_id}/record", response={200: ReceptionDayOut, **problems(401, 403, 404)},
             summary="Ghi kết quả ngày tiếp công dân: đã tiếp (số đơn nhận) hoặc không tiếp")
def record_reception_day(request, day_id: int, body: RecordIn):
    viewer = _viewer(request)
    row = ReceptionDay.objects.select_related("unit", "leader").filter(pk=day_id).first()
    if row is None:
        return problem(request, 404, "no_reception_day", "Không có ngày tiếp công dân này.")
    if not hotspots.may_keep_schedule(viewer, row.unit):
        raise PermissionDenied("Chỉ lãnh đạo UBND này hoặc quản trị hệ thống ghi được lịch tiếp công dân.")
    try:
        row = reception.record_day(row, by=request.user, now=timesource.now(), held=body.held,
                                   cases_received=body.cases_received, note=body.note)
    except reception.ReceptionRefused as exc:
        return _refused(request, exc)
    return _day_out(ReceptionDay.objects.select_related("unit", "leader").get(pk=row.pk))

