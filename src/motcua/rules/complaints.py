"""Statutory clocks of feedback, complaints and denunciations (phản ánh kiến nghị, khiếu nại, tố
cáo), on the same ``WorkingCalendar`` as dossiers (governance.md §5, §7 items 8–10;
one-stop-details.md §3.2, indicator 5.2).

Every time limit is a dated :class:`Limit` (key, effective date, amount, unit, legal basis);
``time_limit`` picks the one in force on a day and ``due_at`` turns it into a due moment.

How days count:

* ``WORKING`` — working time on the calendar, exactly as a dossier's clock: 1 day = 8 office
  hours from the start moment (a start outside office hours counts from the next session).
* ``CALENDAR`` — Civil Code 2015 Arts. 147–148 [R]: the day of the event is not counted; the
  limit ends at the end (24:00, here 23:59:59.999999) of its last day in Asia/Ho_Chi_Minh; if
  that day is a day off (weekend, holiday, Tết) the limit ends at the end of the next working day
  (Art. 148: "thời hạn kết thúc tại thời điểm kết thúc ngày làm việc tiếp theo ngày nghỉ đó").
  The roll can be turned off (``roll_day_off=False``) where a text says otherwise.

Which unit each limit uses is configuration; the uncertain choices are tagged [U] below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from motcua.rules.calendar import VN_TZ, WorkingCalendar
from motcua.rules.dated import in_force
from motcua.text import fold


class CaseKind(StrEnum):
    PAKN = "pakn"  # phản ánh, kiến nghị (về quy định hành chính, TTHC)
    COMPLAINT_FIRST = "complaint_first"  # khiếu nại lần đầu
    COMPLAINT_SECOND = "complaint_second"  # khiếu nại lần hai
    DENUNCIATION = "denunciation"  # tố cáo


#: what each kind is called on pages and letters
KIND_LABELS = {
    CaseKind.PAKN.value: "Phản ánh, kiến nghị",
    CaseKind.COMPLAINT_FIRST.value: "Khiếu nại lần đầu",
    CaseKind.COMPLAINT_SECOND.value: "Khiếu nại lần hai",
    CaseKind.DENUNCIATION.value: "Tố cáo",
}


class Step(StrEnum):
    REFUSE = "refuse"  # từ chối tiếp nhận PAKN
    REQUEST_INFO = "request_info"  # đề nghị bổ sung thông tin PAKN
    ACCEPT = "accept"  # thụ lý (khiếu nại, tố cáo)
    ACCEPT_EXTENDED = "accept_extended"  # thụ lý tố cáo khi phải kiểm tra, xác minh thêm
    RESOLVE = "resolve"  # trả lời PAKN / giải quyết khiếu nại, tố cáo
    PUBLISH = "publish"  # công khai kết quả trả lời PAKN


class DayCount(StrEnum):
    WORKING = "working"  # ngày làm việc
    CALENDAR = "calendar"  # ngày (theo lịch)


class Complexity(StrEnum):
    NORMAL = "normal"
    COMPLEX = "complex"  # vụ việc phức tạp
    ESPECIALLY_COMPLEX = "especially_complex"  # vụ việc đặc biệt phức tạp


@dataclass(frozen=True)
class Limit:
    """One statutory time limit, in force from ``effective_from``."""

    key: str  # "<kind>.<step>[.complex|.remote|.remote_complex]"
    effective_from: date
    amount: int
    unit: DayCount
    basis: str


W, C = DayCount.WORKING, DayCount.CALENDAR
_PAKN = "Quyết định 766/QĐ-TTg (chỉ số 5.2); Nghị định 20/2008/NĐ-CP sửa đổi bởi Nghị định 92/2017/NĐ-CP"
_KN = "Luật Khiếu nại 2011"
_TC = "Luật Tố cáo 2018"
_D766, _D2012, _D2019 = date(2022, 8, 1), date(2012, 7, 1), date(2019, 1, 1)
COMPLAINT_DAYS = W  # acceptance and resolution of complaints [U], see below

#: Amounts and units are from governance.md §5 / one-stop-details.md §3.2; article numbers are [R].
LIMITS: tuple[Limit, ...] = (
    # PAKN: the 766 portal's clocks, all in working days [V] one-stop-details.md §3.2.
    Limit("pakn.refuse", _D766, 2, W, _PAKN),
    Limit("pakn.request_info", _D766, 5, W, _PAKN),
    Limit("pakn.resolve", _D766, 15, W, _PAKN),
    Limit("pakn.publish", _D766, 2, W, _PAKN),
    # Complaints: the Law says "ngày" (Art. 28: "không quá 30 ngày, kể từ ngày thụ lý"); the
    # Inspectorate's procedure (Thông tư 07/2013/TT-TTCP, as recalled) counts them in working days.
    # [U] unverified under Nghị định 124/2020/NĐ-CP: set COMPLAINT_DAYS = C if it does not.
    Limit("complaint_first.accept", _D2012, 10, COMPLAINT_DAYS, f"{_KN}, Điều 27"),
    Limit("complaint_second.accept", _D2012, 10, COMPLAINT_DAYS, f"{_KN}, Điều 36"),
    Limit("complaint_first.resolve", _D2012, 30, COMPLAINT_DAYS, f"{_KN}, Điều 28"),
    Limit("complaint_first.resolve.complex", _D2012, 45, COMPLAINT_DAYS, f"{_KN}, Điều 28"),
    Limit("complaint_first.resolve.remote", _D2012, 45, COMPLAINT_DAYS, f"{_KN}, Điều 28"),
    Limit("complaint_first.resolve.remote_complex", _D2012, 60, COMPLAINT_DAYS, f"{_KN}, Điều 28"),
    Limit("complaint_second.resolve", _D2012, 45, COMPLAINT_DAYS, f"{_KN}, Điều 37"),
    Limit("complaint_second.resolve.complex", _D2012, 60, COMPLAINT_DAYS, f"{_KN}, Điều 37"),
    Limit("complaint_second.resolve.remote", _D2012, 60, COMPLAINT_DAYS, f"{_KN}, Điều 37"),
    Limit("complaint_second.resolve.remote_complex", _D2012, 70, COMPLAINT_DAYS, f"{_KN}, Điều 37"),
    # The citizen's own limits are calendar days [V]: 90 days to complain (Art. 9), 30 days
    # (45 in remote areas) for a second complaint (Art. 33) [R].
    Limit("complaint.limitation", _D2012, 90, C, f"{_KN}, Điều 9"),
    Limit("complaint.second_window", _D2012, 30, C, f"{_KN}, Điều 33"),
    Limit("complaint.second_window.remote", _D2012, 45, C, f"{_KN}, Điều 33"),
    # Denunciations: intake in working days as the Law says [V/R]; resolution and each
    # extension in calendar days (the Law says "ngày", unlike its intake clause) [R].
    Limit("denunciation.accept", _D2019, 7, W, f"{_TC}, Điều 24"),
    Limit("denunciation.accept_extended", _D2019, 10, W, f"{_TC}, Điều 24"),
    Limit("denunciation.resolve", _D2019, 30, C, f"{_TC}, Điều 30"),
    Limit("denunciation.extension", _D2019, 30, C, f"{_TC}, Điều 30"),
    Limit("denunciation.resolve_max", _D2019, 90, C, f"{_TC}, Điều 30"),
)

#: How many extensions (quyết định gia hạn) each complexity allows (Luật Tố cáo 2018, Điều 30).
EXTENSIONS_ALLOWED = {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}
_COUNT_WORDS = {0: "không", 1: "một", 2: "hai"}

STEPS: dict[CaseKind, tuple[Step, ...]] = {
    CaseKind.PAKN: (Step.REFUSE, Step.REQUEST_INFO, Step.RESOLVE, Step.PUBLISH),
    CaseKind.COMPLAINT_FIRST: (Step.ACCEPT, Step.RESOLVE),
    CaseKind.COMPLAINT_SECOND: (Step.ACCEPT, Step.RESOLVE),
    CaseKind.DENUNCIATION: (Step.ACCEPT, Step.ACCEPT_EXTENDED, Step.RESOLVE),
}


def limit_on(key: str, on: date | None = None, limits: Sequence[Limit] = LIMITS) -> Limit:
    """The limit ``key`` in force on ``on`` (latest effective on or before it; the earliest for
    older days, so that old cases still have a clock; the latest when ``on`` is None)."""
    found = sorted((x for x in limits if x.key == key), key=lambda x: x.effective_from)
    if not found:
        raise KeyError(f"Không có thời hạn «{key}».")
    return found[-1] if on is None else in_force(found, on)


def time_limit(kind: CaseKind, step: Step, *, is_complex: bool = False, remote: bool = False,
               on: date | None = None, limits: Sequence[Limit] = LIMITS) -> Limit:
    """The limit of ``step`` for a case of ``kind``; ``is_complex``/``remote`` (vùng sâu, vùng xa đi
    lại khó khăn) choose the complaint resolution variant and are ignored elsewhere."""
    kind, step = CaseKind(kind), Step(step)
    if step not in STEPS[kind]:
        raise ValueError(f"Loại vụ việc «{kind}» không có bước «{step}».")
    key = f"{kind}.{step}"
    if step is Step.RESOLVE and kind in (CaseKind.COMPLAINT_FIRST, CaseKind.COMPLAINT_SECOND):
        suffix = "remote_complex" if remote and is_complex else "remote" if remote else "complex" if is_complex else ""
        key += f".{suffix}" if suffix else ""
    return limit_on(key, on, limits)


def aware(moment: datetime) -> datetime:
    """``moment`` in Asia/Ho_Chi_Minh (a naive moment is taken to be Hà Nội time)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)


