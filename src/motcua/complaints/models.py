"""Cases (vụ việc): feedback and petitions (phản ánh, kiến nghị — PAKN), complaints (khiếu nại,
first and second) and denunciations (tố cáo); the people who filed them; their append-only,
hash-chained log (as for dossiers: ``dossiers.chain``); ratings of the answer; and the leaders'
citizen-reception days (lịch tiếp công dân). Time limits come from ``rules.complaints``; the
fields holding due moments are caches of what the log and the rules say."""

from django.conf import settings
from django.db import models

from motcua.rules.complaints import CaseKind
from motcua.units.models import Area, Unit


class Case(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", "Trực tuyến"
        RECEPTION = "reception", "Tại buổi tiếp công dân"
        POST = "post", "Qua bưu chính"
        FORWARDED = "forwarded", "Cơ quan khác chuyển đến"

    class State(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận, chờ xử lý"
        INFO_REQUESTED = "info_requested", "Chờ bổ sung thông tin"
        ACCEPTED = "accepted", "Đã thụ lý, đang giải quyết"
        REFUSED = "refused", "Không thụ lý, trả lại"
        ANSWERED = "answered", "Đã trả lời, giải quyết"
        PUBLISHED = "published", "Đã công khai kết quả"
        WITHDRAWN = "withdrawn", "Người gửi rút đơn"
        CLOSED = "closed", "Đã kết thúc"

    class Complexity(models.TextChoices):
        NORMAL = "normal", "Thông thường"
        COMPLEX = "complex", "Phức tạp"
        ESPECIALLY_COMPLEX = "especially_complex", "Đặc biệt phức tạp"

    class Level(models.TextChoices):  # as rules.hotspots.Level
        COMMUNE = "commune", "Cấp xã"
        PROVINCE = "province", "Cấp tỉnh"
        CENTRAL = "central", "Trung ương"

    code = models.CharField("mã vụ việc", max_length=40, unique=True)
    kind = models.CharField("loại", max_length=20, choices=[(k.value, k.value) for k in CaseKind])
    channel = models.CharField("hình thức", max_length=10, choices=Channel.choices)
    forwarded_by = models.CharField("cơ quan chuyển đến", max_length=255, blank=True)
    subject = models.CharField("nội dung chính", max_length=500)
    subject_folded = models.CharField(max_length=500, editable=False, default="")
    content = models.TextField("nội dung")
    # what the case is about (optional links)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
                             verbose_name="xã, phường nơi phát sinh")
    concerned_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="concerning_cases",
                                       verbose_name="cơ quan bị phản ánh, khiếu nại")
    concerned_official = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="concerning_cases", verbose_name="cán bộ bị khiếu nại, tố cáo")
    dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
                                verbose_name="hồ sơ TTHC liên quan")
    # who handles it
    handling_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="handled_cases",
                                      verbose_name="cơ quan có thẩm quyền giải quyết")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="handled_cases", verbose_name="cán bộ thụ lý")
    filed_level = models.CharField("gửi đến cấp", max_length=10, choices=Level.choices, default=Level.COMMUNE)
    competent_level = models.CharField("cấp có thẩm quyền", max_length=10, choices=Level.choices, default=Level.COMMUNE)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="filed_cases", verbose_name="tài khoản người gửi (trực tuyến)")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="followups",
                                 verbose_name="vụ việc trước (khiếu nại lần đầu, vụ việc đã giải quyết)")
    # the same matter filed more than once (trùng lặp, gửi nhiều lần): linked, counted once
    matter_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats",
                                  verbose_name="cùng vụ việc với")
    link_kind = models.CharField("quan hệ", max_length=10, blank=True,
                                 choices=[("duplicate", "Trùng đơn đang giải quyết"), ("repeat", "Gửi lại sau khi đã giải quyết")])
    people = models.PositiveIntegerField("số người gửi", default=1)  # a group may list more people than filers
    remote = models.BooleanField("vùng sâu, vùng xa, đi lại khó khăn", default=False)
    complexity = models.CharField("tính chất", max_length=20, choices=Complexity.choices, default=Complexity.NORMAL)
    known_on = models.DateField("ngày biết được quyết định, hành vi", null=True, blank=True)  # limitation (khiếu nại)
    # the clock
    state = models.CharField("trạng thái", max_length=20, choices=State.choices, default=State.RECEIVED)
    received_at = models.DateTimeField("tiếp nhận lúc")
    accepted_at = models.DateTimeField("thụ lý lúc", null=True, blank=True)
    due_at = models.DateTimeField("hạn của bước hiện tại", null=True, blank=True)
    resolve_due_at = models.DateTimeField("hạn giải quyết", null=True, blank=True)
    extensions = models.PositiveSmallIntegerField("số lần gia hạn", default=0)
    answered_at = models.DateTimeField("trả lời, giải quyết lúc", null=True, blank=True)
    published_at = models.DateTimeField("công khai lúc", null=True, blank=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    final_decision_at = models.DateTimeField("có quyết định cuối cùng lúc", null=True, blank=True)
    answer = models.TextField("nội dung trả lời, kết luận", blank=True)
    public_answer = models.TextField("nội dung công khai (đã bỏ thông tin cá nhân)", blank=True)
    flags = models.JSONField("dấu hiệu kéo dài, phức tạp", default=list, blank=True)  # rules.hotspots, refreshed
    version = models.PositiveIntegerField(default=0)  # optimistic concurrency
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "vụ việc"
        verbose_name_plural = "vụ việc"
        indexes = [models.Index(fields=["handling_unit", "state", "due_at"], name="case_unit_state_due_idx"),
                   models.Index(fields=["area", "state"], name="case_area_state_idx"),
                   models.Index(fields=["kind", "received_at"], name="case_kind_received_idx")]

    def __str__(self) -> str:
        return f"{self.code}: {self.subject[:80]}"


class Filer(models.Model):
    """A person who filed the case (người gửi đơn), possibly one of a group's representatives."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="filers")
    name = models.CharField("họ tên", max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, default="")
    id_number = models.CharField("số định danh cá nhân", max_length=20, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    representative = models.BooleanField("người đại diện", default=False)

    class Meta:
        ordering = ["case", "-representative", "pk"]
        verbose_name = verbose_name_plural = "người gửi đơn"
        indexes = [models.Index(fields=["id_number"], name="filer_id_number_idx"),
                   models.Index(fields=["name_folded"], name="filer_name_idx")]


class CaseEvent(models.Model):
    """One act in the case's log. Append-only; ``hash`` chains it to the row before it
    (``dossiers.chain.row_hash``, the same fields as a dossier's log)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", db_index=False)
    seq = models.PositiveIntegerField("thứ tự")
    act = models.CharField("việc", max_length=32)
    at = models.DateTimeField("lúc")
    actor = models.CharField("người thực hiện", max_length=40, blank=True)  # "u<pk>", "filer", "system"
    role = models.CharField("vai trò", max_length=20)
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    to_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="case_event_seq_unique")]
        verbose_name = verbose_name_plural = "nhật ký vụ việc"


