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


# -- Decision 766: counters kept in real time ---------------------------------------------------
# Each dossier adds its tally (``rules.index766.dossier_tally``) to the month it was received in,
# once for its competent unit and once for its receiving unit; every act adds the difference
# between the dossier's tally before and after it (``quality.tallies``): on SQLite in the act's
# transaction, on PostgreSQL through ``IndexJournal``, folded in before any read
# (``quality.journal``). A dashboard sums these small tables.

from motcua.catalog.models import Procedure  # noqa: E402
from motcua.rules.index766 import COUNTERS, PROCEDURE_COUNTERS  # noqa: E402


class Role(models.TextChoices):
    COMPETENT = "c", "Cơ quan có thẩm quyền"
    RECEIVING = "r", "Nơi tiếp nhận"


def _counter_fields(names):
    return {name: models.IntegerField(default=0, db_default=0) for name in names}


IndexTally = type("IndexTally", (models.Model,), {
    "__module__": __name__,
    "__doc__": "Decision 766 counters of the dossiers one unit received (or is competent for) in one month.",
    "unit": models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False),
    "role": models.CharField(max_length=1, choices=Role.choices),
    "month": models.DateField(),
    **_counter_fields(COUNTERS),
    "Meta": type("Meta", (), {
        "constraints": [models.UniqueConstraint(fields=["unit", "role", "month"], name="index_tally_key")],
        "verbose_name": "số đếm chỉ số 766", "verbose_name_plural": "số đếm chỉ số 766"}),
})


class IndexOpenDue(models.Model):
    """How many of a unit's dossiers of a month are still open with this deadline: whether they
    are late depends on when the index is read."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    role = models.CharField(max_length=1, choices=Role.choices)
    month = models.DateField()
    due_at = models.DateTimeField()
    count = models.IntegerField(default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "role", "month", "due_at"], name="index_open_due_key")]
        # the late ones at a moment of the province, or of every unit of a ranking: role, months,
        # due before now (unit and count read from the index alone)
        indexes = [models.Index(fields=["role", "month", "due_at"], include=["unit", "count"],
                                name="index_open_due_when")]
        verbose_name = verbose_name_plural = "hồ sơ đang mở theo hạn (chỉ số 766)"


class IndexJournal(models.Model):
    """PostgreSQL: what one act moved in the counters of this section, written with the act in
    one short row and added to them before they are next read (``quality.journal``)."""

    dossier_id = models.BigIntegerField(null=True)  # the act's dossier (no key: the row is brief)
    body = models.TextField()  # ``quality.journal.encode``

    class Meta:
        verbose_name = verbose_name_plural = "thay đổi số đếm chờ cộng (chỉ số 766)"


IndexProcedureTally = type("IndexProcedureTally", (models.Model,), {
    "__module__": __name__,
    "__doc__": "Which procedures had dossiers of each kind, per competent unit and month (indicators 3.2, 3.5b, 4.5a).",
    "unit": models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False),
    "month": models.DateField(),
    "procedure": models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+", db_index=False),
    **_counter_fields(PROCEDURE_COUNTERS),
    "Meta": type("Meta", (), {
        # No index over the counters: an act's update of them stays a heap-only (HOT) update on
        # PostgreSQL, where the rankings read IndexProcedureUse instead.
        "constraints": [models.UniqueConstraint(fields=["unit", "month", "procedure"], name="index_procedure_key")],
        "verbose_name": "số đếm theo thủ tục (chỉ số 766)", "verbose_name_plural": "số đếm theo thủ tục (chỉ số 766)"}),
})

IndexProcedureUse = type("IndexProcedureUse", (models.Model,), {
    "__module__": __name__,
    "__doc__": "Which procedures a competent unit had dossiers of in one month, per counter of IndexProcedureTally: "
               "bitmaps (bit n of byte n // 8, least significant first, is procedure n), so that a ranking of every "
               "unit reads one short row per unit. PostgreSQL only: a trigger on IndexProcedureTally sets or clears "
               "a procedure's bit when its counter becomes non-zero or zero (migration 0005); SQLite reads the "
               "tallies themselves (quality.procedure_use).",
    "unit": models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False),
    "month": models.DateField(),
    **{name: models.BinaryField(default=b"") for name in PROCEDURE_COUNTERS},
    "Meta": type("Meta", (), {
        "constraints": [models.UniqueConstraint(fields=["month", "unit"], name="index_procedure_use_key")],
        "verbose_name": "thủ tục có hồ sơ (chỉ số 766)", "verbose_name_plural": "thủ tục có hồ sơ (chỉ số 766)"}),
})


IndexProvinceUse = type("IndexProvinceUse", (models.Model,), {
    "__module__": __name__,
    "__doc__": "The province's IndexProcedureUse for one month (every unit's masks OR-ed), kept by the same trigger "
               "(migration 0007): the province and every one-stop unit read a year as twelve rows. PostgreSQL only.",
    "month": models.DateField(unique=True),
    **{name: models.BinaryField(default=b"") for name in PROCEDURE_COUNTERS},
    "Meta": type("Meta", (), {
        "verbose_name": "thủ tục có hồ sơ toàn tỉnh (chỉ số 766)",
        "verbose_name_plural": "thủ tục có hồ sơ toàn tỉnh (chỉ số 766)"}),
})


# -- Decision 766, 5.2 and 5.3: feedback and petitions (PAKN) --------------------------------------
# Each PAKN adds its tally (``rules.pakn_tally``) to the month it was received in, once for the
# unit handling it (role ``c``) and once for the unit it is about, if any (role ``r``: a one-stop
# unit's own index); every act on the case adds the difference in its transaction
# (``complaints.index_feed``).

from motcua.rules.pakn_tally import PAKN_COUNTERS  # noqa: E402

IndexPaknTally = type("IndexPaknTally", (models.Model,), {
    "__module__": __name__,
    "__doc__": "Decision 766 counters (5.2, 5.3) of the PAKN one unit received in one month.",
    "unit": models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False),
    "role": models.CharField(max_length=1, choices=Role.choices),
    "month": models.DateField(),
    **_counter_fields(PAKN_COUNTERS),
    "Meta": type("Meta", (), {
        "constraints": [models.UniqueConstraint(fields=["unit", "role", "month"], name="index_pakn_key")],
        "verbose_name": "số đếm phản ánh, kiến nghị (chỉ số 766)",
        "verbose_name_plural": "số đếm phản ánh, kiến nghị (chỉ số 766)"}),
})


class IndexPaknOpenDue(models.Model):
    """How many of a unit's PAKN of a month are still open with this due time (``bad``: already
    counted against 5.3 for another reason): late once the index is read after it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    role = models.CharField(max_length=1, choices=Role.choices)
    month = models.DateField()
    due_at = models.DateTimeField()
    bad = models.BooleanField(default=False)
    count = models.IntegerField(default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "role", "month", "due_at", "bad"],
                                               name="index_pakn_open_due_key")]
        verbose_name = verbose_name_plural = "phản ánh, kiến nghị đang mở theo hạn (chỉ số 766)"


class IndexPaknCase(models.Model):
    """What one PAKN adds to the two tables above now (its last tally), so that an act, a
    rating or a repeat filing adds only the difference. ``case_id`` is a ``complaints.Case``."""

    case_id = models.IntegerField(primary_key=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    about = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.DateField()
    counters = models.JSONField(default=list)
    open_due = models.DateTimeField(null=True)
    open_bad = models.BooleanField(default=False)

    class Meta:
        verbose_name = verbose_name_plural = "phần của từng phản ánh, kiến nghị (chỉ số 766)"
