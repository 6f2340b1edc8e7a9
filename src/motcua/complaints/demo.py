"""Cases for the demo: a year of feedback and petitions (PAKN), first and second complaints and
denunciations before ``now``, across Hà Nội's communes and agencies, every act through
``complaints.services`` so that clocks, logs, flags and the Decision 766 counters are real.

Most are handled on time; some late, refused, withdrawn or still open; some filed twice
(duplicates) or again after the answer (repeats); groups name their representatives; some are
about a demo dossier; PAKN answers are published and rated. Long-running cases (groups,
refilings after a final decision, petitions sent above the competent level, cases past their
legal maximum) gather in a few "hot" communes. Leaders' citizen-reception days for the year are
written in bulk (no log belongs to them): held on most weeks, missed on some, more often in the
hot communes. Deterministic for a seed; an existing register is kept.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model

from motcua.complaints import services as sv
from motcua.complaints.flags import refresh_all
from motcua.complaints.models import Case, ReceptionDay
from motcua.complaints.services import CaseRefused, FilerIn
from motcua.demo.people import full_name, id_number, phone
from motcua.dossiers.models import Dossier
from motcua.rules.calendar import VN_TZ
from motcua.units.calendars import calendar_for
from motcua.units.models import Area, Official, Unit

OFFSET = 60
COUNTS = {"pakn": 230, "complaint_first": 170, "denunciation": 130}  # second complaints follow the first
HOT = 4  # communes where the long-running cases gather
SUBJECTS = {
    "pakn": ["Đèn chiếu sáng ngõ {n} hỏng nhiều ngày", "Rác thải tồn đọng tại tổ dân phố số {n}",
             "Hồ sơ đăng ký hộ kinh doanh chậm trả kết quả", "Vỉa hè phố {n} bị lấn chiếm làm nơi để xe",
             "Kiến nghị đơn giản hoá thành phần hồ sơ chứng thực", "Nước thải tràn ra đường tại ngõ {n}",
             "Tiếng ồn công trình xây dựng ban đêm tại số {n}", "Cán bộ một cửa hướng dẫn chưa rõ ràng"],
    "complaint_first": ["Khiếu nại quyết định thu hồi đất tại thửa số {n}", "Khiếu nại quyết định xử phạt vi phạm hành chính số {n}",
                        "Khiếu nại việc từ chối cấp giấy phép xây dựng", "Khiếu nại mức bồi thường giải phóng mặt bằng dự án số {n}",
                        "Khiếu nại việc không cấp giấy chứng nhận quyền sử dụng đất"],
    "denunciation": ["Tố cáo cán bộ địa chính gây phiền hà khi giải quyết hồ sơ", "Tố cáo xây dựng trái phép tại số {n}",
                     "Tố cáo sai phạm trong quản lý quỹ đất công ích", "Tố cáo cán bộ nhận tiền ngoài quy định"],
}
PUBLIC = "Cơ quan đã kiểm tra, xử lý nội dung phản ánh; kết quả được công khai (đã bỏ thông tin cá nhân)."


class _Demo:
    def __init__(self, seed: int, now: datetime, org: dict, accounts):
        self.rng, self.now = random.Random(seed + OFFSET), now
        self.committees = list(org.get("committees") or Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE,
                                                                            level=Unit.Level.COMMUNE))
        self.agencies = list(org.get("agencies") or Unit.objects.filter(kind=Unit.Kind.DEPARTMENT))
        self.province = Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE, level=Unit.Level.PROVINCE).first()
        self.branch_of = org.get("branch_of") or {}
        self.hot = self.committees[5:5 + HOT] if len(self.committees) > 10 else self.committees[:1]
        self.handlers = self._handlers(accounts)
        self.tally: Counter = Counter()
        self.dossiers = self._dossiers()
        self.answered_first: list[Case] = []
        self.areas = Area.objects.in_bulk({u.area_id for u in self.committees})

    def _handlers(self, accounts) -> dict[int, object]:
        pool = {**getattr(accounts, "leaders", {}), **getattr(accounts, "officers", {})}
        units = [*self.committees, *self.agencies, *([self.province] if self.province else [])]
        missing = [u.pk for u in units if u.pk not in pool]
        for unit_id, user in Official.objects.filter(unit_id__in=missing).select_related("user").values_list(
                "unit_id", "user").order_by("pk"):
            pool.setdefault(unit_id, user)
        users = get_user_model().objects.in_bulk({v for v in pool.values() if isinstance(v, int)})
        fallback = get_user_model().objects.filter(is_superuser=True).first()
        return {u.pk: users.get(pool.get(u.pk), pool.get(u.pk)) or fallback for u in units}

    def _dossiers(self) -> dict[int, tuple[list, list]]:
        """Received dossiers by area: (received moments, pks), in time order."""
        out: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
        rows = Dossier.objects.filter(received_at__isnull=False, area__isnull=False).order_by("received_at").values_list(
            "area_id", "received_at", "pk")
        for area, at, pk in rows.iterator(chunk_size=20_000):
            out[area][0].append(at)
            out[area][1].append(pk)
        return out

    def dossier_before(self, area_id: int, at: datetime):
        times, pks = self.dossiers.get(area_id, ([], []))
        i = bisect.bisect_left(times, at - timedelta(days=3))
        return pks[self.rng.randrange(max(0, i - 200), i)] if i else None

    # -- people and moments ----------------------------------------------------------------------

    def person(self, email: bool = False) -> FilerIn:
        last, middle, given = full_name(self.rng)
        n = self.rng.randrange(1000)
        return FilerIn(f"{last} {middle} {given}", id_number(self.rng), phone(self.rng),
                       f"nguoigui{n:03d}@example.vn" if email else "", f"Số {n}, tổ dân phố {n % 30 + 1}")

    def office_time(self, day: datetime, hours=(8, 16)) -> datetime:
        local = day.astimezone(VN_TZ)
        moment = local.replace(hour=self.rng.randint(*hours), minute=self.rng.choice((0, 15, 30, 45)),
                               second=0, microsecond=0)
        while moment.weekday() >= 5:
            moment += timedelta(days=1)
        return moment

    # -- one case's life -----------------------------------------------------------------------------

    def act(self, fn, case, at, **kw):
        """Do the act if its moment has come (else the case stays where it is)."""
        if at > self.now:
            return case
        try:
            case = fn(case, by=self.handlers[case.handling_unit_id], now=at, **kw)
            self.tally[fn.__name__] += 1
        except CaseRefused:
            self.tally["refused_act"] += 1
        return case

    def file(self, kind: str, at: datetime, unit: Unit, filers: list[FilerIn], **kw) -> Case | None:
        try:
            case = sv.file_case(kind=kind, channel=kw.pop("channel", self.rng.choice(("online", "online", "reception", "post"))),
                                subject=kw.pop("subject"), content=kw.pop("content", "Đề nghị cơ quan có thẩm quyền xem xét, giải quyết."),
                                filers=filers, handling_unit=unit, now=at, **kw)
        except CaseRefused:
            self.tally["refused_filing"] += 1
            return None
        self.tally[kind] += 1
        self.tally["linked"] += case.matter_of_id is not None
        return case

    def handle(self, case: Case, *, late: bool, stall: bool = False) -> Case:
        """Accept (complaints, denunciations), answer on time or late, publish and rate a PAKN."""
        if case.state != Case.State.RECEIVED:
            return case
        rng, pakn = self.rng, case.kind == "pakn"
        if case.matter_of_id is not None and case.link_kind == "duplicate":
            return self.act(sv.close, case, case.received_at + timedelta(days=rng.randint(1, 4)))
        if not pakn:
            complexity = "normal"
            if case.kind == "denunciation" and rng.random() < 0.2:
                complexity = rng.choice(("complex", "especially_complex"))
            elif rng.random() < 0.15:
                complexity = "complex"
            case = self.act(sv.accept, case, min(case.due_at, case.received_at + timedelta(days=rng.randint(1, 6))),
                            complexity=complexity)
            if case.state != Case.State.ACCEPTED:
                return case
            if complexity != "normal" and case.kind == "denunciation":
                for _ in range(1 if complexity == "complex" else 2):
                    case = self.act(sv.extend, case, case.due_at - timedelta(days=2), days=30,
                                    reason="Vụ việc phức tạp, cần xác minh thêm tại nhiều cơ quan.")
        elif rng.random() < 0.07:
            case = self.act(sv.request_info, case, case.received_at + timedelta(days=1),
                            reason="Đề nghị ghi rõ địa chỉ, thời gian xảy ra sự việc.")
            case = self.act(sv.receive_info, case, case.received_at + timedelta(days=rng.randint(3, 8)))
        if stall or case.resolve_due_at is None:
            return case
        span = case.resolve_due_at - (case.accepted_at or case.received_at)
        at = case.resolve_due_at + timedelta(days=rng.randint(1, 12)) if late else \
            case.resolve_due_at - span * rng.uniform(0.05, 0.8)
        case = self.act(sv.answer, case, at, text="Kết quả xem xét, giải quyết: " + case.subject.lower() + ".",
                        public_text=PUBLIC if pakn else "")
        if case.state != Case.State.ANSWERED:
            return case
        if pakn:
            case = self.act(sv.publish, case, case.answered_at + timedelta(hours=rng.randint(2, 40)))
            if rng.random() < 0.4:
                level = rng.choices((3, 2, 1), (55, 33, 12 + 20 * late))[0]
                self.rated(case, level, case.answered_at + timedelta(days=rng.randint(1, 5)))
            if case.state == Case.State.PUBLISHED and rng.random() < 0.3:
                case = self.act(sv.close, case, case.published_at + timedelta(days=rng.randint(3, 10)))
        elif case.kind == "complaint_first":
            self.answered_first.append(case)
        return case

    def rated(self, case: Case, level: int, at: datetime) -> None:
        if at <= self.now:
            sv.rate(case, level=level, like=self.rng.choice((None, True, True, False)), now=at)
            self.tally["rated"] += 1

    # -- the year ------------------------------------------------------------------------------------

    def build(self) -> None:
        start = self.now - timedelta(days=365)
        plans = []
        for kind, count in COUNTS.items():
            for _ in range(count):
                plans.append((start + timedelta(days=self.rng.uniform(0, 360)), kind))
        plans.sort()
        for at, kind in plans:
            self.one(kind, self.office_time(at))
        for first in self.answered_first[::4]:
            self.second(first)

    def one(self, kind: str, at: datetime) -> None:
        rng = self.rng
        hot = rng.random() < 0.25
        unit = rng.choice(self.hot if hot else self.committees)
        if kind == "pakn" and rng.random() < 0.25:
            unit = rng.choice(self.agencies)
        area_id = unit.area_id if unit.kind == Unit.Kind.PEOPLES_COMMITTEE else rng.choice(self.committees).area_id
        subject = rng.choice(SUBJECTS[kind]).format(n=rng.randint(1, 120))
        kw: dict = {"subject": subject, "area": self.areas.get(area_id)}
        group = hot and kind != "pakn" and rng.random() < 0.4
        if group:  # đông người: 5–10 name one or two representatives, more than 10 up to five
            people = rng.choice((6, 8, 12, 25, 40))
            filers = [self.person() for _ in range(rng.randint(1, 2) if people <= 10 else rng.randint(2, 5))]
            for f in filers:
                f.representative = True
            kw["people"] = people
        else:
            filers = [self.person(email=rng.random() < 0.03)]
        if hot and rng.random() < 0.3:  # sent above the competent level, forwarded down
            kw.update(filed_level="province", channel="forwarded", forwarded_by="Ban Tiếp công dân Thành phố Hà Nội")
        if kind == "complaint_first":
            kw["known_on"] = (at - timedelta(days=rng.choice((10, 20, 40, 60, 80, 120)))).astimezone(VN_TZ).date()
        if kind in ("pakn", "complaint_first") and rng.random() < 0.2:
            dossier = self.dossier_before(area_id, at)
            if dossier is not None:
                kw["dossier"] = Dossier.objects.get(pk=dossier)
                if kind == "pakn":
                    kw["concerned_unit"] = self.branch_of.get(area_id)
        case = self.file(kind, at, unit, filers, **kw)
        if case is None:
            return
        roll = rng.random()
        if roll < 0.05 and case.state == Case.State.RECEIVED:  # not within the remit
            self.act(sv.refuse, case, case.received_at + timedelta(hours=rng.randint(4, 40)),
                     reason="Nội dung đơn không thuộc thẩm quyền giải quyết; đã hướng dẫn gửi đến cơ quan có thẩm quyền.")
            return
        if roll < 0.08:
            self.act(sv.withdraw, case, case.received_at + timedelta(days=2), reason="Người gửi đơn xin rút đơn.")
            return
        if rng.random() < 0.06:  # the same people file the same matter again while it is open
            self.file(kind, at + timedelta(days=rng.randint(2, 6)), unit, filers, **kw)
        late = rng.random() < (0.3 if hot else 0.08)
        case = self.handle(case, late=late, stall=hot and rng.random() < 0.25)
        if case.final_decision_at and (hot and rng.random() < 0.4 or rng.random() < 0.04):  # filed again
            again = case.final_decision_at + timedelta(days=rng.randint(10, 60))
            if again <= self.now:
                self.file(kind, self.office_time(again), unit, filers, **kw)

    def second(self, first: Case) -> None:
        """A second complaint to the city chair about the first decision (within 30 days)."""
        at = self.office_time(first.answered_at + timedelta(days=self.rng.randint(3, 25)))
        above = self.province or (self.agencies[0] if self.agencies else None)  # the city chair
        if at > self.now or above is None:
            return
        filers = [FilerIn(f.name, f.id_number, f.phone, f.email, f.address, f.representative) for f in first.filers.all()]
        case = self.file("complaint_second", at, above, filers, subject=first.subject + " (lần hai)",
                         previous=first, people=first.people, area=first.area, competent_level="province",
                         filed_level="province")
        if case is not None:
            self.handle(case, late=self.rng.random() < 0.1)

    # -- reception days --------------------------------------------------------------------------------

    def reception_days(self) -> tuple[int, int]:
        today = self.now.astimezone(VN_TZ).date()
        first = today - timedelta(days=364)
        cal = calendar_for()
        rows, held = [], 0
        hot = {u.pk for u in self.hot}
        existing = set(ReceptionDay.objects.filter(day__gte=first).values_list("unit_id", "day"))
        for unit in self.committees:
            day = first + timedelta(days=(3 - first.weekday()) % 7)  # Thursdays
            while day <= today:
                rows.append((unit, "commune", self._working(cal, day), hot))
                day += timedelta(days=7)
        if self.province is not None:
            month = date(first.year, first.month, 1)
            while month <= today:
                rows.append((self.province, "province", self._working(cal, month + timedelta(days=14)), set()))
                month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        out = []
        for unit, level, day, hot_units in rows:
            if day > today or (unit.pk, day) in existing:
                continue
            ok = self.rng.random() > (0.3 if unit.pk in hot_units else 0.06)
            held += ok
            out.append(ReceptionDay(unit=unit, level=level, day=day, held=ok, leader=self.handlers.get(unit.pk),
                                    cases_received=self.rng.randint(0, 6) if ok else 0,
                                    note="" if ok else "Lãnh đạo bận họp đột xuất, không tiếp."))
        ReceptionDay.objects.bulk_create(out, batch_size=2000)
        return len(out), held

    @staticmethod
    def _working(cal, day: date) -> date:
        while not cal.is_working_day(day):
            day += timedelta(days=1)
        return day


def build_demo(seed: int, now: datetime, org: dict, accounts) -> str:
    if Case.objects.exists():
        return f"Đơn thư: đã có {Case.objects.count()} vụ việc, giữ nguyên."
    demo = _Demo(seed, now, org, accounts)
    letters = getattr(settings, "MOTCUA_CASE_LETTERS_BY_EMAIL", True)
    settings.MOTCUA_CASE_LETTERS_BY_EMAIL = False  # generated filers get no letters by e-mail
    try:
        demo.build()
    finally:
        settings.MOTCUA_CASE_LETTERS_BY_EMAIL = letters
    refresh_all(now)  # flags that came with time (past the legal maximum), as the daily timer does
    days, held = demo.reception_days()
    t = demo.tally
    flagged = Case.objects.exclude(flags=[]).exclude(state__in=["closed", "withdrawn", "refused"]).count()
    return (f"Đơn thư: {t['pakn']} phản ánh, kiến nghị; {t['complaint_first']} khiếu nại lần đầu, "
            f"{t['complaint_second']} lần hai; {t['denunciation']} tố cáo ({t['linked']} đơn trùng hoặc gửi lại, "
            f"{flagged} vụ việc kéo dài đang mở, tập trung ở {', '.join(u.name for u in demo.hot)}); "
            f"{t['rated']} đánh giá; {days} ngày tiếp công dân ({days - held} ngày không tiếp).")
