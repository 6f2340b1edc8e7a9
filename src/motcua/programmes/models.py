"""Steering programmes (chương trình công tác, e.g. Chương trình 01-CTr/TU) and the tasks their
steering committee assigns to lead units (nhiệm vụ, đề án giao đơn vị chủ trì), with each task's
status history and extension requests. A task's status class is computed by
``rules.tasks`` from its deadline, completion date and progress; the history records every
change of progress, deadline or completion."""

from django.conf import settings
from django.db import models

from motcua.units.models import Unit


class Programme(models.Model):
    """A programme (chương trình) issued by a body, run by a standing agency (cơ quan thường trực)
    under a steering committee (Ban Chỉ đạo)."""

    code = models.CharField("mã", max_length=40, unique=True)  # e.g. "CTR-01-2021"
    number = models.CharField("số, ký hiệu", max_length=60)  # e.g. "01-CTr/TU"
    title = models.CharField("tên chương trình", max_length=500)
    issuing_body = models.CharField("cơ quan ban hành", max_length=255)  # e.g. "Thành ủy Hà Nội"
    issued_on = models.DateField("ngày ban hành")
    period_start = models.DateField("thực hiện từ")
    period_end = models.DateField("thực hiện đến")
    standing_agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="standing_programmes",
                                        verbose_name="cơ quan thường trực")
    report_frequency = models.CharField(  # kỳ báo cáo định kỳ của đơn vị chủ trì (reporting reads it)
        "kỳ báo cáo", max_length=12, default="monthly",
        choices=[("monthly", "Hằng tháng"), ("quarterly", "Hằng quý"), ("half_yearly", "6 tháng")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "code"]
        verbose_name = "chương trình"
        verbose_name_plural = "chương trình"

    def __str__(self) -> str:
        return f"Chương trình {self.number}: {self.title}"


class CommitteeMember(models.Model):
    """A member of the programme's steering committee (thành viên Ban Chỉ đạo)."""

    class Role(models.TextChoices):
        HEAD = "head", "Trưởng ban"
        DEPUTY = "deputy", "Phó Trưởng ban"
        STANDING = "standing", "Thường trực"
        MEMBER = "member", "Ủy viên"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="committee_seats")
    name = models.CharField("họ tên", max_length=150)
    position = models.CharField("chức vụ", max_length=255, blank=True)
    role = models.CharField("vai trò trong Ban", max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["programme", "role", "name"]
        verbose_name = verbose_name_plural = "thành viên Ban Chỉ đạo"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Task(models.Model):
    """A task assigned by the programme (nhiệm vụ): a scheme, plan, resolution… that one lead unit
    (đơn vị chủ trì) delivers by a deadline, with co-operating units (đơn vị phối hợp)."""

    class Product(models.TextChoices):
        SCHEME = "scheme", "Đề án"
        PLAN = "plan", "Kế hoạch"
        RESOLUTION = "resolution", "Nghị quyết"
        DECISION = "decision", "Quyết định"
        DIRECTIVE = "directive", "Chỉ thị"
        REGULATION = "regulation", "Quy định"
        REPORT = "report", "Báo cáo"
        PROGRAMME = "programme", "Chương trình"
        SUBMISSION = "submission", "Tờ trình"

    class Approver(models.TextChoices):
        STANDING_BOARD = "standing_board", "Ban Thường vụ Thành ủy"
        PARTY_COMMITTEE = "party_committee", "Ban Chấp hành Đảng bộ Thành phố"
        PEOPLES_COUNCIL = "peoples_council", "Hội đồng nhân dân Thành phố"
        PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân Thành phố"
        STEERING_COMMITTEE = "steering_committee", "Ban Chỉ đạo"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="tasks")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField("số thứ tự", max_length=20)  # "5", "5.2": unique within the programme
    # văn bản nguồn giao nhiệm vụ: số ký hiệu, cơ quan ban hành, ngày
    source_symbol = models.CharField("văn bản giao (số, ký hiệu)", max_length=100)
    source_issuer = models.CharField("cơ quan giao", max_length=255, blank=True)
    source_date = models.DateField("ngày văn bản giao", null=True, blank=True)
    # a briefing meeting's conclusion: the notice is the source; briefings.Conclusion links the two
    content = models.TextField("nội dung nhiệm vụ")
    content_folded = models.TextField(editable=False, default="")  # for search without diacritics
    product = models.CharField("loại sản phẩm", max_length=12, choices=Product.choices)
    approver = models.CharField("cấp trình, phê duyệt", max_length=20, choices=Approver.choices, blank=True)
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="led_tasks",
                                  verbose_name="đơn vị chủ trì")
    co_units = models.ManyToManyField(Unit, blank=True, related_name="co_tasks", verbose_name="đơn vị phối hợp")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="led_programme_tasks", verbose_name="lãnh đạo phụ trách")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="programme_tasks", verbose_name="cán bộ theo dõi")
    assigned_on = models.DateField("ngày giao")
    deadline = models.DateField("thời hạn", null=True, blank=True)  # empty: no deadline (không thời hạn)
    original_deadline = models.DateField("thời hạn ban đầu", null=True, blank=True)  # before any extension
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    result_document = models.CharField("văn bản kết quả", max_length=255, blank=True)
    delay_reason = models.TextField("lý do chậm", blank=True)
    failed_reviews = models.PositiveSmallIntegerField(  # lần thẩm định không đạt (Decree 335: −25 % quality)
        "số lần sản phẩm không đạt khi thẩm định", default=0)
    version = models.PositiveIntegerField(default=0)  # optimistic concurrency, as for dossiers

    class Meta:
        ordering = ["programme", "code"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="task_code_unique")]
        indexes = [models.Index(fields=["lead_unit", "deadline"], name="task_lead_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.code}. {self.content[:80]}"


class TaskChange(models.Model):
    """One entry of a task's history (lịch sử): assignment, progress, deadline change, completion,
    with who did it and when. Append-only."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Giao nhiệm vụ"
        PROGRESS = "progress", "Cập nhật tiến độ"
        EXTENDED = "extended", "Gia hạn"
        COMPLETED = "completed", "Hoàn thành"
        REOPENED = "reopened", "Mở lại"
        EDITED = "edited", "Sửa thông tin"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_before = models.DateField(null=True, blank=True)
    deadline_after = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, blank=True)  # the status class after the change (rules.tasks)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["task", "at", "pk"]
        verbose_name = verbose_name_plural = "lịch sử nhiệm vụ"


class ExtensionRequest(models.Model):
    """A lead unit's request to move a task's deadline (đề nghị gia hạn), decided by the committee.
    The original deadline stays on the task (``original_deadline``) and here."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ xem xét"
        APPROVED = "approved", "Đã chấp thuận"
        REFUSED = "refused", "Không chấp thuận"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    current_deadline = models.DateField("thời hạn hiện tại", null=True, blank=True)
    proposed_deadline = models.DateField("thời hạn đề nghị")
    reason = models.TextField("lý do")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("ý kiến", blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = verbose_name_plural = "đề nghị gia hạn"
