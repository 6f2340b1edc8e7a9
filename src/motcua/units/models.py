"""Administrative areas, agencies and one-stop units, the officials who work in them, and the
working calendar each province keeps."""

from django.conf import settings
from django.db import models

from motcua.accounts.names import person_name
from motcua.rules.rotation import LEADER_LABELS, POSTPONEMENT_LABELS

LEADER_CHOICES = [(k.value, label) for k, label in LEADER_LABELS.items()]
POSTPONEMENT_CHOICES = [(k.value, label) for k, label in POSTPONEMENT_LABELS.items()]


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
        return f"{person_name(self.user)} — {self.get_role_display()}, {self.unit}"


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


# -- organisation review and rotation (rà soát tổ chức bộ máy, chuyển đổi vị trí công tác) ---------

class StateFunction(models.Model):
    """A function or duty of state management (chức năng, nhiệm vụ quản lý nhà nước) that some
    unit must carry, e.g. "Quản lý nhà nước về báo chí" in the field Thông tin và Truyền thông."""

    class Kind(models.TextChoices):
        FUNCTION = "function", "Chức năng"
        DUTY = "duty", "Nhiệm vụ"

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=500)
    name_folded = models.CharField(max_length=500, db_index=True, editable=False)
    field = models.CharField("ngành, lĩnh vực", max_length=200, blank=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.DUTY)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "chức năng, nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FunctionAssignment(models.Model):
    """Which unit carries a function or duty, from when to when (giao chức năng, nhiệm vụ)."""

    function = models.ForeignKey(StateFunction, on_delete=models.CASCADE, related_name="assignments",
                                 verbose_name="chức năng, nhiệm vụ")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="function_assignments", verbose_name="đơn vị")
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    basis = models.CharField("văn bản giao", max_length=255, blank=True)

    class Meta:
        ordering = ["function", "valid_from"]
        verbose_name = verbose_name_plural = "giao chức năng, nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.function.code} → {self.unit}"


class Position(models.Model):
    """A post in a unit (vị trí việc làm, chức vụ): the head's post, a leader's post, or a post
    subject to periodic job transfer (định kỳ chuyển đổi vị trí công tác) with its sector and cycle."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions", verbose_name="đơn vị")
    title = models.CharField("chức danh, vị trí", max_length=200)
    is_head = models.BooleanField("người đứng đầu đơn vị", default=False)
    is_leader = models.BooleanField("chức vụ lãnh đạo, quản lý", default=False)
    leader_kind = models.CharField("chức danh giới hạn nhiệm kỳ", max_length=20, choices=LEADER_CHOICES, blank=True,
                                   help_text="Người đứng đầu không giữ quá 2 nhiệm kỳ liên tiếp tại một đơn vị.")
    term_months = models.PositiveSmallIntegerField("nhiệm kỳ (tháng)", default=60)
    transfer_sector = models.CharField("lĩnh vực phải định kỳ chuyển đổi", max_length=200, blank=True,
                                       help_text="Để trống nếu vị trí không thuộc danh mục phải chuyển đổi.")
    transfer_cycle_months = models.PositiveSmallIntegerField("chu kỳ chuyển đổi (tháng)", null=True, blank=True,
                                                             help_text="Từ 24 đến 60 tháng.")
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["unit", "-is_head", "-is_leader", "title"]
        verbose_name = verbose_name_plural = "vị trí, chức vụ"

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"

    @property
    def subject_to_transfer(self) -> bool:
        return bool(self.transfer_cycle_months)


class Holding(models.Model):
    """A person in a position from a date (bổ nhiệm, phân công), acting (quyền, phụ trách) or not."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="holdings",
                             verbose_name="người giữ")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="holdings", verbose_name="vị trí")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    acting = models.BooleanField("quyền, phụ trách", default=False)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["position", "-start"]
        verbose_name = verbose_name_plural = "người giữ vị trí"

    def __str__(self) -> str:
        who = person_name(self.user)
        return f"{who}: {self.position.title}" + (" (quyền, phụ trách)" if self.acting else "")


class PersonProfile(models.Model):
    """What rotation needs to know of a person (hồ sơ cán bộ): retirement and native place."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rotation_profile",
                                verbose_name="người")
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    retirement_date = models.DateField("ngày nghỉ hưu dự kiến", null=True, blank=True,
                                       help_text="Nếu để trống, tính từ ngày sinh theo tuổi nghỉ hưu mặc định.")
    native_place = models.CharField("quê quán", max_length=255, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "hồ sơ cán bộ"

    def __str__(self) -> str:
        return str(self.user)


class TransferPostponement(models.Model):
    """A fact that postpones a periodic job transfer (tạm hoãn chuyển đổi vị trí công tác)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transfer_postponements",
                             verbose_name="người")
    kind = models.CharField("lý do", max_length=20, choices=POSTPONEMENT_CHOICES)
    start = models.DateField("từ ngày", help_text="Nuôi con: ngày sinh của con.")
    end = models.DateField("đến ngày", null=True, blank=True,
                           help_text="Nuôi con: để trống, hết hoãn khi con đủ 36 tháng tuổi.")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["user", "-start"]
        verbose_name = verbose_name_plural = "tạm hoãn chuyển đổi vị trí"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"
