"""Feeding the Decision 766 satisfaction indicators from the cases, in the act's transaction
(``complaints.services`` calls ``on_case_change`` after every act):

* 5.2 and 5.3 — each PAKN's tally (``rules.pakn_tally``) is kept per unit and month of receipt
  in ``quality.models.IndexPaknTally`` (and, while it is open, ``IndexPaknOpenDue``); the tally a
  case added last is kept in ``IndexPaknCase``, so an act adds only the difference whatever the
  ``before`` snapshot holds. A repeat filed after the answer makes the first PAKN "raised again".
* 5.4 — a dossier with a PAKN or a complaint about it counts against dossier satisfaction as a
  "not satisfied" rating does (one-stop-details.md §3.2: "% dossiers with a complaint or
  dislike"): the first such case moves the dossier's ``disliked`` counter
  (``quality.tallies.rating_changed``); ``quality.tallies.dossier_disliked`` knows both causes,
  so a later rating does not count the dossier twice.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from motcua.complaints.models import Case, CaseEvent
from motcua.rules.complaints import CaseKind
from motcua.rules.pakn_tally import PAKN_COUNTERS, PaknFacts, PaknTally, pakn_tally

#: Case kinds that make their dossier count as "with a complaint" for 5.4.
DOSSIER_COMPLAINT_KINDS = (CaseKind.PAKN.value, CaseKind.COMPLAINT_FIRST.value, CaseKind.COMPLAINT_SECOND.value)
COMPETENT, RECEIVING = "c", "r"


# -- reading a case ------------------------------------------------------------------------------

def pakn_facts(case, rating: tuple[int, int, int] | None, raised_again: bool,
               refuse_due: datetime | None = None) -> PaknFacts:
    """``rating``: (level, likes, dislikes) or None; ``refuse_due``: for a refused PAKN, the due
    time its refusal was judged against (the log's ``due_before`` of the refusal: 2 working days
    from the complete filing; none while information was awaited). An answer is judged against
    the answer-by time; while information is awaited the clock is stopped."""
    state = case.state
    refused = state == Case.State.REFUSED
    due, ended = case.resolve_due_at, case.answered_at
    if state == Case.State.INFO_REQUESTED:
        due = None
    elif refused and ended is None:
        due, ended = refuse_due, case.closed_at
    level, likes, dislikes = rating or (None, 0, 0)
    return PaknFacts(kind=case.kind, received_at=case.received_at, due_at=due, ended_at=ended,
                     withdrawn=state == Case.State.WITHDRAWN, linked=case.matter_of_id is not None,
                     rating_level=level, likes=likes or 0, dislikes=dislikes or 0, raised_again=raised_again)


def _refuse_due(case) -> datetime | None:
    if case.state != Case.State.REFUSED:
        return None
    return CaseEvent.objects.filter(case_id=case.pk, act="refuse").order_by("-seq").values_list(
        "due_before", flat=True).first()


def _answer_reception(case) -> tuple[tuple[int, int, int] | None, bool]:
    """(the filer's rating: level, likes, dislikes; whether the PAKN was raised again) in one query."""
    again = Case.objects.filter(Q(matter_of=OuterRef("pk"), link_kind="repeat") | Q(previous=OuterRef("pk"))).exclude(
        pk=OuterRef("pk"))
    row = Case.objects.filter(pk=case.pk).values_list("rating__level", "rating__likes", "rating__dislikes").annotate(
        again=Exists(again)).first()
    level, likes, dislikes, raised = row or (None, 0, 0, False)
    return ((level, likes, dislikes) if level is not None else None), bool(raised)


def tally_now(case) -> PaknTally | None:
    if case.kind != CaseKind.PAKN or case.matter_of_id is not None or case.state == Case.State.WITHDRAWN:
        return None
    rating, raised = None, False
    if case.answered_at is not None or case.closed_at is not None:  # only an answer is rated, or raised again
        rating, raised = _answer_reception(case)
    return pakn_tally(pakn_facts(case, rating, raised, _refuse_due(case)))


# -- writing ------------------------------------------------------------------------------------

class PaknDeltas:
    """Changes summed by key: (unit, role, month) → counter → n; (unit, role, month, due, bad) → n."""

    def __init__(self):
        self.tallies: dict[tuple, Counter] = {}
        self.open_due: Counter = Counter()

    def add(self, tally: PaknTally | None, sign: int, unit: int, about: int | None) -> None:
        if tally is None:
            return
        for u, role in ((unit, COMPETENT), (about, RECEIVING)):
            if u is None:
                continue
            counts = self.tallies.setdefault((u, role, tally.month), Counter())
            for name in tally.counters:
                counts[name] += sign
            if tally.open_due is not None:
                self.open_due[(u, role, tally.month, tally.open_due, tally.open_bad)] += sign


def _stored(row) -> PaknTally | None:
    if row is None:
        return None
    return PaknTally(row.month, frozenset(row.counters), row.open_due, row.open_bad)


def write(deltas: PaknDeltas) -> None:
    from motcua.quality.models import IndexPaknOpenDue, IndexPaknTally
    from motcua.quality.tallies import _day, _dt, _upsert_sql

    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        table = IndexPaknTally._meta.db_table
        for (unit, role, month), counts in deltas.tallies.items():
            moved = tuple(sorted(n for n in PAKN_COUNTERS if counts.get(n)))
            if moved:
                cursor.execute(_upsert_sql(table, ("unit_id", "role", "month"), moved),
                               [unit, role, _day(month), *(counts[n] for n in moved)])
        table = IndexPaknOpenDue._meta.db_table
        keys = ("unit_id", "role", "month", "due_at", "bad")
        where = " AND ".join(f"{qn(k)} = %s" for k in keys)
        for (unit, role, month, due, bad), n in deltas.open_due.items():
            if not n:
                continue
            key = [unit, role, _day(month), _dt(due), bad]
            cursor.execute(_upsert_sql(table, keys, ("count",)), [*key, n])
            if n < 0:
                cursor.execute(f"DELETE FROM {qn(table)} WHERE {where} AND {qn('count')} = 0", key)


def refresh_pakn(case) -> None:
    """Replace what ``case`` adds to the PAKN counters by its tally now."""
    from motcua.quality.models import IndexPaknCase

    kept = IndexPaknCase.objects.select_for_update().filter(case_id=case.pk).first()
    before, after = _stored(kept), tally_now(case)
    about = case.concerned_unit_id
    if before == after and (kept is None or (kept.unit_id, kept.about_id) == (case.handling_unit_id, about)):
        return
    deltas = PaknDeltas()
    if kept is not None:
        deltas.add(before, -1, kept.unit_id, kept.about_id)
    deltas.add(after, 1, case.handling_unit_id, about)
    write(deltas)
    if after is None:
        if kept is not None:
            kept.delete()
        return
    values = {"unit_id": case.handling_unit_id, "about_id": about, "month": after.month,
              "counters": sorted(after.counters), "open_due": after.open_due, "open_bad": after.open_bad}
    if kept is None:
        IndexPaknCase.objects.create(case_id=case.pk, **values)
    else:
        IndexPaknCase.objects.filter(case_id=case.pk).update(**values)


# -- 5.4: dossiers with a complaint ---------------------------------------------------------------

def dossier_has_complaint(dossier_id: int, excluding: int | None = None) -> bool:
    cases = Case.objects.filter(dossier_id=dossier_id, kind__in=DOSSIER_COMPLAINT_KINDS)
    if excluding is not None:
        cases = cases.exclude(pk=excluding)
    return cases.exists()


def _dossier_complaint(case) -> None:
    if case.dossier_id is None or case.kind not in DOSSIER_COMPLAINT_KINDS:
        return
    from motcua.quality.tallies import rated_disliked, rating_changed

    if dossier_has_complaint(case.dossier_id, excluding=case.pk) or rated_disliked(case.dossier_id):
        return  # the dossier already counts against 5.4
    rating_changed(case.dossier, False, True)


# -- the hook -----------------------------------------------------------------------------------

def on_case_change(case, before, now: datetime) -> None:
    """After each act on ``case`` (``before``: ``services.CaseSnapshot`` of it before the act,
    None when it is filed), in the act's transaction."""
    if case.kind == CaseKind.PAKN:
        refresh_pakn(case)
    if before is not None:
        return
    for pk in {case.matter_of_id, case.previous_id} - {None}:
        earlier = Case.objects.filter(pk=pk, kind=CaseKind.PAKN).first()
        if earlier is not None:
            refresh_pakn(earlier)  # raised again
    _dossier_complaint(case)


# -- rebuilding from the case logs (``motcua quality rebuild``) ------------------------------------

def _replayed(case, events: list[tuple]) -> tuple[Case, tuple | None, datetime | None]:
    """The case as its log says (state, receipt, answer, refusal, handling unit; rating), over the
    row's fixed fields (kind, links, the answer-by time the clock set)."""
    S = Case.State
    c = Case(pk=case.pk, kind=case.kind, matter_of_id=case.matter_of_id, concerned_unit_id=case.concerned_unit_id,
             resolve_due_at=case.resolve_due_at, state=S.RECEIVED)
    level, likes, dislikes, refuse_due = None, 0, 0, None
    for act, at, to_unit, due_before, data in events:
        if act == "file":
            c.received_at, c.handling_unit_id = at, to_unit
        elif act == "transfer":
            c.handling_unit_id, c.state = to_unit, S.RECEIVED
        elif act == "request_info":
            c.state = S.INFO_REQUESTED
        elif act == "receive_info":
            c.state = S.RECEIVED
        elif act == "accept":
            c.state = S.ACCEPTED
        elif act == "refuse":
            c.state, c.closed_at, refuse_due = S.REFUSED, at, due_before
        elif act == "answer":
            c.state, c.answered_at = S.ANSWERED, at
        elif act in ("withdraw", "publish", "close"):
            c.state = {"withdraw": S.WITHDRAWN, "publish": S.PUBLISHED, "close": S.CLOSED}[act]
            if act != "publish":
                c.closed_at = at
        elif act == "rate":
            level = data.get("level", level)
            likes += data.get("like") is True
            dislikes += data.get("like") is False
    return c, ((level, likes, dislikes) if level is not None else None), refuse_due


def pakn_from_log() -> tuple[PaknDeltas, dict[int, tuple[int, int | None, PaknTally]]]:
    """The PAKN counters as the case logs say, and each case's (unit, unit it is about, tally)."""
    cases = list(Case.objects.filter(kind=CaseKind.PAKN).only(
        "pk", "kind", "matter_of_id", "previous_id", "concerned_unit_id", "resolve_due_at").order_by("pk"))
    raised = set(Case.objects.filter(matter_of__isnull=False, link_kind="repeat").values_list("matter_of_id", flat=True))
    raised |= set(Case.objects.filter(previous__isnull=False).values_list("previous_id", flat=True))
    events: dict[int, list] = {}
    rows = CaseEvent.objects.filter(case__kind=CaseKind.PAKN).order_by("case_id", "seq").values_list(
        "case_id", "act", "at", "to_unit_id", "due_before", "data")
    for case_id, *rest in rows.iterator(chunk_size=5000):
        events.setdefault(case_id, []).append(rest)
    deltas, each = PaknDeltas(), {}
    for case in cases:
        if case.pk not in events:
            continue
        replayed, rating, refuse_due = _replayed(case, events[case.pk])
        ended = replayed.answered_at is not None or replayed.closed_at is not None
        tally = pakn_tally(pakn_facts(replayed, rating, ended and case.pk in raised, refuse_due))
        if tally is not None:
            deltas.add(tally, 1, replayed.handling_unit_id, case.concerned_unit_id)
            each[case.pk] = (replayed.handling_unit_id, case.concerned_unit_id, tally)
    return deltas, each


def pakn_stored() -> PaknDeltas:
    """The PAKN counters as the acts kept them."""
    from motcua.quality.models import IndexPaknOpenDue, IndexPaknTally

    out = PaknDeltas()
    for row in IndexPaknTally.objects.values("unit_id", "role", "month", *PAKN_COUNTERS):
        key = (row.pop("unit_id"), row.pop("role"), row.pop("month"))
        out.tallies[key] = Counter(row)
    for unit, role, month, due, bad, n in IndexPaknOpenDue.objects.values_list(
            "unit_id", "role", "month", "due_at", "bad", "count"):
        out.open_due[(unit, role, month, due, bad)] = n
    return out
