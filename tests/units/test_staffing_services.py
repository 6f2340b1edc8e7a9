"""Writes to functions, positions and holdings refuse what the law or the calendar forbids, in
Vietnamese, and change nothing when they do."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.units import staffing
from motcua.units.models import Holding, Position

pytestmark = pytest.mark.django_db


def test_a_transfer_cycle_outside_24_to_60_months_is_refused(world):
    with pytest.raises(ValidationError, match="từ 24 đến 60 tháng"):
        staffing.create_position(world.justice, "Chuyên viên", transfer_sector="Hộ tịch", transfer_cycle_months=12)
    with pytest.raises(ValidationError, match="cần có chu kỳ"):
        staffing.create_position(world.justice, "Chuyên viên", transfer_sector="Hộ tịch")
    assert not Position.objects.exists()


def test_a_term_limit_belongs_to_a_heads_post(world):
    with pytest.raises(ValidationError, match="người đứng đầu"):
        staffing.create_position(world.police, "Phó Giám đốc", leader_kind="police")
    head = staffing.create_position(world.police, "Giám đốc Công an", is_head=True, leader_kind="police")
    assert head.is_leader


def test_nobody_is_appointed_to_a_unit_that_no_longer_exists(world):
    from motcua.units.services import retire_unit

    post = staffing.create_position(world.culture, "Giám đốc", is_head=True)
    retire_unit(world.culture, date(2025, 6, 30))
    with pytest.raises(ValidationError, match="không hoạt động vào ngày 01/07/2025"):
        staffing.appoint(world.users["culture_head"], post, date(2025, 7, 1))
    assert not Holding.objects.exists()


def test_the_same_person_cannot_hold_one_post_twice_at_once(world):
    post = staffing.create_position(world.justice, "Giám đốc", is_head=True)
    h = staffing.appoint(world.users["justice_head"], post, date(2024, 1, 1))
    with pytest.raises(ValidationError, match="đã giữ vị trí"):
        staffing.appoint(world.users["justice_head"], post, date(2025, 1, 1))
    staffing.end_holding(h, date(2024, 12, 31))
    with pytest.raises(ValidationError, match="đã kết thúc"):
        staffing.end_holding(h, date(2025, 1, 31))
    assert staffing.appoint(world.users["justice_head"], post, date(2025, 1, 1)).start == date(2025, 1, 1)


def test_a_function_moves_only_to_a_live_unit(world):
    from motcua.units.services import retire_unit

    duty = staffing.define_function(code="QLNN-VH", name="Quản lý văn hóa")
    staffing.assign_function(duty, world.culture, date(2020, 1, 1))
    retire_unit(world.construction, date(2025, 6, 30))
    with pytest.raises(ValidationError, match="không hoạt động"):
        staffing.move_function(duty, world.construction, date(2026, 1, 1))
    assert duty.assignments.get().valid_to is None  # nothing changed


def test_dates_must_run_forwards(world):
    with pytest.raises(ValidationError, match="Ngày nghỉ hưu phải sau ngày sinh"):
        staffing.save_profile(world.users["builder"], birth_date=date(1980, 1, 1), retirement_date=date(1970, 1, 1))
    with pytest.raises(ValidationError):
        staffing.record_postponement(world.users["builder"], "study", date(2026, 1, 1), date(2025, 1, 1))
    with pytest.raises(ValidationError):
        staffing.record_postponement(world.users["builder"], "holiday", date(2026, 1, 1))


def test_the_admin_shows_a_refusal_as_a_form_error(world, admin_client):
    from motcua.units.services import retire_unit

    post = staffing.create_position(world.culture, "Giám đốc", is_head=True)
    retire_unit(world.culture, date(2025, 6, 30))
    page = admin_client.post("/admin/units/holding/add/", {
        "user": world.users["culture_head"].pk, "position": post.pk, "start": "2025-07-01", "note": ""})
    assert page.status_code == 200 and "không hoạt động vào ngày 01/07/2025" in page.content.decode()
    assert not Holding.objects.exists()
    page = admin_client.post("/admin/units/position/add/", {
        "unit": world.justice.pk, "title": "Chuyên viên", "term_months": 60, "transfer_sector": "Hộ tịch",
        "transfer_cycle_months": 72})
    assert page.status_code == 200 and "từ 24 đến 60 tháng" in page.content.decode()
    ok = admin_client.post("/admin/units/position/add/", {
        "unit": world.justice.pk, "title": "Chuyên viên", "term_months": 60, "transfer_sector": "Hộ tịch",
        "transfer_cycle_months": 36})
    assert ok.status_code == 302 and Position.objects.filter(transfer_cycle_months=36).exists()
