"""The shared Hà Nội world with its organisation filled in for the review and the rotation list
(on 20/11/2026), with one gap of every kind:

- Sở Thông tin và Truyền thông merged into a new Sở Khoa học và Công nghệ on 28/02/2025, its press
  duty and a procedure version still pointing at it;
- the city police (CATP) has no head's post; the culture department's head is acting for 10 months;
- the construction department's deputy post fell vacant on 31/08/2026;
- the justice department's head also heads one of its divisions (two posts at once).

Rotation: builder overdue (36-month cycle from 2023), commune_officer due (24 months from
01/12/2024), police_officer postponed (child born 01/03/2025), culture_officer exempt (retires
01/06/2027), commune_chair a People's Committee chair since 2016 (second term)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.rules.lifecycle import Role
from motcua.text import fold
from motcua.units import staffing
from motcua.units.models import Official, Unit
from motcua.units.services import create_unit
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)

ON = date(2026, 11, 20)


@dataclass
class Org:
    world: object
    science: Unit
    telecom: Unit
    users: dict


@pytest.fixture
def org(world):  # noqa: F811
    w = world
    User = get_user_model()
    centre = Unit.objects.get(code="TTPVHCC")
    for name, role in (("supervisor", Role.SUPERVISOR), ("sysadmin", Role.ADMIN)):
        user = User.objects.create(username=name)
        Official.objects.create(user=user, unit=centre, role=role.value)
        w.users[name] = user
    for name in ("builder", "builder_head", "justice_head", "culture_head", "commune_chair", "commune_officer",
                 "police_officer", "culture_officer"):
        u = w.users[name]
        u.first_name, u.last_name = name.replace("_", " ").title(), "Nguyễn"
        u.save()
    hanoi = centre.area
    science = create_unit(code="SKHCN", e_identifier="000.00.15.H26", name="Sở Khoa học và Công nghệ",
                          kind="department", level="province", area=hanoi, valid_from=date(2025, 3, 1))
    telecom = create_unit(code="STTTT", e_identifier="000.00.16.H26", name="Sở Thông tin và Truyền thông",
                          kind="department", level="province", area=hanoi, valid_to=date(2025, 2, 28), successor=science)

    civil = staffing.define_function(code="QLNN-HT", name="Quản lý nhà nước về hộ tịch", field="Tư pháp")
    staffing.assign_function(civil, w.justice, date(2020, 1, 1))
    press = staffing.define_function(code="QLNN-BC", name="Quản lý nhà nước về báo chí", field="Thông tin và Truyền thông")
    staffing.assign_function(press, telecom, date(2020, 1, 1))
    proc = Procedure.objects.create(code="1.003000", name="Cấp giấy phép xuất bản bản tin",
                                    name_folded=fold("Cấp giấy phép xuất bản bản tin"),
                                    field=w.permit.procedure.field, level="province")
    ProcedureVersion.objects.create(procedure=proc, number=1, effective_from=date(2024, 1, 1), competent_unit=telecom,
                                    duration_unit="days", duration_value=Decimal(10))

    def post(unit, title, holder=None, start=None, **kw):
        p = staffing.create_position(unit, title, **kw)
        if holder:
            staffing.appoint(w.users[holder] if isinstance(holder, str) else holder, p, start)
        return p

    U = w.users
    post(centre, "Giám đốc Trung tâm", "supervisor", date(2025, 7, 1), is_head=True)
    post(w.justice, "Giám đốc Sở Tư pháp", "justice_head", date(2022, 3, 1), is_head=True)
    post(w.justice, "Trưởng phòng Hành chính tư pháp", "justice_head", date(2025, 1, 1), is_leader=True)
    post(w.construction, "Giám đốc Sở Xây dựng", "builder_head", date(2023, 5, 1), is_head=True)
    deputy = post(w.construction, "Phó Giám đốc Sở Xây dựng", is_leader=True)
    leaver = User.objects.create(username="leaver")
    staffing.appoint(leaver, deputy, date(2021, 1, 1), end=date(2026, 8, 31))
    post(w.construction, "Chuyên viên cấp phép xây dựng", "builder", date(2023, 1, 1),
         transfer_sector="Cấp phép xây dựng", transfer_cycle_months=36)
    acting = post(w.culture, "Giám đốc Sở Văn hóa và Thể thao", is_head=True)
    staffing.appoint(U["culture_head"], acting, date(2026, 1, 20), acting=True)
    post(w.culture, "Chuyên viên cấp phép kinh doanh", "culture_officer", date(2016, 1, 1),
         transfer_sector="Cấp phép kinh doanh", transfer_cycle_months=60)
    staffing.save_profile(U["culture_officer"], retirement_date=date(2027, 6, 1), native_place="Hà Nội")
    post(w.commune_ubnd, "Chủ tịch UBND phường", "commune_chair", date(2016, 7, 1), is_head=True,
         leader_kind="committee_chair")
    post(w.commune_ubnd, "Công chức Tư pháp - Hộ tịch", "commune_officer", date(2024, 12, 1),
         transfer_sector="Tư pháp - hộ tịch", transfer_cycle_months=24)
    post(w.police, "Cán bộ cấp căn cước", "police_officer", date(2020, 1, 1),
         transfer_sector="Cấp căn cước", transfer_cycle_months=36)
    staffing.record_postponement(U["police_officer"], "maternity", date(2025, 3, 1), note="Con thứ hai")
    post(science, "Giám đốc Sở Khoa học và Công nghệ", User.objects.create(username="science_head"),
         date(2025, 3, 1), is_head=True)
    return Org(world=w, science=science, telecom=telecom, users=w.users)
