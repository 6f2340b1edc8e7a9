"""The two rating channels besides the signed-in portal (Decree 118 Art. 31): the one-time link
and QR printed on the result slip (phiếu đánh giá), and the rating device at the counter (quầy
đánh giá). Both write through ``quality.services.record_rating``, the portal's own write, and
record their channel on a ``portal.RatingInvitation``: the kiosk issues one and uses it at once.

Whose rating it is. ``quality.Rating.applicant`` is a required account, one rating per dossier
and account, and the Rating model stays as it is. A link or a kiosk rating is the applicant's,
so it is kept under the dossier's ``applicant_user`` when there is one (the same rating the
portal shows and lets them change). A dossier taken in at the counter has no account; its
rating is kept under a stand-in account made for that dossier alone (``danh-gia:ho-so-<id>``):
inactive, without a usable password, so it can never sign in or see anything (``viewer_for``
gives an inactive user nothing), and a name with ``:`` that no sign-up form accepts. The
alternatives were worse: attaching the dossier to a new account (``applicant_user``) changes
the dossier outside its services and log; one account per identity number would gather a
person's dossiers under an account nobody asked for; a nullable applicant needs the model
changed. One stand-in per dossier keeps "one rating per dossier" for those dossiers, too.

A refused rating raises ``RatingRefused`` (Vietnamese message, ``code``, HTTP ``status``) and
changes nothing: the link stays unused, no account is made.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from motcua import timesource
from motcua.dossiers.access import can_see, viewer_for
from motcua.dossiers.models import Dossier
from motcua.portal.models import RatingInvitation
from motcua.quality.models import Rating
from motcua.quality.services import RatingRefused, record_rating
from motcua.rules.calendar import VN_TZ
from motcua.rules.rating import Scale, has_ended, scale_on, scale_version

__all__ = ["issue_rating_link", "rate_by_link", "rate_at_kiosk", "find_invitation", "rater_for", "current_rating", "scale_for"]

STAND_IN = "danh-gia:ho-so-"
UNKNOWN = "Đường dẫn đánh giá không đúng hoặc không còn hiệu lực. Vui lòng kiểm tra lại mã QR trên phiếu."
USED = "Đường dẫn đánh giá này đã được dùng; mỗi phiếu chỉ đánh giá được một lần. Cảm ơn ông/bà."
NOT_ENDED = ("Hồ sơ chưa kết thúc giải quyết; chỉ đánh giá được sau khi đã trả kết quả, "
             "từ chối hoặc dừng giải quyết.")


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def _expired(invitation: RatingInvitation) -> str:
    return (f"Đường dẫn đánh giá đã hết hạn lúc {invitation.expires_at.astimezone(VN_TZ):%H:%M ngày %d/%m/%Y}. "
            "Vui lòng đề nghị Bộ phận Một cửa cấp phiếu mới.")


def _may_issue(official, dossier: Dossier) -> None:
    viewer = viewer_for(official)
    if not (viewer.is_official or viewer.everything) or not can_see(viewer, dossier):
        raise PermissionDenied("Chỉ cán bộ của đơn vị giải quyết hồ sơ được phát phiếu đánh giá hồ sơ này.")


def _issue(dossier: Dossier, channel: str, official, now: datetime) -> str:
    if not has_ended(dossier.state, dossier.outcome):
        raise RatingRefused(NOT_ENDED, "not_ended", 409)
    token = secrets.token_urlsafe(32)
    RatingInvitation.objects.create(
        dossier=dossier, token_hash=hash_token(token), channel=channel, issued_by=official, created_at=now,
        expires_at=now + timedelta(days=settings.MOTCUA_RATING_LINK_DAYS))
    return token


def issue_rating_link(dossier: Dossier, now: datetime | None = None, *, official=None) -> str:
    """Phát phiếu đánh giá: a new one-time token for the slip of an ended dossier, valid
    ``MOTCUA_RATING_LINK_DAYS`` days. Only the token's hash is stored: the caller prints it.
    ``official``, when given, must be an official who sees the dossier."""
    now = now or timesource.now()
    if official is not None:
        _may_issue(official, dossier)
    return _issue(dossier, RatingInvitation.Channel.LINK, official, now)


def find_invitation(token: str, now: datetime | None = None) -> RatingInvitation:
    """The usable invitation ``token`` opens (with its dossier and procedure), or ``RatingRefused``:
    404 unknown, 409 already used, 410 expired."""
    now = now or timesource.now()
    invitation = (RatingInvitation.objects.select_related("dossier__procedure")
                  .filter(token_hash=hash_token(token)).first())
    if invitation is None:
        raise RatingRefused(UNKNOWN, "link_unknown", 404)
    if invitation.used_at is not None:
        raise RatingRefused(USED, "link_used", 409)
    if now > invitation.expires_at:
        raise RatingRefused(_expired(invitation), "link_expired", 410)
    return invitation


def rater_for(dossier: Dossier):
    """The account the dossier's rating is kept under (see the module's docstring)."""
    if dossier.applicant_user_id is not None:
        return dossier.applicant_user
    user, _ = get_user_model().objects.get_or_create(
        username=f"{STAND_IN}{dossier.pk}", defaults={"is_active": False, "password": make_password(None)})
    return user


def current_rating(dossier: Dossier) -> Rating | None:
    """The applicant's rating of the dossier, whichever channel gave it (makes no account)."""
    if dossier.applicant_user_id is not None:
        return Rating.objects.filter(dossier=dossier, applicant_id=dossier.applicant_user_id).first()
    return Rating.objects.filter(dossier=dossier, applicant__username=f"{STAND_IN}{dossier.pk}").first()


def scale_for(dossier: Dossier, now: datetime | None = None) -> Scale:
    """The scale the dossier's rating is (or will be) given under."""
    rating = current_rating(dossier)
    if rating is not None:
        return scale_version(rating.scale_version)
    return scale_on((now or timesource.now()).astimezone(VN_TZ).date())


def rate_by_link(token: str, levels: Mapping[str, str], comment: str = "", now: datetime | None = None) -> Rating:
    """Đánh giá qua phiếu: rate the invitation's dossier on behalf of its applicant, once."""
    now = now or timesource.now()
    with transaction.atomic():
        invitation = find_invitation(token, now)
        # Claim the link first: of two uses at once, one finds it already taken.
        if not RatingInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=now):
            raise RatingRefused(USED, "link_used", 409)
        dossier = invitation.dossier
        rating = record_rating(rater_for(dossier), dossier, levels, comment, now)
        RatingInvitation.objects.filter(pk=invitation.pk).update(rating=rating)
    return rating


def rate_at_kiosk(official, dossier: Dossier, levels: Mapping[str, str], comment: str = "",
                  now: datetime | None = None) -> Rating:
    """Đánh giá tại quầy: the applicant taps the levels on the counter's device; the official
    whose kiosk it is must see the dossier. Recorded as a kiosk invitation, used at once."""
    now = now or timesource.now()
    _may_issue(official, dossier)
    with transaction.atomic():
        token = _issue(dossier, RatingInvitation.Channel.KIOSK, official, now)
        return rate_by_link(token, levels, comment, now)
