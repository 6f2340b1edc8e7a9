"""Writes about SIPAS surveys, one function per act: create a round, draw its sample, issue the
invitations' one-time links, open it, take a response (on the web by token, or typed in from a
paper form by an official), close it.

A refused act raises ``SurveyRefused`` (Vietnamese message, HTTP-like ``status``) and changes
nothing. A response never records which invitation, dossier or person it came from.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction

from motcua import timesource
from motcua.dossiers.models import Dossier
from motcua.rules.calendar import VN_TZ
from motcua.rules.sipas import AGGREGATORS, InvalidAnswers, allocate, check_answers, questionnaires, sample_size
from motcua.surveys.models import Invitation, Response, Stratum, SurveyRound
from motcua.units.models import Unit

__all__ = ["SurveyRefused", "Issued", "token_hash", "create_round", "draw_sample", "issue_invitations", "open_round",
           "submit_response", "enter_paper_response", "close_round"]

S = SurveyRound.Status


class SurveyRefused(Exception):
    """``status``: 404 unknown link, 409 wrong state or used link, 422 invalid input (``errors``)."""

    def __init__(self, message: str, code: str, status: int = 409, errors: list[str] | None = None,
                 fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message, self.code, self.status, self.errors = message, code, status, errors or []
        self.fields = fields or {}  # question key -> what is wrong with its answer


@dataclass(frozen=True)
class Issued:
    """An invitation and its token, as issued: the only moment the token exists in clear."""

    invitation: Invitation
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _today(now: datetime) -> date:
    return now.astimezone(VN_TZ).date()


def _require(survey: SurveyRound, *states: str) -> None:
    if survey.status not in states:
        raise SurveyRefused(f"Đợt khảo sát đang ở trạng thái «{survey.get_status_display()}»; "
                            "không thực hiện được việc này.", "wrong_state")


def create_round(actor, name: str, questionnaire: str, period_from: date, period_to: date,
                 margin: float | Decimal | str = "0.05", aggregator: str = "top2box", seed: int | None = None,
                 now: datetime | None = None) -> SurveyRound:
    """Tạo đợt khảo sát: which questionnaire, the period whose dossiers are sampled, the margin
    of error e and how item indices are aggregated."""
    errors = []
    name = (name or "").strip()
    if not name:
        errors.append("Chưa nhập tên đợt khảo sát.")
    if questionnaire not in questionnaires():
        errors.append(f"Không có phiếu khảo sát «{questionnaire}».")
    if period_from > period_to:
        errors.append("Ngày bắt đầu kỳ khảo sát phải trước ngày kết thúc.")
    try:
        margin = Decimal(str(margin))
    except InvalidOperation:
        margin = Decimal(0)
    if not Decimal("0.01") <= margin <= Decimal("0.2"):
        errors.append("Sai số cho phép e phải từ 0,01 đến 0,2.")
    if aggregator not in AGGREGATORS:
        errors.append(f"Không có cách tính «{aggregator}».")
    if errors:
        raise SurveyRefused(" ".join(errors), "invalid", 422, errors)
    return SurveyRound.objects.create(
        name=name[:200], questionnaire=questionnaire, period_from=period_from, period_to=period_to, margin=margin,
        aggregator=aggregator, seed=secrets.randbelow(2**31) if seed is None else seed,
        created_by=actor if getattr(actor, "pk", None) else None, created_at=now or timesource.now())


def draw_sample(survey: SurveyRound, seed: int | None = None, now: datetime | None = None) -> SurveyRound:
    """Chọn mẫu: the dossiers received in the period, grouped by competent unit (one stratum per
    unit); n = ⌈N/(1+Ne²)⌉ shared among the units in proportion to N_h; in each unit, n_h dossiers
    drawn at random, the same ones for the same seed. A unit with fewer dossiers than its share
    gives all it has. Drawing again (before the round opens) replaces the earlier sample."""
    now = now or timesource.now()
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        _require(survey, S.DRAFT)
        if seed is not None:
            survey.seed = seed
        start = datetime.combine(survey.period_from, time(), VN_TZ)
        end = datetime.combine(survey.period_to + timedelta(days=1), time(), VN_TZ)
        by_unit: dict[int, list[int]] = defaultdict(list)
        for unit_id, pk in (Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
                            .order_by("pk").values_list("competent_unit_id", "pk").iterator(chunk_size=10_000)):
            by_unit[unit_id].append(pk)
        population = {unit: len(pks) for unit, pks in sorted(by_unit.items())}
        shares = allocate(sample_size(sum(population.values()), float(survey.margin)), population)
        Invitation.objects.filter(round=survey).delete()
        Stratum.objects.filter(round=survey).delete()
        strata = Stratum.objects.bulk_create(
            Stratum(round=survey, unit_id=unit, population=size, allocated=shares[unit]) for unit, size in population.items())
        codes = dict(Unit.objects.filter(pk__in=population).values_list("pk", "code"))
        invitations = []
        for stratum in strata:  # each unit its own stream: its draw does not depend on the other units
            rng = random.Random(f"{survey.seed}:{codes[stratum.unit_id]}")
            chosen = rng.sample(by_unit[stratum.unit_id], stratum.allocated)
            invitations += [Invitation(round=survey, stratum=stratum, dossier_id=pk) for pk in sorted(chosen)]
        Invitation.objects.bulk_create(invitations, batch_size=2000)
        survey.drawn_at = now
        survey.save(update_fields=["seed", "drawn_at"])
    return survey


def issue_invitations(survey: SurveyRound, reissue: bool = False, now: datetime | None = None) -> list[Issued]:
    """Cấp đường dẫn: a fresh one-time token for every invitation that has none (with
    ``reissue``, for every one not yet used: the earlier links stop working). The tokens are
    returned once and only their hashes kept."""
    now = now or timesource.now()
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        _require(survey, S.DRAFT, S.OPEN)
        pending = Invitation.objects.filter(round=survey, used_on__isnull=True)
        if not reissue:
            pending = pending.filter(token_hash__isnull=True)
        issued = []
        for invitation in pending.select_related("dossier", "stratum__unit").order_by("stratum__unit__name", "pk"):
            token = secrets.token_urlsafe(18)
            invitation.token_hash, invitation.issued_at = token_hash(token), now
            issued.append(Issued(invitation, token))
        Invitation.objects.bulk_update([i.invitation for i in issued], ["token_hash", "issued_at"], batch_size=2000)
    return issued


def open_round(survey: SurveyRound, now: datetime | None = None) -> SurveyRound:
    """Bắt đầu khảo sát: the links start to work and paper forms may be entered."""
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        _require(survey, S.DRAFT)
        if not survey.strata.exists():
            raise SurveyRefused("Chưa chọn mẫu (hoặc trong kỳ không có hồ sơ nào): chưa thể bắt đầu khảo sát.",
                                "no_sample")
        survey.status, survey.opened_at = S.OPEN, now or timesource.now()
        survey.save(update_fields=["status", "opened_at"])
    return survey


def close_round(survey: SurveyRound, now: datetime | None = None) -> SurveyRound:
    """Kết thúc khảo sát: no more responses; the results are final."""
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        _require(survey, S.OPEN)
        survey.status, survey.closed_at = S.CLOSED, now or timesource.now()
        survey.save(update_fields=["status", "closed_at"])
    return survey


def _clean(survey: SurveyRound, answers) -> dict:
    if not isinstance(answers, dict):
        raise SurveyRefused("Câu trả lời phải là một bảng câu hỏi → phương án.", "invalid_answers", 422)
    try:
        return check_answers(questionnaires()[survey.questionnaire], answers)
    except InvalidAnswers as exc:
        raise SurveyRefused("Phiếu chưa hợp lệ: " + " ".join(exc.errors), "invalid_answers", 422, exc.errors,
                            exc.fields) from None


def _use(token: str, survey: SurveyRound | None, today: date) -> Invitation:
    """The invitation of ``token``, marked used (inside the caller's transaction)."""
    invitation = (Invitation.objects.select_for_update().select_related("round")
                  .filter(token_hash=token_hash(token or "")).first())
    if invitation is None or (survey is not None and invitation.round_id != survey.pk):
        raise SurveyRefused("Đường dẫn khảo sát không đúng hoặc đã được thay bằng đường dẫn mới.", "unknown_token", 404)
    if invitation.used_on is not None:
        raise SurveyRefused("Phiếu khảo sát của đường dẫn này đã được gửi; mỗi đường dẫn chỉ dùng một lần.",
                            "token_used")
    _require(invitation.round, S.OPEN)
    if not Invitation.objects.filter(pk=invitation.pk, used_on__isnull=True).update(used_on=today):
        raise SurveyRefused("Phiếu khảo sát của đường dẫn này vừa được gửi.", "token_used")
    return invitation


def submit_response(token: str, answers, now: datetime | None = None) -> Response:
    """Người dân gửi phiếu qua đường dẫn một lần: checked against the questionnaire; the
    invitation is marked used and the response saved in one transaction, with nothing that ties
    one to the other."""
    today = _today(now or timesource.now())
    with transaction.atomic():
        invitation = _use(token, None, today)
        clean = _clean(invitation.round, answers)
        return Response.objects.create(round_id=invitation.round_id, stratum_id=invitation.stratum_id,
                                       channel=Response.Channel.WEB, submitted_on=today, answers=clean)


def enter_paper_response(survey: SurveyRound, actor, answers, stratum: Stratum | None = None, token: str = "",
                         now: datetime | None = None) -> Response:
    """Cán bộ nhập phiếu giấy: for the unit of ``stratum``, or of the invitation whose ``token``
    is printed on the form (which is then used up, so nobody answers twice)."""
    today = _today(now or timesource.now())
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        _require(survey, S.OPEN)
        clean = _clean(survey, answers)
        if token:
            stratum_id = _use(token, survey, today).stratum_id
        elif stratum is not None and stratum.round_id == survey.pk:
            stratum_id = stratum.pk
        else:
            raise SurveyRefused("Chưa chọn đơn vị được khảo sát của phiếu.", "invalid_answers", 422)
        return Response.objects.create(round=survey, stratum_id=stratum_id, channel=Response.Channel.PAPER,
                                       submitted_on=today, entered_by=actor if getattr(actor, "pk", None) else None,
                                       answers=clean)
