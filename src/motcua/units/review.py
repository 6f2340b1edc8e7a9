"""The organisation review report (báo cáo rà soát tổ chức bộ máy): reads the facts in a fixed
handful of queries, lets ``rules.organisation`` find the gaps and gives each line the page where
it is fixed (the admin's change or add page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.rules import organisation as rules
from motcua.units.access import EVERYTHING, Scope
from motcua.units.models import FunctionAssignment, Holding, Position, StateFunction, Unit


@dataclass(frozen=True)
class Line:
    kind: str
    subject: str
    explanation: str
    fix_url: str
    fix_label: str
    units: tuple[int, ...]


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    lines: list[Line]


@dataclass(frozen=True)
class Report:
    on: dt.date
    basis: str
    groups: list[Group]  # every kind, in order, even when empty

    @property
    def total(self) -> int:
        return sum(len(g.lines) for g in self.groups)

    def lines(self) -> list[Line]:
        return [line for g in self.groups for line in g.lines]


def _live(on: dt.date, start: str = "valid_from", end: str = "valid_to") -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


def _name(first: str, last: str, username: str) -> str:
    return f"{last} {first}".strip() or username


def facts_on(on: dt.date) -> rules.Facts:
    """Everything the review looks at on ``on``, read in seven queries whatever the number of rows."""
    units = {u["id"]: rules.UnitFact(**u) for u in Unit.objects.values(
        "id", "name", "kind", "valid_from", "valid_to", "successor_id")}
    dead = {pk for pk, u in units.items() if not u.is_live(on)}
    functions = [rules.FunctionFact(**f) for f in StateFunction.objects.values("id", "code", "name")]
    assignments = [rules.AssignmentFact(**a) for a in FunctionAssignment.objects.filter(_live(on)).values(
        "id", "function_id", "unit_id", "valid_from", "valid_to")]
    in_force = (ProcedureVersion.objects.filter(_live(on, "effective_from", "effective_to"))
                .values_list("procedure_id", "number", "id", "competent_unit_id", "procedure__code", "procedure__name"))
    latest: dict[int, tuple] = {}
    for row in in_force:
        if row[0] not in latest or row[1] > latest[row[0]][1]:
            latest[row[0]] = row
    procedures = [rules.ProcedureFact(version_id=r[2], code=r[4], name=r[5], competent_unit_id=r[3])
                  for r in sorted(latest.values(), key=lambda r: r[4]) if r[3] in dead]
    positions = [rules.PositionFact(**p) for p in Position.objects.filter(_live(on)).values(
        "id", "unit_id", "title", "is_head")]
    holdings = [rules.HoldingFact(id=h[0], person_id=h[1], person=_name(h[2], h[3], h[4]), position_id=h[5],
                                  start=h[6], end=h[7], acting=h[8])
                for h in Holding.objects.filter(_live(on, "start", "end")).values_list(
                    "id", "user_id", "user__first_name", "user__last_name", "user__username", "position_id",
                    "start", "end", "acting")]
    for position_id, last_end in (Holding.objects.filter(end__lt=on).values("position_id")
                                  .annotate(last=Max("end")).values_list("position_id", "last")):
        holdings.append(rules.HoldingFact(id=0, person_id=0, person="", position_id=position_id,
                                          start=dt.date.min, end=last_end))
    return rules.Facts(units=units, functions=functions, assignments=assignments, procedures=procedures,
                       positions=positions, holdings=holdings)


def _admin(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def _fix(f: rules.Finding) -> tuple[str, str]:
    r, K = f.refs, rules.Kind
    if f.kind == K.FUNCTION_ORPHANED and r.get("assignment"):
        return _admin("units_functionassignment_change", r["assignment"]), "Chuyển giao chức năng, nhiệm vụ"
    if f.kind in (K.FUNCTION_ORPHANED, K.FUNCTION_UNASSIGNED):
        return _admin("units_statefunction_change", r["function"]), "Giao cho đơn vị"
    if f.kind in (K.PROCEDURE_NO_UNIT, K.PROCEDURE_SUCCESSOR):
        return _admin("catalog_procedureversion_change", r["version"]), "Sửa cơ quan có thẩm quyền"
    if f.kind == K.UNIT_HEADLESS and "position" in r:
        return _admin("units_holding_add") + f"?position={r['position']}", "Bổ nhiệm người đứng đầu"
    if f.kind == K.UNIT_HEADLESS:
        return _admin("units_position_add") + f"?unit={r['unit']}&is_head=1", "Tạo vị trí người đứng đầu"
    if f.kind == K.POSITION_VACANT:
        return _admin("units_holding_add") + f"?position={r['position']}", "Bố trí người giữ vị trí"
    if f.kind == K.ACTING_TOO_LONG:
        return _admin("units_holding_change", r["holding"]), "Bổ nhiệm chính thức hoặc kết thúc"
    return _admin("units_holding_changelist") + f"?user__id__exact={r['person']}", "Xem các vị trí đang giữ"


def report(on: dt.date, scope: Scope = EVERYTHING) -> Report:
    """The review on ``on``, limited to the lines about units in ``scope``."""
    policy = rules.policy_on(on)
    findings = [f for f in rules.review(facts_on(on), on, policy) if scope.covers(f.units)]
    groups = []
    for kind in rules.Kind:
        lines = []
        for f in findings:
            if f.kind == kind:
                url, label = _fix(f)
                lines.append(Line(kind.value, f.subject, f.explanation, url, label, f.units))
        groups.append(Group(kind.value, rules.LABELS[kind], lines))
    return Report(on=on, basis=policy.basis, groups=groups)
