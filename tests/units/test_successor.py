"""Retiring a unit, its successor (đơn vị kế thừa), and which unit is live on a date."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from motcua.units.models import Area, Official, Unit
from motcua.units.queries import current_successor, live_units, one_stop_units_serving
from motcua.units.services import add_official, create_unit, retire_unit

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def area():
    hanoi = Area.objects.create(code="01", name="Thành phố Hà Nội", name_folded="thanh pho ha noi", kind="city")
    return Area.objects.create(code="00070", name="Phường Hoàn Kiếm", name_folded="phuong hoan kiem",
                               kind="ward", parent=hanoi)


def unit(area, code, **kw):
    kw.setdefault("kind", Unit.Kind.DEPARTMENT)
    kw.setdefault("level", Unit.Level.PROVINCE)
    return create_unit(code=code, e_identifier=f"E.{code}", name=f"Đơn vị {code}", area=area, **kw)


def test_retire_sets_last_day_and_successor(area):
    old, new = unit(area, "A"), unit(area, "B")
    retire_unit(old, on=D(2025, 6, 30), successor=new)
    old.refresh_from_db()
    assert old.valid_to == D(2025, 6, 30) and old.successor == new
    assert old.is_live(D(2025, 6, 30)) and not old.is_live(D(2025, 7, 1))


def test_current_successor_follows_the_chain_to_the_live_unit(area):
    a, b, c = unit(area, "A"), unit(area, "B"), unit(area, "C")
    retire_unit(a, on=D(2025, 2, 28), successor=b)
    retire_unit(b, on=D(2025, 6, 30), successor=c)
    a.refresh_from_db()
    assert current_successor(a, D(2025, 1, 1)) == a
    assert current_successor(a, D(2025, 3, 1)) == b
    assert current_successor(a, D(2025, 7, 1)) == c
    assert [u.code for u in live_units(D(2025, 3, 1))] == ["B", "C"]


def test_chain_ending_without_live_unit_errors(area):
    a = unit(area, "A")
    retire_unit(a, on=D(2025, 6, 30))
    a.refresh_from_db()
    with pytest.raises(ValidationError, match="không có đơn vị kế thừa"):
        current_successor(a, D(2025, 7, 1))
    late = unit(area, "L", valid_from=D(2026, 1, 1))
    with pytest.raises(ValidationError, match="chưa hoạt động"):
        current_successor(late, D(2025, 7, 1))


def test_cycle_in_stored_links_is_caught(area):
    a, b = unit(area, "A", valid_to=D(2025, 1, 1)), unit(area, "B", valid_to=D(2025, 1, 1))
    Unit.objects.filter(pk=a.pk).update(successor=b)
    Unit.objects.filter(pk=b.pk).update(successor=a)  # bypassing services on purpose
    with pytest.raises(ValidationError, match="vòng lặp"):
        current_successor(Unit.objects.get(pk=a.pk), D(2025, 6, 1))


def test_refuses_retired_successor_self_and_cycle(area):
    a, b, c = unit(area, "A"), unit(area, "B"), unit(area, "C")
    retire_unit(b, on=D(2025, 3, 31))
    with pytest.raises(ValidationError, match="đã hết hiệu lực ngày 31/03/2025"):
        retire_unit(a, on=D(2025, 6, 30), successor=Unit.objects.get(pk=b.pk))
    with pytest.raises(ValidationError, match="chính nó"):
        retire_unit(a, on=D(2025, 6, 30), successor=a)
    retire_unit(a, on=D(2025, 6, 30), successor=c)
    with pytest.raises(ValidationError, match="vòng lặp"):  # A -> C -> A
        retire_unit(c, on=D(2025, 3, 1), successor=Unit.objects.get(pk=a.pk))
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        retire_unit(unit(area, "D", valid_from=D(2025, 7, 1)), on=D(2025, 6, 30))
    assert Unit.objects.get(pk=c.pk).valid_to is None


def test_one_stop_units_serving_an_area(area):
    centre = unit(area, "TT", kind=Unit.Kind.ONE_TIER_CENTRE, served_areas=[area.parent])
    branch = unit(area, "CN", kind=Unit.Kind.BRANCH, served_areas=[area], valid_from=D(2025, 7, 1))
    unit(area, "SO", served_areas=[area])  # a department is not a one-stop unit
    assert list(one_stop_units_serving(area, D(2025, 7, 1))) == [branch, centre]
    assert list(one_stop_units_serving(area, D(2025, 6, 1))) == [centre]


def test_add_official_once_per_role(area):
    user = get_user_model().objects.create_user("canbo", password="x" * 12)
    u = unit(area, "A")
    post = add_official(user, u, Official.Role.RECEPTION, title="Chuyên viên")
    assert post.unit == u and post.title == "Chuyên viên"
    with pytest.raises(ValidationError):
        add_official(user, u, Official.Role.RECEPTION)
    with pytest.raises(ValidationError):
        add_official(user, u, "khong-co")


def test_create_unit_validates(area):
    unit(area, "A")
    with pytest.raises(ValidationError):
        unit(area, "A")
    with pytest.raises(ValidationError):
        unit(area, "B", kind="bệnh viện")
    with pytest.raises(ValidationError, match="sau ngày bắt đầu"):
        unit(area, "C", valid_from=D(2025, 7, 1), valid_to=D(2025, 6, 30))
