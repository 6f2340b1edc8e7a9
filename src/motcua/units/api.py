"""REST routes of the organisation: the review report, the rotation list and a unit's positions
and holders. Leaders see their units' lines; supervisors and the administrator see all; others 403."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema

from motcua import timesource
from motcua.config.problems import PLAIN, problem, problems
from motcua.dossiers.access import viewer_for
from motcua.rules.calendar import VN_TZ
from motcua.units import org_queries, review, rotation_queries
from motcua.units.access import Scope, organisation_scope
from motcua.units.models import Unit

router = Router(tags=["Tổ chức bộ máy"])

UnitCode = Annotated[str, Path(..., min_length=1, max_length=40, pattern=PLAIN, description="Mã nội bộ của đơn vị")]


class OnQuery(Schema):
    on: date | None = Field(None, description="Ngày rà soát (mặc định: hôm nay, giờ Hà Nội)")


class LineOut(Schema):
    subject: str
    explanation: str
    fix_url: str
    fix_label: str


class GroupOut(Schema):
    kind: str
    label: str
    count: int
    lines: list[LineOut]


class ReviewOut(Schema):
    on: date
    basis: str
    total: int
    groups: list[GroupOut]


class RotationRowOut(Schema):
    kind: str = Field(..., description="transfer: định kỳ chuyển đổi; leader: người đứng đầu giới hạn nhiệm kỳ")
    person: str
    username: str
    unit: str
    unit_code: str
    position: str
    sector: str
    cycle_months: int | None
    start: date
    months_in_post: int
    due_on: date | None
    status: str = Field(..., description="overdue, due, postponed, exempt, not_due")
    status_label: str
    reason: str
    notes: list[str]


class RotationOut(Schema):
    on: date
    counts: dict[str, int]
    rows: list[RotationRowOut]


class HolderOut(Schema):
    person: str
    username: str
    start: date
    end: date | None
    acting: bool


class PositionOut(Schema):
    id: int
    title: str
    is_head: bool
    is_leader: bool
    leader_kind: str
    transfer_sector: str
    transfer_cycle_months: int | None
    holders: list[HolderOut]


class UnitPositionsOut(Schema):
    unit: str
    code: str
    live: bool
    on: date
    functions: list[str]
    positions: list[PositionOut]


def _scope(request):
    """The viewer's scope, or the 403 problem to answer with."""
    try:
        return organisation_scope(viewer_for(request.user))
    except PermissionDenied as exc:
        return problem(request, 403, "organisation_forbidden", str(exc))


def _day(q: OnQuery) -> date:
    return q.on or timesource.now().astimezone(VN_TZ).date()


@router.get("/review", response={200: ReviewOut, **problems(401, 403)}, summary="Báo cáo rà soát tổ chức bộ máy",
            description="Chức năng, nhiệm vụ, thủ tục không có đơn vị đang hoạt động; thủ tục chưa chuyển sang đơn vị kế "
                        "thừa; đơn vị không có người đứng đầu; vị trí trống; quyền, phụ trách quá hạn; một người nhiều "
                        "vị trí. Mỗi dòng có đường dẫn đến trang khắc phục.")
def organisation_review(request, q: Query[OnQuery]):
    scope = _scope(request)
    if not isinstance(scope, Scope):
        return scope
    r = review.report(_day(q), scope)
    return ReviewOut(on=r.on, basis=r.basis, total=r.total, groups=[
        GroupOut(kind=g.kind, label=g.label, count=len(g.lines),
                 lines=[LineOut(subject=x.subject, explanation=x.explanation, fix_url=x.fix_url, fix_label=x.fix_label)
                        for x in g.lines]) for g in r.groups])


@router.get("/rotation", response={200: RotationOut, **problems(401, 403)},
            summary="Danh sách chuyển đổi vị trí công tác, luân chuyển",
            description="Mọi người giữ vị trí phải định kỳ chuyển đổi hoặc chức danh giới hạn nhiệm kỳ, với tình trạng "
                        "(quá hạn, sắp đến hạn, tạm hoãn, không chuyển đổi, chưa đến hạn) và lý do.")
def rotation_list(request, q: Query[OnQuery]):
    scope = _scope(request)
    if not isinstance(scope, Scope):
        return scope
    rows = rotation_queries.rotation_list(_day(q), scope)
    return RotationOut(on=_day(q), counts=rotation_queries.counts(rows), rows=[
        RotationRowOut(kind=r.kind, person=r.person, username=r.username, unit=r.unit, unit_code=r.unit_code,
                       position=r.position, sector=r.sector, cycle_months=r.cycle_months, start=r.start,
                       months_in_post=r.months_in_post, due_on=r.due_on, status=r.status, status_label=r.status_label,
                       reason=r.reason, notes=list(r.notes)) for r in rows])


@router.get("/units/{code}/positions", response={200: UnitPositionsOut, **problems(401, 403, 404)},
            summary="Vị trí, chức vụ và người giữ của một đơn vị")
def unit_positions(request, code: UnitCode, q: Query[OnQuery]):
    scope = _scope(request)
    if not isinstance(scope, Scope):
        return scope
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return problem(request, 404, "no_unit", "Không có đơn vị này.")
    if not scope.covers(unit.pk):
        return problem(request, 403, "unit_out_of_scope", "Đơn vị này không thuộc phạm vi anh/chị được xem.")
    org = org_queries.unit_organisation(unit, _day(q))
    return UnitPositionsOut(
        unit=unit.name, code=unit.code, live=org.live, on=org.on,
        functions=[f"{a.function.code} {a.function.name}" for a in org.assignments],
        positions=[PositionOut(id=p.pk, title=p.title, is_head=p.is_head, is_leader=p.is_leader,
                               leader_kind=p.leader_kind,
                               transfer_sector=p.transfer_sector, transfer_cycle_months=p.transfer_cycle_months,
                               holders=[HolderOut(person=h.person,
                                                  username=h.user.username, start=h.start, end=h.end, acting=h.acting)
                                        for h in p.current]) for p in org.positions])
