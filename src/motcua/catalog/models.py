"""The procedure catalogue (danh mục thủ tục hành chính): procedures, their dated versions,
and for joint procedures (liên thông) the route of agency steps."""

from django.db import models

from motcua.rules.calendar import HOURS_PER_WORKING_DAY
from motcua.units.models import Unit


class Sector(models.Model):
    """A sector (ngành), e.g. Tư pháp."""

    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "ngành"

    def __str__(self) -> str:
        return self.name


class Field(models.Model):
    """A field (lĩnh vực) inside a sector, e.g. Hộ tịch in Tư pháp."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="fields")
    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "lĩnh vực"

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính, TTHC) identified by its national code."""

    class Level(models.TextChoices):
        PROVINCE = "province", "Cấp tỉnh"
        COMMUNE = "commune", "Cấp xã"

    code = models.CharField("mã TTHC", max_length=40, unique=True)
    name = models.CharField("tên", max_length=500)
    name_folded = models.CharField(max_length=500, db_index=True, editable=False)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures")
    level = models.CharField("cấp thực hiện", max_length=10, choices=Level.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "thủ tục hành chính"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcedureVersion(models.Model):
    """What a procedure required from a date on. A dossier keeps the version it was received under."""

    class DurationUnit(models.TextChoices):
        DAYS = "days", "Ngày làm việc"
        HOURS = "hours", "Giờ làm việc"
        IMMEDIATE = "immediate", "Trả ngay"

    class Online(models.TextChoices):
        NONE = "none", "Không trực tuyến"
        PARTIAL = "partial", "Trực tuyến một phần"
        FULL = "full", "Trực tuyến toàn trình"

    class RouteMode(models.TextChoices):
        SEQUENTIAL = "sequential", "Tuần tự qua cơ quan chủ trì (hồ sơ giấy)"
        PARALLEL = "parallel", "Song song (hồ sơ điện tử)"

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    effective_from = models.DateField("hiệu lực từ")
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    announcement = models.CharField("quyết định công bố", max_length=120, blank=True)
    announced_on = models.DateField("ngày công bố", null=True, blank=True)
    published_on = models.DateField("ngày công khai trên CSDLQG", null=True, blank=True)
    legal_basis_effective_on = models.DateField("ngày văn bản QPPL có hiệu lực", null=True, blank=True)
    competent_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="competent_for",
        verbose_name="cơ quan có thẩm quyền",
        help_text="Để trống với thủ tục cấp xã: cơ quan có thẩm quyền là UBND xã nơi nộp.",
    )
    duration_unit = models.CharField("đơn vị thời hạn", max_length=10, choices=DurationUnit.choices)
    duration_value = models.DecimalField("thời hạn giải quyết", max_digits=6, decimal_places=1, default=0)
    fees = models.JSONField("phí, lệ phí", default=list, blank=True, help_text='[{"name": …, "amount": VND}]')
    online = models.CharField("mức trực tuyến", max_length=10, choices=Online.choices, default=Online.NONE)
    documents = models.JSONField(
        "thành phần hồ sơ", default=list, blank=True,
        help_text='[{"name": …, "originals": n, "copies": n, "required": true}]',
    )
    # Three of the seven parts a published procedure must carry (Decision 766, indicator 1.3);
    # the others are the name, the documents, the time limit and the agency above.
    steps = models.TextField("trình tự thực hiện", blank=True)
    methods = models.TextField("cách thức thực hiện", blank=True)
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    result_types = models.JSONField("loại kết quả", default=list, blank=True, help_text='[{"code": …, "name": …, "paper": true}]')
    route_mode = models.CharField("cách liên thông", max_length=12, choices=RouteMode.choices, blank=True)

    class Meta:
        ordering = ["procedure", "number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")]
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} ({self.effective_from:%d/%m/%Y})"

    @property
    def duration_hours(self) -> float:
        """Statutory duration in working hours (1 working day = 8 hours; immediate = 0)."""
        if self.duration_unit == self.DurationUnit.DAYS:
            return float(self.duration_value) * HOURS_PER_WORKING_DAY
        if self.duration_unit == self.DurationUnit.HOURS:
            return float(self.duration_value)
        return 0.0

    @property
    def is_joint(self) -> bool:
        return bool(self.route_mode)


class RouteStep(models.Model):
    """One agency's part of a joint procedure: its task, its own duration and the steps it waits for."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="route_steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="route_steps", verbose_name="cơ quan")
    task = models.CharField("nhiệm vụ", max_length=255)
    duration_hours = models.DecimalField("thời hạn (giờ làm việc)", max_digits=6, decimal_places=1)
    depends_on = models.JSONField("chờ các bước", default=list, blank=True)
    is_lead = models.BooleanField("cơ quan chủ trì", default=False)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="route_step_unique")]
        verbose_name = verbose_name_plural = "bước liên thông"


class CatalogueStamp(models.Model):
    """One row whose token changes with every write to the procedures or their versions, by
    database triggers (migration 0003), whatever writes them: the dashboards keep what they
    worked out of the catalogue while the token they read it under holds."""

    token = models.CharField(max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "dấu phiên bản danh mục"
