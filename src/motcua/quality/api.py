"""REST routes for citizens' ratings (Decree 118 Art. 33): the applicant rates an ended dossier
through ``quality.services.rate_dossier``; whoever may see the dossier may read its rating."""

from __future__ import annotations

from datetime import UTC, datetime
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema

from motcua.config.problems import problem, problems
from motcua.dossiers.access import can_see, viewer_for
from motcua.dossiers.api import Ref, find_dossier
from motcua.dossiers.models import Dossier
from motcua.quality.invitations import current_rating
from motcua.quality.models import Rating
from motcua.quality.services import COMMENT_MAX, RatingRefused, change_deadline, rate_dossier
from motcua.rules.rating import OVERALL, SCALES, scale_version

router = Router(tags=["Đánh giá"])

_SCALE = SCALES[-1]
_KEYS = (f"Thang {_SCALE.version} ({_SCALE.basis}): mức " + ", ".join(f"`{lv.key}` ({lv.label})" for lv in _SCALE.levels)
         + "; tiêu chí " + ", ".join(f"`{c.key}` ({c.label})" for c in _SCALE.criteria) + ".")


class RatingIn(Schema):
    overall: str = Field(..., max_length=20, description="Mức hài lòng chung (bắt buộc)")
    criteria: dict[str, str] = Field(default_factory=dict, description="Tiêu chí → mức; bỏ trống tiêu chí không áp dụng")
    comment: str = Field("", max_length=COMMENT_MAX)


class RatingOut(Schema):
    dossier_code: str
    scale_version: str
    overall: str
    overall_label: str
    criteria: dict[str, str]
    comment: str
    created_at: datetime
    updated_at: datetime
    changeable_until: datetime


def _dossier(ref: str) -> Dossier:
    dossier = find_dossier(ref)
    if dossier is None:
        raise Http404
    return dossier


def _out(rating: Rating, dossier: Dossier) -> RatingOut:
    level = scale_version(rating.scale_version).level(rating.overall)
    return RatingOut(dossier_code=dossier.code, scale_version=rating.scale_version, overall=rating.overall,
                     overall_label=level.label if level else rating.overall, criteria=rating.levels,
                     comment=rating.comment, created_at=rating.created_at.astimezone(UTC),
                     updated_at=rating.updated_at.astimezone(UTC), changeable_until=change_deadline(rating).astimezone(UTC))


@router.post("/{ref}/rating", response={200: RatingOut, **problems(400, 401, 403, 404, 409)},
             summary="Đánh giá hồ sơ đã kết thúc (người nộp)",
             description="Một đánh giá cho mỗi hồ sơ; được sửa trong thời hạn cấu hình (mặc định 7 ngày). " + _KEYS)
def rate(request, ref: Ref, body: RatingIn):
    dossier = _dossier(ref)
    if dossier.applicant_user_id != request.user.pk:
        raise PermissionDenied("Chỉ người nộp hồ sơ được đánh giá hồ sơ này.")
    try:
        rating = rate_dossier(request.user, dossier, {**body.criteria, OVERALL: body.overall}, body.comment)
    except RatingRefused as exc:
        return problem(request, exc.status, exc.code, exc.message)
    return _out(rating, dossier)


@router.get("/{ref}/rating", response={200: RatingOut, **problems(401, 403, 404)},
            summary="Đánh giá của người nộp cho hồ sơ")
def get_rating(request, ref: Ref):
    dossier = _dossier(ref)
    if not can_see(viewer_for(request.user), dossier):
        raise PermissionDenied("Ông/bà không được xem hồ sơ này.")
    rating = current_rating(dossier)  # also a rating given by link or at the kiosk without an account
    if rating is None:
        return problem(request, 404, "no_rating", "Hồ sơ chưa được đánh giá.")
    return _out(rating, dossier)
