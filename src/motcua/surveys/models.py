"""Survey rounds (đợt khảo sát), their strata (one per unit surveyed), the one-time invitations
drawn from dossiers, and the responses.

A response is kept apart from whoever gave it: it has no link to its invitation, its dossier or
a person; its key is random (so row order does not follow submission order) and it keeps only the
day it was given, as the invitation keeps only the day it was used. Writes go through
``surveys.services``.
"""

import uuid

from django.conf import settings
from django.db import models

from motcua.dossiers.models import Dossier
from motcua.rules.sipas import AGGREGATOR_LABELS
from motcua.units.models import Unit


class SurveyRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Đang chuẩn bị"
        OPEN = "open", "Đang khảo sát"
        CLOSED = "closed", "Đã kết thúc"

    name = models.CharField("tên đợt khảo sát", max_length=200)
    questionnaire = models.CharField("phiếu khảo sát", max_length=40)  # a key of rules.sipas.questionnaires()
    period_from = models.DateField("hồ sơ tiếp nhận từ ngày")
    period_to = models.DateField("đến ngày")
    margin = models.DecimalField("sai số cho phép (e)", max_digits=4, decimal_places=3, default=0.05)
    aggregator = models.CharField("cách tính chỉ số thành phần", max_length=20, default="top2box",
                                  choices=list(AGGREGATOR_LABELS.items()))
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    seed = models.PositiveBigIntegerField("hạt giống chọn mẫu", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="người tạo")
    created_at = models.DateTimeField("tạo lúc")
    drawn_at = models.DateTimeField("chọn mẫu lúc", null=True, blank=True)
    opened_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-period_to", "-pk"]
        verbose_name = verbose_name_plural = "đợt khảo sát SIPAS"

    def __str__(self) -> str:
        return self.name


class Stratum(models.Model):
    """One unit surveyed in a round: N dossiers received in the period, n allocated to it."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="strata")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    population = models.PositiveIntegerField("số hồ sơ trong kỳ (N)")
    allocated = models.PositiveIntegerField("số mẫu phân bổ (n)")

    class Meta:
        ordering = ["round", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="survey_stratum_unique")]
        verbose_name = verbose_name_plural = "đơn vị được khảo sát"


class Invitation(models.Model):
    """A one-time invitation (thư mời khảo sát) for the applicant of one sampled dossier. Only
    the SHA-256 of its token is kept; the token itself is shown once, when it is issued."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    stratum = models.ForeignKey(Stratum, on_delete=models.CASCADE, related_name="invitations", db_index=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+", db_index=False)
    token_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    issued_at = models.DateTimeField("cấp mã lúc", null=True, blank=True)
    used_on = models.DateField("ngày trả lời", null=True, blank=True)  # the day only, never the time

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token_hash"], name="survey_invitation_token_unique"),
                       models.UniqueConstraint(fields=["round", "dossier"], name="survey_invitation_once")]
        indexes = [models.Index(fields=["stratum", "used_on"], name="survey_invitation_stratum_idx")]
        verbose_name = verbose_name_plural = "thư mời khảo sát"


class Response(models.Model):
    """One filled-in questionnaire: answers keyed as in ``rules.sipas``; no link to who gave it."""

    class Channel(models.TextChoices):
        WEB = "web", "Trực tuyến"
        PAPER = "paper", "Phiếu giấy"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    stratum = models.ForeignKey(Stratum, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField("hình thức", max_length=10, choices=Channel.choices)
    submitted_on = models.DateField("ngày trả lời")  # the day only: no time to match against an invitation
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="cán bộ nhập phiếu giấy")
    answers = models.JSONField("câu trả lời")

    class Meta:
        verbose_name = verbose_name_plural = "phiếu trả lời"
