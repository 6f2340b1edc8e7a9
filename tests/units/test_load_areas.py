"""Loading the 34 provinces and 3,321 communes of the 2025 reorganisation."""

import time

import pytest

from motcua.units.models import Area
from motcua.units.queries import search_areas
from motcua.units.services import load_areas

pytestmark = pytest.mark.django_db


def test_loads_34_provinces_and_3321_communes_hanoi_126():
    calls = []
    started = time.monotonic()
    assert load_areas(progress=lambda done, total: calls.append((done, total))) == (34, 3321)
    assert time.monotonic() - started < 2
    assert calls[-1] == (3355, 3355)
    assert Area.objects.filter(parent__isnull=True).count() == 34
    assert Area.objects.filter(parent__isnull=False).count() == 3321
    hanoi = Area.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội" and hanoi.kind == Area.Kind.CITY and hanoi.is_province
    assert hanoi.children.count() == 126
    assert hanoi.children.filter(kind=Area.Kind.WARD).count() == 51
    assert hanoi.children.filter(kind=Area.Kind.COMMUNE).count() == 75
    kinds = {k: Area.objects.filter(kind=k).count() for k in Area.Kind.values}
    assert kinds == {"city": 6, "province": 28, "ward": 687, "commune": 2621, "special_zone": 13}
    hoan_kiem = Area.objects.get(code="00070")
    assert hoan_kiem.name == "Phường Hoàn Kiếm" and hoan_kiem.parent == hanoi
    assert hoan_kiem.name_folded == "phuong hoan kiem"


def test_running_twice_keeps_the_same_rows_and_refreshes_names():
    load_areas()
    ids = dict(Area.objects.values_list("code", "id"))
    Area.objects.filter(code="00070").update(name="Tên cũ", name_folded="ten cu")
    assert load_areas() == (34, 3321)
    assert dict(Area.objects.values_list("code", "id")) == ids
    assert Area.objects.get(code="00070").name == "Phường Hoàn Kiếm"


def test_search_areas_ignores_diacritics():
    load_areas()
    assert [a.code for a in search_areas("hoan kiem")] == ["00070"]
    assert [a.code for a in search_areas("Hà Nội")] == ["01"]
    assert search_areas("dong anh")[0].name == "Xã Đông Anh"
