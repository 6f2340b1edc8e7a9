"""Results-based scoring and classification of civil servants and agencies (đánh giá, xếp loại
chất lượng theo kết quả, sản phẩm), Decree 335/2025/NĐ-CP, in force from 1 Jan 2026
(governance.md §4.2, §7.6).

A sheet scores 100 points: **general criteria** (tiêu chí chung, ≤ 30, criteria and their maxima
are configuration) plus **results** (kết quả thực hiện nhiệm vụ, ≤ 70) from the products assigned
in the period, converted to standard units:

* quantity a = completed ÷ assigned (capped at 100 %);
* quality b = each completed product's quality points less 25 % per review it failed with major
  errors (never below 0), over the completed products;
* timeliness c = each assigned product's progress points less 25 % per delay not exempt
  (objective causes certified by the competent authority are exempt), over the assigned products;
* results = 70 × (w_a·a + w_b·b + w_c·c) ÷ (w_a + w_b + w_c) — the decree's weights were not
  retrieved, so equal weights (the mean) are the default [U]; a leader's results also take in
  their unit's (``leader_unit_share``, [U]).

Bands: excellent ≥ 90, good 70–<90, complete 50–<70, not complete < 50. A disqualifying fact
(degraded ideology or ethics, disciplined with a reprimand or more in the year, a leader whose unit
was sanctioned for corruption or waste) makes the band "not complete" whatever the score.

Quota (tỷ lệ hoàn thành xuất sắc): per agency and group of similar posts, n_excellent ≤
⌊20 % × n_good⌋. Whether n_good counts those rated good *or above* (excellent are chosen among
the good) or only those left at good is not settled in the sources [U]: ``quota_base`` says which,
default good-or-above. The excess is demoted to good, lowest score first; an outstanding
organisation (đơn vị có thành tích nổi trội) is exempt. Before 2026, Decree 90/2020 classified by
criteria without points; that is not modelled (``rules_on`` refuses those periods).

Plain Python: no Django. Scores are exact fractions, rounded to two decimals for the bands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from math import floor

from motcua.rules.dated import in_force


class Band(StrEnum):
    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ
    COMPLETE = "complete"  # Hoàn thành nhiệm vụ
    NOT_COMPLETE = "not_complete"  # Không hoàn thành nhiệm vụ

    @property
    def label(self) -> str:
        return BAND_LABELS[self]


BAND_LABELS = {
    Band.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Band.GOOD: "Hoàn thành tốt nhiệm vụ",
    Band.COMPLETE: "Hoàn thành nhiệm vụ",
    Band.NOT_COMPLETE: "Không hoàn thành nhiệm vụ",
}

OFFICIAL, LEADER, UNIT = "official", "leader", "unit"  # who a sheet scores


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    max_points: int


@dataclass(frozen=True)
class FactKind:
    """A disqualifying fact and whom it can concern (``OFFICIAL``, ``LEADER``, ``UNIT``)."""

    key: str
    label: str
    applies_to: frozenset[str]


@dataclass(frozen=True)
class Rules:
    version: str
    effective_from: date
    basis: str
    official_criteria: tuple[Criterion, ...]
    unit_criteria: tuple[Criterion, ...]
    facts: tuple[FactKind, ...]
    general_max: int = 30
    results_max: int = 70
    quality_penalty: Fraction = Fraction(1, 4)  # per failed review with major errors
    delay_penalty: Fraction = Fraction(1, 4)  # per delay not exempt
    weights: tuple[Fraction, Fraction, Fraction] = (Fraction(1), Fraction(1), Fraction(1))  # a, b, c [U]
    leader_unit_share: Fraction = Fraction(1, 2)  # a leader's results: this share from the unit's [U]
    excellent_from: int = 90
    good_from: int = 70
    complete_from: int = 50
    quota_share: Fraction = Fraction(1, 5)
    quota_base: str = "good_or_above"  # or "good_only" [U]

    def criteria(self, subject: str) -> tuple[Criterion, ...]:
        return self.unit_criteria if subject == UNIT else self.official_criteria

    def fact(self, key: str) -> FactKind | None:
        return next((f for f in self.facts if f.key == key), None)

    def facts_for(self, subject: str) -> tuple[FactKind, ...]:
        return tuple(f for f in self.facts if subject in f.applies_to)


class NoRulesInForce(ValueError):
    """No scoring rules were in force for the period asked."""


# The split of the 30 general points among criteria is not in the sources retrieved [U]: five
# equal criteria for officials (the decree's headings), three for agencies.
DECREE_335 = Rules(
    version="335-2025", effective_from=date(2026, 1, 1), basis="Nghị định 335/2025/NĐ-CP",
    official_criteria=(
        Criterion("politics", "Phẩm chất chính trị, tư tưởng", 6),
        Criterion("ethics", "Đạo đức, lối sống", 6),
        Criterion("manner", "Tác phong, lề lối làm việc", 6),
        Criterion("discipline", "Ý thức tổ chức kỷ luật", 6),
        Criterion("capacity", "Năng lực, trách nhiệm, đổi mới sáng tạo", 6),
    ),
    unit_criteria=(
        Criterion("leadership", "Lãnh đạo, chỉ đạo, tổ chức thực hiện nhiệm vụ", 10),
        Criterion("organisation", "Xây dựng tổ chức bộ máy, chấp hành kỷ luật, kỷ cương", 10),
        Criterion("reform", "Cải cách hành chính, chuyển đổi số, phục vụ người dân", 10),
    ),
    facts=(
        FactKind("ideology", "Suy thoái về tư tưởng chính trị, đạo đức, lối sống", frozenset({OFFICIAL, LEADER})),
        FactKind("disciplined", "Bị xử lý kỷ luật từ khiển trách trở lên trong năm (thi hành công vụ)",
                 frozenset({OFFICIAL, LEADER})),
        FactKind("corruption", "Cơ quan, đơn vị để xảy ra tham nhũng, lãng phí và bị xử lý",
                 frozenset({LEADER, UNIT})),
    ),
)

RULES: tuple[Rules, ...] = (DECREE_335,)


def rules_on(day: date, versions: Sequence[Rules] | None = None) -> Rules:
    """The rules in force on ``day`` (the latest that took effect on or before it)."""
    chosen = in_force(RULES if versions is None else versions, day, earliest_before=False)
    if chosen is None:
        raise NoRulesInForce(f"Ngày {day:%d/%m/%Y} chưa áp dụng chấm điểm theo kết quả, sản phẩm "
                             "(Nghị định 335/2025/NĐ-CP áp dụng từ 01/01/2026; trước đó xếp loại theo "
                             "Nghị định 90/2020/NĐ-CP, không chấm điểm).")
    return chosen


def rules_version(version: str) -> Rules:
    for rules in RULES:
        if rules.version == version:
            return rules
    raise NoRulesInForce(f"Không có bộ tiêu chí phiên bản «{version}».")


# -- the score ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Product:
    """One line of products (sản phẩm) in standard units: ``weight`` standard units per item."""

    assigned: int
    completed: int
    failed_reviews: int = 0
    delays: int = 0
    exempt_delays: int = 0
    weight: Fraction = Fraction(1)

    def check(self) -> list[str]:
        errors = []
        if min(self.assigned, self.completed, self.failed_reviews, self.delays, self.exempt_delays) < 0:
            errors.append("Các số liệu sản phẩm không được âm.")
        if self.completed > self.assigned:
            errors.append("Số sản phẩm hoàn thành không được vượt số được giao.")
        if self.exempt_delays > self.delays:
            errors.append("Số lần chậm được miễn trừ không được vượt số lần chậm.")
        if self.weight <= 0:
            errors.append("Hệ số quy đổi phải lớn hơn 0.")
        return errors


@dataclass(frozen=True)
class Score:
    general: Fraction
    quantity: Fraction | None  # a, b, c as fractions of 1 (None: nothing assigned)
    quality: Fraction | None
    timeliness: Fraction | None
    results: Fraction
    total: Decimal  # rounded to two decimals: what is shown and banded
    band_by_score: Band
    band: Band  # after disqualifying facts
    disqualified_by: tuple[str, ...] = ()


def general_points(rules: Rules, subject: str, points: Mapping[str, float | int | Decimal | Fraction]) -> Fraction:
    """The general criteria's points, each kept within its maximum; unknown keys are ignored."""
    total = Fraction(0)
    for c in rules.criteria(subject):
        value = Fraction(str(points.get(c.key, 0) or 0))
        total += min(max(value, Fraction(0)), Fraction(c.max_points))
    return min(total, Fraction(rules.general_max))


