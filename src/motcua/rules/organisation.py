"""The organisation review (rà soát tổ chức bộ máy, "không để khoảng trống trong quản lý nhà nước",
governance.md §0): from plain facts about units, their functions and duties, the procedures they
are competent for, positions and who holds them, find the gaps a steering committee must close.

Thresholds are versioned by the date they took effect (``policy_on``); the facts and findings are
plain data so the review needs no database (``units.review`` reads the facts and adds fix links).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from motcua.rules.dated import in_force


@dataclass(frozen=True)
class ReviewPolicy:
    effective_from: date
    basis: str
    #: an acting holder (quyền, phụ trách) for longer than this is a finding [U: configurable].
    acting_max_months: int = 6
    #: a position vacant for longer than this many days is a finding (0: any vacancy).
    vacancy_grace_days: int = 0
    #: unit kinds not expected to have a head of their own: a branch of the service centre, a
    #: reception point and a ministry's one-stop unit are parts of another unit, whose head answers
    #: for them. Divisions (phòng chuyên môn) and every other live unit are expected to have one.
    headless_kinds: frozenset[str] = frozenset({"branch", "reception_point", "ministry_unit"})


POLICIES: tuple[ReviewPolicy, ...] = (
    ReviewPolicy(effective_from=date(2021, 3, 17),
                 basis="Chương trình 01-CTr/TU: rà soát chức năng, nhiệm vụ, không để khoảng trống quản lý"),
)


def policy_on(day: date, policies: Iterable[ReviewPolicy] = POLICIES) -> ReviewPolicy:
    """The thresholds in force on ``day`` (the latest that took effect on or before it)."""
    return in_force(policies, day)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 if ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def live(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


# -- facts -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitFact:
    id: int
    name: str
    kind: str
    valid_from: date | None = None
    valid_to: date | None = None
    successor_id: int | None = None

    def is_live(self, on: date) -> bool:
        return live(self.valid_from, self.valid_to, on)


@dataclass(frozen=True)
class AssignmentFact:
    """A function or duty (chức năng, nhiệm vụ quản lý nhà nước) given to a unit for a time."""

    function_id: int
    unit_id: int
    valid_from: date | None = None
    valid_to: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class FunctionFact:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ProcedureFact:
    """The version of a procedure in force, with its competent unit (None: the commune where filed)."""

    version_id: int
    code: str
    name: str
    competent_unit_id: int | None


@dataclass(frozen=True)
class PositionFact:
    id: int
    unit_id: int
    title: str
    is_head: bool = False


@dataclass(frozen=True)
class HoldingFact:
    id: int
    person_id: int
    person: str
    position_id: int
    start: date
    end: date | None = None
    acting: bool = False


@dataclass(frozen=True)
class Facts:
    units: Mapping[int, UnitFact]
    functions: Iterable[FunctionFact] = ()
    assignments: Iterable[AssignmentFact] = ()
    procedures: Iterable[ProcedureFact] = ()
    positions: Iterable[PositionFact] = ()
    holdings: Iterable[HoldingFact] = ()


# -- findings ----------------------------------------------------------------------------------------

class Kind(StrEnum):
    FUNCTION_ORPHANED = "function_orphaned"
    FUNCTION_UNASSIGNED = "function_unassigned"
    PROCEDURE_NO_UNIT = "procedure_no_unit"
    PROCEDURE_SUCCESSOR = "procedure_successor"
    UNIT_HEADLESS = "unit_headless"
    POSITION_VACANT = "position_vacant"
    ACTING_TOO_LONG = "acting_too_long"
    MULTIPLE_POSITIONS = "multiple_positions"


LABELS = {
    Kind.FUNCTION_ORPHANED: "Chức năng, nhiệm vụ còn giao cho đơn vị đã hết hiệu lực",
    Kind.FUNCTION_UNASSIGNED: "Chức năng, nhiệm vụ không có đơn vị đảm nhận",
    Kind.PROCEDURE_NO_UNIT: "Thủ tục không có cơ quan có thẩm quyền đang hoạt động",
    Kind.PROCEDURE_SUCCESSOR: "Thủ tục chưa chuyển sang đơn vị kế thừa",
    Kind.UNIT_HEADLESS: "Đơn vị không có người đứng đầu",
    Kind.POSITION_VACANT: "Vị trí còn trống",
    Kind.ACTING_TOO_LONG: "Quyền, phụ trách quá thời hạn",
    Kind.MULTIPLE_POSITIONS: "Một người giữ nhiều vị trí",
}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    subject: str  # what the line is about, for a person reading the list
    explanation: str  # why it is a gap, in Vietnamese
    units: tuple[int, ...] = ()  # the units concerned (a leader sees the lines of their units)
    refs: Mapping[str, int] = field(default_factory=dict)  # ids a fix link needs: function, version, ...


def successor_of(unit_id: int, units: Mapping[int, UnitFact], on: date) -> UnitFact | None:
    """The live unit at the end of ``unit_id``'s chain of successors on ``on`` (None if the chain
    ends without one or loops; the unit itself if it is live)."""
    seen: set[int] = set()
    current = units.get(unit_id)
    while current is not None and not current.is_live(on):
        if current.id in seen or current.successor_id is None:
            return None
        seen.add(current.id)
        current = units.get(current.successor_id)
    return current


def _dmy(d: date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "—"


def review(facts: Facts, on: date, policy: ReviewPolicy | None = None) -> list[Finding]:
    """Every gap on ``on``, in the order of ``Kind``."""
    policy = policy or policy_on(on)
    units = facts.units
    out: list[Finding] = []
    out += _functions(facts, units, on)
    out += _procedures(facts, units, on)
    out += _people(facts, units, on, policy)
    order = list(Kind)
    return sorted(out, key=lambda f: order.index(f.kind))


def _functions(facts: Facts, units, on: date) -> list[Finding]:
    out = []
    current = defaultdict(list)
    for a in facts.assignments:
        if live(a.valid_from, a.valid_to, on):
            current[a.function_id].append(a)
    for f in facts.functions:
        here = current.get(f.id, [])
        live_units = [a for a in here if a.unit_id in units and units[a.unit_id].is_live(on)]
        if live_units:
            continue
        subject = f"{f.code} {f.name}"
        if not here:
            out.append(Finding(Kind.FUNCTION_UNASSIGNED, subject,
                               f"Ngày {_dmy(on)} không đơn vị nào được giao chức năng, nhiệm vụ này.",
                               refs={"function": f.id}))
            continue
        for a in here:
            gone = units.get(a.unit_id)
            if gone is None:
                continue
            heir = successor_of(gone.id, units, on)
            hint = (f"; giao cho đơn vị kế thừa «{heir.name}»" if heir
                    else "; đơn vị này không có đơn vị kế thừa đang hoạt động, cần giao cho đơn vị khác")
            out.append(Finding(Kind.FUNCTION_ORPHANED, subject,
                               f"Vẫn giao cho «{gone.name}», đơn vị đã hết hiệu lực ngày {_dmy(gone.valid_to)}{hint}.",
                               units=(gone.id, *((heir.id,) if heir else ())),
                               refs={"function": f.id, "assignment": a.id or 0,
                                     **({"successor": heir.id} if heir else {})}))
    return out


def _procedures(facts: Facts, units, on: date) -> list[Finding]:
    out = []
    for p in facts.procedures:
        unit = units.get(p.competent_unit_id) if p.competent_unit_id else None
        if unit is None or unit.is_live(on):
            continue
        heir = successor_of(unit.id, units, on)
        subject = f"{p.code} {p.name}"
        if heir is None:
            out.append(Finding(Kind.PROCEDURE_NO_UNIT, subject,
                               f"Cơ quan có thẩm quyền «{unit.name}» đã hết hiệu lực ngày {_dmy(unit.valid_to)} "
                               "và không có đơn vị kế thừa đang hoạt động.",
                               units=(unit.id,), refs={"version": p.version_id}))
        else:
            out.append(Finding(Kind.PROCEDURE_SUCCESSOR, subject,
                               f"Phiên bản đang áp dụng vẫn ghi cơ quan có thẩm quyền là «{unit.name}» (hết hiệu lực "
                               f"ngày {_dmy(unit.valid_to)}); cần cập nhật sang đơn vị kế thừa «{heir.name}».",
                               units=(unit.id, heir.id), refs={"version": p.version_id, "successor": heir.id}))
    return out


def _people(facts: Facts, units, on: date, policy: ReviewPolicy) -> list[Finding]:
    out: list[Finding] = []
    positions = [p for p in facts.positions if p.unit_id in units and units[p.unit_id].is_live(on)]
    holdings = [h for h in facts.holdings if live(h.start, h.end, on)]
    held: dict[int, list[HoldingFact]] = defaultdict(list)
    for h in holdings:
        held[h.position_id].append(h)
    heads: dict[int, list[PositionFact]] = defaultdict(list)
    for p in positions:
        if p.is_head:
            heads[p.unit_id].append(p)
    for unit in sorted((u for u in units.values() if u.is_live(on)), key=lambda u: u.name):
        if unit.kind in policy.headless_kinds:
            continue
        posts = heads.get(unit.id, [])
        if not posts:
            out.append(Finding(Kind.UNIT_HEADLESS, unit.name, "Đơn vị chưa có vị trí người đứng đầu.",
                               units=(unit.id,), refs={"unit": unit.id}))
        elif not any(held.get(p.id) for p in posts):
            titles = ", ".join(p.title for p in posts)
            out.append(Finding(Kind.UNIT_HEADLESS, unit.name, f"Vị trí người đứng đầu ({titles}) không có người giữ.",
                               units=(unit.id,), refs={"unit": unit.id, "position": posts[0].id}))
    ended: dict[int, date] = {}
    for h in facts.holdings:
        if h.end is not None and h.end < on:
            ended[h.position_id] = max(ended.get(h.position_id, h.end), h.end)
    unit_name = {u.id: u.name for u in units.values()}
    for p in positions:
        if p.is_head or held.get(p.id):
            continue  # a vacant head post is reported as a unit without a head
        since = ended.get(p.id)
        if since is not None and (on - since).days <= policy.vacancy_grace_days:
            continue
        why = f"Trống từ ngày {_dmy(since)}." if since else "Chưa có người giữ vị trí này."
        out.append(Finding(Kind.POSITION_VACANT, f"{p.title} — {unit_name[p.unit_id]}", why,
                           units=(p.unit_id,), refs={"position": p.id}))
    by_position = {p.id: p for p in positions}
    for h in sorted(holdings, key=lambda h: h.start):
        p = by_position.get(h.position_id)
        if p is None or not h.acting:
            continue
        if on > add_months(h.start, policy.acting_max_months):
            months = months_between(h.start, on)
            out.append(Finding(Kind.ACTING_TOO_LONG, f"{h.person} — {p.title}, {unit_name[p.unit_id]}",
                               f"Quyền, phụ trách từ ngày {_dmy(h.start)} ({months} tháng), quá "
                               f"{policy.acting_max_months} tháng.", units=(p.unit_id,),
                               refs={"holding": h.id, "position": p.id}))
    by_person: dict[int, list[HoldingFact]] = defaultdict(list)
    for h in holdings:
        if h.position_id in by_position:
            by_person[h.person_id].append(h)
    for person_id, hs in sorted(by_person.items(), key=lambda kv: kv[1][0].person):
        if len(hs) < 2:
            continue
        posts = "; ".join(f"{by_position[h.position_id].title} ({unit_name[by_position[h.position_id].unit_id]})"
                          for h in sorted(hs, key=lambda h: h.start))
        out.append(Finding(Kind.MULTIPLE_POSITIONS, hs[0].person, f"Cùng lúc giữ {len(hs)} vị trí: {posts}.",
                           units=tuple(sorted({by_position[h.position_id].unit_id for h in hs})),
                           refs={"person": person_id}))
    return out
