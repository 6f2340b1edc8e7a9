"""Periodic job transfer and leader rotation (governance.md §6), as plain data and arithmetic.

- Periodic job transfer (định kỳ chuyển đổi vị trí công tác; Law on Anti-corruption 2018 Art. 24,
  Decree 59/2019): a civil servant in a listed position moves after the position's cycle of 24–60
  months. Never someone with less than 18 months to retirement; postponed while under discipline
  review, under inspection/investigation/trial, gravely ill, in full-time study of 12 months or
  more, seconded, pregnant or raising a child under 36 months.
- Leaders (Regulation 65-QĐ/TW, Decree 138/2020 Art. 56): no head of the listed kinds for more
  than 2 consecutive terms in the same unit; a rotation candidate needs 10 years of service left.

Every threshold sits in a ``RotationPolicy`` keyed by the date it took effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from motcua.rules.dated import in_force
from motcua.rules.organisation import add_months, live, months_between


class Postponement(StrEnum):
    DISCIPLINE = "discipline"  # đang bị xem xét xử lý kỷ luật
    INVESTIGATION = "investigation"  # đang bị kiểm tra, thanh tra, điều tra, truy tố, xét xử
    ILLNESS = "illness"  # đang điều trị bệnh hiểm nghèo
    STUDY = "study"  # đang đi học tập trung từ 12 tháng trở lên
    SECONDED = "seconded"  # đang được biệt phái
    MATERNITY = "maternity"  # đang mang thai hoặc nuôi con dưới 36 tháng tuổi


POSTPONEMENT_LABELS = {
    Postponement.DISCIPLINE: "Đang bị xem xét xử lý kỷ luật",
    Postponement.INVESTIGATION: "Đang bị kiểm tra, thanh tra, điều tra, truy tố, xét xử",
    Postponement.ILLNESS: "Đang điều trị bệnh hiểm nghèo",
    Postponement.STUDY: "Đang đi học tập trung từ 12 tháng trở lên",
    Postponement.SECONDED: "Đang được biệt phái",
    Postponement.MATERNITY: "Đang mang thai hoặc nuôi con dưới 36 tháng tuổi",
}


class LeaderKind(StrEnum):
    """Heads who may not serve more than two consecutive terms in one locality or agency."""

    PARTY_SECRETARY = "party_secretary"  # Bí thư cấp ủy
    COMMITTEE_CHAIR = "committee_chair"  # Chủ tịch Ủy ban nhân dân
    COURT = "court"  # Chánh án Tòa án nhân dân
    PROCURACY = "procuracy"  # Viện trưởng Viện kiểm sát nhân dân
    POLICE = "police"  # Giám đốc, Trưởng Công an
    INSPECTION = "inspection"  # Chánh Thanh tra
    FINANCE = "finance"  # Giám đốc Sở Tài chính, Trưởng phòng Tài chính
    TAX = "tax"  # Cục trưởng, Chi cục trưởng Thuế
    CUSTOMS = "customs"  # Cục trưởng, Chi cục trưởng Hải quan


LEADER_LABELS = {
    LeaderKind.PARTY_SECRETARY: "Bí thư cấp ủy",
    LeaderKind.COMMITTEE_CHAIR: "Chủ tịch Ủy ban nhân dân",
    LeaderKind.COURT: "Chánh án Tòa án nhân dân",
    LeaderKind.PROCURACY: "Viện trưởng Viện kiểm sát nhân dân",
    LeaderKind.POLICE: "Giám đốc (Trưởng) Công an",
    LeaderKind.INSPECTION: "Chánh Thanh tra",
    LeaderKind.FINANCE: "Người đứng đầu cơ quan tài chính",
    LeaderKind.TAX: "Người đứng đầu cơ quan thuế",
    LeaderKind.CUSTOMS: "Người đứng đầu cơ quan hải quan",
}


@dataclass(frozen=True)
class RotationPolicy:
    effective_from: date
    basis: str
    min_cycle_months: int = 24
    max_cycle_months: int = 60
    #: "due" this many months before the cycle ends (the notice and the plan take time) [U].
    due_within_months: int = 6
    #: never transferred with less than this many months to retirement.
    retirement_shield_months: int = 18
    #: a study postponement needs full-time study of at least this many months.
    study_min_months: int = 12
    #: a child postpones the transfer until it is this many months old.
    child_months: int = 36
    #: a head of the listed kinds is flagged from this many consecutive terms in the same unit.
    leader_max_terms: int = 2
    term_months: int = 60
    #: a leader with less than this many years of service left is not a rotation candidate.
    leader_min_years_left: int = 10
    #: when only a date of birth is known: retirement age in months [U: the 2021–2035 roadmap
    #: differs by sex and year; record the planned retirement date where it matters].
    default_retirement_age_months: int = 62 * 12
    leader_kinds: frozenset[str] = frozenset(LeaderKind)


POLICIES: tuple[RotationPolicy, ...] = (
    RotationPolicy(effective_from=date(2019, 8, 15),
                   basis="Luật Phòng, chống tham nhũng 2018 Điều 24; Nghị định 59/2019/NĐ-CP; Quy định 65-QĐ/TW"),
)


def policy_on(day: date, policies: tuple[RotationPolicy, ...] = POLICIES) -> RotationPolicy:
    return in_force(policies, day)


@dataclass(frozen=True)
class PostponementFact:
    kind: str
    start: date
    end: date | None = None  # planned end; for a child, left empty: the child's 36th month
    note: str = ""


@dataclass(frozen=True)
class PersonFact:
    birth_date: date | None = None
    retirement_date: date | None = None
    postponements: tuple[PostponementFact, ...] = ()


class Status(StrEnum):
    NOT_DUE = "not_due"  # chưa đến hạn
    DUE = "due"  # sắp đến hạn
    OVERDUE = "overdue"  # quá hạn chuyển đổi
    POSTPONED = "postponed"  # tạm hoãn
    EXEMPT = "exempt"  # không thực hiện chuyển đổi


STATUS_LABELS = {
    Status.NOT_DUE: "Chưa đến hạn",
    Status.DUE: "Sắp đến hạn",
    Status.OVERDUE: "Quá hạn chuyển đổi",
    Status.POSTPONED: "Tạm hoãn chuyển đổi",
    Status.EXEMPT: "Không chuyển đổi",
}


#: the same statuses said of a term-limited head (luân chuyển, giới hạn nhiệm kỳ)
LEADER_STATUS_LABELS = {
    Status.NOT_DUE: "Chưa đủ 2 nhiệm kỳ",
    Status.DUE: "Sắp đủ 2 nhiệm kỳ",
    Status.OVERDUE: "Cần luân chuyển (đủ 2 nhiệm kỳ)",
    Status.POSTPONED: "Tạm hoãn",
    Status.EXEMPT: "Không luân chuyển",
}


def retirement_on(person: PersonFact, policy: RotationPolicy) -> date | None:
    if person.retirement_date:
        return person.retirement_date
    if person.birth_date:
        return add_months(person.birth_date, policy.default_retirement_age_months)
    return None


def postponement_end(p: PostponementFact, policy: RotationPolicy) -> date | None:
    if p.kind == Postponement.MATERNITY and p.end is None:
        return add_months(p.start, policy.child_months)  # start = the child's birth (or the pregnancy's)
    return p.end


def open_postponement(person: PersonFact, on: date, policy: RotationPolicy) -> PostponementFact | None:
    """The postponement that holds the transfer back on ``on``, if any."""
    for p in person.postponements:
        if p.kind == Postponement.STUDY and (p.end is None or months_between(p.start, p.end) < policy.study_min_months):
            continue  # study shorter than 12 months (or with no planned end) postpones nothing
        if live(p.start, postponement_end(p, policy), on):
            return p
    return None


@dataclass(frozen=True)
class Assessment:
    status: Status
    months_in_post: int
    due_on: date | None
    reason: str
    notes: tuple[str, ...] = ()


def _dmy(d: date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "—"


def assess_transfer(start: date, cycle_months: int, person: PersonFact, on: date,
                    policy: RotationPolicy | None = None) -> Assessment:
    """Where a civil servant in a position subject to periodic transfer stands on ``on``:
    ``start`` is the day they took the position, ``cycle_months`` the position's cycle."""
    policy = policy or policy_on(on)
    cycle = min(max(cycle_months, policy.min_cycle_months), policy.max_cycle_months)
    months = months_between(start, on)
    due_on = add_months(start, cycle)
    retire = retirement_on(person, policy)
    if retire is not None and months_between(on, retire) < policy.retirement_shield_months:
        return Assessment(Status.EXEMPT, months, due_on,
                          f"Còn dưới {policy.retirement_shield_months} tháng đến tuổi nghỉ hưu ({_dmy(retire)}).")
    held = open_postponement(person, on, policy)
    if held is not None:
        until = postponement_end(held, policy)
        label = POSTPONEMENT_LABELS.get(held.kind, held.kind)
        return Assessment(Status.POSTPONED, months, due_on,
                          f"{label} (từ {_dmy(held.start)}" + (f" đến {_dmy(until)})" if until else ")")
                          + (f": {held.note}" if held.note else "") + ".")
    if on >= due_on:
        return Assessment(Status.OVERDUE, months, due_on,
                          f"Đã {months} tháng ở vị trí, quá chu kỳ {cycle} tháng từ ngày {_dmy(due_on)}.")
    if on >= add_months(due_on, -policy.due_within_months):
        return Assessment(Status.DUE, months, due_on,
                          f"Đến hạn chuyển đổi ngày {_dmy(due_on)} (chu kỳ {cycle} tháng).")
    return Assessment(Status.NOT_DUE, months, due_on, f"Đến hạn ngày {_dmy(due_on)}.")


