"""REST routes for cases (PAKN, complaints, denunciations) at ``/api/v1/cases``: the list (an
official's: the cases of the units they serve; a citizen's: their own), one case, its log, filing
(officials at reception, by post or forwarded; anyone signed in online, as the filer), and every
act with the version the caller read (409 if the case changed since). Errors are RFC 7807
problems; the checks are ``complaints.services``' and ``complaints.access``'."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from ninja import Query, Router, Status

from motcua import timesource
from motcua.complaints import services as sv
from motcua.complaints.access import may_handle, may_see, visible_cases
from motcua.complaints.forms import KIND_LABELS
from motcua.complaints.models import Case
from motcua.complaints.schemas import (
    ActIn, ActName, CaseDetailOut, CaseEventOut, CaseFilters, CaseIn, CaseOut, CasePageOut, Code, FilerOut,
)
from motcua.complaints.views.commands import ACT_LABELS, offered_acts, perform
from motcua.complaints.views.common import STATE_LABELS, case_rows
from motcua.complaints.views.worklist import Filters, listed
from motcua.config.problems import problem, problems
from motcua.dossiers.access import viewer_for
from motcua.units.models import Area, Unit

router = Router(tags=["Phản ánh, kiến nghị, khiếu nại, tố cáo"])


def case_out(c: Case) -> dict:
    return dict(code=c.code, kind=c.kind, kind_label=KIND_LABELS.get(c.kind, c.kind), channel=c.channel,
                subject=c.subject, state=c.state, state_label=STATE_LABELS.get(c.state, c.state),
                handling_unit=c.handling_unit.code, handling_unit_name=c.handling_unit.name,
                handler=c.handler.username if c.handler_id else None, area=c.area.code if c.area_id else None,
                people=c.people, remote=c.remote, complexity=c.complexity, received_at=c.received_at,
                accepted_at=c.accepted_at, due_at=c.due_at, resolve_due_at=c.resolve_due_at,
                answered_at=c.answered_at, published_at=c.published_at, closed_at=c.closed_at,
                extensions=c.extensions, flags=[str(f) for f in c.flags or ()],
                matter_of=c.matter_of.code if c.matter_of_id else None, link_kind=c.link_kind,
                previous=c.previous.code if c.previous_id else None, version=c.version)


def detail_out(c: Case, viewer) -> dict:
    return dict(case_out(c), content=c.content, forwarded_by=c.forwarded_by,
                concerned_unit=c.concerned_unit.code if c.concerned_unit_id else None,
                dossier=(c.dossier.code or str(c.dossier.pk)) if c.dossier_id else None, known_on=c.known_on,
                answer=c.answer, public_answer=c.public_answer,
                filers=[FilerOut(name=f.name, id_last4=f.id_number[-4:], representative=f.representative)
                        for f in c.filers.all()],
                offered_acts=offered_acts(c) if may_handle(viewer, c) else [])


def _no_case(request):
    return problem(request, 404, "no_case", "Không có vụ việc với mã này.")


def _forbidden(request, detail: str = "Ông/bà không được xem vụ việc này."):
    return problem(request, 403, "case_forbidden", detail)


def _refused(request, exc: sv.CaseRefused):
    return problem(request, exc.status, exc.code, exc.message)


def _load(request, code: str):
    """(viewer, case) or a problem answer (404, then 403)."""
    viewer = viewer_for(request.user)
    case = case_rows().filter(code=code).first()
    if case is None:
        return viewer, _no_case(request)
    if not may_see(viewer, case):
        return viewer, _forbidden(request)
    return viewer, case


@router.get("", response={200: CasePageOut, **problems(401, 403, 404)},
            summary="Danh sách vụ việc (ngăn việc, loại, trạng thái, cơ quan, xã phường; tìm không dấu)")
def list_cases(request, filters: Query[CaseFilters]):
    viewer = viewer_for(request.user)
    unit = area = None
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).only("pk", "code", "name").first()
        if unit is None:
            return problem(request, 404, "no_unit", "Không có đơn vị với mã này.")
    if filters.area:
        area = Area.objects.filter(code=filters.area).only("pk", "code", "name").first()
        if area is None:
            return problem(request, 404, "no_area", "Không có xã, phường với mã này.")
    f = Filters(unit=unit, kind=filters.kind, channel=filters.channel, area=area, state=filters.state,
                q=filters.q.strip(), bucket=filters.bucket)
    cases = listed(viewer, f, timesource.now(), base=visible_cases(viewer)).select_related("matter_of", "previous")
    page = Paginator(cases, filters.per_page).get_page(filters.page)
    return CasePageOut(items=[CaseOut(**case_out(c)) for c in page.object_list], page=page.number,
                       per_page=filters.per_page, count=page.paginator.count, has_next=page.has_next())


@router.post("", response={201: CaseDetailOut, **problems(400, 401, 403, 404, 409)}, summary="Gửi, tiếp nhận đơn",
             description="`online`: người gọi là người gửi đơn (mọi tài khoản đã đăng nhập). `reception`, `post`, "
                         "`forwarded`: chỉ cán bộ của cơ quan `handling_unit` (403 nếu không). Đơn khiếu nại quá thời "
                         "hiệu vẫn được ghi nhận và ở trạng thái `refused` kèm lý do; người đại diện không đúng quy "
                         "định: 422, không ghi gì.")
def file_case(request, body: CaseIn):
    viewer = viewer_for(request.user)
    unit = Unit.objects.filter(code=body.handling_unit).first()
    if unit is None:
        return problem(request, 404, "no_unit", "Không có đơn vị với mã này.")
    online = body.channel == Case.Channel.ONLINE
    if not online and not (viewer.everything or unit.pk in viewer.units):
        return _forbidden(request, "Tiếp nhận đơn tại buổi tiếp công dân, qua bưu chính hoặc do cơ quan khác chuyển "
                                   "đến chỉ do cán bộ của cơ quan giải quyết thực hiện.")
    links, missing = _links(body)
    if missing:
        return problem(request, 404, *missing)
    try:
        case = sv.file_case(
            kind=body.kind, channel=body.channel, subject=body.subject, content=body.content,
            filers=[sv.FilerIn(**f.dict()) for f in body.filers], handling_unit=unit, now=timesource.now(),
            by=request.user, account=request.user if online else None, people=body.people, remote=body.remote,
            known_on=body.known_on, forwarded_by=body.forwarded_by, filed_level=body.filed_level,
            competent_level=body.competent_level, **links)
    except sv.CaseRefused as exc:
        return _refused(request, exc)
    return Status(201, CaseDetailOut(**detail_out(case_rows().get(pk=case.pk), viewer)))


def _links(body: CaseIn) -> tuple[dict, tuple[str, str] | None]:
    """The optional links by code; ``(code, message)`` of the first one that does not exist."""
    from motcua.dossiers.models import Dossier

    found: dict = {"area": None, "concerned_unit": None, "concerned_official": None, "dossier": None,
                   "previous": None}
    lookups = [("area", body.area, Area.objects, "code", ("no_area", "Không có xã, phường với mã này.")),
               ("concerned_unit", body.concerned_unit, Unit.objects, "code", ("no_unit", "Không có đơn vị với mã này.")),
               ("concerned_official", body.concerned_official, get_user_model().objects, "username",
                ("no_user", "Không có tài khoản cán bộ với tên đăng nhập này.")),
               ("dossier", body.dossier, Dossier.objects, "code", ("no_dossier", "Không có hồ sơ với mã này.")),
               ("previous", body.previous, Case.objects, "code", ("no_case", "Không có vụ việc trước với mã này."))]
    for key, value, rows, field, missing in lookups:
        if value:
            found[key] = rows.filter(**{field: value}).first()
            if found[key] is None:
                return found, missing
    return found, None


@router.get("/{code}", response={200: CaseDetailOut, **problems(401, 403, 404)}, summary="Một vụ việc")
def get_case(request, code: Code):
    viewer, case = _load(request, code)
    if not isinstance(case, Case):
        return case
    return CaseDetailOut(**detail_out(case, viewer))


@router.get("/{code}/events", response={200: list[CaseEventOut], **problems(401, 403, 404)},
            summary="Nhật ký vụ việc (ai, lúc nào, việc gì, hạn trước → sau, lý do)")
def case_events(request, code: Code):
    _, case = _load(request, code)
    if not isinstance(case, Case):
        return case
    rows = case.events.select_related("from_unit", "to_unit").order_by("seq")
    return [CaseEventOut(seq=e.seq, act=e.act, act_label=ACT_LABELS.get(e.act, e.act), at=e.at, actor=e.actor,
                         role=e.role, from_unit=e.from_unit.code if e.from_unit_id else None,
                         to_unit=e.to_unit.code if e.to_unit_id else None, due_before=e.due_before,
                         due_after=e.due_after, reason=e.reason) for e in rows]


@router.post("/{code}/acts/{act}", response={200: CaseDetailOut, **problems(400, 401, 403, 404, 409)},
             summary="Thực hiện một việc trên vụ việc",
             description="Gửi kèm `expected_version` (phiên bản đã đọc); vụ việc đã đổi thì trả 409 và không ghi gì. "
                         "Chỉ cán bộ của cơ quan giải quyết. accept: `complexity`; refuse, request_info, withdraw: "
                         "`reason`; receive_info: `note`; assign: `handler`; transfer: `to_unit`, `reason`; "
                         "extend_intake (tố cáo, trước khi thụ lý): `reason`; extend (tố cáo): `days`, `reason`; answer: `text`, `public_text`; publish, close: không cần gì thêm.")
def act_on_case(request, code: Code, act: ActName, body: ActIn):
    viewer, case = _load(request, code)
    if not isinstance(case, Case):
        return case
    if not may_handle(viewer, case):
        return _forbidden(request, "Chỉ cán bộ của cơ quan giải quyết được xử lý vụ việc này.")
    if body.expected_version != case.version:
        return problem(request, 409, "stale_case", "Vụ việc đã được người khác cập nhật sau khi ông/bà đọc; hãy tải "
                                                   "lại và làm lại.")
    if act not in offered_acts(case):
        return problem(request, 409, "case_wrong_state", f"Không thể «{ACT_LABELS[act].lower()}» vụ việc ở trạng thái "
                                                         f"«{case.get_state_display()}».")
    try:
        perform(case, act, body.dict(), by=request.user, now=timesource.now())
    except sv.CaseRefused as exc:
        return _refused(request, exc)
    return CaseDetailOut(**detail_out(case_rows().get(pk=case.pk), viewer))