def shares(rules: Rules, products: Iterable[Product]) -> tuple[Fraction | None, Fraction | None, Fraction | None]:
    """(quantity, quality, timeliness) as fractions of 1 over the products' standard units."""
    assigned = completed = quality = timely = Fraction(0)
    for p in products:
        assigned += p.assigned * p.weight
        completed += p.completed * p.weight
        if p.completed:
            quality += max(Fraction(0), p.completed - rules.quality_penalty * p.failed_reviews) * p.weight
        if p.assigned:
            late = max(0, p.delays - p.exempt_delays)
            timely += max(Fraction(0), p.assigned - rules.delay_penalty * late) * p.weight
    if not assigned:
        return None, None, None
    return (min(completed / assigned, Fraction(1)), quality / completed if completed else Fraction(0),
            timely / assigned)


def results_points(rules: Rules, a: Fraction | None, b: Fraction | None, c: Fraction | None,
                   unit_results: Fraction | None = None) -> Fraction:
    """Results (≤ 70) from the three shares; a leader's blend in ``unit_results`` (points ≤ 70)."""
    own = Fraction(0)
    if a is not None:
        wa, wb, wc = rules.weights
        own = rules.results_max * (wa * a + wb * b + wc * c) / (wa + wb + wc)
    if unit_results is None:
        return own
    return (1 - rules.leader_unit_share) * own + rules.leader_unit_share * min(unit_results, Fraction(rules.results_max))


