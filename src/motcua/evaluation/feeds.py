"""The products a sheet takes from the system's own records (nguồn tự động).

**Dossier handling** (giải quyết hồ sơ TTHC). A dossier counts in the period when its decision
(the ``decide`` act: a result issued or a reasoned refusal) was made in it by the sheet's unit as
the competent unit. For a unit: every such dossier. For an official: those whose decision they
made, or that were last assigned to them (``assign``) before the decision. Every such dossier is
one product assigned and completed; it is a delay when the decision came after the due time
printed on the receipt (``on_time`` on the decision's log row). Citizens' ratings given in the
period to the unit (as competent unit) or to the official (among the officials who handled the
dossier): each "not satisfied" rating counts as one failed review of the product's quality.

**Programme tasks** (nhiệm vụ chương trình). Tasks with the official as responsible officer, or
the unit as lead unit, whose deadline falls in the period (and has come) or that were completed in
it; one line per programme: assigned = those tasks, completed = those done by the end of the
period, delays = done late or open and overdue as known on the day of computing
(``rules.tasks.classify``), failed reviews = the failed appraisals of the tasks done.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from motcua.dossiers.models import DossierEvent
from motcua.evaluation.periods import Period
from motcua.rules.lifecycle import Act
from motcua.rules.rating import is_dislike
from motcua.rules.tasks import Status, classify


@dataclass
class Line:
    """A product line as a feed makes it (saved by ``services.refresh_feeds``)."""

    name: str
    source: str
    assigned: int
    completed: int
    failed_reviews: int = 0
    delays: int = 0
    rated: int | None = None
    satisfied: int | None = None
    note: str = ""


def _uid(actor: str) -> int | None:
    return int(actor[1:]) if actor and actor.startswith("u") and actor[1:].isdigit() else None


@dataclass
class Handled:
    decided: int = 0
    late: int = 0
    rated: int = 0
    disliked: int = 0


def dossier_figures(unit_id: int, period: Period) -> tuple[Handled, dict[int, Handled]]:
    """The unit's dossiers decided in the period, and each official's share (three queries)."""
    start, end = period.bounds()
    decisions = list(DossierEvent.objects.filter(
        dossier__competent_unit_id=unit_id, act=Act.DECIDE.value, from_unit_id=unit_id, at__gte=start, at__lt=end,
    ).values_list("dossier_id", "actor", "at", "data"))
    unit, people = Handled(), defaultdict(Handled)
    credited: dict[int, set[int]] = defaultdict(set)
    decided_at = {}
    for dossier, actor, at, data in decisions:
        decided_at[dossier] = at
        if (uid := _uid(actor)) is not None:
            credited[dossier].add(uid)
    last_assigned: dict[int, tuple[int, int | None]] = {}
    for dossier, seq, at, data in (DossierEvent.objects.filter(dossier_id__in=list(decided_at), act=Act.ASSIGN.value)
                                   .values_list("dossier_id", "seq", "at", "data")):
        if at <= decided_at[dossier] and (dossier not in last_assigned or seq > last_assigned[dossier][0]):
            last_assigned[dossier] = (seq, _uid((data or {}).get("officer") or ""))
    for dossier, (_seq, uid) in last_assigned.items():
        if uid is not None:
            credited[dossier].add(uid)
    for dossier, _actor, _at, data in decisions:
        late = not (data or {}).get("on_time", True)
        unit.decided += 1
        unit.late += late
        for uid in credited[dossier]:
            people[uid].decided += 1
            people[uid].late += late
    _ratings(unit_id, start, end, unit, people)
    return unit, people


def _ratings(unit_id, start, end, unit: Handled, people: dict[int, Handled]) -> None:
    from motcua.quality.models import Rating

    rows = Rating.objects.filter(created_at__gte=start, created_at__lt=end).filter(
        Q(competent_unit_id=unit_id) | Q(units=unit_id)).distinct()
    ratings = {pk: (version, overall, competent) for pk, version, overall, competent in
               rows.values_list("pk", "scale_version", "overall", "competent_unit_id")}
    for pk, (version, overall, competent) in ratings.items():
        if competent == unit_id:
            unit.rated += 1
            unit.disliked += is_dislike(version, overall)
    through = Rating.officers.through
    for rating_id, user_id in through.objects.filter(rating_id__in=list(ratings)).values_list("rating_id", "user_id"):
        version, overall, _ = ratings[rating_id]
        people[user_id].rated += 1
        people[user_id].disliked += is_dislike(version, overall)


def dossier_line(h: Handled) -> Line | None:
    if not h.decided and not h.rated:
        return None
    note = f"{h.decided} hồ sơ có kết quả trong kỳ, {h.late} quá hạn"
    if h.rated:
        note += f"; {h.rated} đánh giá của người dân, {h.rated - h.disliked} hài lòng"
    return Line("Giải quyết hồ sơ thủ tục hành chính", "dossiers", h.decided, h.decided, min(h.disliked, h.decided),
                h.late, h.rated, h.rated - h.disliked, note)


def task_lines(period: Period, today: date, *, officer_id: int | None = None, unit_id: int | None = None) -> list[Line]:
    """One line per programme of the tasks due or completed in the period (one query)."""
    from motcua.programmes.models import Task

    who = Q(officer_id=officer_id) if officer_id is not None else Q(lead_unit_id=unit_id)
    last = min(period.end, today)  # a task due later in a period still running is not yet due
    rows = (Task.objects.filter(who).filter(Q(deadline__range=(period.start, last))
                                            | Q(completed_on__range=(period.start, period.end)))
            .filter(assigned_on__lte=period.end)
            .values_list("programme__number", "deadline", "completed_on", "failed_reviews"))
    by_programme: dict[str, Line] = {}
    for number, deadline, completed_on, failed in rows:
        line = by_programme.setdefault(number, Line(f"Nhiệm vụ Chương trình {number}", "tasks", 0, 0))
        done = completed_on is not None and completed_on <= period.end
        # late or not as known today: a task due in the period and still open after it is overdue
        status = classify(deadline, completed_on if completed_on and completed_on <= today else None, today)
        line.assigned += 1
        line.completed += done
        line.delays += status in (Status.DONE_LATE, Status.OPEN_OVERDUE)
        line.failed_reviews += failed if done else 0
    for line in by_programme.values():
        line.note = f"{line.assigned} nhiệm vụ đến hạn hoặc hoàn thành trong kỳ, {line.delays} chậm"
    return [by_programme[k] for k in sorted(by_programme)]
