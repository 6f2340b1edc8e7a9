"""The demo's organisation for the review and the rotation list: each agency's function, a head's
post and a post subject to periodic transfer in every agency and People's Committee, held by the
demo accounts (leaders as heads, officers in transfer posts with start dates spread so that some
are due and some overdue), plus deliberate gaps for the review to find:

- a small new unit pair: Trung tâm Xúc tiến Du lịch merged into a new Trung tâm Xúc tiến Đầu tư,
  Thương mại và Du lịch (no dossier uses either), its duty not moved and a procedure version still
  pointing at it; the new centre has no head yet;
- the last agency's head acting (quyền) for 10 months; the police chief in a second term;
- the first agency's head also heading one of its divisions (two posts);
- one officer postponed by a child under 36 months, one with less than 18 months to retirement.

Deterministic for a seed; run again, it leaves what it made and only reports."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.catalog.models import Field, Procedure, ProcedureVersion, Sector
from motcua.demo.people import full_name
from motcua.rules.calendar import VN_TZ
from motcua.rules.organisation import add_months
from motcua.text import fold
from motcua.units import staffing
from motcua.units.models import Position, StateFunction, Unit
from motcua.units.review import report
from motcua.units.rotation_queries import counts, rotation_list
from motcua.units.services import create_unit

OFFSET = 40
OLD, NEW = "TTXTDL-HN", "TTXT-HN"
CYCLES = (24, 36, 48, 60)
LEADER_KINDS = {"STC": "finance", "CATP": "police", "TTR": "inspection", "CT": "tax", "HQ": "customs"}


def _short(unit: Unit) -> str:
    """``Sở Tư pháp Thành phố Hà Nội`` -> ``Tư pháp``."""
    name = unit.name.replace(" Thành phố Hà Nội", "").replace(" thành phố Hà Nội", "")
    for prefix in ("Sở ", "Ủy ban nhân dân ", "UBND "):
        name = name.removeprefix(prefix)
    return name


def _leader_kind(unit: Unit) -> str:
    head = unit.code.split("-")[0].upper()
    return LEADER_KINDS.get(head, "")


def _merger(today: date, province, parent) -> tuple[Unit, Unit]:
    merged_on = today - timedelta(days=200)
    new = create_unit(code=NEW, e_identifier="000.00.30.H26", name="Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
                      kind=Unit.Kind.DEPARTMENT, level=Unit.Level.PROVINCE, area=province, parent=parent,
                      valid_from=merged_on + timedelta(days=1))
    old = create_unit(code=OLD, e_identifier="000.00.31.H26", name="Trung tâm Xúc tiến Du lịch",
                      kind=Unit.Kind.DEPARTMENT, level=Unit.Level.PROVINCE, area=province, parent=parent,
                      valid_to=merged_on, successor=new)
    duty = staffing.define_function(code="QLNN-XTDL", name="Xúc tiến du lịch của thành phố", field="Du lịch")
    staffing.assign_function(duty, old, date(2015, 1, 1), basis="Quyết định thành lập (dữ liệu mẫu)")
    sector, _ = Sector.objects.get_or_create(code="DL", defaults={"name": "Du lịch"})
    field, _ = Field.objects.get_or_create(code="DL-XT", defaults={"name": "Xúc tiến du lịch", "sector": sector})
    name = "Đăng ký tổ chức sự kiện xúc tiến du lịch (dữ liệu mẫu)"
    proc = Procedure.objects.create(code="9.000001", name=name, name_folded=fold(name), field=field,
                                    level=Procedure.Level.PROVINCE)
    ProcedureVersion.objects.create(
        procedure=proc, number=1, effective_from=date(2024, 1, 1), competent_unit=old,
        duration_unit=ProcedureVersion.DurationUnit.DAYS, duration_value=Decimal(10),
        documents=[{"name": "Văn bản đăng ký tổ chức sự kiện", "originals": 1, "copies": 0, "required": True}],
        result_types=[{"code": "VBCN", "name": "Văn bản chấp thuận", "paper": True}],
        steps="Bước 1: Nộp hồ sơ; Bước 2: Thẩm định; Bước 3: Trả kết quả",
        methods="Trực tiếp tại Bộ phận Một cửa", applicants="Tổ chức, doanh nghiệp lữ hành")
    return old, new


def _person(rng: random.Random, username: str):
    last, middle, given = full_name(rng)
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": given, "last_name": f"{last} {middle}"})
    if created:  # a person on record, not an account: no one signs in as them
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def build_demo(seed: int, now: datetime, org: dict, accounts) -> str:
    """Functions, positions and holders for the demo units, and the review's deliberate gaps."""
    today = now.astimezone(VN_TZ).date()
    if not Position.objects.exists():
        with transaction.atomic():
            _build(random.Random(seed + OFFSET), today, org, accounts)
    r = report(today)
    n = counts(rotation_list(today))
    return (f"Tổ chức bộ máy: {StateFunction.objects.count()} chức năng, nhiệm vụ, {Position.objects.count()} vị trí; "
            f"rà soát {r.total} phát hiện; chuyển đổi vị trí: {n['overdue']} quá hạn, {n['due']} sắp đến hạn, "
            f"{n['postponed']} tạm hoãn, {n['exempt']} không chuyển đổi.")


