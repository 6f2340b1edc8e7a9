"""Results-based scoring and classification of officials and units (Nghị định 335/2025/NĐ-CP).

A sheet (phiếu đánh giá, xếp loại) scores one official, or one unit, for a month or a year: the
general criteria the assessor enters, the products (sản phẩm) with their figures — typed in, or
fed from the dossiers handled and the programme tasks — the disqualifying facts recorded, and the
computed results and band, before and after the quota of excellent ratings of its unit and group.
The arithmetic is ``rules.scoring``'s. Writes go through ``evaluation.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from motcua.rules.scoring import BAND_LABELS
from motcua.units.models import Unit

BAND_CHOICES = [(b.value, label) for b, label in BAND_LABELS.items()]


class Sheet(models.Model):
    class Subject(models.TextChoices):
        OFFICIAL = "official", "Công chức"
        LEADER = "leader", "Lãnh đạo"
        UNIT = "unit", "Cơ quan, đơn vị"

    class PeriodKind(models.TextChoices):
        MONTH = "month", "Tháng"
        YEAR = "year", "Năm"

    class State(models.TextChoices):
        DRAFT = "draft", "Đang đánh giá"
        APPROVED = "approved", "Đã phê duyệt"

    subject = models.CharField("đối tượng", max_length=10, choices=Subject.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evaluation_sheets", verbose_name="đơn vị")
    official = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="evaluation_sheets", verbose_name="công chức được đánh giá")
    name = models.CharField("họ tên / tên đơn vị", max_length=255)  # as it was when the sheet was opened
    group = models.CharField("nhóm chức danh cùng nhiệm vụ", max_length=40)  # the quota's group
    period_kind = models.CharField("loại kỳ", max_length=5, choices=PeriodKind.choices)
    period = models.CharField("kỳ", max_length=7)  # "2026-10" or "2026"
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    rules_version = models.CharField("phiên bản tiêu chí", max_length=20)
    general = models.JSONField("điểm tiêu chí chung", default=dict, blank=True)  # criterion key -> points
    general_points = models.DecimalField("điểm tiêu chí chung", max_digits=5, decimal_places=2, default=0)
    quantity = models.DecimalField("số lượng (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    quality = models.DecimalField("chất lượng (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    timeliness = models.DecimalField("tiến độ (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    results_points = models.DecimalField("điểm kết quả", max_digits=5, decimal_places=2, null=True, blank=True)
    score = models.DecimalField("tổng điểm", max_digits=5, decimal_places=2, null=True, blank=True)
    band_by_score = models.CharField("xếp loại theo điểm", max_length=12, choices=BAND_CHOICES, blank=True)
    band_computed = models.CharField("xếp loại trước khi áp tỷ lệ", max_length=12, choices=BAND_CHOICES, blank=True)
    band = models.CharField("xếp loại", max_length=12, choices=BAND_CHOICES, blank=True)  # after the quota
    quota_note = models.TextField("lý do điều chỉnh theo tỷ lệ", blank=True)
    computed_at = models.DateTimeField("tính điểm lúc", null=True, blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="người đánh giá")
    assessed_at = models.DateTimeField("đánh giá lúc", null=True, blank=True)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="lãnh đạo phê duyệt")
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["unit", "period", "subject", "name"]
        verbose_name = verbose_name_plural = "phiếu đánh giá, xếp loại"
        constraints = [
            models.UniqueConstraint(fields=["unit", "official", "period"], condition=Q(official__isnull=False),
                                    name="evaluation_sheet_official_once"),
            models.UniqueConstraint(fields=["unit", "period"], condition=Q(official__isnull=True),
                                    name="evaluation_sheet_unit_once"),
        ]
        indexes = [models.Index(fields=["official", "period"], name="evaluation_sheet_official_idx")]

    def __str__(self) -> str:
        return f"{self.name} — {self.period}"

    @property
    def demoted(self) -> bool:
        return bool(self.band and self.band_computed and self.band != self.band_computed)


class Product(models.Model):
    """A line of products of a sheet, in standard units (``weight`` per item)."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Nhập tay"
        DOSSIERS = "dossiers", "Giải quyết hồ sơ TTHC"
        TASKS = "tasks", "Nhiệm vụ chương trình"

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="products")
    name = models.CharField("sản phẩm", max_length=255)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.MANUAL)
    assigned = models.PositiveIntegerField("được giao")
    completed = models.PositiveIntegerField("hoàn thành")
    failed_reviews = models.PositiveIntegerField("lần không đạt khi thẩm định", default=0)
    delays = models.PositiveIntegerField("lần chậm tiến độ", default=0)
    exempt_delays = models.PositiveIntegerField("lần chậm do nguyên nhân khách quan", default=0)
    weight = models.DecimalField("hệ số quy đổi", max_digits=6, decimal_places=2, default=1)
    rated = models.PositiveIntegerField("số đánh giá của người dân", null=True, blank=True)
    satisfied = models.PositiveIntegerField("số đánh giá hài lòng", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        ordering = ["sheet", "source", "pk"]
        verbose_name = verbose_name_plural = "sản phẩm"


class Fact(models.Model):
    """A disqualifying fact (căn cứ xếp loại không hoàn thành nhiệm vụ): what, when, by which
    document, and who recorded it."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField("nội dung", max_length=20)  # a key of rules.scoring.Rules.facts
    occurred_on = models.DateField("ngày")
    document = models.CharField("văn bản", max_length=255)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["sheet", "occurred_on", "pk"]
        verbose_name = verbose_name_plural = "căn cứ không hoàn thành nhiệm vụ"


class QuotaOutcome(models.Model):
    """The quota of excellent ratings applied to one unit's group for a period."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    outstanding = models.BooleanField("đơn vị có thành tích nổi trội", default=False)
    base = models.PositiveIntegerField("số người làm căn cứ")
    limit = models.PositiveIntegerField("tối đa hoàn thành xuất sắc", null=True, blank=True)
    excellent_before = models.PositiveIntegerField("đạt điểm xuất sắc")
    demoted = models.PositiveIntegerField("số người chuyển xuống")
    explanation = models.TextField("giải thích")
    applied_at = models.DateTimeField()

    class Meta:
        ordering = ["unit", "period", "group"]
        constraints = [models.UniqueConstraint(fields=["unit", "group", "period"], name="evaluation_quota_once")]
        verbose_name = verbose_name_plural = "kết quả áp tỷ lệ hoàn thành xuất sắc"
