"""Reading the Decision 766 index: a scope (the province, a unit and the units below it as the
competent agency, or a one-stop unit as the receiving unit) over a period (month, quarter,
year), from the small counter tables kept by ``quality.tallies`` and the catalogue's figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property

from django.db import connection
from django.db.models import Q, Sum

from motcua import sql_rows, timesource
from motcua.quality.catalogue_figures import catalogue_figures, catalogue_figures_many
from motcua.quality.journal import fold, read_once
from motcua.quality.models import IndexOpenDue, IndexPaknOpenDue, IndexPaknTally, IndexTally
from motcua.quality.procedure_use import SHORT_ID_LIST
from motcua.quality.tallies import COMPETENT, RECEIVING
from motcua.rules.calendar import VN_TZ
from motcua.rules.index766 import COUNTERS, POLICIES, ScoreCard, score, score_many, settle
from motcua.rules.pakn_tally import PAKN_COUNTERS, settle_pakn
from motcua.units.models import Unit

PERIOD_KINDS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year
    year: int
    number: int = 1  # month 1–12, quarter 1–4; 1 for a year

    @cached_property
    def months(self) -> list[date]:
        if self.kind == "month":
            return [date(self.year, self.number, 1)]
        if self.kind == "quarter":
            first = 3 * (self.number - 1) + 1
            return [date(self.year, m, 1) for m in range(first, first + 3)]
        return [date(self.year, m, 1) for m in range(1, 13)]

    @cached_property
    def start(self) -> date:
        return self.months[0]

    @cached_property
    def end(self) -> date:  # first day after the period
        last = self.months[-1]
        return date(last.year + (last.month == 12), last.month % 12 + 1, 1)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"Tháng {self.number:02d}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {'I II III IV'.split()[self.number - 1]}/{self.year}"
        return f"Năm {self.year}"

    @property
    def key(self) -> str:
        return {"month": f"{self.year}-{self.number:02d}", "quarter": f"{self.year}-Q{self.number}"}.get(
            self.kind, str(self.year))

    def previous(self) -> Period:
        if self.kind == "year":
            return Period("year", self.year - 1)
        last = 12 if self.kind == "month" else 4
        if self.number == 1:
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.number - 1)

    @classmethod
    def parse(cls, text: str | None, today: date) -> Period:
        """``2026-03`` (month), ``2026-Q1`` (quarter), ``2026`` (year); the current month otherwise."""
        text = (text or "").strip().upper()
        try:
            if "-Q" in text:
                year, quarter = text.split("-Q")
                if 1 <= int(quarter) <= 4:
                    return cls("quarter", int(year), int(quarter))
            elif "-" in text:
                year, month = text.split("-")
                if 1 <= int(month) <= 12:
                    return cls("month", int(year), int(month))
            elif text.isdigit() and len(text) == 4:
                return cls("year", int(text))
        except ValueError:
            pass
        return cls("month", today.year, today.month)


@dataclass(frozen=True)
class Scope:
    """Whose index: ``units`` None is the whole province; ``role`` says whether the units count as
    the competent agency (``c``) or as the receiving one-stop unit (``r``)."""

    label: str
    units: frozenset[int] | None = None
    role: str = COMPETENT

    @property
    def is_province(self) -> bool:
        return self.units is None


def province_scope() -> Scope:
    return Scope("Toàn tỉnh, thành phố")


def unit_scope(unit: Unit, subtree: Iterable[int] = ()) -> Scope:
    role = RECEIVING if unit.is_one_stop else COMPETENT
    return Scope(unit.name, frozenset({unit.pk, *subtree}), role)


def _rows(scope: Scope, months: list[date]):
    rows = IndexTally.objects.filter(role=scope.role if scope.units is not None else COMPETENT, month__in=months)
    return rows if scope.units is None else rows.filter(unit_id__in=scope.units)


def dossier_counters(scope: Scope, months: list[date], now: datetime) -> dict[str, int]:
    """Settled dossier counters of the scope over the months, as at ``now``."""
    fold()
    sums = _rows(scope, months).aggregate(**{name: Sum(name) for name in COUNTERS})
    opens = IndexOpenDue.objects.filter(role=scope.role if scope.units is not None else COMPETENT,
                                        month__in=months, due_at__lt=now)
    if scope.units is not None:
        opens = opens.filter(unit_id__in=scope.units)
    late_open = opens.aggregate(n=Sum("count"))["n"] or 0
    return settle({k: v or 0 for k, v in sums.items()}, late_open)


def pakn_figures(scope: Scope, period: Period, now: datetime | None = None) -> dict[str, int]:
    """Feedback and petitions (PAKN) for indicators 5.2 and 5.3, received in the period by the
    scope's units (as the handling unit; a one-stop unit: the PAKN about it), as at ``now`` or
    the period's end (``complaints.index_feed`` keeps the counters)."""
    return pakn_figures_many([scope], period, now)[0]


