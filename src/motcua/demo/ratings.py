"""Citizens' ratings for the demo (đánh giá mức độ hài lòng): about a third of the ended dossiers
filed online by a signed-in applicant are rated, mostly "very satisfied" or "satisfied", about
6 % "not satisfied" (far more often when the dossier was late), some with criterion levels and a
short comment. Deterministic for a seed.

The ratings are written in bulk, with the units and officials ``quality.services`` ties a rating
to (found for many dossiers at once by ``handlers``), and the "disliked" counter of Decision 766 (indicator 5.4) is moved exactly as
``record_rating`` would move it, so that ``motcua quality rebuild --check`` still agrees."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from motcua import timesource
from motcua.dossiers.models import Dossier
from motcua.quality import tallies
from motcua.quality.models import Rating
from motcua.quality.services import handlers
from motcua.rules.calendar import VN_TZ
from motcua.rules.dossier import from_json
from motcua.rules.lifecycle import FINAL_STATES, State
from motcua.rules.rating import OVERALL, check_levels, is_dislike, scale_on

RATED_SHARE = 0.35
#: chance of "not satisfied": late dossiers, refused or withdrawn ones, the rest
DISSATISFIED = {"late": 0.30, "refused": 0.12, "other": 0.045}
VERY_SATISFIED = {"late": 0.20, "refused": 0.30, "other": 0.58}  # of the satisfied ones
WITH_CRITERIA = 0.6
CHUNK = 1000

PRAISE = (
    "Cán bộ hướng dẫn tận tình, chu đáo.",
    "Thủ tục nhanh gọn, trả kết quả đúng hẹn.",
    "Nộp hồ sơ trực tuyến thuận tiện, không phải đi lại nhiều.",
    "Nhận kết quả điện tử rất tiện lợi.",
    "Được thông báo tình trạng hồ sơ kịp thời qua tin nhắn.",
    "Cảm ơn cán bộ Bộ phận Một cửa đã hỗ trợ nhiệt tình.",
)
LATE = (
    "Hồ sơ trả kết quả chậm so với ngày hẹn.",
    "Hồ sơ bị chậm nhưng không được thông báo rõ lý do.",
    "Phải chờ lâu hơn thời hạn ghi trên giấy hẹn.",
)
SUPPLEMENTS = "Phải bổ sung hồ sơ nhiều lần, hướng dẫn lần đầu chưa đầy đủ."
REFUSED = "Hồ sơ không được giải quyết nhưng lý do chưa được giải thích rõ ràng."
OTHER = (
    "Hệ thống nộp hồ sơ trực tuyến hay bị lỗi khi tải tệp đính kèm.",
    "Phải liên hệ nhiều lần mới được giải đáp.",
)


@dataclass
class RatingSummary:
    rated: int = 0
    dissatisfied: int = 0
    with_comment: int = 0


def _ended() -> Q:
    """``rules.rating.has_ended`` as a query: a final state, or decided as a refusal."""
    return Q(state__in=[s.value for s in FINAL_STATES]) | Q(state=State.DECIDED.value, outcome="refused")


def _kind(record) -> str:
    tally = tallies.tally_of(record)
    if tally is not None and "late" in tally.counters:
        return "late"
    if record.state in (State.REFUSED_AT_INTAKE, State.WITHDRAWN, State.CLOSED) or record.outcome == "refused":
        return "refused"
    return "other"


def _levels(rng: random.Random, scale, overall: str, kind: str) -> dict[str, str]:
    levels = {OVERALL: overall}
    if rng.random() >= WITH_CRITERIA:
        return levels
    keys = [lv.key for lv in scale.levels]  # best first
    for criterion in scale.criteria:
        if criterion.key == "complaints" and overall != keys[-1]:
            continue  # rated only by those who had something to complain about
        if criterion.key == "time" and kind == "late":
            levels[criterion.key] = keys[-1] if overall == keys[-1] or rng.random() < 0.5 else keys[1]
        elif overall == keys[0]:
            levels[criterion.key] = keys[0] if rng.random() < 0.8 else keys[1]
        elif overall == keys[-1]:
            levels[criterion.key] = keys[-1] if rng.random() < 0.5 else keys[1]
        else:
            x = rng.random()
            levels[criterion.key] = keys[1] if x < 0.65 else keys[0] if x < 0.92 else keys[-1]
    return levels


def _comment(rng: random.Random, record, overall_bad: bool, kind: str) -> str:
    if not overall_bad:
        return rng.choice(PRAISE) if rng.random() < 0.12 else ""
    if rng.random() >= 0.6:
        return ""
    if kind == "late":
        return SUPPLEMENTS if record.supplement_requests > 1 and rng.random() < 0.5 else rng.choice(LATE)
    if kind == "refused":
        return REFUSED
    return rng.choice(OTHER)


def generate_ratings(seed: int, now: datetime | None = None,
                     progress: Callable[[int], None] | None = None) -> RatingSummary:
    """Rate the demo's ended online dossiers (see the module docstring); ``progress(n)`` after
    every chunk of ``n`` dossiers rated."""
    now = now or timesource.now()
    rng = random.Random(f"{seed}:ratings")
    candidates = list(Dossier.objects.filter(_ended(), applicant_user__isnull=False).order_by("pk")
                      .values_list("pk", flat=True))
    chosen = [pk for pk in candidates if rng.random() < RATED_SHARE]
    summary = RatingSummary()
    deltas = tallies.Deltas()
    units_through, officers_through = Rating.units.through, Rating.officers.through
    with transaction.atomic():
        for start in range(0, len(chosen), CHUNK):
            ratings = []
            dossiers = list(Dossier.objects.filter(pk__in=chosen[start:start + CHUNK]).order_by("pk").only(
                "pk", "applicant_user_id", "receiving_unit_id", "competent_unit_id", "procedure_id", "ended_at",
                "returned_at", "snapshot"))
            handled = handlers(dossiers)
            for dossier in dossiers:
                record = from_json(dossier.snapshot)
                kind = _kind(record)
                ended = max(t for t in (dossier.ended_at, dossier.returned_at, record.filed_at) if t is not None)
                at = ended + timedelta(minutes=rng.randint(5, 4 * 24 * 60))
                if at > now:
                    at = ended + (now - ended) * rng.random()
                scale = scale_on(at.astimezone(VN_TZ).date())
                if rng.random() < DISSATISFIED[kind]:
                    overall = scale.levels[-1].key
                else:
                    overall = scale.levels[0].key if rng.random() < VERY_SATISFIED[kind] else scale.levels[1].key
                levels = check_levels(scale, _levels(rng, scale, overall, kind))
                levels.pop(OVERALL)
                bad = is_dislike(scale.version, overall)
                comment = _comment(rng, record, bad, kind)
                ratings.append(Rating(
                    dossier_id=dossier.pk, applicant_id=dossier.applicant_user_id, scale_version=scale.version,
                    overall=overall, levels=levels, comment=comment, created_at=at, updated_at=at,
                    receiving_unit_id=dossier.receiving_unit_id, competent_unit_id=dossier.competent_unit_id))
                if bad:  # what quality.tallies.rating_changed adds for a first "not satisfied"
                    summary.dissatisfied += 1
                    deltas.change(tallies.tally_of(record, False), tallies.tally_of(record, True),
                                  dossier.competent_unit_id, dossier.receiving_unit_id, dossier.procedure_id)
                summary.with_comment += bool(comment)
            Rating.objects.bulk_create(ratings)
            units_through.objects.bulk_create(
                [units_through(rating_id=r.pk, unit_id=u) for r in ratings
                 for u in sorted(u for u in handled[r.dossier_id][0] if u)], batch_size=2000)
            officers_through.objects.bulk_create(
                [officers_through(rating_id=r.pk, user_id=o) for r in ratings
                 for o in sorted(handled[r.dossier_id][1])], batch_size=2000)
            summary.rated += len(ratings)
            if progress:
                progress(len(ratings))
        tallies.write(deltas)
    return summary
