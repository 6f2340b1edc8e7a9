"""Reads about dossiers: the log as rules events, who held a dossier and who made it late,
and the warning list of overdue or nearly due dossiers and agency tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from motcua import sql_rows, timesource
from motcua.dossiers.models import Dossier, DossierEvent, DossierTask
from motcua.rules.dossier import Event
from motcua.rules.holding import HoldingReport, analyse
from motcua.rules.lifecycle import Act, Role, State
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit
from motcua.accounts.names import person_name

ACTIVE_STATES = (State.RECEIVED, State.PROCESSING)


def event_from_row(row) -> Event:
    """A stored log row (model or ``values()`` dict) as a rules ``Event``."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return Event(act=Act(get("act")), at=get("at"), actor=get("actor"), role=Role(get("role")),
                 from_unit=get("from_unit_id"), to_unit=get("to_unit_id"), due_before=get("due_before"),
                 due_after=get("due_after"), reason=get("reason"), data=get("data"))


def events_of(dossier: Dossier) -> list[Event]:
    return [event_from_row(r) for r in DossierEvent.objects.filter(dossier=dossier).order_by("seq")]


@dataclass(frozen=True)
class UnitTime:
    unit: Unit | None
    hours: float


def holding_report(dossier: Dossier, now: datetime | None = None) -> tuple[HoldingReport, dict[int, Unit]]:
    """The holding analysis of one dossier, with the units it names."""
    report = analyse(events_of(dossier), calendar_for(), now or timesource.now())
    ids = {s.unit for s in report.segments if s.unit} | set(report.responsible) | {o.unit for o in report.overruns}
    return report, Unit.objects.in_bulk(ids)


@dataclass(frozen=True)
class Warning:
    """One line of the warning list (cảnh báo hồ sơ sắp đến hạn, quá hạn)."""

    kind: str  # "dossier" | "task" | "acceptance"
    status: str  # "overdue" | "due_soon"
    code: str
    procedure: str
    due_at: datetime
    unit: Unit | None
    officer: str
    task: str = ""


def _officer(user) -> str:
    return person_name(user) if user else ""


def warnings(now: datetime | None = None, within_hours: float = 8, unit: Unit | None = None,
             limit: int | None = None) -> list[Warning]:
    """Dossiers and agency tasks overdue, or due within ``within_hours`` working hours, with
    the unit and person holding them; ``unit`` narrows to one holder. Most overdue first."""
    now = now or timesource.now()
    cutoff = calendar_for().add_working_seconds(now, within_hours * 3600)
    status = lambda due: "overdue" if due < now else "due_soon"  # noqa: E731
    out: list[Warning] = []

    dossiers = (Dossier.objects.filter(state__in=ACTIVE_STATES, due_at__lte=cutoff)
                .select_related("procedure", "holder_unit", "holder_officer").order_by("due_at"))
    accept = (Dossier.objects.filter(state=State.FILED, acceptance_due_at__lte=cutoff)
              .select_related("procedure", "holder_unit").order_by("acceptance_due_at"))
    tasks = (DossierTask.objects.filter(started_at__isnull=False, done_at__isnull=True, due_at__lte=cutoff,
                                        dossier__state__in=ACTIVE_STATES)
             .select_related("dossier__procedure", "agency").order_by("due_at"))
    if unit is not None:
        dossiers, accept = dossiers.filter(holder_unit=unit), accept.filter(holder_unit=unit)
        tasks = tasks.filter(agency=unit)
    if limit:
        dossiers, accept, tasks = dossiers[:limit], accept[:limit], tasks[:limit]
    for d in dossiers:
        out.append(Warning("dossier", status(d.due_at), d.code, d.procedure.name, d.due_at, d.holder_unit,
                           _officer(d.holder_officer)))
    for d in accept:
        out.append(Warning("acceptance", status(d.acceptance_due_at), d.code or f"#{d.pk}", d.procedure.name,
                           d.acceptance_due_at, d.holder_unit, ""))
    for t in tasks:
        out.append(Warning("task", status(t.due_at), t.dossier.code, t.dossier.procedure.name, t.due_at, t.agency,
                           "", task=t.name))
    out.sort(key=lambda w: w.due_at)
    return out[:limit] if limit else out