def local_date(moment: date | datetime) -> date:
    """The Hà Nội date of a moment; a date is returned as it is."""
    return aware(moment).date() if isinstance(moment, datetime) else moment


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=VN_TZ)


def add_days(calendar: WorkingCalendar, start: date | datetime, amount: int, unit: DayCount,
             *, roll_day_off: bool = True) -> datetime:
    """The moment ``amount`` days of ``unit`` after ``start`` (see the module's rules)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError("Số ngày của thời hạn phải là số nguyên không âm.")
    if DayCount(unit) is DayCount.WORKING:
        if not isinstance(start, datetime):
            start = datetime.combine(start, time.min, tzinfo=VN_TZ)
        return calendar.add_working_days(start, amount)
    last = local_date(start) + timedelta(days=amount)
    while roll_day_off and not calendar.is_working_day(last):
        last += timedelta(days=1)
    return end_of_day(last)


def due_at(kind: CaseKind, step: Step, start: date | datetime, calendar: WorkingCalendar, *,
           is_complex: bool = False, remote: bool = False, on: date | None = None,
           limits: Sequence[Limit] = LIMITS, roll_day_off: bool = True) -> datetime:
    """When ``step`` is due for a case whose clock started at ``start`` (receipt for refuse,
    request_info and accept; acceptance for resolve; the answer for publish). The limits are
    those in force on ``on`` (default: the day of ``start``)."""
    lim = time_limit(kind, step, is_complex=is_complex, remote=remote, on=on or local_date(start), limits=limits)
    return add_days(calendar, start, lim.amount, lim.unit, roll_day_off=roll_day_off)


# -- the citizen's limits at intake ---------------------------------------------------------------

@dataclass(frozen=True)
class IntakeCheck:
    ok: bool
    deadline: datetime | None  # the last moment to file (None: not yet open)
    reasons: tuple[str, ...] = ()


def _fmt(moment: date | datetime) -> str:
    return f"{local_date(moment):%d/%m/%Y}"


def _window(lim: Limit, anchor: date | datetime, filed_at: datetime, calendar: WorkingCalendar, extra_days: int,
            why: str) -> IntakeCheck:
    end = add_days(calendar, anchor, lim.amount + extra_days, lim.unit)
    if aware(filed_at) <= end:
        return IntakeCheck(True, end)
    return IntakeCheck(False, end, (f"{why}, hết ngày {_fmt(end)} ({lim.basis}).",))


def check_limitation(known_on: date | datetime, filed_at: datetime, calendar: WorkingCalendar, *,
                     excluded_days: int = 0, limits: Sequence[Limit] = LIMITS) -> IntakeCheck:
    """Thời hiệu khiếu nại: 90 days from the day the complainant received or learned of the
    decision or act; ``excluded_days`` (ốm đau, thiên tai, địch họa, đi công tác, học tập ở nơi
    xa...) do not count (Art. 9)."""
    if excluded_days < 0:
        raise ValueError("Số ngày trở ngại khách quan không được âm.")
    lim = limit_on("complaint.limitation", local_date(known_on), limits)
    why = f"Đã hết thời hiệu khiếu nại: {lim.amount} ngày kể từ ngày {_fmt(known_on)}"
    return _window(lim, known_on, filed_at, calendar, excluded_days, why)


def check_second_complaint(filed_at: datetime, calendar: WorkingCalendar, *, remote: bool = False,
                           first_decision_received_at: datetime | None = None,
                           first_due_at: datetime | None = None, limits: Sequence[Limit] = LIMITS) -> IntakeCheck:
    """Window for a second complaint (Art. 33): 30 days (45 remote) from receiving the first
    decision, or from the end of the first resolution limit when no decision came."""
    if first_decision_received_at is not None:
        anchor, since = first_decision_received_at, "ngày nhận quyết định giải quyết lần đầu"
    elif first_due_at is not None and aware(filed_at) > aware(first_due_at):
        anchor, since = first_due_at, "ngày hết thời hạn giải quyết lần đầu"
    else:
        return IntakeCheck(False, None, ("Chưa được khiếu nại lần hai: khiếu nại lần đầu chưa có quyết định "
                                         "giải quyết và chưa hết thời hạn giải quyết.",))
    lim = limit_on("complaint.second_window" + (".remote" if remote else ""), local_date(anchor), limits)
    why = f"Đã quá thời hạn khiếu nại lần hai: {lim.amount} ngày kể từ {since} ({_fmt(anchor)})"
    return _window(lim, anchor, filed_at, calendar, 0, why)


# -- denunciation extensions ---------------------------------------------------------------------

@dataclass(frozen=True)
class Extension:
    """Quyết định gia hạn giải quyết tố cáo: when it was decided and by how many days."""

    decided_at: datetime
    days: int


def _due_with(accepted_at: datetime, extensions: Sequence[Extension], calendar: WorkingCalendar,
              limits: Sequence[Limit]) -> datetime:
    base = limit_on("denunciation.resolve", local_date(accepted_at), limits)
    return add_days(calendar, accepted_at, base.amount + sum(e.days for e in extensions), base.unit)


def check_intake_extension(start: datetime, extended_since_start: bool, now: datetime, calendar: WorkingCalendar,
                           *, limits: Sequence[Limit] = LIMITS) -> tuple[str, ...]:
    """Why a denunciation's intake check may not be extended at ``now`` (empty: it may), its
    intake clock having started at ``start`` (receipt, a transfer, or the information it lacked):
    once per intake clock, and before the 7 working days run out; it then ends 10 working days
    from ``start`` (Luật Tố cáo 2018, Điều 24)."""
    on = local_date(start)
    base = limit_on("denunciation.accept", on, limits)
    longer = limit_on("denunciation.accept_extended", on, limits)
    if extended_since_start:
        return (f"Thời hạn kiểm tra, xác minh để thụ lý đã được kéo dài một lần (tối đa {longer.amount} ngày làm việc; "
                f"{longer.basis}).",)
    if aware(now) > due_at(CaseKind.DENUNCIATION, Step.ACCEPT, start, calendar, limits=limits):
        return (f"Đã quá thời hạn {base.amount} ngày làm việc để thụ lý; không thể kéo dài nữa.",)
    return ()


def check_extension(complexity: Complexity, accepted_at: datetime, granted: Sequence[Extension],
                    new: Extension, calendar: WorkingCalendar, *, limits: Sequence[Limit] = LIMITS) -> tuple[str, ...]:
    """Why ``new`` may not extend a denunciation accepted at ``accepted_at`` after ``granted``
    (empty: it may). Once for a complex case, twice for an especially complex one, each at most
    30 days, at most 90 days in all, decided after acceptance and before the current due time."""
    on = local_date(accepted_at)
    step = limit_on("denunciation.extension", on, limits)
    ceiling = limit_on("denunciation.resolve_max", on, limits)
    allowed = EXTENSIONS_ALLOWED[Complexity(complexity)]
    reasons = []
    if allowed == 0:
        reasons.append(f"Vụ việc tố cáo không phức tạp nên không được gia hạn thời hạn giải quyết ({step.basis}).")
    elif len(granted) >= allowed:
        what = "phức tạp" if allowed == 1 else "đặc biệt phức tạp"
        reasons.append(f"Vụ việc {what} chỉ được gia hạn {_COUNT_WORDS[allowed]} lần; "
                       f"đã gia hạn {len(granted)} lần ({step.basis}).")
    if new.days <= 0 or new.days > step.amount:
        reasons.append(f"Mỗi lần gia hạn từ 1 đến {step.amount} ngày (đề nghị {new.days} ngày).")
    total = limit_on("denunciation.resolve", on, limits).amount + sum(e.days for e in (*granted, new))
    if total > ceiling.amount:
        reasons.append(f"Tổng thời hạn giải quyết, kể cả gia hạn, không quá {ceiling.amount} ngày kể từ ngày "
                       f"thụ lý (sau lần gia hạn này sẽ là {total} ngày).")
    if aware(new.decided_at) < aware(accepted_at):
        reasons.append("Quyết định gia hạn không thể ban hành trước khi thụ lý tố cáo.")
    else:
        current = _due_with(accepted_at, granted, calendar, limits)
        if aware(new.decided_at) > current:
            reasons.append(f"Quyết định gia hạn phải ban hành trước khi hết thời hạn giải quyết "
                           f"(hạn hiện tại: hết ngày {_fmt(current)}).")
    return tuple(reasons)


def denunciation_due(accepted_at: datetime, calendar: WorkingCalendar, complexity: Complexity = Complexity.NORMAL,
                     extensions: Sequence[Extension] = (), *, limits: Sequence[Limit] = LIMITS) -> datetime:
    """The due time of a denunciation after its recorded extensions, each checked in order
    (``ValueError`` with the Vietnamese reasons if one was not allowed)."""
    for i, ext in enumerate(extensions):
        reasons = check_extension(complexity, accepted_at, extensions[:i], ext, calendar, limits=limits)
        if reasons:
            raise ValueError(f"Lần gia hạn thứ {i + 1} không hợp lệ: " + " ".join(reasons))
    return _due_with(accepted_at, extensions, calendar, limits)


# -- groups of filers ----------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupRule:
    """Nhiều người cùng khiếu nại, tố cáo, kiến nghị, phản ánh về một nội dung: cử người đại diện."""

    effective_from: date
    basis: str
    group_min: int = 5  # from this many people a representative is required
    small_max: int = 10  # up to this many: 1–2 representatives
    small_reps: int = 2
    large_reps: int = 5  # more than ``small_max``: at most this many


GROUP_RULES = (GroupRule(_D2012, "Luật Tiếp công dân 2013, Luật Khiếu nại 2011; Nghị định 124/2020/NĐ-CP [R]"),)


def check_representatives(filers: Sequence[str], representatives: Sequence[str], *,
                          on: date | None = None, rules: Sequence[GroupRule] = GROUP_RULES) -> tuple[str, ...]:
    """What is wrong with the representatives (người đại diện) of a group (empty: nothing).
    People are identified by ID number or name, compared without diacritics or case."""
    rule = max((r for r in rules if on is None or r.effective_from <= on), key=lambda r: r.effective_from,
               default=rules[0])
    people = {fold(p) for p in filers if fold(p)}
    reps = [fold(r) for r in representatives if fold(r)]
    n, problems = len(people), []
    if len(set(reps)) != len(reps):
        problems.append("Một người được ghi tên hai lần trong danh sách người đại diện.")
    outsiders = sorted({r.strip() for r in representatives if fold(r) and fold(r) not in people})
    if outsiders:
        problems.append("Người đại diện phải là người cùng đứng đơn: " + ", ".join(outsiders) + " không có trong "
                        "danh sách người đứng đơn.")
    count = len(set(reps))
    if n >= rule.group_min and count == 0:
        problems.append(f"Nhóm {n} người phải cử người đại diện ({rule.basis}).")
    elif rule.group_min <= n <= rule.small_max and count > rule.small_reps:
        problems.append(f"Nhóm từ {rule.group_min} đến {rule.small_max} người chỉ cử 1 hoặc {rule.small_reps} "
                        f"người đại diện (đang có {count}).")
    elif n > rule.small_max and count > rule.large_reps:
        problems.append(f"Nhóm trên {rule.small_max} người cử không quá {rule.large_reps} người đại diện "
                        f"(đang có {count}).")
    return tuple(problems)