def _build(rng: random.Random, today: date, org: dict, accounts) -> None:
    centre = org["centre"]
    agencies = sorted(org["agencies"], key=lambda u: u.code)
    committees = list(org["committees"])
    User = get_user_model()
    supervisor = User.objects.filter(posts__unit=centre, posts__role="supervisor").first()
    if supervisor is not None:
        staffing.appoint(supervisor, staffing.create_position(centre, "Giám đốc Trung tâm", is_head=True),
                         add_months(today, -rng.randint(12, 40)))
    if centre.parent is not None and centre.parent.kind == Unit.Kind.PEOPLES_COMMITTEE:
        chair = staffing.create_position(centre.parent, "Chủ tịch Ủy ban nhân dân thành phố", is_head=True,
                                         leader_kind="committee_chair")
        staffing.appoint(_person(rng, "chutich.ubnd-hn"), chair, add_months(today, -rng.randint(6, 40)))
    for i, unit in enumerate(agencies):
        short = _short(unit)
        duty = staffing.define_function(code=f"QLNN-{unit.code}", name=f"Quản lý nhà nước về {short.lower()}",
                                        field=short, kind=StateFunction.Kind.FUNCTION)
        staffing.assign_function(duty, unit, date(2015, 1, 1))
        leader, officer = accounts.leaders.get(unit.pk), accounts.officers.get(unit.pk)
        kind = _leader_kind(unit)
        head = staffing.create_position(unit, f"Giám đốc {unit.name}"[:200], is_head=True, leader_kind=kind)
        acting = i == len(agencies) - 1  # the last agency's head is acting (quyền) for 10 months
        if leader is not None:
            months = 10 if acting else (84 if kind == "police" else rng.randint(6, 54))
            staffing.appoint(leader, head, add_months(today, -months) - timedelta(days=rng.randint(0, 20)),
                             acting=acting, note="Giao quyền Giám đốc" if acting else "")
            staffing.save_profile(leader, birth_date=date(today.year - rng.randint(45, 58), rng.randint(1, 12), 15))
            if i == 0:
                division = staffing.create_position(unit, "Trưởng phòng Tổng hợp", is_leader=True)
                staffing.appoint(leader, division, add_months(today, -rng.randint(2, 20)))
        if officer is not None:
            _transfer_post(rng, today, unit, officer, f"Chuyên viên {short.lower()}", short, special=i)
    for unit in committees:
        leader, officer = accounts.leaders.get(unit.pk), accounts.officers.get(unit.pk)
        head = staffing.create_position(unit, f"Chủ tịch {unit.name}"[:200], is_head=True,
                                        leader_kind="committee_chair")
        if leader is not None:
            staffing.appoint(leader, head, add_months(today, -rng.randint(3, 66)) - timedelta(days=rng.randint(0, 27)))
        if officer is not None:
            _transfer_post(rng, today, unit, officer, "Công chức Tư pháp - Hộ tịch", "Tư pháp - hộ tịch", special=-1)
    _merger(today, centre.area, centre.parent)


def _transfer_post(rng, today, unit, officer, title, sector, special: int) -> None:
    cycle = rng.choice(CYCLES)
    months = {0: cycle + 4, 2: cycle + 9, 3: cycle - 3, 4: cycle + 1}.get(special, rng.randint(3, cycle + 12))
    post = staffing.create_position(unit, title[:200], transfer_sector=sector, transfer_cycle_months=cycle)
    staffing.appoint(officer, post, add_months(today, -months) - timedelta(days=rng.randint(0, 25)))
    if special == 0:  # raising a child under 36 months: postponed
        staffing.record_postponement(officer, "maternity", add_months(today, -rng.randint(4, 30)),
                                     note="Nuôi con nhỏ (dữ liệu mẫu)")
    elif special == 2:  # less than 18 months to retirement: never transferred
        staffing.save_profile(officer, retirement_date=add_months(today, 11), native_place="Hà Nội")