class CaseRating(models.Model):
    """The filer's rating of the answer (đánh giá kết quả trả lời): satisfied or not, and a like or
    dislike — what indicator 5.3 counts."""

    class Level(models.IntegerChoices):
        UNSATISFIED = 1, "Không hài lòng"
        SATISFIED = 2, "Hài lòng"
        VERY_SATISFIED = 3, "Rất hài lòng"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rating")
    level = models.PositiveSmallIntegerField("mức độ hài lòng", choices=Level.choices)
    likes = models.PositiveIntegerField("lượt thích", default=0)
    dislikes = models.PositiveIntegerField("lượt không thích", default=0)
    comment = models.TextField("ý kiến", blank=True)
    rated_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "đánh giá kết quả trả lời"


class ReceptionDay(models.Model):
    """A leader's citizen-reception day (ngày tiếp công dân định kỳ): scheduled, then held or not."""

    class Level(models.TextChoices):
        PROVINCE = "province", "Chủ tịch UBND cấp tỉnh"
        COMMUNE = "commune", "Chủ tịch UBND cấp xã"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reception_days",
                             verbose_name="UBND")
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="reception_days", verbose_name="người tiếp")
    day = models.DateField("ngày")
    held = models.BooleanField("đã tiếp", default=False)
    cases_received = models.PositiveIntegerField("số đơn nhận", default=0)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="reception_day_unique")]
        verbose_name = verbose_name_plural = "lịch tiếp công dân"
