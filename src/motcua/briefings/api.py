"""REST routes of briefings: any official lists meetings and reads a meeting, its conclusions and
its pack (JSON, PDF, XLSX); the programme's committee (``programmes.access.may_steer``) creates
meetings, sets the agenda, records conclusions and the notice, and turns conclusions into tasks."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Path, Query, Router, Status

from motcua import timesource
from motcua.briefings import queries
from motcua.briefings import services as bs
from motcua.briefings.access import STEER_REFUSED, may_read, may_steer
from motcua.briefings.models import Meeting
from motcua.briefings.pack import Pack, TaskRow, build_pack, local_day
from motcua.briefings.pdf import filename, render_pdf
from motcua.briefings.schemas import (
    AgendaIn, AgendaItemIO, ConcludedOut, ConclusionIn, ConclusionOut, MeetingDetail, MeetingIn, MeetingOut, NoticeIn,
    PackOut, PreviousConclusionOut, TaskOut, UnitCountsOut,
)
from motcua.briefings.views.downloads import PDF, XLSX
from motcua.briefings.xlsx import pack_xlsx
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import viewer_for
from motcua.programmes.models import Programme, Task
from motcua.units.models import Unit

router = Router(tags=["Giao ban"])

MeetingId = Annotated[int, Path(..., ge=1, le=2**31 - 1, description="Số hiệu phiên giao ban")]


def _viewer(request):
    viewer = viewer_for(request.user)
    if not may_read(viewer):
        raise PermissionDenied("Chỉ cán bộ, công chức được xem giao ban.")
    return viewer


def _meeting(request, meeting_id: int, steer: bool = False) -> Meeting:
    viewer = _viewer(request)
    meeting = queries.meeting(meeting_id)
    if meeting is None:
        raise Http404("Không có phiên giao ban này.")
    if steer and not may_steer(viewer, meeting.programme):
        raise PermissionDenied(STEER_REFUSED)
    return meeting


def _out(m: Meeting) -> MeetingOut:
    return MeetingOut(id=m.pk, programme=m.programme.code, held_at=m.held_at, kind=m.kind, chair=m.chair, place=m.place,
                      notice_symbol=m.notice_symbol, notice_date=m.notice_date, concluded_at=m.concluded_at)


def _counts(c) -> dict[str, int]:
    return {"total": c.total, "done_on_time": c.done_on_time, "done_late": c.done_late, "open_in_time": c.open_in_time,
            "open_overdue": c.open_overdue, "at_risk": c.at_risk}


def _task(t: TaskRow) -> TaskOut:
    return TaskOut(code=t.code, content=t.content, lead_unit=t.lead_unit, co_units=list(t.co_units), leader=t.leader,
                   officer=t.officer, deadline=t.deadline, completed_on=t.completed_on, progress=t.progress,
                   status=t.status.value, status_label=t.status_label, at_risk=t.at_risk, days=t.days)


def _agenda(pack: Pack) -> list[AgendaItemIO]:
    codes = {}
    if any(a.presenter_id for a in pack.agenda):
        codes = dict(Unit.objects.filter(pk__in={a.presenter_id for a in pack.agenda}).values_list("pk", "code"))
    return [AgendaItemIO(title=a.title, task=a.task_code or None, presenter=codes.get(a.presenter_id)) for a in pack.agenda]


def _conclusions(meeting: Meeting) -> list[ConclusionOut]:
    return [ConclusionOut(id=c.pk, order=c.order, content=c.content, lead_unit=c.lead_unit.code,
                          co_units=sorted(u.code for u in c.co_units.all()), product=c.product, deadline=c.deadline,
                          task=c.task.code if c.task else None) for c in queries.conclusions(meeting)]


def _refused(request, exc: bs.BriefingRefused):
    return problem(request, exc.status, exc.code, exc.message, errors=exc.errors)


def _today():
    return local_day(timesource.now())


@router.get("/meetings", response={200: list[MeetingOut], **problems(401, 403, 404)},
            summary="Các phiên giao ban (cán bộ)", description="Mới nhất trước; lọc theo mã chương trình.")
def list_briefing_meetings(request, programme: Annotated[str | None, Query(None, max_length=40, pattern=PLAIN)] = None,
                           limit: Annotated[int, Query(100, ge=1, le=500)] = 100,
                           offset: Annotated[int, Query(0, ge=0)] = 0):
    _viewer(request)
    scope = None
    if programme:
        scope = Programme.objects.filter(code=programme).first()
        if scope is None:
            return problem(request, 404, "no_programme", f"Không có chương trình mã «{programme}».")
    return [_out(m) for m in queries.meetings(scope)[offset:offset + limit]]


@router.post("/meetings", response={201: MeetingOut, **problems(401, 403, 404, 409)},
             summary="Tạo phiên giao ban (Ban Chỉ đạo)")
def create_briefing_meeting(request, body: MeetingIn):
    viewer = _viewer(request)
    programme = Programme.objects.filter(code=body.programme).first()
    if programme is None:
        return problem(request, 404, "no_programme", f"Không có chương trình mã «{body.programme}».")
    if not may_steer(viewer, programme):
        raise PermissionDenied(STEER_REFUSED)
    try:
        meeting = bs.create_meeting(programme, by=request.user, now=timesource.now(), held_at=body.held_at,
                                    kind=body.kind, chair=body.chair, place=body.place)
    except bs.BriefingRefused as exc:
        return _refused(request, exc)
    return Status(201, _out(meeting))


@router.get("/meetings/{meeting_id}", response={200: MeetingDetail, **problems(401, 403, 404)},
            summary="Một phiên giao ban: chương trình họp và kết luận")
def get_briefing_meeting(request, meeting_id: MeetingId):
    meeting = _meeting(request, meeting_id)
    pack = build_pack(meeting, today=_today())
    return MeetingDetail(**_out(meeting).dict(), agenda=_agenda(pack), agenda_proposed=pack.agenda_proposed,
                         conclusions=_conclusions(meeting))


@router.put("/meetings/{meeting_id}/agenda", response={200: list[AgendaItemIO], **problems(401, 403, 404, 409)},
            summary="Đặt chương trình họp (Ban Chỉ đạo)",
            description="Thay toàn bộ chương trình họp; không gửi ``items`` thì lấy đề xuất từ tài liệu giao ban.")
def set_briefing_agenda(request, meeting_id: MeetingId, body: AgendaIn):
    meeting = _meeting(request, meeting_id, steer=True)
    items = None
    if body.items is not None:
        tasks = dict(Task.objects.filter(programme=meeting.programme).values_list("code", "pk"))
        units = dict(Unit.objects.filter(code__in={i.presenter for i in body.items if i.presenter})
                     .values_list("code", "pk"))
        unknown = [i.task for i in body.items if i.task and i.task not in tasks]
        unknown += [i.presenter for i in body.items if i.presenter and i.presenter not in units]
        if unknown:
            return problem(request, 422, "briefing_invalid", "Không có nhiệm vụ hoặc đơn vị: " + ", ".join(unknown) + ".")
        items = [{"title": i.title, "task": tasks.get(i.task), "presenter": units.get(i.presenter)} for i in body.items]
    try:
        bs.set_agenda(meeting, items, by=request.user, now=timesource.now())
    except bs.BriefingRefused as exc:
        return _refused(request, exc)
    return _agenda(build_pack(meeting, today=_today()))


@router.get("/meetings/{meeting_id}/pack", response={200: PackOut, **problems(401, 403, 404)},
            summary="Tài liệu giao ban (JSON)",
            description="Số nhiệm vụ theo tình trạng và theo đơn vị chủ trì, đã hoàn thành từ phiên trước, quá hạn và có "
                        "nguy cơ chậm, chương trình họp, kết luận phiên trước và kết quả thực hiện; tính đến ngày họp.")
def briefing_pack(request, meeting_id: MeetingId):
    meeting = _meeting(request, meeting_id)
    p = build_pack(meeting, today=_today())
    rate = p.counts.completion_rate
    return PackOut(
        meeting=_out(meeting), as_of=p.as_of, previous_meeting=p.previous.pk if p.previous else None,
        counts=_counts(p.counts), completion_rate=round(float(rate) * 100, 2) if rate is not None else None,
        units=[UnitCountsOut(unit=u.name, unit_code=u.code, counts=_counts(u.counts)) for u in p.units],
        finished=[_task(t) for t in p.finished], overdue=[_task(t) for t in p.overdue],
        at_risk=[_task(t) for t in p.at_risk], agenda=_agenda(p), agenda_proposed=p.agenda_proposed,
        previous_conclusions=[PreviousConclusionOut(order=c.order, content=c.content, lead_unit=c.lead_unit,
                                                    deadline=c.deadline, task=c.task_code, outcome=c.outcome,
                                                    progress=c.progress) for c in p.previous_conclusions])


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/meetings/{meeting_id}/pack.pdf", response={200: None, **problems(401, 403, 404)},
            summary="Tài liệu giao ban (PDF)", openapi_extra={"responses": {200: {"content": {PDF: {}}}}})
def briefing_pack_pdf(request, meeting_id: MeetingId):
    pack = build_pack(_meeting(request, meeting_id), today=_today())
    return _file(render_pdf(pack), PDF, filename(pack, "pdf"))


@router.get("/meetings/{meeting_id}/pack.xlsx", response={200: None, **problems(401, 403, 404)},
            summary="Tài liệu giao ban (XLSX)", openapi_extra={"responses": {200: {"content": {XLSX: {}}}}})
def briefing_pack_xlsx(request, meeting_id: MeetingId):
    pack = build_pack(_meeting(request, meeting_id), today=_today())
    return _file(pack_xlsx(pack), XLSX, filename(pack, "xlsx"))


@router.get("/meetings/{meeting_id}/conclusions", response={200: list[ConclusionOut], **problems(401, 403, 404)},
            summary="Kết luận của phiên giao ban")
def list_briefing_conclusions(request, meeting_id: MeetingId):
    return _conclusions(_meeting(request, meeting_id))


@router.post("/meetings/{meeting_id}/conclusions", response={201: ConclusionOut, **problems(401, 403, 404, 409)},
             summary="Ghi một kết luận (Ban Chỉ đạo)")
def add_briefing_conclusion(request, meeting_id: MeetingId, body: ConclusionIn):
    meeting = _meeting(request, meeting_id, steer=True)
    units = {u.code: u for u in Unit.objects.filter(code__in={body.lead_unit, *body.co_units})}
    unknown = [c for c in (body.lead_unit, *body.co_units) if c not in units]
    if unknown:
        return problem(request, 422, "briefing_invalid", "Không có đơn vị: " + ", ".join(unknown) + ".")
    try:
        c = bs.record_conclusion(meeting, by=request.user, now=timesource.now(), content=body.content,
                                 lead_unit=units[body.lead_unit], co_units=[units[u] for u in body.co_units],
                                 product=body.product, deadline=body.deadline)
    except bs.BriefingRefused as exc:
        return _refused(request, exc)
    return Status(201, ConclusionOut(id=c.pk, order=c.order, content=c.content, lead_unit=c.lead_unit.code,
                                     co_units=sorted(body.co_units), product=c.product, deadline=c.deadline))


@router.put("/meetings/{meeting_id}/notice", response={200: MeetingOut, **problems(401, 403, 404, 409)},
            summary="Ghi số, ngày thông báo kết luận (Ban Chỉ đạo)")
def set_briefing_notice(request, meeting_id: MeetingId, body: NoticeIn):
    meeting = _meeting(request, meeting_id, steer=True)
    try:
        bs.record_notice(meeting, by=request.user, now=timesource.now(), symbol=body.symbol,
                         notice_date=body.notice_date)
    except bs.BriefingRefused as exc:
        return _refused(request, exc)
    return _out(meeting)


@router.post("/meetings/{meeting_id}/conclude", response={200: ConcludedOut, **problems(401, 403, 404, 409)},
             summary="Giao nhiệm vụ theo kết luận (Ban Chỉ đạo)",
             description="Mỗi kết luận chưa giao thành một nhiệm vụ của chương trình, văn bản giao là thông báo kết "
                         "luận; gọi lại chỉ giao kết luận mới. Từ chối (409) khi chưa có số thông báo.")
def conclude_briefing(request, meeting_id: MeetingId):
    meeting = _meeting(request, meeting_id, steer=True)
    try:
        tasks = bs.conclude(meeting, by=request.user, now=timesource.now())
    except bs.BriefingRefused as exc:
        return _refused(request, exc)
    return ConcludedOut(tasks=[t.code for t in tasks], notice_symbol=meeting.notice_symbol)
