"""Behind one Decision 766 indicator (chi tiết chỉ tiêu): the dossiers it counts, or the
procedures (or communes) for the indicators read from the catalogue.

A dossier indicator's candidates are the dossiers received in the period in scope; each one's
tally (``quality.tallies.tally_of``) says whether it is in the denominator and whether it
counts for the indicator (``hit``) or against it (``miss``: late for 2.1, not synced for 1.4,
not paid online for 3.6, without an e-result for 4.1…). The procedure lists re-use the
catalogue figures' own rules (``quality.catalogue_figures``) so that they add up to its counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.dossiers.access import Viewer, visible_dossiers
from motcua.dossiers.models import Dossier
from motcua.quality import catalogue_figures as cf
from motcua.quality.dashboard_counts import counted, scope_dossiers
from motcua.quality.dashboard_filters import Filters
from motcua.quality.dashboard_progress import first_overruns, step_label
from motcua.quality.index_queries import Scope
from motcua.quality.models import IndexPaknCase
from motcua.quality.procedure_use import members
from motcua.rules.index766 import COUNTERS, Indicator
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit

DOSSIERS, PROCEDURES, COMMUNES, FEEDBACK = "dossiers", "procedures", "communes", "feedback"


def kind_of(indicator: Indicator) -> str:
    if indicator.denominator in COUNTERS:
        return DOSSIERS
    if indicator.denominator == "communes":
        return COMMUNES
    if indicator.denominator == "pakn":
        return FEEDBACK
    return PROCEDURES


def counts_for(indicator: Indicator, counters: dict[str, int]) -> bool | None:
    """Whether one dossier's settled counters count for the indicator (``None``: not in its
    denominator). A complement indicator (5.4) counts the dossiers in none of its numerators."""
    if not counters.get(indicator.denominator):
        return None
    hit = any(counters.get(name) for name in indicator.numerator)
    return not hit if indicator.complement else hit


# -- dossiers -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DossierLine:
    pk: int
    code: str
    url: str  # empty: the viewer may not open it
    procedure: str
    applicant: str
    received_at: datetime | None
    due_at: datetime | None
    ended_at: datetime | None
    late: bool
    responsible: str  # the unit of the first overrun, for a late dossier
    step: str


def mask_name(name: str) -> str:
    """``Nguyễn Văn Đình`` → ``Nguyễn V. Đ.``: the family name and initials."""
    words = (name or "").split()
    if len(words) <= 1:
        return (words[0][0] + ".") if words else ""
    return " ".join([words[0], *(w[0] + "." for w in words[1:])])


#: Counters a dossier's clock alone decides (no facts, no rating needed to tell them).
CLOCK_COUNTERS = frozenset({"received", "on_time", "late", "open", "completed"})


def matching_dossiers(indicator: Indicator, filters: Filters, now: datetime, show: str) -> tuple[list[int], int, int]:
    """(pks shown, most recently received first; how many count for it; how many against it)."""
    rows = scope_dossiers(filters).order_by("-received_at", "-pk")
    names = {*indicator.numerator, indicator.denominator}
    hits, misses = [], []
    for c in counted(rows, now, facts=bool(names - CLOCK_COUNTERS - {"disliked"}), disliked="disliked" in names):
        verdict = counts_for(indicator, c.settled())
        if verdict is not None:
            (hits if verdict else misses).append(c.row["pk"])
    return (hits if show == "hit" else misses), len(hits), len(misses)


def dossier_lines(pks: list[int], viewer: Viewer, now: datetime) -> list[DossierLine]:
    """The rows of one page (a few queries whatever its length)."""
    dossiers = Dossier.objects.filter(pk__in=pks).select_related("procedure").only(
        "pk", "code", "procedure__code", "procedure__name", "applicant_name", "received_at", "due_at", "ended_at")
    by_pk = {d.pk: d for d in dossiers}
    visible = set(visible_dossiers(viewer, Dossier.objects.filter(pk__in=pks)).values_list("pk", flat=True))
    late = set()
    for c in counted(Dossier.objects.filter(pk__in=pks), now, facts=False, disliked=False):
        if c.settled()["late"]:
            late.add(c.row["pk"])
    overruns = first_overruns(sorted(late), now)
    units = Unit.objects.in_bulk({o.unit for o in overruns.values() if o})
    lines = []
    for pk in pks:
        d = by_pk[pk]
        overrun = overruns.get(pk)
        unit = units.get(overrun.unit) if overrun else None
        url = reverse("workbench:dossier", args=[pk]) if pk in visible else ""
        lines.append(DossierLine(pk, d.code or f"#{pk}", url,
                                 f"{d.procedure.code} — {d.procedure.name}", mask_name(d.applicant_name),
                                 d.received_at, d.due_at, d.ended_at, pk in late,
                                 unit.name if unit else "", step_label(overrun.step) if overrun else ""))
    return lines


# -- procedures and communes ----------------------------------------------------------------------

def procedure_sets(scope: Scope, period) -> dict[str, set[int]]:
    """The procedures behind each catalogue figure of ``scope`` over ``period``, by the figure's
    name (``announced``, ``announced_on_time``, ``online_procedures``…): the sets whose sizes
    ``catalogue_figures`` returns."""
    versions = cf._versions(period.start, period.end)
    communes = set(cf._commune_units())
    cal = calendar_for()
    [use] = cf._procedure_use([scope], period)
    c = cf.catalogue_sets([v for v in versions if cf._in_scope(v, scope, communes)], period, cal)
    return {name: members(bits) for name, bits in {
        "announced": c.announced, "announced_on_time": c.announced & ~c.late_announce,
        "published": c.published, "published_on_time": c.published & ~c.late_publish,
        "content_full": c.full, "procedures": c.procedures, "online_procedures": c.online,
        "fee_procedures": c.fee_bearing, "fee_data": c.fee_data,
        "online_procedures_used": c.online & use.online,
        "fee_procedures_with_dossiers": c.fee_bearing & use.fee_due,
        "fee_procedures_paid_online": c.fee_bearing & use.paid_online,
        "citizen_procedures": use.received,
        "citizen_procedures_data": use.received & use.citizen_data,
    }.items()}


@dataclass(frozen=True)
class Line:
    """A procedure (or a commune) behind a catalogue indicator."""

    code: str
    name: str
    counts: bool


def procedure_lines(indicator: Indicator, scope: Scope, period, show: str) -> tuple[list[Line], int, int]:
    sets = procedure_sets(scope, period)
    den = sets.get(indicator.denominator, set())
    num = set().union(*(sets.get(n, set()) for n in indicator.numerator)) & den
    chosen = num if show == "hit" else den - num
    names = Procedure.objects.filter(pk__in=chosen).order_by("code").values_list("code", "name")
    return [Line(code, name, show == "hit") for code, name in names], len(num), len(den - num)


def commune_lines(show: str) -> tuple[list[Line], int, int]:
    communes = list(Unit.objects.filter(pk__in=cf._commune_units()).order_by("name").values_list(
        "code", "name", "e_certified_copy"))
    hits = sum(1 for *_, e in communes if e)
    lines = [Line(code, name, e) for code, name, e in communes if e == (show == "hit")]
    return lines, hits, len(communes) - hits


# -- feedback and petitions (5.2, 5.3) ------------------------------------------------------------

@dataclass(frozen=True)
class CaseLine:
    """A PAKN behind 5.2 or 5.3: its share as the counters keep it (``quality.models.IndexPaknCase``)."""

    pk: int
    code: str
    url: str  # empty: the viewer may not open it
    subject: str
    unit: str
    received_at: datetime | None
    due_at: datetime | None
    answered_at: datetime | None
    late: bool
    bad: bool  # counts against 5.3: late, rated unsatisfied, more dislikes than likes, raised again


def _pakn_shares(scope: Scope, period):
    rows = IndexPaknCase.objects.filter(month__in=period.months)
    if scope.units is not None:
        rows = rows.filter(**{"unit_id__in" if scope.role == "c" else "about_id__in": scope.units})
    return rows


def matching_cases(indicator: Indicator, filters: Filters, now: datetime, show: str) -> tuple[list[int], int, int]:
    """(case pks shown, most recent first; how many count for the indicator; how many against
    it), from each PAKN's share of the counters, judged at the period's cutoff like the figure."""
    from motcua.quality.index_queries import cutoff

    moment = cutoff(filters.period, now)
    hits, misses = [], []
    for pk, counters, due in _pakn_shares(filters.scope, filters.period).order_by("-month", "-case_id").values_list(
            "case_id", "counters", "open_due"):
        late = "pakn_late" in counters or (due is not None and due < moment)
        against = late if indicator.numerator == ("pakn_on_time",) else ("pakn_bad" in counters or late)
        (misses if against else hits).append(pk)
    return (hits if show == "hit" else misses), len(hits), len(misses)


def case_lines(pks: list[int], viewer: Viewer, now: datetime) -> list[CaseLine]:
    """The rows of one page (a few queries whatever its length); ``now``: the moment an open
    PAKN is judged (``index_queries.cutoff``)."""
    from motcua.complaints.access import visible_cases
    from motcua.complaints.models import Case

    cases = Case.objects.filter(pk__in=pks).select_related("handling_unit").only(
        "pk", "code", "subject", "handling_unit__name", "received_at", "resolve_due_at", "answered_at")
    by_pk = {c.pk: c for c in cases}
    shares = {s.case_id: s for s in IndexPaknCase.objects.filter(case_id__in=pks)}
    visible = set(visible_cases(viewer, Case.objects.filter(pk__in=pks)).values_list("pk", flat=True))
    lines = []
    for pk in pks:
        c, share = by_pk.get(pk), shares.get(pk)
        if c is None or share is None:
            continue
        late = "pakn_late" in share.counters or (share.open_due is not None and share.open_due < now)
        url = reverse("complaints:case", args=[c.code]) if pk in visible else ""
        lines.append(CaseLine(pk, c.code, url, c.subject, c.handling_unit.name, c.received_at, c.resolve_due_at,
                              c.answered_at, late, late or "pakn_bad" in share.counters))
    return lines
