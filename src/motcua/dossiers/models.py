"""Dossiers (hồ sơ), their per-agency tasks and the append-only, hash-chained event log.

The dossier row is a cache of what its log says: ``snapshot`` holds the rules' record
(``rules.dossier.DossierRecord``) and the columns beside it are copies for queries. Writes go
through ``dossiers.services`` only.
"""

from django.conf import settings
from django.db import models

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.rules.lifecycle import STATE_LABELS, Act, Role, State
from motcua.units.models import Area, Unit

STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
WAITING_STATES = [State.AWAITING_INTAKE_SUPPLEMENT.value, State.AWAITING_SUPPLEMENT.value]  # waiting for the applicant
#: what a unit's worklist reads and filters on of a waiting dossier, besides the unit and due time
_WAITING_LIST = ["id", "state", "holder_unit", "holder_officer", "applicant_name_folded", "code", "procedure", "channel"]


class Dossier(models.Model):
    class Channel(models.TextChoices):
        COUNTER = "counter", "Trực tiếp tại quầy"
        POST = "post", "Bưu chính công ích"
        ONLINE = "online", "Trực tuyến (Cổng DVCQG)"
        VNEID = "vneid", "Ứng dụng VNeID"

    code = models.CharField("mã hồ sơ", max_length=80, null=True, blank=True)  # unique: see Meta
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers", db_index=False)
    procedure_version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers", db_index=False)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers",
                             verbose_name="địa bàn", db_index=False)
    channel = models.CharField("kênh nộp", max_length=10, choices=Channel.choices)
    state = models.CharField("trạng thái", max_length=32, choices=STATE_CHOICES)

    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="dossiers")  # indexed: a citizen's own dossiers
    applicant_name = models.CharField("người nộp", max_length=200)
    applicant_name_folded = models.CharField(max_length=200, editable=False)
    applicant_id_number = models.CharField("số định danh", max_length=20, blank=True)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=255, blank=True)

    # Each unit column is the first column of a composite index below, so no index of its own.
    receiving_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="received_dossiers", db_index=False)
    competent_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="competent_dossiers", db_index=False)
    holder_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="held_dossiers",
                                    db_index=False)
    holder_officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="held_dossiers", db_index=False)

    filed_at = models.DateTimeField("nộp lúc")
    acceptance_due_at = models.DateTimeField("hạn tiếp nhận", null=True, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    due_at = models.DateTimeField("hẹn trả", null=True, blank=True)
    reference_due_at = models.DateTimeField("hạn theo phiếu tiếp nhận", null=True, blank=True)
    ended_at = models.DateTimeField("kết thúc xử lý", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    supplement_expires_at = models.DateTimeField("hạn bổ sung", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=10, blank=True)
    result_code = models.CharField("mã kết quả", max_length=80, blank=True)
    extensions = models.PositiveSmallIntegerField("số lần gia hạn", default=0)
    supplement_requests = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)

    snapshot = models.JSONField(editable=False)
    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        # Every act rewrites the row, and PostgreSQL then adds an entry to every index of the
        # table: keep only indexes a query uses (a constraint, unlike unique=True, adds no
        # second "_like" index on PostgreSQL).
        constraints = [models.UniqueConstraint(fields=["code"], name="dossier_code_unique")]
        indexes = [
            # A unit's list, most urgent first. On PostgreSQL the columns the list filters and
            # counts on ride along in the index, so the list, its tab counts and a name search
            # read only the index (measured at 1M dossiers, a department holding 2,300: counts
            # 10.7 -> see note in bench/web.py).
            models.Index(fields=["holder_unit", "due_at"], name="dossier_holder_due_idx",
                         include=["id", "state", "holder_officer", "applicant_name_folded", "code", "procedure",
                                  "channel"]),
            models.Index(fields=["receiving_unit", "filed_at"], name="dossier_receiving_idx"),
            # Lists by unit or officer use columns that rarely change, so acts seldom touch them.
            models.Index(fields=["competent_unit", "filed_at"], name="dossier_competent_idx"),
            models.Index(fields=["holder_officer", "due_at"], name="dossier_officer_idx"),
            models.Index(fields=["state", "due_at"], name="dossier_due_idx"),
            # The dashboards read a period's dossiers (received_at is written once, at reception).
            models.Index(fields=["received_at"], name="dossier_received_idx"),
            # A unit's worklist also shows its dossiers waiting for the applicant: two small partial
            # indexes (only waiting rows) instead of intersecting a whole unit with a whole state
            # (measured at 1M dossiers: a department's list 7.9 -> 1.1 ms, a name search 83 -> 3.6 ms).
            # In due-time order with what the list filters on, so each side's first rows and its
            # count come from the index alone (worklist_sql.PARTS), not from every waiting row.
            models.Index(fields=["receiving_unit", "due_at"], condition=models.Q(state__in=WAITING_STATES),
                         name="dossier_waiting_recv_due_idx", include=[*_WAITING_LIST, "competent_unit"]),
            models.Index(fields=["competent_unit", "due_at"], condition=models.Q(state__in=WAITING_STATES),
                         name="dossier_waiting_comp_due_idx", include=[*_WAITING_LIST, "receiving_unit"]),
        ]

    def __str__(self) -> str:
        return self.code or f"Hồ sơ #{self.pk} (chưa tiếp nhận)"

    @property
    def version(self) -> int:
        """Optimistic-concurrency token: the number of acts so far."""
        return self.event_count


class DossierTask(models.Model):
    """One agency's part of a joint dossier (liên thông), copied from the record for queries."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    step = models.PositiveSmallIntegerField("bước")
    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dossier_tasks")
    name = models.CharField("phần việc", max_length=255)
    is_lead = models.BooleanField("chủ trì", default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "step"]
        constraints = [models.UniqueConstraint(fields=["dossier", "step"], name="dossier_task_unique")]
        indexes = [models.Index(fields=["agency", "done_at", "due_at"], name="task_agency_idx")]
        verbose_name = verbose_name_plural = "phần việc liên thông"


class DossierEvent(models.Model):
    """One act in the dossier's log. Append-only; ``hash`` chains it to the row before it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events", db_index=False)
    seq = models.PositiveIntegerField("thứ tự")
    act = models.CharField("việc", max_length=32, choices=[(a.value, a.value) for a in Act])
    at = models.DateTimeField("lúc")
    actor = models.CharField("người thực hiện", max_length=40, blank=True)
    role = models.CharField("vai trò", max_length=20, choices=[(r.value, r.value) for r in Role])
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    to_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")]
        verbose_name = "nhật ký hồ sơ"
        verbose_name_plural = "nhật ký hồ sơ"


class DossierCodeCounter(models.Model):
    """The day's sequence per agency identifier (Art. 28): codes are never reused."""

    identifier = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["identifier", "day"], name="code_counter_unique")]
