"""Reads for the hot-spot view (điểm nóng): open flagged cases per commune and per handling unit
(count, people involved, age) at a moment, the same at the same day one month earlier (the trend
arrows) and at each of the last twelve month ends (the chart), ranked by
``rules.hotspots.rank_hotspots``.

The flags are worked out here at the moment asked, with ``rules.hotspots.case_flags`` — not read
from ``Case.flags``: that column is refreshed only when someone acts on a case, so "past the legal
maximum" would go stale on a case nobody touches (precisely the long-running ones), and it cannot
say what a case looked like a month or a year ago. The facts used:

* open at a moment: received by then, and not answered, closed, refused or withdrawn by then;
* the legal maximum: ``complaints.clock.max_due`` (the same as the stored flags: every allowed
  extension included; none while information is awaited); at a moment before the case was
  accepted, the acceptance limit from ``rules.complaints``;
* an earlier final decision: the earliest of the case it repeats (``matter_of``) and the case it
  follows (``previous``), made before this one was filed;
* a duplicate of a case still being handled (``link_kind="duplicate"``) is counted once, under the
  case it duplicates, so it is left out here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from django.db.models import OuterRef, Q, QuerySet, Subquery

from motcua.complaints import access, clock
from motcua.complaints.models import Case, CaseEvent
from motcua.rules.calendar import VN_TZ
from motcua.rules.complaints import Step, end_of_day
from motcua.rules.complaints import due_at as rule_due_at
from motcua.rules.hotspots import CaseFacts, Flag, HotSpot, OpenCase, case_flags, rank_hotspots
from motcua.rules.lifecycle import Role

WORKLIST = "/can-bo/vu-viec/"  # the handlers' worklist (complaints:worklist), filtered by area or unit
OPEN_STATES = (Case.State.RECEIVED, Case.State.INFO_REQUESTED, Case.State.ACCEPTED)
FLAG_LABELS = {
    Flag.PAST_MAXIMUM: "Quá thời hạn tối đa",
    Flag.REFILED_AFTER_FINAL: "Gửi lại sau quyết định cuối cùng",
    Flag.ABOVE_COMPETENT_LEVEL: "Gửi vượt cấp",
    Flag.GROUP: "Đông người",
}
MONTHS = 12
TOP = 5  # places drawn on the chart


@dataclass(frozen=True)
class Row:
    """One case as read from the database, with what the flags need."""

    pk: int
    kind: str
    area: tuple[str, str] | None  # (code, name)
    unit: tuple[str, str]
    people: int
    received_at: datetime
    accepted_at: datetime | None
    ended_at: datetime | None  # None: still open
    max_due: datetime | None
    final_before: datetime | None
    filed_level: str
    competent_level: str

    def open_at(self, moment: datetime) -> bool:
        return self.received_at <= moment and (self.ended_at is None or self.ended_at > moment)

    def facts(self, moment: datetime, calendar) -> CaseFacts:
        max_due = self.max_due
        if self.accepted_at is not None and moment < self.accepted_at and calendar is not None:
            try:  # not yet accepted then: the limit was the acceptance deadline
                max_due = rule_due_at(self.kind, Step.ACCEPT, self.received_at, calendar)
            except ValueError:
                pass
        return CaseFacts(filed_at=self.received_at, people=self.people, max_due_at=max_due,
                         final_decision_at=self.final_before, filed_level=clock.LEVELS.get(self.filed_level),
                         competent_level=clock.LEVELS.get(self.competent_level))


@dataclass
class Place:
    """One ranked commune or unit, as the page, the API and the export show it."""

    spot: HotSpot
    code: str
    name: str
    reasons: dict[str, int] = field(default_factory=dict)  # flag label -> flagged cases with it
    link: str = ""

    @property
    def trend(self) -> str:
        """"up", "down", "same", or "new" (no flagged case a month earlier)."""
        c = self.spot.change
        return "new" if c is None else "up" if c > 0 else "down" if c < 0 else "same"


@dataclass
class Ranking:
    on: date
    moment: datetime
    previous: datetime
    kind: str
    communes: list[Place]
    units: list[Place]
    months: list[date]  # month ends of the chart (the last one: ``on``)
    chart: dict  # {"labels": [...], "series": [{"label": name, "data": [...]}]} for the top communes
    open_cases: int
    flagged_cases: int


def moment_of(on: date, now: datetime) -> datetime:
    """``now`` if ``on`` is today in Hà Nội (or later), else the end of that day."""
    return now if on >= now.astimezone(VN_TZ).date() else end_of_day(on)


def month_before(day: date, months: int = 1) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(day.day, last))


def _month_ends(on: date) -> list[date]:
    ends = []
    for back in range(MONTHS - 1, 0, -1):
        first = month_before(on.replace(day=1), back - 1)
        ends.append(first - timedelta(days=1))
    return [*ends, on]


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def load(cases: QuerySet, since: datetime, until: datetime, kind: str = "") -> list[Row]:
    """The cases of ``cases`` that were open at some moment of [since, until] (one query)."""
    last_at = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-seq").values("at")[:1]
    qs = cases.filter(received_at__lte=until).exclude(link_kind="duplicate")
    if kind:
        qs = qs.filter(kind=kind)
    ended = Q(answered_at__lt=since) | Q(closed_at__lt=since)
    qs = qs.filter(Q(state__in=OPEN_STATES) | ~ended | Q(answered_at__isnull=True, closed_at__isnull=True))
    rows = qs.annotate(last_at=Subquery(last_at)).values_list(
        "pk", "kind", "area__code", "area__name", "handling_unit__code", "handling_unit__name", "people",
        "received_at", "accepted_at", "answered_at", "closed_at", "state", "last_at", "resolve_due_at", "due_at",
        "matter_of__final_decision_at", "previous__final_decision_at", "filed_level", "competent_level", "complexity")
    out = []
    for (pk, kind_, acode, aname, ucode, uname, people, received, accepted, answered, closed, state, last_at,
         resolve_due, due, matter_final, previous_final, filed_level, competent_level, complexity) in rows:
        ended_at = None
        if state not in OPEN_STATES:
            ended_at = min((t for t in (answered, closed) if t is not None), default=None) or last_at or received
        finals = [t for t in (matter_final, previous_final) if t is not None and t <= received]
        max_due = clock.max_due(SimpleNamespace(kind=kind_, state=state, accepted_at=accepted, complexity=complexity,
                                                resolve_due_at=resolve_due, due_at=due))
        out.append(Row(pk, kind_, (acode, aname) if acode else None, (ucode, uname), people, _utc(received),
                       _utc(accepted), _utc(ended_at), _utc(max_due), _utc(min(finals)) if finals else None,
                       filed_level, competent_level))
    return out


def flagged_at(rows: list[Row], moment: datetime, calendar, memo: dict | None = None) -> list[tuple[Row, tuple]]:
    """(row, flags) of every row open at ``moment``; flags may be empty.

    ``case_flags`` reads the moment only to compare it with the legal maximum, so with ``memo``
    each case's flags are worked out once per (facts, past the maximum or not) over many moments."""
    memo = {} if memo is None else memo
    out = []
    for r in rows:
        if not r.open_at(moment):
            continue
        facts = r.facts(moment, calendar)
        key = (r.pk, facts, facts.max_due_at is not None and moment > facts.max_due_at)
        if key not in memo:
            memo[key] = case_flags(facts, moment)
        out.append((r, memo[key]))
    return out


