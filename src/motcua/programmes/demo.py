"""The demo's steering programme: a Programme 01-like programme ("01-CTr/TU", Thành ủy Hà Nội,
17/3/2021, 2021–2025 and a 2026 follow-up) run by the City Party Organisation Commission (Ban Tổ
chức Thành ủy, created as a unit if absent), its steering committee, and 34 tasks across 11 lead
units (``demo_tasks``) in every status class — two finished early, some late, some at risk or
overdue — with progress history and extension requests approved, refused and pending.

Everything goes through ``services`` at the date each act happened, so the history reads as it
would have. Open tasks' dates are set relative to ``now`` so that they stay live. Deterministic
for a seed; run again, it returns the summary of the programme it made.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.programmes import services as sv
from motcua.programmes.demo_tasks import DELAYS, EXTENSION_REASONS, LEAD_CODES, TASKS
from motcua.programmes.models import CommitteeMember, Programme, Task
from motcua.programmes.queries import counts, task_rows
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Role
from motcua.units.models import Unit
from motcua.units.services import add_official, create_unit
from motcua.accounts.names import person_name

CODE = "CTR-01"
OFFSET = 101
STANDING_CODE = "BTCTU-HN"
ISSUED = date(2021, 3, 17)
R = CommitteeMember.Role


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=VN_TZ)


def _standing_agency(org: dict) -> Unit:
    found = Unit.objects.filter(code=STANDING_CODE).first()
    if found:
        return found
    area = org["centre"].area
    while area.parent_id:
        area = area.parent
    return create_unit(code=STANDING_CODE, e_identifier="000.00.90.H26", name="Ban Tổ chức Thành ủy Hà Nội",
                       kind=Unit.Kind.DEPARTMENT, level=Unit.Level.PROVINCE, area=area)


def _leads(org: dict, standing: Unit) -> list[Unit]:
    """The standing agency, then ten lead units: the preferred agencies present, then any other
    agency or commune committee to make up ten."""
    pool = [u for u in org["agencies"] if u.pk != standing.pk] + list(org.get("committees", []))
    by_code = {u.code: u for u in pool}
    chosen = [by_code[c] for c in LEAD_CODES if c in by_code]
    chosen += [u for u in pool if u not in chosen][:10 - len(chosen)]
    return [standing, *chosen[:10]]


def _people(standing: Unit, accounts, hashed: str | None) -> tuple[object | None, object | None]:
    """Demo accounts for the standing agency: a leader (who steers) and an officer."""
    User = get_user_model()
    made = []
    # as the other demo accounts: family and middle names in last_name (accounts.names)
    for username, role, first, last in (("lanhdao.btctu", Role.LEADER, "Minh", "Trần Quang"),
                                        ("canbo.btctu", Role.PROCESSING, "Lan", "Nguyễn Thị")):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(username=username, first_name=first, last_name=last, is_staff=True,
                                       password=hashed or "!")
            add_official(user, standing, role.value, title=role.value)
            samples = getattr(accounts, "samples", None)
            if samples is not None:
                samples.append((username, "Lãnh đạo" if role is Role.LEADER else "Cán bộ theo dõi", standing.name))
        made.append(user)
    return made[0], made[1]


def build_demo(seed: int, now: datetime, org: dict, accounts) -> str:
    existing = Programme.objects.filter(code=CODE).first()
    if existing is not None:
        return _summary(existing, now)
    rng = random.Random(seed + OFFSET)
    today = sv.today_of(now)
    User = get_user_model()
    supervisor = User.objects.filter(username="giamsat").first()
    with transaction.atomic():
        standing = _standing_agency(org)
        leads = _leads(org, standing)
        boss, clerk = _people(standing, accounts, supervisor.password if supervisor else None)
        programme = sv.create_programme(
            code=CODE, number="01-CTr/TU", issuing_body="Thành ủy Hà Nội", issued_on=ISSUED,
            title="Tăng cường công tác xây dựng, chỉnh đốn Đảng, hệ thống chính trị; đẩy mạnh cải cách hành chính "
                  "giai đoạn 2021–2025 và nhiệm vụ tiếp tục năm 2026",
            period_start=ISSUED, period_end=date(max(2026, (today + timedelta(days=180)).year), 12, 31),
            standing_agency=standing, report_frequency="monthly")
        leaders = getattr(accounts, "leaders", {}) or {}
        officers = getattr(accounts, "officers", {}) or {}
        snv_leader = leaders.get(leads[1].pk)
        for name, position, role, user in [
            ("Nguyễn Văn Phong", "Phó Bí thư Thường trực Thành ủy", R.HEAD, None),
            ("Hà Minh Hải", "Phó Chủ tịch Ủy ban nhân dân Thành phố", R.DEPUTY, None),
            (person_name(boss), "Trưởng Ban Tổ chức Thành ủy", R.STANDING, boss),
            (person_name(snv_leader) if snv_leader else "Giám đốc Sở Nội vụ", f"Giám đốc {leads[1].name}",
             R.MEMBER, snv_leader),
            (person_name(supervisor) if supervisor else "Giám sát Trung tâm",
             "Giám sát Trung tâm Phục vụ hành chính công", R.MEMBER, supervisor),
        ]:
            sv.add_member(programme, name=name, position=position, role=role, user=user)
        people = {0: (boss, clerk), **{i: (leaders.get(u.pk), officers.get(u.pk)) for i, u in enumerate(leads) if i}}
        made: dict[str, Task] = {}
        for number, parent, content, product, approver, slot, plan in TASKS:
            _life(rng, programme, made, today, (number, parent, content, product, approver, slot, plan), leads,
                  people, boss)
    return _summary(programme, now)


def _dates(rng: random.Random, plan: str, today: date, parent: Task | None) -> tuple[date, date | None]:
    """(assigned, deadline) for a plan."""
    floor = parent.assigned_on if parent else ISSUED + timedelta(days=8)
    if plan == "early":
        return date(2021, 3, 25), date(2021, 12, 31)
    if plan in ("on_time", "late", "ext_done"):
        assigned = max(floor, date(2021, 4, 1) + timedelta(days=rng.randint(0, 600)))
        return assigned, min(assigned + timedelta(days=rng.randint(150, 500)), date(2025, 6, 30))
    if plan in ("overdue", "refused"):
        return max(floor, today - timedelta(days=rng.randint(420, 700))), today - timedelta(days=rng.randint(25, 160))
    if plan == "none":
        return max(floor, today - timedelta(days=rng.randint(300, 700))), None
    if plan in ("risk", "pending"):
        return max(floor, today - timedelta(days=rng.randint(200, 320))), today + timedelta(days=rng.randint(6, 14))
    if plan == "ext_open":
        return max(floor, today - timedelta(days=rng.randint(330, 420))), today - timedelta(days=rng.randint(15, 40))
    return max(floor, today - timedelta(days=rng.randint(60, 150))), today + timedelta(days=rng.randint(150, 300))


def _life(rng, programme, made, today, entry, leads, people, boss):
    number, parent_code, content, product, approver, slot, plan = entry
    parent = made.get(parent_code) if parent_code else None
    assigned, deadline = _dates(rng, plan, today, parent)
    lead = leads[slot % len(leads)]  # a small organisation has fewer units: they lead more
    others = [u for u in leads if u.pk != lead.pk]
    co = rng.sample(others, k=min(len(others), rng.randint(0, 3)))
    leader, officer = people.get(slot % len(leads), (None, None))
    task = sv.add_task(programme, by=boss, now=_at(assigned, 8), parent=parent, code=number, content=content,
                       product=product, approver=approver, lead_unit=lead, co_units=co, leader=leader,
                       officer=officer, assigned_on=assigned, deadline=deadline,
                       source_symbol="01-CTr/TU" if not parent else f"KH triển khai nhiệm vụ {parent.code}",
                       source_issuer="Thành ủy Hà Nội" if not parent else lead.name,
                       source_date=ISSUED if not parent else assigned)
    made[number] = task
    actor = officer or leader or boss
    end = today if deadline is None else min(today, deadline + timedelta(days=200))
    if plan == "early":
        finish = assigned + timedelta(days=rng.randint(80, 105))
        _progress(rng, task, actor, assigned, finish, 80)
        return _finish(task, actor, finish, f"Văn bản số {rng.randint(10, 99)}-{_symbol(product)}")
    if plan in ("on_time", "late", "ext_done"):
        if plan == "ext_done":
            _extend(rng, task, actor, boss, approve=True)
            deadline = task.deadline
        finish = deadline - timedelta(days=rng.randint(0, 20)) if plan != "late" \
            else deadline + timedelta(days=rng.randint(10, 120))
        if plan == "ext_done":
            finish = max(finish, task.original_deadline + timedelta(days=5))
        finish = min(finish, today)
        _progress(rng, task, actor, assigned, finish, 85)
        return _finish(task, actor, finish, f"Văn bản số {rng.randint(100, 999)}/{_symbol(product)}",
                       rng.choice(DELAYS) if plan == "late" else "")
    target = {"open": rng.randint(35, 65), "ext_open": rng.randint(60, 80), "none": rng.randint(30, 70),
              "risk": rng.randint(25, 50), "pending": rng.randint(35, 50), "overdue": rng.randint(40, 90),
              "refused": rng.randint(50, 80)}[plan]
    if plan == "open":  # keep the work ahead of the clock: no risk
        elapsed = (today - assigned).days / max(1, (deadline - assigned).days)
        target = max(target, min(95, int(elapsed * 100) + 10))
    _progress(rng, task, actor, assigned, end, target)
    if plan == "ext_open":
        _extend(rng, task, actor, boss, approve=True, until=today + timedelta(days=rng.randint(90, 150)))
    elif plan == "refused":
        _extend(rng, task, actor, boss, approve=False)
    elif plan == "pending":
        sv.request_extension(task, by=actor, now=_at(today - timedelta(days=2), 10),
                             proposed_deadline=deadline + timedelta(days=60), reason=rng.choice(EXTENSION_REASONS))


def _symbol(product: str) -> str:
    return {"resolution": "NQ/TU", "plan": "KH-UBND", "scheme": "ĐA/TU", "regulation": "QĐi/TU", "decision": "QĐ-UBND",
            "directive": "CT/TU", "report": "BC/BCĐ", "programme": "CTr/TU", "submission": "TTr-UBND"}[product]


def _progress(rng, task: Task, actor, start: date, end: date, target: int) -> None:
    """Two or three progress reports between ``start`` and ``end`` climbing to ``target``."""
    steps = rng.randint(2, 3)
    span = max(1, (end - start).days)
    for k in range(1, steps + 1):
        day = start + timedelta(days=max(1, span * k // (steps + 1)))
        value = max(task.progress, min(target, round(target * k / steps)))
        sv.update_progress(task, by=actor, now=_at(day, 15), progress=value, version=task.version,
                           note="Báo cáo tiến độ định kỳ")


def _finish(task: Task, actor, day: date, document: str, delay: str = "") -> None:
    sv.complete_task(task, by=actor, now=_at(day, 16), completed_on=day, result_document=document,
                     delay_reason=delay or "Chậm do phải điều chỉnh theo chỉ đạo.", version=task.version)


def _extend(rng, task: Task, actor, boss, approve: bool, until: date | None = None) -> None:
    asked = task.deadline - timedelta(days=rng.randint(10, 20))
    req = sv.request_extension(task, by=actor, now=_at(max(asked, task.assigned_on), 10),
                               proposed_deadline=until or task.deadline + timedelta(days=rng.randint(60, 120)),
                               reason=rng.choice(EXTENSION_REASONS))
    sv.decide_extension(req, by=boss, now=_at(max(asked, task.assigned_on) + timedelta(days=5), 14), approve=approve,
                        note="" if approve else "Nhiệm vụ đã được gia hạn một lần trong giai đoạn trước; đề nghị "
                                                "tập trung hoàn thành ngay.")
    task.refresh_from_db()


def _summary(programme: Programme, now: datetime) -> str:
    rows = task_rows(programme, sv.today_of(now))
    c = counts(rows)
    units = len({r.task.lead_unit_id for r in rows})
    return (f"Chương trình {programme.number}: {c.total} nhiệm vụ của {units} đơn vị chủ trì — {c.done_on_time} hoàn "
            f"thành đúng hạn, {c.done_late} hoàn thành quá hạn, {c.open_in_time} trong hạn ({c.at_risk} có nguy cơ "
            f"chậm), {c.open_overdue} quá hạn; {programme.members.count()} thành viên Ban Chỉ đạo.")
