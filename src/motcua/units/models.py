"""Administrative areas, agencies and one-stop units, the officials who work in them, and the
working calendar each province keeps."""

from django.conf import settings
from django.db import models


class Area(models.Model):
    """An administrative area (đơn vị hành chính): a province/city or a commune/ward/special zone."""

    class Kind(models.TextChoices):
        CITY = "city", "Thành phố trực thuộc trung ương"
        PROVINCE = "province", "Tỉnh"
        WARD = "ward", "Phường"
        COMMUNE = "commune", "Xã"
        SPECIAL_ZONE = "special_zone", "Đặc khu"

    code = models.CharField("mã", max_length=10, unique=True)
    name = models.CharField("tên", max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.kind in (self.Kind.CITY, self.Kind.PROVINCE)


class Unit(models.Model):
    """An agency or one-stop unit (cơ quan, đơn vị), with its electronic identifier
    (mã định danh điện tử, Decision 20/2020/QĐ-TTg) and validity dates."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
        DEPARTMENT = "department", "Sở, ban, ngành"
        VERTICAL_AGENCY = "vertical_agency", "Cơ quan ngành dọc"
        MINISTRY_UNIT = "ministry_unit", "Bộ phận một cửa cấp bộ"
        PROVINCIAL_CENTRE = "provincial_centre", "Trung tâm Phục vụ hành chính công cấp tỉnh"
        ONE_TIER_CENTRE = "one_tier_centre", "Trung tâm Phục vụ hành chính công một cấp"
        BRANCH = "branch", "Chi nhánh Trung tâm Phục vụ hành chính công"
        COMMUNE_CENTRE = "commune_centre", "Trung tâm Phục vụ hành chính công cấp xã"
        RECEPTION_POINT = "reception_point", "Điểm tiếp nhận"
        DIVISION = "division", "Phòng, ban chuyên môn"

    ONE_STOP_KINDS = frozenset(
        {Kind.MINISTRY_UNIT, Kind.PROVINCIAL_CENTRE, Kind.ONE_TIER_CENTRE, Kind.BRANCH,
         Kind.COMMUNE_CENTRE, Kind.RECEPTION_POINT}
    )

    class Level(models.TextChoices):
        MINISTRY = "ministry", "Trung ương"
        PROVINCE = "province", "Cấp tỉnh"
        COMMUNE = "commune", "Cấp xã"

    code = models.CharField("mã nội bộ", max_length=40, unique=True)
    e_identifier = models.CharField("mã định danh điện tử", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField("loại", max_length=30, choices=Kind.choices)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="units", verbose_name="địa bàn đặt trụ sở")
    served_areas = models.ManyToManyField(Area, blank=True, related_name="serving_units", verbose_name="địa bàn phục vụ")
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    e_certified_copy = models.BooleanField(
        "cấp bản sao điện tử có chứng thực", default=False,
        help_text="Xã, phường cung cấp chứng thực bản sao điện tử từ bản chính (chỉ số 766).")
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
        verbose_name="đơn vị kế thừa",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"

    def __str__(self) -> str:
        return self.name

    @property
    def is_one_stop(self) -> bool:
        return self.kind in self.ONE_STOP_KINDS

    def is_live(self, on) -> bool:
        """Whether the unit exists on date ``on`` (not yet merged away or dissolved)."""
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


class Official(models.Model):
    """A person's post in a unit (cán bộ, công chức, viên chức) and the role it gives in the system."""

    class Role(models.TextChoices):
        RECEPTION = "reception", "Cán bộ tiếp nhận"
        PROCESSING = "processing", "Cán bộ xử lý"
        LEADER = "leader", "Lãnh đạo đơn vị"
        SUPERVISOR = "supervisor", "Giám sát Trung tâm"
        ADMIN = "admin", "Quản trị hệ thống"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="officials")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    title = models.CharField("chức danh", max_length=120, blank=True)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="official_unique_post")]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} — {self.get_role_display()}, {self.unit}"


class OfficeHours(models.Model):
    """A province's office sessions (giờ làm việc), e.g. ``08:00-12:00,13:00-17:00``, from a date on."""

    province = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="office_hours")
    sessions = models.CharField("các buổi làm việc", max_length=120, default="08:00-12:00,13:00-17:00")
    valid_from = models.DateField("áp dụng từ")

    class Meta:
        ordering = ["province", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["province", "valid_from"], name="office_hours_unique")]
        verbose_name = verbose_name_plural = "giờ làm việc"


class CalendarOverride(models.Model):
    """A day the government announced after the holiday table was made (nghỉ bù, làm bù, nửa ngày).

    ``province`` empty means nationwide. ``sessions`` is used for ``kind=custom`` only."""

    class Kind(models.TextChoices):
        OFF = "off", "Ngày nghỉ"
        WORKING = "working", "Ngày làm việc (làm bù)"
        CUSTOM = "custom", "Làm việc theo buổi riêng"

    province = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="calendar_overrides")
    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    sessions = models.CharField("các buổi", max_length=120, blank=True)
    note = models.CharField("căn cứ, ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["province", "day"], name="calendar_override_unique")]
        verbose_name = verbose_name_plural = "điều chỉnh lịch làm việc"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.get_kind_display()}"
