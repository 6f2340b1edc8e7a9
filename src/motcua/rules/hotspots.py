"""Long-running cases, hot spots and leaders' citizen-reception days (vụ việc phức tạp, kéo dài;
điểm nóng; lịch tiếp công dân định kỳ) — governance.md §5, §7 item 11.

* ``case_flags`` — why a case counts as long-running, under the flag policy in force on the day
  it was filed. The law sets no list: Plan 363/KH-TTCP (2019) speaks of cases still contested
  after lawful resolution; the four flags and the group size are the platform's [U design].
* ``rank_hotspots`` — communes or units ranked by their open flagged cases.
* ``missing_reception`` — the months (province chair) or weeks (commune chair) of a period with no
  reception day held (Luật Tiếp công dân 2013, Điều 12, 15 [R]).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum, StrEnum

from motcua.rules.calendar import VN_TZ
from motcua.rules.dated import in_force


class Flag(StrEnum):
    PAST_MAXIMUM = "past_maximum"  # quá thời hạn giải quyết tối đa theo luật
    REFILED_AFTER_FINAL = "refiled_after_final"  # tiếp tục gửi đơn sau khi đã giải quyết cuối cùng
    ABOVE_COMPETENT_LEVEL = "above_competent_level"  # gửi đơn vượt cấp
    GROUP = "group"  # đông người


class Level(IntEnum):
    """Levels of government after 1 July 2025 (cấp huyện abolished); higher is above."""

    COMMUNE = 1  # cấp xã
    PROVINCE = 2  # cấp tỉnh
    CENTRAL = 3  # trung ương


LEVEL_NAMES = {Level.COMMUNE: "cấp xã", Level.PROVINCE: "cấp tỉnh", Level.CENTRAL: "trung ương"}


@dataclass(frozen=True)
class FlagPolicy:
    """One dated version of the long-running flags."""

    effective_from: date
    basis: str
    flags: frozenset[Flag] = frozenset(Flag)
    group_min_people: int = 5  # đông người: from this many filers


FLAG_POLICIES: tuple[FlagPolicy, ...] = (
    FlagPolicy(date(2019, 1, 1), "Kế hoạch 363/KH-TTCP (2019); tiêu chí của nền tảng [U]"),
)


def flag_policy_on(day: date, policies: Sequence[FlagPolicy] = FLAG_POLICIES) -> FlagPolicy:
    """The policy in force on ``day`` (the earliest one for older days)."""
    return in_force(policies, day)


@dataclass(frozen=True)
class CaseFacts:
    """What the flags read of one case (plain values; the service fills them)."""

    filed_at: datetime
    people: int  # filers (người đứng đơn), the group included
    max_due_at: datetime | None  # the legal maximum (all allowed extensions included), None: no clock
    closed_at: datetime | None = None
    final_decision_at: datetime | None = None  # an earlier final decision on the same matter
    filed_level: Level | None = None  # the level the case was sent to
    competent_level: Level | None = None  # the level competent to resolve it


@dataclass(frozen=True)
class FlagReason:
    flag: Flag
    reason: str


def _local(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)


def _d(moment: datetime) -> str:
    return _local(moment).strftime("%d/%m/%Y")


def case_flags(case: CaseFacts, now: datetime,
               policies: Sequence[FlagPolicy] = FLAG_POLICIES) -> tuple[FlagReason, ...]:
    """The flags a case has at ``now``, each with its Vietnamese reason, in ``Flag`` order."""
    policy = flag_policy_on(_local(case.filed_at).date(), policies)
    out: list[FlagReason] = []
    end = _local(case.closed_at or now)
    if Flag.PAST_MAXIMUM in policy.flags and case.max_due_at is not None and end > _local(case.max_due_at):
        what = "Đã giải quyết sau" if case.closed_at else "Chưa giải quyết dù đã quá"
        out.append(FlagReason(Flag.PAST_MAXIMUM, f"{what} thời hạn tối đa theo luật ({_d(case.max_due_at)})."))
    if (Flag.REFILED_AFTER_FINAL in policy.flags and case.final_decision_at is not None
            and _local(case.final_decision_at) <= _local(case.filed_at)):
        out.append(FlagReason(Flag.REFILED_AFTER_FINAL, "Tiếp tục gửi đơn sau khi vụ việc đã có quyết định giải "
                              f"quyết cuối cùng ({_d(case.final_decision_at)})."))
    if (Flag.ABOVE_COMPETENT_LEVEL in policy.flags and case.filed_level is not None
            and case.competent_level is not None and case.filed_level > case.competent_level):
        out.append(FlagReason(Flag.ABOVE_COMPETENT_LEVEL, f"Gửi đơn vượt cấp: gửi {LEVEL_NAMES[case.filed_level]} "
                              f"trong khi thẩm quyền giải quyết thuộc {LEVEL_NAMES[case.competent_level]}."))
    if Flag.GROUP in policy.flags and case.people >= policy.group_min_people:
        out.append(FlagReason(Flag.GROUP, f"Vụ việc đông người ({case.people} người, từ "
                              f"{policy.group_min_people} người trở lên)."))
    return tuple(out)


# -- hot spots -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OpenCase:
    """One open case as the hot-spot view reads it."""

    area: str  # the commune or unit the case is counted under
    flagged: bool
    people: int
    age_days: int  # calendar days since filing


@dataclass(frozen=True)
class HotSpot:
    area: str
    flagged_cases: int
    people: int  # people in the flagged cases
    oldest_days: int
    mean_age_days: float
    rank: int = 0
    previous_rank: int | None = None  # None: not ranked in the previous period
    change: int | None = None  # flagged cases now minus then (None: not ranked then)


def rank_hotspots(cases: Iterable[OpenCase], previous: Iterable[OpenCase] | None = None) -> list[HotSpot]:
    """Areas with at least one open flagged case, hottest first.

    Ordering (lexicographic, no weights to argue about): more open flagged cases; then more people
    in them; then the older oldest case; then the higher mean age; then the area name (A–Z) so
    that ties are stable. Unflagged cases are ignored. With ``previous`` (the same view at the
    start of the period) each spot carries its previous rank and the change in flagged cases."""
    ranked = _rank(cases)
    if previous is None:
        return ranked
    before = {h.area: h for h in _rank(previous)}
    out = []
    for h in ranked:
        b = before.get(h.area)
        out.append(HotSpot(h.area, h.flagged_cases, h.people, h.oldest_days, h.mean_age_days, h.rank,
                           b.rank if b else None, h.flagged_cases - b.flagged_cases if b else None))
    return out


def _rank(cases: Iterable[OpenCase]) -> list[HotSpot]:
    groups: dict[str, list[OpenCase]] = {}
    for c in cases:
        if c.flagged:
            groups.setdefault(c.area, []).append(c)
    spots = [HotSpot(area, len(cs), sum(c.people for c in cs), max(c.age_days for c in cs),
                     round(sum(c.age_days for c in cs) / len(cs), 2)) for area, cs in groups.items()]
    spots.sort(key=lambda h: (-h.flagged_cases, -h.people, -h.oldest_days, -h.mean_age_days, h.area))
    return [HotSpot(h.area, h.flagged_cases, h.people, h.oldest_days, h.mean_age_days, i + 1)
            for i, h in enumerate(spots)]


# -- citizen reception ---------------------------------------------------------------------------

class Period(StrEnum):
    WEEK = "week"  # Monday–Sunday
    MONTH = "month"


@dataclass(frozen=True)
class ReceptionRule:
    """Chủ tịch UBND tiếp công dân định kỳ: at least ``min_days`` a ``period``."""

    level: str  # "province", "district", "commune"
    period: Period
    min_days: int
    effective_from: date
    effective_to: date | None
    basis: str


RECEPTION_RULES = (
    ReceptionRule("province", Period.MONTH, 1, date(2014, 7, 1), None, "Luật Tiếp công dân 2013, Điều 12"),
    ReceptionRule("district", Period.MONTH, 2, date(2014, 7, 1), date(2025, 6, 30), "Luật Tiếp công dân 2013, Điều 14"),
    ReceptionRule("commune", Period.WEEK, 1, date(2014, 7, 1), None, "Luật Tiếp công dân 2013, Điều 15"),
)


@dataclass(frozen=True)
class MissingPeriod:
    start: date
    end: date
    held: int
    required: int
    label: str  # "Tháng 03/2026", "Tuần 10/2026 (02/03–08/03/2026)"


def _periods(period: Period, start: date, end: date):
    """Whole periods inside [start, end]: a period cut by either end is not yet (or no longer) due."""
    if period is Period.WEEK:
        first = start + timedelta(days=(7 - start.weekday()) % 7)
        while first + timedelta(days=6) <= end:
            last = first + timedelta(days=6)
            year, week, _ = first.isocalendar()
            yield first, last, f"Tuần {week:02d}/{year} ({first:%d/%m}–{last:%d/%m/%Y})"
            first += timedelta(days=7)
        return
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    while True:
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        last = nxt - timedelta(days=1)
        if last > end:
            return
        yield first, last, f"Tháng {first:%m/%Y}"
        first = nxt


def missing_reception(level: str, held_days: Iterable[date], start: date, end: date,
                      rules: Sequence[ReceptionRule] = RECEPTION_RULES) -> list[MissingPeriod]:
    """The whole weeks or months within [start, end] in which the chair of ``level`` held fewer
    reception days than the rule in force then requires (days counted once each)."""
    if start > end:
        raise ValueError("Ngày bắt đầu phải không sau ngày kết thúc.")
    if not any(r.level == level for r in rules):
        raise ValueError(f"Không có quy định tiếp công dân định kỳ cho cấp «{level}».")
    held = set(held_days)
    out = []
    for rule in rules:
        if rule.level != level:
            continue
        for first, last, label in _periods(rule.period, start, end):
            if first < rule.effective_from or (rule.effective_to is not None and last > rule.effective_to):
                continue
            count = sum(1 for d in held if first <= d <= last)
            if count < rule.min_days:
                out.append(MissingPeriod(first, last, count, rule.min_days, label))
    return sorted(out, key=lambda m: m.start)