def pakn_figures_many(scopes: list[Scope], period: Period, now: datetime | None = None) -> list[dict[str, int]]:
    """``pakn_figures`` of many scopes in two queries."""
    grid = pakn_figures_grid(scopes, [period], now)
    return [grid[(i, 0)] for i in range(len(scopes))]


_PAKN_TALLY = ("unit_id", "role", "month", *PAKN_COUNTERS)
_PAKN_OPEN = ("unit_id", "role", "month", "due_at", "bad", "count")


def pakn_figures_grid(scopes: list[Scope], periods: list[Period], now: datetime | None = None) -> dict:
    """``pakn_figures`` of each scope (index ``i``) over each period (index ``j``), keyed ``(i, j)``,
    in two queries however many scopes and periods (the tables are small: one row per unit and
    month, and one per distinct due time of the PAKN still open). Plain SQL: a ranking built
    the two ORM queries' filters of its 186 units on every read."""
    months = sorted({m for p in periods for m in p.months})
    wanted: dict[str, set[int]] = {}
    for s in scopes:
        if s.units is not None:
            wanted.setdefault(s.role, set()).update(s.units)
    # which rows: the province's (every competent unit), and each role's units (a long list of
    # ids costs more than the role's few other rows: then the whole role)
    qn = connection.ops.quote_name
    role_is, unit_in = f"{qn('role')} = %s", f"{qn('unit_id')} IN"
    ors, params = [], [sql_rows.day(m) for m in months]
    if any(s.units is None for s in scopes):
        ors.append(role_is)
        params.append(COMPETENT)
    for role, pks in wanted.items():
        if len(pks) <= SHORT_ID_LIST:
            ors.append(f"({role_is} AND {unit_in} ({sql_rows.placeholders(len(pks))}))")
            params += [role, *sorted(pks)]
        else:
            ors.append(role_is)
            params.append(role)
    where = f" WHERE {qn('month')} IN ({sql_rows.placeholders(len(months))}) AND ({' OR '.join(ors) or '1 = 0'})"
    sums: dict[tuple[int, str], list[tuple[date, dict]]] = {}
    for row in sql_rows.fetch(f"SELECT {sql_rows.columns(IndexPaknTally, _PAKN_TALLY)} FROM "
                              f"{IndexPaknTally._meta.db_table}{where}", params):
        unit, role, month, *counts = sql_rows.values(IndexPaknTally, _PAKN_TALLY, row)
        sums.setdefault((unit, role), []).append((month, dict(zip(PAKN_COUNTERS, counts, strict=True))))
    opens: dict[tuple[int, str], list[tuple]] = {}
    for row in sql_rows.fetch(f"SELECT {sql_rows.columns(IndexPaknOpenDue, _PAKN_OPEN)} FROM "
                              f"{IndexPaknOpenDue._meta.db_table}{where}", params):
        unit, role, *rest = sql_rows.values(IndexPaknOpenDue, _PAKN_OPEN, row)
        opens.setdefault((unit, role), []).append(rest)

    def keys(s: Scope) -> set[tuple[int, str]]:
        if s.units is None:
            return {k for k in (*sums, *opens) if k[1] == COMPETENT}
        return {(u, s.role) for u in s.units}

    # Each (unit, role) once per period, then each scope sums its own (one for a unit's card).
    per_key: list[dict[tuple[int, str], tuple[Counter, int, int]]] = []
    for p in periods:
        moment, in_period = cutoff(p, now), set(p.months)
        mine: dict[tuple[int, str], tuple[Counter, int, int]] = {}
        for k in {*sums, *opens}:
            total, late, fresh = Counter(), 0, 0
            for month, counts in sums.get(k, ()):
                if month in in_period:
                    total.update(counts)
            for month, due, bad, n in opens.get(k, ()):
                if month in in_period and due < moment:
                    late += n
                    fresh += 0 if bad else n
            mine[k] = (total, late, fresh)
        per_key.append(mine)

    out, none = {}, (Counter(), 0, 0)
    for i, s in enumerate(scopes):
        ks = keys(s)
        for j, mine in enumerate(per_key):
            if len(ks) == 1:
                out[(i, j)] = settle_pakn(*mine.get(next(iter(ks)), none))
                continue
            total, late, fresh = Counter(), 0, 0
            for k in ks:
                t, la, fr = mine.get(k, none)
                total.update(t)
                late, fresh = late + la, fresh + fr
            out[(i, j)] = settle_pakn(total, late, fresh)
    return out


