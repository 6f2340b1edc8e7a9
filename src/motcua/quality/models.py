"""Service quality: citizens' ratings of their dossiers (Decree 118/2025 Arts. 31–33).

Writes go through ``quality.services``."""

from django.conf import settings
from django.db import models

from motcua.dossiers.models import Dossier
from motcua.units.models import Unit


class Rating(models.Model):
    """One applicant's rating of one ended dossier (đánh giá mức độ hài lòng). The levels are keys
    of the scale version it was given under (``rules.rating``); the units and officials who
    handled the dossier are copied from its log when it is given, so that a rating counts
    towards their appraisal (Art. 34) however the organisation changes later."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="ratings", db_index=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings")
    scale_version = models.CharField("phiên bản thang đánh giá", max_length=20)
    overall = models.CharField("mức hài lòng chung", max_length=20)
    levels = models.JSONField("mức theo từng tiêu chí", default=dict, blank=True)  # criterion key -> level key
    comment = models.TextField("ý kiến", blank=True)
    created_at = models.DateTimeField("đánh giá lúc")
    updated_at = models.DateTimeField("sửa lần cuối lúc")
    receiving_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    competent_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    units = models.ManyToManyField(Unit, related_name="ratings", verbose_name="đơn vị đã xử lý hồ sơ")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="ratings_received",
                                      verbose_name="cán bộ đã xử lý hồ sơ")

    class Meta:
        verbose_name = verbose_name_plural = "đánh giá của người dân"
        constraints = [models.UniqueConstraint(fields=["dossier", "applicant"], name="rating_one_per_applicant")]

    def __str__(self) -> str:
        return f"Đánh giá hồ sơ {self.dossier_id} ({self.overall})"