def consecutive_months(spells: list[tuple[date, date | None]], on: date, gap_days: int = 31) -> tuple[date, int]:
    """The start of the unbroken run of ``spells`` (start, end) that reaches ``on``, and its length
    in months; spells separated by at most ``gap_days`` count as one run."""
    ordered = sorted(((s, e or on) for s, e in spells if s <= on), key=lambda x: x[0], reverse=True)
    if not ordered:
        return on, 0
    run_start, run_end = ordered[0]
    for s, e in ordered[1:]:
        if (run_start - e).days <= gap_days:
            run_start = min(run_start, s)
    return run_start, months_between(run_start, min(run_end, on))


def assess_leader(kind: str, spells: list[tuple[date, date | None]], person: PersonFact, on: date,
                  policy: RotationPolicy | None = None) -> Assessment:
    """A head's standing on ``on``: ``spells`` are their holdings of the head post(s) of one unit.
    Flagged (overdue) once the consecutive run reaches the second term; a note when fewer than 10
    years of service are left (not a rotation candidate)."""
    policy = policy or policy_on(on)
    run_start, months = consecutive_months(spells, on)
    term = months // policy.term_months + 1
    notes = []
    retire = retirement_on(person, policy)
    if retire is not None and months_between(on, retire) < policy.leader_min_years_left * 12:
        notes.append(f"Còn dưới {policy.leader_min_years_left} năm công tác (nghỉ hưu {_dmy(retire)}): "
                     "không đưa vào diện luân chuyển.")
    if kind not in policy.leader_kinds:
        return Assessment(Status.NOT_DUE, months, None, "Chức danh không thuộc diện giới hạn nhiệm kỳ.", tuple(notes))
    label = LEADER_LABELS.get(kind, kind)
    reach = add_months(run_start, policy.term_months * (policy.leader_max_terms - 1))
    if on >= reach:
        return Assessment(Status.OVERDUE, months, reach,
                          f"{label} liên tục {months} tháng tại cùng đơn vị "
                          f"(nhiệm kỳ thứ {term}, từ {_dmy(run_start)}): "
                          f"đã đủ {policy.leader_max_terms} nhiệm kỳ liên tiếp, cần bố trí luân chuyển.", tuple(notes))
    if on >= add_months(reach, -policy.due_within_months):
        return Assessment(Status.DUE, months, reach,
                          f"{label} bước sang nhiệm kỳ thứ {policy.leader_max_terms} tại cùng đơn vị từ ngày "
                          f"{_dmy(reach)}.", tuple(notes))
    return Assessment(Status.NOT_DUE, months, reach, f"Nhiệm kỳ thứ {term} từ {_dmy(run_start)}.", tuple(notes))
