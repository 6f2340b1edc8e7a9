"""The Decision 766 figures that come from the procedure catalogue (announcement and publication
dates, complete content, online level, fee data) and from the units register (communes offering
electronic certified copies), with the per-procedure dossier counters for 3.2, 3.5b and 4.5a.

The catalogue is small (hundreds of procedures): it is read once per period and scope set, and
each scope's figures are counted in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import orjson
from django.db import connection
from django.db.models import BooleanField, Case, Q, Value, When

from motcua.catalog.models import CatalogueStamp, Procedure, ProcedureVersion
from motcua.quality.procedure_use import NONE, Use, province_use, units_use
from motcua.quality.tallies import RECEIVING
from motcua.rules.calendar import WorkingCalendar
from motcua.rules.index766 import policy_on
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit



_SHIFTS: dict[int, tuple[WorkingCalendar, dict]] = {}


def shift_working_days(cal: WorkingCalendar, day: date, n: int) -> date:
    """The date ``n`` working days after ``day`` (before it when ``n`` is negative)."""
    held = _SHIFTS.get(id(cal))
    if held is None or held[0] is not cal:
        if len(_SHIFTS) > 16:
            _SHIFTS.clear()
        held = _SHIFTS[id(cal)] = (cal, {})  # the calendar is kept, so its id is not reused
    memo = held[1]  # the same few dates come back for every unit's figures
    found = memo.get((day, n))
    if found is None:
        found = memo[(day, n)] = _shift(cal, day, n)
    return found


def _shift(cal: WorkingCalendar, day: date, n: int) -> date:
    step = 1 if n > 0 else -1
    left = abs(n)
    while left:
        day += timedelta(days=step)
        if cal.is_working_day(day):
            left -= 1
    return day


def complete_content(v: dict) -> bool:
    """The seven parts of a published procedure: name; sequence; method; documents and number
    of sets; time limit; who files; agency."""
    documents = v["documents"] or []
    return bool(v["procedure__name"] and v["steps"] and v["methods"] and documents
                and all(("originals" in d or "copies" in d) for d in documents)
                and (v["duration_unit"] == "immediate" or v["duration_value"])
                and v["applicants"] and (v["competent_unit_id"] or v["procedure__level"] == Procedure.Level.COMMUNE))


def _fees(v: dict) -> tuple[bool, bool]:
    """(fee-bearing, with fee data): a fee line without an amount has no data."""
    fees = v["fees"] or []
    bearing = any((f.get("amount") or 0) > 0 or f.get("amount") is None for f in fees)
    return bearing, bearing and all(isinstance(f.get("amount"), int | float) for f in fees)


_FIELDS = ("id", "procedure_id", "procedure__name", "procedure__level", "competent_unit_id", "announced_on",
           "published_on", "legal_basis_effective_on", "documents", "duration_unit", "duration_value", "fees",
           "online", "steps", "methods", "applicants")
_TEXTS = ("procedure__name", "steps", "methods", "applicants")  # only whether they are filled in counts
_JSON = ("documents", "fees")
_DATES = ("announced_on", "published_on", "legal_basis_effective_on")


def _versions(start: date, end: date) -> tuple[dict, ...]:
    """Versions in force at some time in [start, end). Kept per process while the catalogue's
    stamp (``CatalogueStamp``: triggers change it with every write to the procedures or their
    versions) is the one they were read under, so an edit shows at once; read again, without the
    ORM's per-value conversions and the long texts only as whether they are filled in, when it
    changed."""
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        found = cursor.fetchone()
    key = (start, end, found[0]) if found else None  # no stamp (a flushed test database): no keeping
    held = _VERSIONS.get(key) if key else None
    if held is not None:
        return held
    filled = {f"{n}_filled": Case(When(**{n: ""}, then=Value(False)), default=Value(True),
                                  output_field=BooleanField()) for n in _TEXTS}
    names = tuple(n for n in _FIELDS if n not in _TEXTS) + tuple(filled)
    query = ProcedureVersion.objects.filter(effective_from__lt=end).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=start)).annotate(**filled).order_by("id").values_list(*names)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        versions = _parse(names, cursor.fetchall())
    if key:
        if len(_VERSIONS) >= 32:
            _VERSIONS.clear()
            _SETS.clear()
        _VERSIONS[key] = versions
    return versions


_STAMP_SQL = f"SELECT token FROM {CatalogueStamp._meta.db_table} WHERE id = 1"

#: Parsed versions by (start, end, catalogue stamp), and the catalogue sets worked out from them:
#: a dashboard reads the catalogue on every request, and it seldom changes.
_VERSIONS: dict[tuple, tuple[dict, ...]] = {}
_SETS: dict[tuple, tuple[tuple, object, CatalogueSets]] = {}


def _parse(names, rows) -> tuple[dict, ...]:
    out = []
    for row in rows:
        v = dict(zip(names, row, strict=True))
        for n in _TEXTS:
            v[n] = bool(v.pop(f"{n}_filled"))
        for n in _JSON:
            if isinstance(v[n], str | bytes):
                v[n] = orjson.loads(v[n])
        for n in _DATES:
            if isinstance(v[n], str):
                v[n] = date.fromisoformat(v[n])
        out.append(v)
    return tuple(out)


def _commune_units() -> list[int]:
    return list(Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE, level=Unit.Level.COMMUNE).values_list(
        "pk", flat=True))


def catalogue_figures(scope, period) -> dict[str, int]:
    return catalogue_figures_many([scope], period)[0]


def catalogue_figures_many(scopes, period, used: list[Use] | None = None, communes: set[int] | None = None,
                           cal=None) -> list[dict[str, int]]:
    """The catalogue figures of each scope (``quality.index_queries.Scope``) over ``period``;
    ``used`` (each scope's procedure use), ``communes`` and ``cal`` when the caller read them."""
    versions = _versions(period.start, period.end)
    communes = set(_commune_units()) if communes is None else communes
    cal = cal or calendar_for()
    used = _procedure_use(scopes, period) if used is None else used
    by_unit: dict[int | None, list[dict]] = defaultdict(list)
    for v in versions:
        if v["competent_unit_id"] is not None:
            by_unit[v["competent_unit_id"]].append(v)
        elif v["procedure__level"] == Procedure.Level.COMMUNE:
            by_unit[None].append(v)  # decided by the commune where the dossier is filed
    out, whole, memo = [], None, {}
    for i, scope in enumerate(scopes):
        if scope.units is None or scope.role == RECEIVING:
            if whole is None:  # the same for the province and every one-stop unit
                whole = _count(scope, period, (), communes, cal, used[i],
                               _sets_of(versions, period, cal, "whole", lambda: versions))
            out.append(dict(whole))
            continue
        own = tuple(sorted(u for u in scope.units if u in by_unit))
        key = (own, bool(scope.units & communes))  # most communes share the commune-level list
        sets = memo.get(key)
        if sets is None:
            sets = memo[key] = _sets_of(versions, period, cal, key,
                                        lambda: [v for unit in own for v in by_unit[unit]]
                                        + (by_unit.get(None, []) if key[1] else []))
        out.append(_count(scope, period, (), communes, cal, used[i], sets))
    return out


def _sets_of(versions, period, cal, key, mine) -> CatalogueSets:
    """``catalogue_sets`` of the versions ``mine()`` picks, kept while ``versions`` (the same
    parsed tuple) and the calendar are."""
    memo_key = (id(versions), period.start, period.end, id(cal), key)
    held = _SETS.get(memo_key)
    if held is not None and held[0] is versions and held[1] is cal:
        return held[2]
    sets = catalogue_sets(mine(), period, cal)
    if len(_SETS) >= 8192:
        _SETS.clear()
    _SETS[memo_key] = (versions, cal, sets)
    return sets


def _procedure_use(scopes, period) -> list[Use]:
    """Each scope's procedures with dossiers (``procedure_use``): the province and every
    one-stop unit share the province's; a competent scope joins its units'."""
    months = period.months
    whole = None
    if any(s.units is None or s.role == RECEIVING for s in scopes):
        whole = province_use(months)
    wanted = set().union(*(s.units for s in scopes if s.units is not None and s.role != RECEIVING))
    per_unit = units_use(wanted, months) if wanted else {}
    out = []
    for scope in scopes:
        if scope.units is None or scope.role == RECEIVING:
            out.append(whole)
            continue
        use = NONE
        for unit in scope.units:
            use = use | per_unit.get(unit, NONE)
        out.append(use)
    return out


def _in_scope(v: dict, scope, communes: set[int]) -> bool:
    if scope.units is None or scope.role == RECEIVING:
        return True
    if v["competent_unit_id"] is not None:
        return v["competent_unit_id"] in scope.units
    return v["procedure__level"] == Procedure.Level.COMMUNE and bool(scope.units & communes)


@dataclass(frozen=True)
class CatalogueSets:
    """Which procedures of a set of versions were announced (late), published (late, complete),
    and offer online service or bear fees (with fee data): bitmasks like ``procedure_use.Use``'s."""

    procedures: int
    announced: int
    late_announce: int
    published: int
    late_publish: int
    full: int
    online: int
    fee_bearing: int
    fee_data: int


def catalogue_sets(mine, period, cal) -> CatalogueSets:
    policy = policy_on(period.start)  # the limits of the index version in force
    procedures = late_announce = announced = late_publish = published = full = online = fee_bearing = fee_data = 0
    for v in mine:
        bit = 1 << v["procedure_id"]
        procedures |= bit
        if v["announced_on"] and period.start <= v["announced_on"] < period.end:
            announced |= bit
            basis = v["legal_basis_effective_on"]
            if basis and v["announced_on"] > shift_working_days(cal, basis, -policy.announce_lead_days):
                late_announce |= bit  # one late announcement makes it late for the period
        if v["published_on"] and period.start <= v["published_on"] < period.end:
            published |= bit
            if complete_content(v):
                full |= bit
            if v["announced_on"] and v["published_on"] > shift_working_days(cal, v["announced_on"],
                                                                            policy.publish_within_days):
                late_publish |= bit
        if v["online"] in ("partial", "full"):
            online |= bit
        bearing, data = _fees(v)
        if bearing:
            fee_bearing |= bit
            if data:
                fee_data |= bit
    return CatalogueSets(procedures, announced, late_announce, published, late_publish, full, online, fee_bearing,
                         fee_data)


def _count(scope, period, mine, communes, cal, use: Use, sets: CatalogueSets | None = None) -> dict[str, int]:
    """The figures of the versions in the scope (``mine``, or their ``sets`` worked out before)
    and the procedures' use."""
    c = sets or catalogue_sets(mine, period, cal)
    return {
        "announced": c.announced.bit_count(), "announced_on_time": (c.announced & ~c.late_announce).bit_count(),
        "published": c.published.bit_count(), "published_on_time": (c.published & ~c.late_publish).bit_count(),
        "content_full": c.full.bit_count(),
        "procedures": c.procedures.bit_count(), "online_procedures": c.online.bit_count(),
        "online_procedures_used": (c.online & use.online).bit_count(),
        "fee_procedures": c.fee_bearing.bit_count(), "fee_data": c.fee_data.bit_count(),
        "fee_procedures_with_dossiers": (c.fee_bearing & use.fee_due).bit_count(),
        "fee_procedures_paid_online": (c.fee_bearing & use.paid_online).bit_count(),
        "communes": len(communes), "communes_e_copy": _communes_e_copy(communes) if scope.units is None else 0,
        "citizen_procedures": use.received.bit_count(),
        "citizen_procedures_data": (use.received & use.citizen_data).bit_count(),
    }


def _communes_e_copy(communes: set[int]) -> int:
    return Unit.objects.filter(pk__in=communes, e_certified_copy=True).count()
