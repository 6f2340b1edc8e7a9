"""Decision 766/QĐ-TTg real-time service index (100 points, six score groups): every indicator
with its maximum, threshold and formula, and what one dossier counts towards, as dated versions
(``one-stop-details.md`` §3).

Two pure functions carry the index:

* ``dossier_tally(d, policy)`` — the counters one dossier adds to the month it was received in.
  The real-time path adds the difference between a dossier's tally before and after each act;
  a rebuild sums the tallies of every dossier replayed from its log. Both give the same numbers
  by construction.
* ``score(figures, policy)`` — points per indicator and group from summed counters and the
  catalogue's figures: ``pts = min(max, max × rate ÷ threshold)``, or ``max × rate`` without a
  threshold.

Whether a dossier still open is late depends on the time of reading, not on any act: its tally
keeps it as ``open`` with its deadline, and ``settle`` splits the open ones at reading time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from motcua.rules.calendar import VN_TZ
from motcua.rules.dated import in_force

# -- the six groups ----------------------------------------------------------------------------

GROUPS = (  # key, Vietnamese, English, maximum
    ("transparency", "Công khai, minh bạch", "Transparency", 18),
    ("progress", "Tiến độ giải quyết", "Progress", 20),
    ("online", "Dịch vụ công trực tuyến", "Online services", 12),
    ("payment", "Thanh toán trực tuyến", "Online payment", 10),
    ("satisfaction", "Mức độ hài lòng", "Satisfaction", 18),
    ("digitisation", "Số hóa hồ sơ", "Digitisation", 22),
)
GROUP_KEYS = tuple(g[0] for g in GROUPS)

#: What a dossier tells the index besides its clock, set by acts in ``data["facts"]``.
FACTS = {
    "paper_result": "Thủ tục có kết quả bằng giấy",
    "fee": "Có nghĩa vụ tài chính (phí, lệ phí khác 0)",
    "paid_online": "Đã thanh toán trực tuyến",
    "synced": "Đã đồng bộ lên Cổng Dịch vụ công quốc gia",
    "digitised": "Thành phần hồ sơ đã được số hóa",
    "reused": "Có thành phần lấy từ dữ liệu đã số hóa",
    "personal_storage": "Lấy giấy tờ từ, hoặc đẩy kết quả vào, kho dữ liệu cá nhân trên Cổng",
    "citizen_data": "Dùng dữ liệu dân cư (tài khoản VNeID hoặc CSDL quốc gia về dân cư)",
    "e_result": "Có kết quả điện tử có giá trị pháp lý",
}

#: Counters of one dossier (each 0 or 1) summed per unit and month.
COUNTERS = ("received", "on_time", "late", "open", "completed", "synced", "online", "online_effective", "paper_done",
            "e_result_done", "digitised_e_result", "reused", "personal_storage", "citizen_data", "fee_due",
            "paid_online", "disliked")
#: Counters per procedure (unit, month, procedure): which procedures had dossiers of each kind.
PROCEDURE_COUNTERS = ("received", "online", "fee_due", "paid_online", "citizen_data")
#: Figures that come from the catalogue and from other registers, not from dossier tallies.
CATALOGUE_FIGURES = ("announced", "announced_on_time", "published", "published_on_time", "content_full",
                     "procedures", "online_procedures", "online_procedures_used", "fee_procedures", "fee_data",
                     "fee_procedures_with_dossiers", "fee_procedures_paid_online", "communes", "communes_e_copy",
                     "citizen_procedures", "citizen_procedures_data", "pakn", "pakn_on_time", "pakn_bad")

ONLINE_CHANNELS = frozenset({"online", "vneid"})


@dataclass(frozen=True)
class Indicator:
    """One scored indicator. ``rate`` = numerator ÷ denominator (× ``times`` rate, for 3.3);
    ``complement`` scores 1 − (sum of the numerators) ÷ denominator (5.3, 5.4). With nothing to
    count (denominator 0) it scores ``when_empty`` (``None``: the maximum)."""

    code: str
    key: str
    group: str
    label: str
    label_en: str
    max_points: float
    numerator: tuple[str, ...]
    denominator: str
    threshold: float | None = None
    times: tuple[str, str] | None = None
    complement: bool = False
    when_empty: float | None = 0.0
    scope: str = "province_commune"  # "province": scored for the province only


def _i(code, key, group, label, label_en, max_points, numerator, denominator, **kw) -> Indicator:
    numerator = (numerator,) if isinstance(numerator, str) else tuple(numerator)
    return Indicator(code, key, group, label, label_en, max_points, numerator, denominator, **kw)


#: The indicators as the portal scored them from 1/8/2022 (QD766 DOCX, METRICS and refits, as
#: summarised in one-stop-details.md §3.2). The split of the 12 online-service points is not
#: published [U]: 2 + 4 + 6 is the retired refit's split, kept here as configuration. Where the
#: law names no rule for "nothing to count", an indicator that does not apply scores its maximum
#: and a volume indicator (no dossiers) scores 0 [U].
INDICATORS_2022 = (
    _i("1.1", "PUBLISH_ON_TIME", "transparency", "Công bố thủ tục hành chính đúng hạn", "Procedures announced on time",
       6, "announced_on_time", "announced", when_empty=None, scope="province"),
    _i("1.2", "PUBLIC_UPDATE_ON_TIME", "transparency", "Công khai thủ tục trên CSDL quốc gia đúng hạn",
       "Procedures published on the national database on time", 4, "published_on_time", "published",
       when_empty=None, scope="province"),
    _i("1.3", "PUBLIC_CONTENT_FULL", "transparency", "Công khai đầy đủ nội dung thủ tục",
       "Procedures published with complete content", 2, "content_full", "published", when_empty=None,
       scope="province"),
    _i("1.4", "DOSSIER_SYNC", "transparency", "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia",
       "Dossiers synced to the national portal", 6, "synced", "received"),
    _i("2.1", "ON_TIME", "progress", "Hồ sơ giải quyết đúng hạn", "Dossiers handled on time", 20, "on_time",
       "received"),
    _i("3.1", "ONLINE_PROCEDURES", "online", "Thủ tục cung cấp dịch vụ công trực tuyến",
       "Procedures offered online", 2, "online_procedures", "procedures", threshold=0.8, when_empty=None),
    _i("3.2", "ONLINE_PROCEDURES_USED", "online", "Dịch vụ công trực tuyến có phát sinh hồ sơ",
       "Online services that received dossiers", 4, "online_procedures_used", "online_procedures", when_empty=None),
    _i("3.3", "ONLINE_DOSSIERS", "online", "Hồ sơ trực tuyến (nhân tỷ lệ đồng bộ)",
       "Online dossiers (times the sync rate)", 6, "online_effective", "received", threshold=0.5,
       times=("synced", "received")),
    _i("3.5", "FEE_DATA", "payment", "Thủ tục có phí được công khai dữ liệu phí trên Cổng",
       "Fee-bearing procedures with fee data on the portal", 2, "fee_data", "fee_procedures", threshold=0.8,
       when_empty=None),
    _i("3.5b", "FEE_PROCEDURES_PAID_ONLINE", "payment", "Thủ tục có phát sinh thanh toán trực tuyến",
       "Procedures with an online payment", 2, "fee_procedures_paid_online", "fee_procedures_with_dossiers",
       threshold=0.8, when_empty=None),
    _i("3.6", "PAID_ONLINE", "payment", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online", 6, "paid_online",
       "fee_due", threshold=1.0, when_empty=None),
    _i("4.1", "ORIGINAL_RESULT_AVAILABLE", "digitisation", "Hồ sơ có kết quả điện tử có giá trị pháp lý",
       "Dossiers with a legally valid e-result", 6, "e_result_done", "paper_done", when_empty=None),
    _i("4.2", "SO_HOA_GIAY_TO_GIAI_QUYET", "digitisation", "Hồ sơ số hóa thành phần và kết quả",
       "Dossiers with digitised inputs and an e-result", 4, "digitised_e_result", "received"),
    _i("4.x", "ELECTRONIC_CERTIFIED_COPY", "digitisation", "Xã cung cấp chứng thực bản sao điện tử",
       "Communes offering electronic certified copies", 2, "communes_e_copy", "communes", when_empty=None,
       scope="province"),
    _i("4.3", "REUSED_DIGITIZED_DATA", "digitisation", "Hồ sơ tái sử dụng dữ liệu số hóa",
       "Dossiers reusing digitised data", 2, "reused", "received", threshold=0.8),
    _i("4.4", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "digitisation", "Hồ sơ kết nối kho dữ liệu cá nhân",
       "Dossiers using the citizen's data store", 4, "personal_storage", "received"),
    _i("4.5a", "CITIZEN_DATA_CONNECTED_FORMALITY", "digitisation", "Thủ tục khai thác dữ liệu dân cư",
       "Procedures using population data", 2, "citizen_procedures_data", "citizen_procedures", when_empty=None),
    _i("4.5b", "CITIZEN_DATA_CONNECTED_DOSSIER", "digitisation", "Hồ sơ khai thác dữ liệu dân cư",
       "Dossiers using population data", 2, "citizen_data", "received"),
    _i("5.2", "PETITION_PROCESSING_ON_TIME", "satisfaction", "Xử lý phản ánh, kiến nghị đúng hạn",
       "Feedback handled on time", 6, "pakn_on_time", "pakn", when_empty=None),
    _i("5.3", "PETITION_HANDLING_SATISFACTION", "satisfaction", "Hài lòng với việc xử lý phản ánh, kiến nghị",
       "Satisfaction with feedback handling", 6, "pakn_bad", "pakn", complement=True, when_empty=None),
    _i("5.4", "DOSSIER_RECEIVING_SATISFACTION", "satisfaction", "Hài lòng trong giải quyết hồ sơ",
       "Satisfaction with dossier handling", 6, ("late", "disliked"), "received", threshold=0.9, complement=True),
)


@dataclass(frozen=True)
class Policy:
    """One dated version of the index: its indicators and its counting rules."""

    version: str
    effective_from: date
    basis: str
    indicators: tuple[Indicator, ...]
    extension_counts_late: bool = True  # judged against the receipt's due time, apology or not [U]
    # 1.1: a province announces at least this many working days before the legal basis takes
    # effect (ministries: 20); 1.2: it publishes within this many working days of announcing (10).
    announce_lead_days: int = 5
    publish_within_days: int = 5
    multiple_supplements_late: bool = True  # more than one supplement request makes a dossier late [V]

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)


POLICIES: tuple[Policy, ...] = (
    Policy("2022-08", date(2022, 8, 1), "Quyết định 766/QĐ-TTg ngày 23/6/2022", INDICATORS_2022),
)


def policy_on(day: date, policies: Sequence[Policy] | None = None) -> Policy:
    """The version in force on ``day`` (the latest that took effect on or before it, the later in
    the list on equal dates; the earliest for earlier days, so that old dossiers still count)."""
    return in_force(POLICIES if policies is None else policies, day)


# -- one dossier --------------------------------------------------------------------------------

@dataclass(frozen=True)
class DossierFacts:
    """What the index reads of one dossier (plain values, from its record and its rating)."""

    received_at: datetime | None
    ended_at: datetime | None
    due_at: datetime | None
    reference_due_at: datetime | None  # the receipt's due time, never moved by an extension
    supplement_requests: int
    channel: str
    facts: Mapping[str, bool]
    disliked: bool = False  # rated "not satisfied", or a complaint about it


@dataclass(frozen=True)
class Tally:
    """What one dossier adds to its month: counters (only the ones that are 1), the deadline if
    it is still open and in time, and its procedure counters."""

    month: date
    counters: frozenset[str]
    open_due: datetime | None
    procedure_counters: frozenset[str]


def month_of(moment: datetime) -> date:
    local = moment.astimezone(VN_TZ)
    return date(local.year, local.month, 1)


def deadline(d: DossierFacts, policy: Policy) -> datetime | None:
    """The time the dossier is judged against; ``None`` while its clock is stopped (waiting for
    the applicant: that time is not counted) or when it has none."""
    if d.due_at is None:
        return None
    if policy.extension_counts_late and d.reference_due_at is not None:
        return min(d.reference_due_at, d.due_at)
    return d.due_at


def dossier_tally(d: DossierFacts, policy: Policy | None = None) -> Tally | None:
    """The counters of one dossier; ``None`` until it is received (a dossier refused at intake
    never counts)."""
    if d.received_at is None:
        return None
    policy = policy or policy_on(d.received_at.astimezone(VN_TZ).date())
    f = d.facts
    on = {"received"}
    due = deadline(d, policy)
    open_due = None
    if policy.multiple_supplements_late and d.supplement_requests > 1:
        on.add("late")
    elif d.ended_at is not None:
        on.add("late" if due is not None and d.ended_at > due else "on_time")
    elif due is None:
        on.add("on_time")  # its clock is stopped while the applicant supplements
    else:
        on.add("open")
        open_due = due
    online = d.channel in ONLINE_CHANNELS
    if d.ended_at is not None:
        on.add("completed")
        if f.get("paper_result"):
            on.add("paper_done")
            if f.get("e_result"):
                on.add("e_result_done")
    if online:
        on.add("online")
        if not f.get("paper_result") or f.get("e_result"):
            on.add("online_effective")
    for fact in ("synced", "reused", "personal_storage", "citizen_data", "paid_online"):
        if f.get(fact):
            on.add(fact)
    if f.get("digitised") and f.get("e_result"):
        on.add("digitised_e_result")
    if f.get("fee"):
        on.add("fee_due")
    else:
        on.discard("paid_online")  # zero-fee dossiers are left out of 3.6
    if d.disliked:
        on.add("disliked")
    procedure = {"received"} | {c for c in ("online", "fee_due", "paid_online", "citizen_data") if c in on}
    return Tally(month_of(d.received_at), frozenset(on), open_due, frozenset(procedure))


# -- reading ------------------------------------------------------------------------------------

def settle(counters: Mapping[str, int], late_open: int) -> dict[str, int]:
    """Counters at a moment: of the dossiers still open, ``late_open`` have passed their
    deadline; the rest are in time (progress counts them on time: done or still in time)."""
    out = {name: int(counters.get(name, 0)) for name in COUNTERS}
    late_open = max(0, min(late_open, out["open"]))
    out["late"] += late_open
    out["on_time"] += out["open"] - late_open
    return out


class IndicatorScore(NamedTuple):  # a tuple: made for each indicator of a card whose indicators are read
    indicator: Indicator
    numerator: float
    denominator: float
    rate: float | None  # None: nothing to count
    points: float


class ScoreCard:
    """A card's total, its groups' points and its indicators' scores. ``score_many`` scores an
    indicator at a time over every card (a column each); a card's indicators are taken from the
    columns when first asked for, since a ranking of 190 units shows only totals and groups."""

    __slots__ = ("total", "groups", "_indicators", "_columns", "_at")

    def __init__(self, total: float, groups: dict[str, float], indicators: tuple[IndicatorScore, ...] | None = None,
                 columns: list[tuple] | None = None, at: int = 0):
        self.total, self.groups = total, groups
        self._indicators, self._columns, self._at = indicators, columns, at

    @property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        if self._indicators is None:
            at, new = self._at, tuple.__new__
            self._indicators = tuple(new(IndicatorScore, (ind, nums[at], dens[at], rates[at], pts[at]))
                                     for ind, nums, dens, rates, pts in self._columns)
            self._columns = None
        return self._indicators

    def by_code(self, code: str) -> IndicatorScore:
        return next(s for s in self.indicators if s.indicator.code == code)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScoreCard):
            return NotImplemented
        return (self.total, self.groups, self.indicators) == (other.total, other.groups, other.indicators)

    __hash__ = None  # as the frozen dataclass it was, with a dict among its fields

    def __repr__(self) -> str:
        return f"ScoreCard(total={self.total!r}, groups={self.groups!r}, indicators={self.indicators!r})"


def points(max_points: float, rate: float, threshold: float | None) -> float:
    """pts = min(max, max × rate ÷ threshold); without a threshold, max × rate (rate in [0, 1]).
    The formula for one indicator, as the decision states it; ``score_many`` applies it to arrays."""
    rate = 0.0 if rate < 0 else 1.0 if rate > 1 else rate
    if threshold:
        pts = max_points * rate / threshold
        return max_points if pts > max_points else pts
    return max_points * rate


class _Plan(NamedTuple):
    """An indicator with what scoring reads of it, unpacked once (a ranking scores 3,000)."""

    indicator: Indicator
    first: str  # the numerator, or its first name
    rest: tuple[str, ...]  # the numerator's other names
    denominator: str
    complement: bool
    times: tuple[str, str] | None
    max_points: float
    threshold: float | None
    empty: float  # the points with nothing to count


def _plan(ind: Indicator) -> _Plan:
    return _Plan(ind, ind.numerator[0], ind.numerator[1:], ind.denominator, ind.complement, ind.times,
                 ind.max_points, ind.threshold, round(ind.max_points if ind.when_empty is None else ind.when_empty, 4))


def score(figures: Mapping[str, float], policy: Policy | None = None, province: bool = True) -> ScoreCard:
    """Points of every indicator and group. ``figures`` holds the settled dossier counters and
    the catalogue figures; a unit below the province is not scored on province-only indicators
    (their points are spread over nothing: the card's maximum is then below 100). One card of
    ``score_many``."""
    return score_many([figures], policy, province)[0]


def score_many(figures: Sequence[Mapping[str, float]], policy: Policy | None = None,
               province: bool = True) -> list[ScoreCard]:
    """The card (``score``) of each of ``figures``, worked out an indicator at a time over all of
    them with NumPy (a ranking scores some 190 units × 17 indicators). Each indicator's rate is
    numerator ÷ denominator (1 − it for a complement, × the ``times`` rate), clamped to [0, 1],
    and its points are ``points()``'s formula; with nothing to count (denominator 0) it scores its
    ``when_empty``. Points are rounded to 4 places as Python's ``round`` does (``_rounded``), the
    groups to 2, and the total is the sum of the rounded groups. tests/rules/test_index766_many.py
    checks every card against ``points()`` applied indicator by indicator, to the bit."""
    import numpy as np

    if not figures:
        return []
    gets = [f.get for f in figures]
    sums = dict.fromkeys(GROUP_KEYS, 0.0)
    columns = []
    for plan in _scored(policy or POLICIES[-1], province):
        ind, first, rest, den_name, complement, times, max_points, threshold, empty = plan
        nums = [float(g(first, 0) + sum(g(n, 0) for n in rest)) for g in gets] if rest else \
            [float(g(first, 0)) for g in gets]
        dens = [float(g(den_name, 0)) for g in gets]
        den = np.array(dens)
        counted = den > 0
        rate = np.array(nums) / np.where(counted, den, 1.0)
        if complement:
            rate = 1 - rate
        if times is not None:
            over = np.array([float(g(times[1], 0)) for g in gets])
            rate = rate * np.where(over != 0, np.array([float(g(times[0], 0)) for g in gets])
                                   / np.where(over != 0, over, 1.0), 0.0)
        rate = np.where(rate < 0, 0.0, np.where(rate > 1, 1.0, rate))
        pts = max_points * rate / threshold if threshold else max_points * rate
        counts = counted.tolist()
        rates = [r if c else None for r, c in zip(rate.tolist(), counts)]
        # ``points`` caps at the maximum itself (an int stays an int, as it prints)
        capped = (pts > max_points).tolist() if threshold else [False] * len(counts)
        points_ = [(max_points if cap else p) if c else empty
                   for p, c, cap in zip(_rounded(pts, 4), counts, capped)]
        sums[ind.group] = sums[ind.group] + np.array(points_)  # in indicator order, as ``score`` adds
        columns.append((ind, nums, dens, rates, points_))
    by_group = [_rounded(v, 2) if isinstance(v, np.ndarray) else [round(v, 2)] * len(gets) for v in sums.values()]
    cards = []
    for at, values in enumerate(zip(*by_group)):
        groups = dict(zip(GROUP_KEYS, values))
        cards.append(ScoreCard(round(sum(groups.values()), 2), groups, columns=columns, at=at))
    return cards


def _rounded(values, digits: int) -> list[float]:
    """``[round(v, digits) for v in values]`` for a NumPy array, at NumPy's speed. Python rounds
    the exact value of v × 10^digits to an integer k (half to even) and returns the double
    nearest k ÷ 10^digits; ``rint`` of the computed product finds the same k unless the product
    lies within its own rounding error of a half, and the division then gives the same double.
    Those few (and any value too large for that argument) take Python's ``round``."""
    import numpy as np

    scale = 10.0 ** digits
    product = values * scale
    out = (np.rint(product) / scale).tolist()
    doubtful = (np.abs(product - np.floor(product) - 0.5) < 1e-6) | ~(np.abs(product) < 2.0 ** 31)
    for i in np.flatnonzero(doubtful).tolist():
        out[i] = round(float(values[i]), digits)
    return out


_SCORED: dict[tuple[int, bool], tuple[Policy, tuple[_Plan, ...]]] = {}


def _scored(policy: Policy, province: bool) -> tuple[_Plan, ...]:
    """The indicators a card of the province (or of a unit below it) is scored on, kept per
    policy object (by identity: hashing a frozen policy hashes every indicator, 7.8 µs a card)."""
    held = _SCORED.get((id(policy), province))
    if held is None or held[0] is not policy:
        if len(_SCORED) >= 64:
            _SCORED.clear()
        held = _SCORED[(id(policy), province)] = (
            policy, tuple(_plan(i) for i in policy.indicators if province or i.scope != "province"))
    return held[1]


def maximum(policy: Policy | None = None, province: bool = True) -> float:
    policy = policy or POLICIES[-1]
    return sum(i.max_points for i in policy.indicators if province or i.scope != "province")
