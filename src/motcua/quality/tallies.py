"""Keeping the Decision 766 counters in real time: every act adds the difference between the
dossier's tally before and after it (``rules.index766.dossier_tally``) to the small tables of
``quality.models``: on SQLite in the act's own transaction, on PostgreSQL through a journal row
written with the act and folded in before the next read (``quality.journal``). A rating that
says "not satisfied" adds to ``disliked`` the same way.

An act that changes nothing the index reads (an assignment, a hand-off) writes nothing here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from django.db import connection

from motcua.rules.dossier import DossierRecord
from motcua.rules.index766 import DossierFacts, Tally, dossier_tally
from motcua.sql_rows import day as _day
from motcua.sql_rows import moment as _dt

COMPETENT, RECEIVING = "c", "r"


def facts_of(record: DossierRecord | None, disliked: bool = False) -> DossierFacts | None:
    if record is None:
        return None
    return DossierFacts(received_at=record.received_at, ended_at=record.ended_at, due_at=record.due_at,
                        reference_due_at=record.reference_due_at, supplement_requests=record.supplement_requests,
                        channel=record.channel, facts=record.facts, disliked=disliked)


def tally_of(record: DossierRecord | None, disliked: bool = False) -> Tally | None:
    facts = facts_of(record, disliked)
    return None if facts is None else dossier_tally(facts)


@dataclass
class Deltas:
    """Changes to apply, summed by key: (unit, role, month) → counter → n; (unit, role, month,
    due) → n; (unit, month, procedure) → counter → n."""

    tallies: dict[tuple, Counter] = field(default_factory=lambda: defaultdict(Counter))
    open_due: Counter = field(default_factory=Counter)
    procedures: dict[tuple, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, tally: Tally | None, sign: int, competent: int, receiving: int, procedure: int) -> None:
        if tally is None:
            return
        for unit, role in ((competent, COMPETENT), (receiving, RECEIVING)):
            key = (unit, role, tally.month)
            counts = self.tallies[key]
            for name in tally.counters:
                counts[name] += sign
            if tally.open_due is not None:
                self.open_due[(*key, tally.open_due)] += sign
        counts = self.procedures[(competent, tally.month, procedure)]
        for name in tally.procedure_counters:
            counts[name] += sign

    def change(self, before: Tally | None, after: Tally | None, competent: int, receiving: int,
               procedure: int) -> None:
        if before == after:
            return
        if before is None or after is None or before.month != after.month:
            self.add(before, -1, competent, receiving, procedure)
            self.add(after, 1, competent, receiving, procedure)
            return
        # The same month (every act after reception): only what differs moves. The same sums as
        # the two ``add`` above, without touching the counters both tallies hold (most of them).
        month, roles = after.month, ((competent, COMPETENT), (receiving, RECEIVING))
        gone, new = before.counters - after.counters, after.counters - before.counters
        if gone or new:
            for unit, role in roles:
                counts = self.tallies[(unit, role, month)]
                for name in gone:
                    counts[name] -= 1
                for name in new:
                    counts[name] += 1
        if before.open_due != after.open_due:
            for unit, role in roles:
                if before.open_due is not None:
                    self.open_due[(unit, role, month, before.open_due)] -= 1
                if after.open_due is not None:
                    self.open_due[(unit, role, month, after.open_due)] += 1
        gone, new = (before.procedure_counters - after.procedure_counters,
                     after.procedure_counters - before.procedure_counters)
        if gone or new:
            counts = self.procedures[(competent, month, procedure)]
            for name in gone:
                counts[name] -= 1
            for name in new:
                counts[name] += 1


class Change(NamedTuple):
    """What one act moves in the counters: its dossier's tally before and after it, and the keys
    they count under."""

    before: Tally | None
    after: Tally | None
    competent: int
    receiving: int
    procedure: int

    def deltas(self) -> Deltas:
        out = Deltas()
        out.change(*self)
        return out


def change_of(dossier, before: Tally | None, record: DossierRecord) -> Change | None:
    """What an act moves in the counters: its dossier's tally before it and after it (``record``);
    ``None`` when nothing moved (an assignment, a hand-off). ``dossiers.persistence.save_act``
    writes it with the act (``quality.journal``)."""
    after = tally_of(record)
    if before == after:
        return None
    return Change(before, after, dossier.competent_unit_id, dossier.receiving_unit_id, dossier.procedure_id)


# -- writing ------------------------------------------------------------------------------------

def _moved(counts: Counter) -> tuple[str, ...]:
    return tuple(sorted(n for n, v in counts.items() if v))


def statements(deltas: Deltas) -> list[tuple[str, list]]:
    """The writes that add ``deltas``: upserts of the counter rows, and for an open deadline no
    dossier waits on any more, the row's removal (keeping the table small). Keys go in order, so
    two writers (a fold, a rating) take their row locks in the same order, and so does the
    trigger that keeps the procedure-use masks (the month's province row, then the unit's)."""
    from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexTally

    out = []
    for (unit, role, month), counts in sorted(deltas.tallies.items(), key=_key):
        if moved := _moved(counts):
            out.append((_upsert_sql(IndexTally._meta.db_table, ("unit_id", "role", "month"), moved),
                        [unit, role, _day(month), *(counts[n] for n in moved)]))
    for (unit, role, month, due), n in sorted(deltas.open_due.items(), key=_key):
        if not n:
            continue
        key = [unit, role, _day(month), _dt(due)]
        out.append((_upsert_sql(IndexOpenDue._meta.db_table, _KEY, ("count",)), [*key, n]))
        if n < 0:
            out.append((_delete_empty_sql(IndexOpenDue._meta.db_table), key))
    for (unit, month, procedure), counts in sorted(deltas.procedures.items(), key=_key):
        if moved := _moved(counts):
            out.append((_upsert_sql(IndexProcedureTally._meta.db_table, ("unit_id", "month", "procedure_id"), moved),
                        [unit, _day(month), procedure, *(counts[n] for n in moved)]))
    return out


def _key(item: tuple) -> tuple:
    return item[0]


def write(deltas: Deltas) -> None:
    """Add the deltas to the tables: one statement per key whose counters moved, those of one
    shape sent together (``executemany``: on PostgreSQL one round trip), in ``statements``'
    order of shapes (an open deadline's upsert before the removal of emptied ones)."""
    shapes: dict[str, list] = {}
    for sql, params in statements(deltas):
        shapes.setdefault(sql, []).append(params)
    with connection.cursor() as cursor:
        for sql, rows in shapes.items():
            if len(rows) == 1:
                cursor.execute(sql, rows[0])
            else:
                cursor.executemany(sql, rows)


_KEY = ("unit_id", "role", "month", "due_at")


def _conflict(table: str, keys: tuple[str, ...], columns: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(c)} = {qn(table)}.{qn(c)} + excluded.{qn(c)}" for c in columns)
    return f"ON CONFLICT ({', '.join(qn(k) for k in keys)}) DO UPDATE SET {sets}"


@cache
def _upsert_sql(table: str, keys: tuple[str, ...], columns: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in (*keys, *columns))
    marks = ", ".join(["%s"] * (len(keys) + len(columns)))
    return f"INSERT INTO {qn(table)} ({names}) VALUES ({marks}) {_conflict(table, keys, columns)}"


@cache
def _delete_empty_sql(table: str) -> str:
    qn = connection.ops.quote_name
    where = " AND ".join(f"{qn(k)} = %s" for k in _KEY)
    return f"DELETE FROM {qn(table)} WHERE {where} AND {qn('count')} = 0"


def add_histories(items: Iterable[tuple[object, DossierRecord]]) -> None:
    """Bulk path (``dossiers.history``): add the tallies of new dossiers with their records."""
    deltas = Deltas()
    for dossier, record in items:
        deltas.add(tally_of(record), 1, dossier.competent_unit_id, dossier.receiving_unit_id, dossier.procedure_id)
    write(deltas)


def dossier_disliked(dossier_id: int) -> bool:
    """The dossier counts against 5.4's satisfaction: some applicant rated it at the lowest level
    of their scale ("not satisfied"), or a PAKN or complaint was filed about it
    (``complaints.index_feed``; one-stop-details.md §3.2: "dossiers with a complaint or dislike")."""
    from motcua.complaints.index_feed import dossier_has_complaint

    return rated_disliked(dossier_id) or dossier_has_complaint(dossier_id)


def rated_disliked(dossier_id: int) -> bool:
    """Some applicant rated the dossier at the lowest level of their scale ("not satisfied")."""
    from motcua.quality.models import Rating
    from motcua.rules.rating import is_dislike

    return any(is_dislike(version, overall) for version, overall in
               Rating.objects.filter(dossier_id=dossier_id).values_list("scale_version", "overall"))


def disliked_dossiers(among=None) -> set[int]:
    """The dossiers (of the queryset ``among``, or all) some applicant rated at the lowest level,
    or with a PAKN or complaint about them."""
    from motcua.quality.models import Rating
    from motcua.rules.rating import is_dislike

    ratings = Rating.objects.all() if among is None else Rating.objects.filter(dossier_id__in=among.values("pk"))
    from motcua.complaints.index_feed import DOSSIER_COMPLAINT_KINDS
    from motcua.complaints.models import Case

    cases = Case.objects.filter(dossier__isnull=False, kind__in=DOSSIER_COMPLAINT_KINDS)
    if among is not None:
        cases = cases.filter(dossier_id__in=among.values("pk"))
    return {pk for pk, version, overall in ratings.values_list("dossier_id", "scale_version", "overall")
            if is_dislike(version, overall)} | set(cases.values_list("dossier_id", flat=True))


def rating_changed(dossier, disliked_before: bool, disliked_after: bool) -> None:
    """A rating of ``dossier`` turned "not satisfied" (or stopped being so): recorded as an act's
    change is (``quality.journal.record``), in the rating's transaction."""
    if disliked_before == disliked_after:
        return
    from motcua.dossiers.persistence import load_record
    from motcua.quality.journal import record as record_change

    record = load_record(dossier)
    record_change(Change(tally_of(record, disliked_before), tally_of(record, disliked_after),
                         dossier.competent_unit_id, dossier.receiving_unit_id, dossier.procedure_id), dossier.pk)