def round2(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def band_of(rules: Rules, total: Decimal | Fraction | float) -> Band:
    if total >= rules.excellent_from:
        return Band.EXCELLENT
    if total >= rules.good_from:
        return Band.GOOD
    if total >= rules.complete_from:
        return Band.COMPLETE
    return Band.NOT_COMPLETE


def score(rules: Rules, subject: str, general: Mapping[str, float | int | Decimal | Fraction],
          products: Sequence[Product], facts: Iterable[str] = (), unit_results: Fraction | None = None) -> Score:
    """The sheet's score and band. ``facts``: keys of the disqualifying facts recorded (those that
    do not concern this kind of subject are ignored)."""
    g = general_points(rules, subject, general)
    a, b, c = shares(rules, products)
    r = results_points(rules, a, b, c, unit_results if subject == LEADER else None)
    total = round2(g + r)
    by_score = band_of(rules, total)
    relevant = tuple(sorted({k for k in facts if (f := rules.fact(k)) is not None and subject in f.applies_to}))
    return Score(g, a, b, c, r, total, by_score, Band.NOT_COMPLETE if relevant else by_score, relevant)


# -- the quota ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One sheet of a quota group: ``band`` as computed (before the quota); ``final`` the band it
    was approved with, when it was (that band stands)."""

    key: object
    name: str
    total: Decimal
    band: Band
    final: Band | None = None

    @property
    def locked(self) -> bool:
        return self.final is not None


@dataclass(frozen=True)
class QuotaOutcome:
    base: int  # n_good (or good-or-above) that the limit is a share of
    limit: int | None  # None: no limit (outstanding organisation)
    excellent_before: int
    kept: tuple[object, ...]
    demoted: tuple[object, ...]
    bands: dict = field(default_factory=dict)  # key -> band after the quota
    explanation: str = ""
    notes: dict = field(default_factory=dict)  # key -> why this sheet was demoted


def _num(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _plain(value: Fraction) -> str:
    return f"{float(value):g}".replace(".", ",")


def apply_quota(rules: Rules, entries: Sequence[Entry], outstanding: bool = False) -> QuotaOutcome:
    """Keep at most ⌊share × base⌋ excellent ratings in the group; demote the lowest-scored excess
    to good (approved sheets keep their band and use their places first)."""
    excellent = [e for e in entries if e.band is Band.EXCELLENT]
    good = sum(1 for e in entries if e.band is Band.GOOD)

    def base_keeping(k: int) -> int:  # those demoted become good, so "good only" grows as k falls
        return good + len(excellent) if rules.quota_base == "good_or_above" else good + len(excellent) - k

    keep = next(k for k in range(len(excellent), -1, -1) if k <= floor(rules.quota_share * base_keeping(k)))
    base = base_keeping(keep)
    bands = {e.key: e.final or e.band for e in entries}
    share = f"{_plain(rules.quota_share * 100)} %"
    counted = ("xếp loại từ hoàn thành tốt trở lên" if rules.quota_base == "good_or_above"
               else "xếp loại hoàn thành tốt")
    if outstanding:
        return QuotaOutcome(base_keeping(len(excellent)), None, len(excellent), tuple(e.key for e in excellent), (), bands,
                            f"Đơn vị có thành tích nổi trội: không áp dụng giới hạn {share}; "
                            f"giữ {len(excellent)} người hoàn thành xuất sắc.")
    # good-or-above: the share of a fixed base; good only: the most that still fits once the
    # excess has become good (the share of the base after demotion may allow one more than fits)
    limit = floor(rules.quota_share * base) if rules.quota_base == "good_or_above" else keep
    fixed_kept = [e for e in excellent if e.final is Band.EXCELLENT]  # approved as excellent
    fixed_out = [e for e in excellent if e.locked and e.final is not Band.EXCELLENT]  # approved after demotion
    free = sorted((e for e in excellent if not e.locked), key=lambda e: (-e.total, e.name))
    room = max(0, limit - len(fixed_kept))
    kept, cut = fixed_kept + free[:room], free[room:]
    demoted = cut + fixed_out
    notes = {}
    for e in cut:
        bands[e.key] = Band.GOOD
        notes[e.key] = (f"Đạt {_num(e.total)} điểm nhưng vượt tỷ lệ hoàn thành xuất sắc của nhóm "
                        f"(tối đa {limit} người): chuyển xuống hoàn thành tốt vì điểm thấp hơn người được giữ.")
    text = (f"Nhóm có {base} người {counted}; tối đa {share} × {base} = "
            f"{_plain(rules.quota_share * base)} → {limit} người hoàn thành xuất sắc. "
            f"{len(excellent)} người đạt từ {rules.excellent_from} điểm.")
    if demoted:
        text += (" Giữ: " + ", ".join(f"{e.name} ({_num(e.total)})" for e in kept) + "." if kept else " Không giữ ai.")
        text += " Chuyển xuống hoàn thành tốt (điểm thấp nhất trước): " + ", ".join(
            f"{e.name} ({_num(e.total)})" for e in sorted(demoted, key=lambda e: (e.total, e.name))) + "."
        if kept and any(e.total == min(k.total for k in kept) for e in demoted):
            text += " Có người bằng điểm với người được giữ: tập thể cần xem xét lại thứ tự."
    else:
        text += " Không vượt tỷ lệ."
    if len(fixed_kept) > limit:
        text += " Phiếu đã phê duyệt giữ nguyên xếp loại dù vượt tỷ lệ."
    return QuotaOutcome(base, limit, len(excellent), tuple(e.key for e in kept), tuple(e.key for e in demoted),
                        bands, text, notes)
