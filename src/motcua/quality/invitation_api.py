"""REST routes for the one-time rating link (Decree 118 Art. 31, ``quality.invitations``): an
official who sees an ended dossier issues a link for its slip; whoever holds the link reads what
it rates and rates once, without signing in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from ninja import Field, Path, Router, Schema, Status

from motcua import timesource
from motcua.config.problems import problem, problems
from motcua.dossiers.access import can_see, viewer_for
from motcua.dossiers.api import Ref, find_dossier
from motcua.quality import invitations
from motcua.quality.api import RatingIn
from motcua.quality.services import RatingRefused
from motcua.rules.rating import OVERALL, scale_version

router = Router(tags=["Đánh giá"])

Token = Annotated[str, Path(..., min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$",
                            description="Mã trên phiếu đánh giá (phần cuối của đường dẫn /danh-gia/<mã>/)")]

def _refused(request, exc: RatingRefused):
    return problem(request, exc.status, exc.code, exc.message)  # English from config.problems.ENGLISH


class LinkOut(Schema):
    dossier_code: str
    token: str = Field(..., description="Chỉ trả về một lần; hệ thống chỉ lưu giá trị băm SHA-256")
    url: str
    expires_at: datetime


class ChoiceOut(Schema):
    key: str
    label: str


class InvitationOut(Schema):
    dossier_code: str
    procedure_name: str
    expires_at: datetime
    scale_version: str
    levels: list[ChoiceOut]
    criteria: list[ChoiceOut]


class LinkRatingOut(Schema):
    dossier_code: str
    scale_version: str
    overall: str
    overall_label: str
    criteria: dict[str, str]
    comment: str
    rated_at: datetime


@router.post("/dossiers/{ref}/rating-link", response={201: LinkOut, **problems(401, 403, 404, 409)},
             summary="Phát đường dẫn đánh giá một lần cho phiếu trả kết quả (cán bộ)",
             description="Chỉ cho hồ sơ đã kết thúc; chỉ cán bộ của đơn vị thấy hồ sơ. Mỗi lần gọi là một mã mới.")
def issue_rating_link(request, ref: Ref):
    dossier = find_dossier(ref)
    if dossier is None:
        raise Http404
    viewer = viewer_for(request.user)
    if not (viewer.is_official or viewer.everything) or not can_see(viewer, dossier):
        raise PermissionDenied("Chỉ cán bộ của đơn vị giải quyết hồ sơ được phát phiếu đánh giá hồ sơ này.")
    now = timesource.now()
    try:
        token = invitations.issue_rating_link(dossier, now, official=request.user)
    except RatingRefused as exc:
        return _refused(request, exc)
    invitation = invitations.find_invitation(token, now)
    return Status(201, LinkOut(dossier_code=dossier.code or "", token=token,
                               url=request.build_absolute_uri(reverse("portal:rate_link", args=[token])),
                               expires_at=invitation.expires_at.astimezone(UTC)))


@router.get("/rating-links/{token}", auth=None, response={200: InvitationOut, **problems(404, 409, 410)},
            summary="Hồ sơ và thang đánh giá của một đường dẫn đánh giá (không cần đăng nhập)")
def rating_link(request, token: Token):
    try:
        invitation = invitations.find_invitation(token)
    except RatingRefused as exc:
        return _refused(request, exc)
    dossier = invitation.dossier
    scale = invitations.scale_for(dossier)
    return InvitationOut(dossier_code=dossier.code or "", procedure_name=dossier.procedure.name,
                         expires_at=invitation.expires_at.astimezone(UTC), scale_version=scale.version,
                         levels=[ChoiceOut(key=lv.key, label=lv.label) for lv in scale.levels],
                         criteria=[ChoiceOut(key=c.key, label=c.label) for c in scale.criteria])


@router.post("/rating-links/{token}", auth=None, response={200: LinkRatingOut, **problems(404, 409, 410)},
             summary="Đánh giá hồ sơ bằng đường dẫn một lần (không cần đăng nhập)",
             description="Mỗi đường dẫn chỉ đánh giá được một lần; đánh giá được ghi cho người nộp hồ sơ.")
def rate_by_link(request, token: Token, body: RatingIn):
    try:
        rating = invitations.rate_by_link(token, {**body.criteria, OVERALL: body.overall}, body.comment)
    except RatingRefused as exc:
        return _refused(request, exc)
    level = scale_version(rating.scale_version).level(rating.overall)
    return LinkRatingOut(dossier_code=rating.dossier.code or "", scale_version=rating.scale_version,
                         overall=rating.overall, overall_label=level.label if level else rating.overall,
                         criteria=rating.levels, comment=rating.comment, rated_at=rating.updated_at.astimezone(UTC))
