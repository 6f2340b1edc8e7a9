"""Writes about service quality: an applicant rates their ended dossier (Decree 118 Art. 33).

A refused rating raises ``RatingRefused`` (Vietnamese message) and changes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from motcua import timesource
from motcua.dossiers.models import Dossier, DossierEvent, DossierTask
from motcua.quality.models import Rating
from motcua.quality.tallies import dossier_disliked, rating_changed
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import OFFICIALS, ActRefused, Role
from motcua.rules.rating import OVERALL, InvalidRating, NoScaleInForce, check_levels, has_ended, scale_on, scale_version

__all__ = ["RatingRefused", "rate_dossier", "record_rating", "change_deadline", "COMMENT_MAX"]

COMMENT_MAX = 2000


class RatingRefused(ActRefused):
    """``status``: 409 when the dossier's state or the rating's age refuses it, 422 when the
    levels are not on the scale."""

    def __init__(self, message: str, code: str, status: int):
        super().__init__(message, code=code)
        self.status = status


def change_deadline(rating: Rating) -> datetime:
    """Until when the applicant may change the rating (``MOTCUA_RATING_CHANGE_DAYS`` calendar days)."""
    return rating.created_at + timedelta(days=settings.MOTCUA_RATING_CHANGE_DAYS)


def _handlers(dossier: Dossier) -> tuple[set[int], set[int]]:
    return handlers([dossier])[dossier.pk]


def handlers(dossiers) -> dict[int, tuple[set[int], set[int]]]:
    """The units and the officials who handled each dossier, from its log (two queries for any
    number of dossiers): the receiving and the competent unit, every unit it went from or to,
    every agency with a joint task, every official who made an act on it and every officer it
    was assigned to."""
    out = {d.pk: ({d.receiving_unit_id, d.competent_unit_id}, set()) for d in dossiers}
    for pk, actor, role, from_unit, to_unit, act, data in DossierEvent.objects.filter(dossier_id__in=out).values_list(
            "dossier_id", "actor", "role", "from_unit_id", "to_unit_id", "act", "data"):
        units, officers = out[pk]
        units |= {u for u in (from_unit, to_unit) if u}
        ids = [actor] if Role(role) in OFFICIALS else []
        if act == "assign":
            ids.append((data or {}).get("officer") or "")
        officers |= {int(i[1:]) for i in ids if i.startswith("u") and i[1:].isdigit()}
    for pk, agency in DossierTask.objects.filter(dossier_id__in=out).values_list("dossier_id", "agency_id"):
        out[pk][0].add(agency)
    return out


def rate_dossier(user, dossier: Dossier, levels: Mapping[str, str], comment: str = "",
                 now: datetime | None = None) -> Rating:
    """Đánh giá: ``levels`` maps ``"overall"`` (required) and any criteria of the scale to level
    keys. One rating per dossier and applicant; it may be changed within
    ``MOTCUA_RATING_CHANGE_DAYS`` days of the first, and keeps the scale it was given under."""
    if user is None or not user.is_authenticated or dossier.applicant_user_id != user.pk:
        raise PermissionDenied("Chỉ người nộp hồ sơ được đánh giá hồ sơ này.")
    return record_rating(user, dossier, levels, comment, now)


def record_rating(applicant, dossier: Dossier, levels: Mapping[str, str], comment: str = "",
                  now: datetime | None = None) -> Rating:
    """The write behind every rating channel, kept under the account ``applicant``. The caller
    has decided that the rating comes from the dossier's applicant: signed in (``rate_dossier``)
    or holding a one-time link or at the counter kiosk (``quality.invitations``)."""
    now = now or timesource.now()
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise RatingRefused(f"Ý kiến dài quá {COMMENT_MAX} ký tự.", "invalid_rating", 422)
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)  # its state, read under a lock
        if not has_ended(dossier.state, dossier.outcome):
            raise RatingRefused("Hồ sơ chưa kết thúc giải quyết; chỉ đánh giá được sau khi đã trả kết quả, "
                                "từ chối hoặc dừng giải quyết.", "not_ended", 409)
        rating = Rating.objects.select_for_update().filter(dossier=dossier, applicant=applicant).first()
        if rating is not None and now > change_deadline(rating):
            raise RatingRefused(
                f"Đã quá {settings.MOTCUA_RATING_CHANGE_DAYS} ngày kể từ khi đánh giá "
                f"({rating.created_at.astimezone(VN_TZ):%H:%M ngày %d/%m/%Y}); không thể thay đổi đánh giá.",
                "rating_locked", 409)
        try:
            scale = (scale_version(rating.scale_version) if rating is not None
                     else scale_on(now.astimezone(VN_TZ).date()))
            clean = check_levels(scale, levels)
        except (InvalidRating, NoScaleInForce) as exc:
            raise RatingRefused(getattr(exc, "message", str(exc)), "invalid_rating", 422) from None
        overall = clean.pop(OVERALL)
        disliked_before = dossier_disliked(dossier.pk)
        units, officers = _handlers(dossier)
        if rating is None:
            rating = Rating(dossier=dossier, applicant=applicant, scale_version=scale.version, created_at=now)
        rating.overall, rating.levels, rating.comment, rating.updated_at = overall, clean, comment, now
        rating.receiving_unit_id, rating.competent_unit_id = dossier.receiving_unit_id, dossier.competent_unit_id
        try:
            with transaction.atomic():
                rating.save()
        except IntegrityError:  # a first rating sent twice at once: the other one won
            raise RatingRefused("Hồ sơ vừa được đánh giá; vui lòng tải lại trang.", "conflict", 409) from None
        rating.units.set(units)
        rating.officers.set(officers)
        rating_changed(dossier, disliked_before, dossier_disliked(dossier.pk))  # Decision 766, 5.4
    return rating
