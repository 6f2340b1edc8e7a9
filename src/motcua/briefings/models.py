"""Briefing meetings (giao ban) of a programme's steering committee: when and where, who chairs,
the agenda (chương trình họp, proposed from the overdue and at-risk tasks, edited by the
committee), and the conclusions (kết luận) announced in the meeting's notice (thông báo kết luận,
e.g. "125-TB/BCĐ"). Each conclusion becomes a programme task sourced to that notice
(``Conclusion.task``). Writes go through ``briefings.services``."""

from django.conf import settings
from django.db import models

from motcua.programmes.models import Programme, Task
from motcua.units.models import Unit


class Meeting(models.Model):
    """A briefing meeting (phiên giao ban) of a programme's steering committee."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Giao ban tháng"
        QUARTERLY = "quarterly", "Giao ban quý"
        AD_HOC = "ad_hoc", "Giao ban đột xuất"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="meetings")
    held_at = models.DateTimeField("thời gian họp")
    kind = models.CharField("loại phiên", max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    chair = models.CharField("chủ trì", max_length=255, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    # thông báo kết luận của phiên giao ban: số, ký hiệu và ngày (the source of the tasks it assigns)
    notice_symbol = models.CharField("số thông báo kết luận", max_length=60, blank=True)
    notice_date = models.DateField("ngày thông báo", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField()
    concluded_at = models.DateTimeField("giao nhiệm vụ lúc", null=True, blank=True)  # last time conclusions became tasks

    class Meta:
        ordering = ["programme", "-held_at", "-pk"]
        indexes = [models.Index(fields=["programme", "held_at"], name="briefing_meeting_held_idx")]
        verbose_name = verbose_name_plural = "phiên giao ban"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_at:%d/%m/%Y} — {self.programme.number}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda (nội dung chương trình họp), in order; ``task`` when the item
    is about one task (an overdue or at-risk one, as the pack proposes)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField()
    title = models.CharField("nội dung", max_length=500)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    presenter = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="đơn vị báo cáo")

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="briefing_agenda_order_unique")]
        verbose_name = verbose_name_plural = "nội dung chương trình họp"


class Conclusion(models.Model):
    """One conclusion of the meeting (kết luận): a piece of work for a lead unit, with co-operating
    units, a product and a deadline. ``task`` is the programme task it became."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    order = models.PositiveSmallIntegerField()
    content = models.TextField("nội dung kết luận")
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị chủ trì")
    co_units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name="đơn vị phối hợp")
    product = models.CharField("loại sản phẩm", max_length=12, choices=Task.Product.choices)
    deadline = models.DateField("thời hạn", null=True, blank=True)
    task = models.OneToOneField(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="conclusion",
                                verbose_name="nhiệm vụ đã giao")

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="briefing_conclusion_order_unique")]
        verbose_name = verbose_name_plural = "kết luận giao ban"

    def __str__(self) -> str:
        return self.content[:80]