def cutoff(period: Period, now: datetime | None) -> datetime:
    """When a dossier still open is judged: now, or the end of a period already over (QD766: "an
    unfinished dossier uses the period end"), so a past month's score does not change later."""
    now = now or timesource.now()
    return min(now, datetime.combine(period.end, time(0), VN_TZ))


@read_once
def figures(scope: Scope, period: Period, now: datetime | None = None) -> dict[str, float]:
    return {**dossier_counters(scope, period.months, cutoff(period, now)), **catalogue_figures(scope, period),
            **pakn_figures(scope, period, now)}


def scorecard(scope: Scope, period: Period, now: datetime | None = None) -> ScoreCard:
    return score(figures(scope, period, now), POLICIES[-1], province=scope.is_province)


@read_once
def unit_cards(units: Iterable[Unit], period: Period, now: datetime | None = None) -> list[tuple[Unit, ScoreCard]]:
    """Cards for many units at once (one query for the counters), best first."""
    now = cutoff(period, now)
    units = list(units)
    by_role: dict[str, list[int]] = {}
    for unit in units:
        by_role.setdefault(RECEIVING if unit.is_one_stop else COMPETENT, []).append(unit.pk)
    sums, late = unit_counters(by_role, period.months, now)
    scopes = [unit_scope(unit) for unit in units]
    paknss = pakn_figures_many(scopes, period, now)
    figs = []
    for unit, scope, catalogue, pakn in zip(units, scopes, catalogue_figures_many(scopes, period), paknss, strict=True):
        key = (unit.pk, scope.role)
        figs.append({**settle(sums.get(key, Counter()), late[key]), **catalogue, **pakn})
    cards = list(zip(units, score_many(figs, POLICIES[-1], province=False)))
    cards.sort(key=lambda pair: (-pair[1].total, pair[0].name))
    return cards


def unit_counters(by_role: dict[str, list[int]], months: list[date], now: datetime):
    """(unit, role) → the counters summed over ``months``, and → the open dossiers past due at
    ``now``, of the units ``by_role`` (role → unit ids)."""
    return unit_counters_spans(by_role, [(months, now)])[0]