def for_unit(unit: Unit):
    """Dossiers a unit deals with: received there, competent there, or holding a task there."""
    return Dossier.objects.filter(Q(receiving_unit=unit) | Q(competent_unit=unit) | Q(tasks__agency=unit)).distinct()


@dataclass(frozen=True)
class TimelineEntry:
    """One row of the dossier page's timeline: the act, who made it, where it went."""

    seq: int
    act: str
    label: str
    at: datetime
    who: str
    role: str
    from_unit: Unit | None
    to_unit: Unit | None
    due_before: datetime | None
    due_after: datetime | None
    reason: str
    data: dict

    @property
    def listed(self) -> list[str]:
        """The documents a supplement request asked for."""
        return list(self.data.get("items") or [])


@dataclass(frozen=True)
class Timeline:
    entries: list[TimelineEntry]
    report: HoldingReport
    units: dict[int, Unit]


_EVENT_FIELDS = ("seq", "act", "at", "actor", "role", "from_unit_id", "to_unit_id", "due_before", "due_after",
                 "reason", "data")
_EVENTS = (f"SELECT {sql_rows.columns(DossierEvent, _EVENT_FIELDS)} FROM {DossierEvent._meta.db_table} "
           "WHERE dossier_id = %s ORDER BY seq")


def timeline(dossier: Dossier, now: datetime | None = None) -> Timeline:
    """The log as a timeline, with who held the dossier how long and who made it late: two
    queries whatever the length of the log (the events; the units and people they name)."""
    from django.contrib.auth import get_user_model

    from motcua.rules.lifecycle import ACT_LABELS, ROLE_LABELS

    rows = [dict(zip(_EVENT_FIELDS, sql_rows.values(DossierEvent, _EVENT_FIELDS, r)))
            for r in sql_rows.fetch(_EVENTS, [dossier.pk])]
    report = analyse([event_from_row(r) for r in rows], calendar_for(), now or timesource.now())
    ids = ({s.unit for s in report.segments if s.unit} | set(report.responsible) | {o.unit for o in report.overruns}
           | {r["from_unit_id"] for r in rows if r["from_unit_id"]} | {r["to_unit_id"] for r in rows if r["to_unit_id"]})
    user_ids = {int(r["actor"][1:]) for r in rows if r["actor"].startswith("u") and r["actor"][1:].isdigit()}
    found_units, found_people = _units_and_people(ids, user_ids, get_user_model())
    units = {u.pk: u for u in found_units}  # pages and the API show their names
    people = {f"u{u.pk}": person_name(u) for u in found_people}
    entries = [TimelineEntry(
        seq=r["seq"], act=r["act"], label=ACT_LABELS[Act(r["act"])], at=r["at"],
        who=people.get(r["actor"], "Hệ thống" if r["role"] == Role.SYSTEM else r["actor"]),
        role=ROLE_LABELS[Role(r["role"])], from_unit=units.get(r["from_unit_id"]), to_unit=units.get(r["to_unit_id"]),
        due_before=r["due_before"], due_after=r["due_after"], reason=r["reason"], data=r["data"] or {},
    ) for r in rows]
    return Timeline(entries=entries, report=report, units=units)


_UNIT_NAMES = ("id", "code", "name")
_PERSON_NAMES = ("id", "first_name", "last_name", "username")


def _units_and_people(unit_ids: set[int], user_ids: set[int], user_model) -> tuple[list, list]:
    """The units and the users with those ids, only the fields named above read (``only()``),
    in one round trip: a ``UNION ALL`` whose first column tells them apart."""
    parts, params = [], []
    for kind, model, attnames, ids in ((0, Unit, _UNIT_NAMES, unit_ids), (1, user_model, _PERSON_NAMES, user_ids)):
        if ids:
            pad = ", NULL" * (len(_PERSON_NAMES) - len(attnames))
            parts.append(f"SELECT {kind}, {sql_rows.columns(model, attnames)}{pad} FROM {model._meta.db_table} "
                         f"WHERE {model._meta.pk.column} IN ({sql_rows.placeholders(len(ids))})")
            params += sorted(ids)
    found: tuple[list, list] = ([], [])
    for row in sql_rows.fetch(" UNION ALL ".join(parts), params) if parts else []:
        model, attnames = (Unit, _UNIT_NAMES) if row[0] == 0 else (user_model, _PERSON_NAMES)
        found[row[0]].append(sql_rows.instance(model, attnames, row, start=1))
    return found