def _age(row: Row, moment: datetime) -> int:
    return (moment.astimezone(VN_TZ).date() - row.received_at.astimezone(VN_TZ).date()).days


def _open_cases(snapshot, key, moment) -> list[OpenCase]:
    return [OpenCase(key(r)[0], bool(flags), r.people, _age(r, moment)) for r, flags in snapshot if key(r)]


def _places(snapshot, previous, key, moment, before, param, kind) -> list[Place]:
    names = {key(r)[0]: key(r)[1] for r, _ in snapshot if key(r)}
    reasons: dict[str, Counter] = {}
    for r, flags in snapshot:
        if key(r) and flags:
            reasons.setdefault(key(r)[0], Counter()).update(FLAG_LABELS[f.flag] for f in flags)
    spots = rank_hotspots(_open_cases(snapshot, key, moment), _open_cases(previous, key, before))
    return [Place(h, h.area, names[h.area], dict(sorted(reasons[h.area].items())),
                  f"{WORKLIST}?{param}={h.area}&bucket=flagged" + (f"&kind={kind}" if kind else "")) for h in spots]


def _area(r: Row):
    return r.area


def _unit(r: Row):
    return r.unit


def ranking(cases: QuerySet, on: date, now: datetime, calendar, kind: str = "") -> Ranking:
    """The hot-spot ranking of ``cases`` (already limited to what the viewer may see) on ``on``."""
    moment = _utc(moment_of(on, now))  # one time zone throughout: comparing them is then cheap
    ends = _month_ends(on)
    moments = [_utc(end_of_day(d)) for d in ends[:-1]] + [moment]
    before = _utc(min(moment_of(month_before(on), now), moment))
    rows = load(cases, min(moments[0], before), moment, kind)
    memo: dict = {}
    snapshot, previous = flagged_at(rows, moment, calendar, memo), flagged_at(rows, before, calendar, memo)
    communes = _places(snapshot, previous, _area, moment, before, "area", kind)
    units = _places(snapshot, previous, _unit, moment, before, "unit", kind)
    top = [p.code for p in communes[:TOP]]
    series = {code: [0] * len(moments) for code in top}
    for i, m in enumerate(moments[:-1]):
        for r, flags in flagged_at(rows, m, calendar, memo):
            if flags and r.area and r.area[0] in series:
                series[r.area[0]][i] += 1
    for p in communes[:TOP]:
        series[p.code][-1] = p.spot.flagged_cases
    chart = {"labels": [f"{d:%m/%Y}" for d in ends],
             "series": [{"label": p.name, "data": series[p.code]} for p in communes[:TOP]]}
    return Ranking(on, moment, before, kind, communes, units, ends, chart, len(snapshot),
                   sum(1 for _, flags in snapshot if flags))


# -- who sees which places ----------------------------------------------------------------------

DENIED = "Chỉ lãnh đạo, cán bộ giám sát hoặc quản trị hệ thống được xem điểm nóng và lịch tiếp công dân."


def may_see_hotspots(viewer) -> bool:
    """Leaders, supervisors and the administrator (``complaints.access``)."""
    return access.may_see_hotspots(viewer)


def whole_province(viewer) -> bool:
    """The administrator and supervisors see every commune and unit; a leader, the units they serve."""
    return viewer.everything or Role.SUPERVISOR.value in viewer.roles


def cases_in_view(viewer) -> QuerySet:
    if whole_province(viewer):
        return Case.objects.all()
    units = list(viewer.units)
    return Case.objects.filter(Q(handling_unit_id__in=units) | Q(concerned_unit_id__in=units))


def committees_in_view(viewer, committees: QuerySet) -> QuerySet:
    return committees if whole_province(viewer) else committees.filter(pk__in=list(viewer.units))


def may_keep_schedule(viewer, unit) -> bool:
    """Who keeps a committee's reception schedule: its leaders, and the administrator."""
    return viewer.everything or (Role.LEADER.value in viewer.roles and unit.pk in viewer.units)
