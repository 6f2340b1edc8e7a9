"""A small Hà Nội world for dossier scenarios: a branch of the one-tier centre, two communes'
People's Committees, city departments, the police, and four procedures (commune-level, city-level,
same-day and a three-agency joint procedure)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import Field, Procedure, ProcedureVersion, RouteStep, Sector
from motcua.dossiers.actors import applicant_actor, official_actor
from motcua.dossiers.services import Applicant
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Role
from motcua.text import fold
from motcua.units.models import Area, Official, Unit


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Every scenario uses the national calendar: forget calendars other tests built (a rolled-back
    override row sends no signal)."""
    from motcua.units.calendars import clear_calendar_cache

    clear_calendar_cache()
    yield
    clear_calendar_cache()


def vn(y, m, d, hh=9, mm=0):
    """A moment in Hà Nội time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


@dataclass
class World:
    branch: Unit
    commune_ubnd: Unit
    justice: Unit
    construction: Unit
    police: Unit
    culture: Unit
    commune: Area
    birth: ProcedureVersion
    permit: ProcedureVersion
    copy: ProcedureVersion
    karaoke: ProcedureVersion
    users: dict

    def official(self, name, role):
        return official_actor(self.users[name], role)

    def citizen(self, name="citizen"):
        return applicant_actor(self.users[name])

    def applicant(self, user=None):
        return Applicant(name="Nguyễn Văn Đình", id_number="001090012345", phone="0912345678", user=user)


def _unit(code, eid, name, kind, level, area, **kw):
    return Unit.objects.create(code=code, e_identifier=eid, name=name, name_folded=fold(name), kind=kind,
                               level=level, area=area, **kw)


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> World:
    """Create the world's rows in the current database (also used outside pytest, see
    ``concurrency_worker``)."""
    hanoi = Area.objects.create(code="01", name="Thành phố Hà Nội", name_folded="thanh pho ha noi", kind="city")
    commune = Area.objects.create(code="00070", name="Phường Hoàn Kiếm", name_folded="phuong hoan kiem", kind="ward",
                                  parent=hanoi)
    K, L = Unit.Kind, Unit.Level
    centre = _unit("TTPVHCC", "000.00.00.H26", "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
                   K.ONE_TIER_CENTRE, L.PROVINCE, hanoi)
    branch = _unit("CN-HK", "000.01.00.H26", "Chi nhánh số 1 (Hoàn Kiếm)", K.BRANCH, L.COMMUNE, commune, parent=centre)
    ubnd = _unit("UBND-HK", "000.00.70.H26", "UBND phường Hoàn Kiếm", K.PEOPLES_COMMITTEE, L.COMMUNE, commune)
    justice = _unit("STP", "000.00.10.H26", "Sở Tư pháp", K.DEPARTMENT, L.PROVINCE, hanoi)
    construction = _unit("SXD", "000.00.11.H26", "Sở Xây dựng", K.DEPARTMENT, L.PROVINCE, hanoi)
    police = _unit("CATP", "000.00.12.H26", "Công an thành phố Hà Nội", K.VERTICAL_AGENCY, L.PROVINCE, hanoi)
    culture = _unit("SVHTT", "000.00.13.H26", "Sở Văn hóa và Thể thao", K.DEPARTMENT, L.PROVINCE, hanoi)

    sector = Sector.objects.create(code="TP", name="Tư pháp")
    field = Field.objects.create(code="HT", name="Hộ tịch", sector=sector)

    def version(code, name, level, unit, days=None, unit_kind="days", route_mode=""):
        proc = Procedure.objects.create(code=code, name=name, name_folded=fold(name), field=field, level=level)
        return ProcedureVersion.objects.create(
            procedure=proc, number=1, effective_from=date(2025, 7, 1), competent_unit=unit,
            duration_unit=unit_kind, duration_value=Decimal(days or 0), route_mode=route_mode,
            result_types=[{"code": "KQ01", "name": "Kết quả", "paper": True}],
            documents=[{"name": "Tờ khai", "originals": 1, "copies": 0, "required": True}],
        )

    birth = version("1.001193", "Đăng ký khai sinh", "commune", None, 3)
    permit = version("1.009994", "Cấp giấy phép xây dựng", "province", construction, 15)
    copy = version("2.000815", "Chứng thực bản sao từ bản chính", "commune", None, unit_kind="immediate")
    karaoke = version("2.001000", "Đăng ký hộ kinh doanh, chứng nhận an ninh trật tự và cấp phép karaoke",
                      "province", culture, 16, route_mode="parallel")
    RouteStep.objects.create(version=karaoke, order=1, agency=ubnd, task="Đăng ký hộ kinh doanh",
                             duration_hours=Decimal(24), depends_on=[])
    RouteStep.objects.create(version=karaoke, order=2, agency=police, task="Chứng nhận đủ điều kiện an ninh trật tự",
                             duration_hours=Decimal(24), depends_on=[1])
    RouteStep.objects.create(version=karaoke, order=3, agency=culture, task="Cấp giấy phép kinh doanh karaoke",
                             duration_hours=Decimal(80), depends_on=[2], is_lead=True)

    User = get_user_model()
    users = {}
    posts = [
        ("reception", branch, Role.RECEPTION), ("reception2", centre, Role.RECEPTION),
        ("commune_officer", ubnd, Role.PROCESSING), ("commune_chair", ubnd, Role.LEADER),
        ("builder", construction, Role.PROCESSING), ("builder_head", construction, Role.LEADER),
        ("police_officer", police, Role.PROCESSING), ("culture_officer", culture, Role.PROCESSING),
        ("culture_head", culture, Role.LEADER), ("justice_head", justice, Role.LEADER),
    ]
    for username, unit, role in posts:
        user = User.objects.create(username=username)
        Official.objects.create(user=user, unit=unit, role=role.value)
        users[username] = user
    users["citizen"] = User.objects.create(username="citizen")
    users["other_citizen"] = User.objects.create(username="other_citizen")
    return World(branch, ubnd, justice, construction, police, culture, commune, birth, permit, copy, karaoke, users)


@pytest.fixture
def fanout(world):
    """A joint procedure whose two supporting parts do not wait for each other (both feed the lead
    agency's part): commune UBND 3 days and police 2 days, then the culture department 11 days."""
    proc = Procedure.objects.create(code="2.001001", name="Cấp phép karaoke (liên thông song song)",
                                    name_folded="cap phep karaoke (lien thong song song)",
                                    field=world.karaoke.procedure.field, level="province")
    version = ProcedureVersion.objects.create(
        procedure=proc, number=1, effective_from=date(2025, 7, 1), competent_unit=world.culture,
        duration_unit="days", duration_value=Decimal(16), route_mode="parallel",
        result_types=[{"code": "KQ02", "name": "Giấy phép", "paper": True}],
    )
    RouteStep.objects.create(version=version, order=1, agency=world.commune_ubnd, task="Xác nhận địa điểm",
                             duration_hours=Decimal(24), depends_on=[])
    RouteStep.objects.create(version=version, order=2, agency=world.police, task="Kiểm tra phòng cháy",
                             duration_hours=Decimal(16), depends_on=[])
    RouteStep.objects.create(version=version, order=3, agency=world.culture, task="Cấp giấy phép",
                             duration_hours=Decimal(88), depends_on=[1, 2], is_lead=True)
    return version