def unit_counters_spans(by_role: dict[str, list[int]], spans: list[tuple[list[date], datetime]]) -> list[tuple]:
    """``unit_counters`` of each span (its months, and the moment its open dossiers are judged:
    ``cutoff`` of its period), in two plain queries for every unit of a ranking and every span:
    a ranking and its previous period together."""
    out: list[tuple[dict[tuple[int, str], Counter], Counter]] = [({}, Counter()) for _ in spans]
    months = sorted({m for span_months, _ in spans for m in span_months})
    if not by_role or not months:
        return out
    fold()
    qn, ops = connection.ops.quote_name, connection.ops
    wanted = {role: set(pks) for role, pks in by_role.items()}
    if sum(map(len, by_role.values())) > SHORT_ID_LIST:
        # A long list of ids is left out of the SQL (``SHORT_ID_LIST``); the open ones are then
        # read from the index alone (``index_open_due_when`` holds the unit and the count).
        roles = f"{qn('role')} IN ({sql_rows.placeholders(len(by_role))})"
        role_params = list(by_role)
    else:
        roles = " OR ".join(f"({qn('role')} = %s AND {qn('unit_id')} IN ({sql_rows.placeholders(len(pks))}))"
                            for pks in by_role.values())
        role_params = [v for role, pks in by_role.items() for v in (role, *pks)]

    def where(of: list[date]) -> tuple[str, list]:
        return (f"{qn('month')} IN ({sql_rows.placeholders(len(of))}) AND ({roles})",
                [ops.adapt_datefield_value(m) for m in of] + role_params)

    spans_of: dict[date, list[int]] = {}
    for j, (span_months, _) in enumerate(spans):
        for m in set(span_months):
            spans_of.setdefault(m, []).append(j)
    sql, params = where(months)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn('month')}, {qn('unit_id')}, {qn('role')}, {', '.join(qn(n) for n in COUNTERS)} "
                       f"FROM {qn(IndexTally._meta.db_table)} WHERE {sql}", params)
        for month, unit, role, *values in cursor.fetchall():
            if unit in wanted[role]:
                counts = {n: v for n, v in zip(COUNTERS, values, strict=True) if v}
                for j in spans_of[month if isinstance(month, date) else date.fromisoformat(month)]:
                    out[j][0].setdefault((unit, role), Counter()).update(counts)
    for j, unit, role, n in late_open_spans(spans, where, (qn("unit_id"), qn("role"))):
        if unit in wanted[role]:
            out[j][1][(unit, role)] += n or 0
    return out


def late_open_spans(spans: list[tuple[list[date], datetime]], where, keys: tuple[str, ...] = ()) -> list[tuple]:
    """Rows (span index, *``keys``, the count of open dossiers past due at the span's moment) of
    ``IndexOpenDue`` rows matching ``where(months)`` (SQL and its parameters) for each span: one
    statement, a branch a span, each read in the index's order (role, month, due time)."""
    if not spans:
        return []
    qn, branches, params = connection.ops.quote_name, [], []
    selected, grouped = "".join(f", {k}" for k in keys), f" GROUP BY {', '.join(keys)}" if keys else ""
    for j, (span_months, moment) in enumerate(spans):
        sql, span_params = where(sorted(set(span_months)))
        branches.append(f"SELECT {j}{selected}, SUM({qn('count')}) FROM {qn(IndexOpenDue._meta.db_table)} "
                        f"WHERE {sql} AND {qn('due_at')} < %s{grouped}")
        params += [*span_params, sql_rows.moment(moment)]
    return sql_rows.fetch(" UNION ALL ".join(branches), params)


def ranked(cards: list[tuple[Unit, ScoreCard]]) -> list[tuple[int, Unit, ScoreCard]]:
    """Ranks by total points; equal totals share a rank."""
    out, rank, last = [], 0, None
    for i, (unit, card) in enumerate(cards, start=1):
        if card.total != last:
            rank, last = i, card.total
        out.append((rank, unit, card))
    return out


def scored_units() -> Q:
    """The units the index ranks: agencies that decide procedures, and one-stop units."""
    return Q(kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.PEOPLES_COMMITTEE, Unit.Kind.VERTICAL_AGENCY]) | Q(
        kind__in=list(Unit.ONE_STOP_KINDS))
