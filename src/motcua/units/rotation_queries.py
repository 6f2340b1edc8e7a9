"""Reads for the rotation list (danh sách chuyển đổi vị trí công tác, luân chuyển): everyone in a
position subject to periodic transfer and every term-limited head, judged by ``rules.rotation``,
in four queries whatever the number of people."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from motcua.accounts.names import person_name
from motcua.rules import rotation as rules
from motcua.units.access import EVERYTHING, Scope
from motcua.units.models import Holding, PersonProfile, TransferPostponement

#: the order of the list: what needs action first
ORDER = (rules.Status.OVERDUE, rules.Status.DUE, rules.Status.POSTPONED, rules.Status.EXEMPT, rules.Status.NOT_DUE)


@dataclass(frozen=True)
class Row:
    kind: str  # "transfer" (định kỳ chuyển đổi) or "leader" (luân chuyển, giới hạn nhiệm kỳ)
    person: str
    username: str
    unit_id: int
    unit: str
    unit_code: str
    position: str
    sector: str
    cycle_months: int | None
    start: dt.date
    status: str
    status_label: str
    months_in_post: int
    due_on: dt.date | None
    reason: str
    notes: tuple[str, ...]


def _live(on: dt.date, start: str, end: str) -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


def _people(user_ids: set[int]) -> dict[int, rules.PersonFact]:
    postponements = defaultdict(list)
    for p in TransferPostponement.objects.filter(user_id__in=user_ids):
        postponements[p.user_id].append(rules.PostponementFact(p.kind, p.start, p.end, p.note))
    profiles = {p.user_id: p for p in PersonProfile.objects.filter(user_id__in=user_ids)}
    out = {}
    for uid in user_ids:
        prof = profiles.get(uid)
        out[uid] = rules.PersonFact(birth_date=prof.birth_date if prof else None,
                                    retirement_date=prof.retirement_date if prof else None,
                                    postponements=tuple(postponements[uid]))
    return out


def rotation_list(on: dt.date, scope: Scope = EVERYTHING) -> list[Row]:
    """Every person in a transfer position or a term-limited head's post on ``on`` (in ``scope``),
    overdue first, then due, postponed, exempt and not yet due; by due date within each."""
    policy = rules.policy_on(on)
    current = list(
        Holding.objects.filter(_live(on, "start", "end"), _live(on, "position__valid_from", "position__valid_to"),
                               _live(on, "position__unit__valid_from", "position__unit__valid_to"))
        .filter(Q(position__transfer_cycle_months__isnull=False) | ~Q(position__leader_kind=""))
        .select_related("user", "position__unit"))
    if not scope.everything:
        current = [h for h in current if h.position.unit_id in scope.units]
    people = _people({h.user_id for h in current})
    leaders = [h for h in current if h.position.leader_kind]
    spells: dict[tuple[int, int], list] = defaultdict(list)
    if leaders:
        for h in Holding.objects.filter(user_id__in={h.user_id for h in leaders}, position__is_head=True,
                                        start__lte=on).values("user_id", "position__unit_id", "start", "end"):
            spells[(h["user_id"], h["position__unit_id"])].append((h["start"], h["end"]))
    labels = {"leader": rules.LEADER_STATUS_LABELS, "transfer": rules.STATUS_LABELS}
    rows = []
    for h in current:
        p, person = h.position, people[h.user_id]
        if p.leader_kind:
            a = rules.assess_leader(p.leader_kind, spells[(h.user_id, p.unit_id)], person, on, policy)
            kind, start = "leader", min((s for s, _ in spells[(h.user_id, p.unit_id)]), default=h.start)
        else:
            a = rules.assess_transfer(h.start, p.transfer_cycle_months, person, on, policy)
            kind, start = "transfer", h.start
        rows.append(Row(kind=kind, person=person_name(h.user), username=h.user.username,
                        unit_id=p.unit_id, unit=p.unit.name, unit_code=p.unit.code, position=p.title,
                        sector=p.transfer_sector or p.get_leader_kind_display(), cycle_months=p.transfer_cycle_months,
                        start=start, status=a.status.value, status_label=labels[kind][a.status],
                        months_in_post=a.months_in_post, due_on=a.due_on, reason=a.reason, notes=a.notes))
    rows.sort(key=lambda r: (ORDER.index(rules.Status(r.status)), r.due_on or dt.date.max, r.person))
    return rows


def counts(rows: list[Row]) -> dict[str, int]:
    out = {s.value: 0 for s in ORDER}
    for r in rows:
        out[r.status] += 1
    return out
