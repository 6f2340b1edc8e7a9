"""Finding procedures by code or by name, with or without diacritics."""

import pytest

from motcua.catalog.models import Field, Procedure, Sector
from motcua.catalog.queries import search_procedures
from motcua.text import fold

pytestmark = pytest.mark.django_db

NAMES = {
    "1.001193": ("Thủ tục đăng ký khai sinh", "commune"),
    "2.000815": ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "commune"),
    "1.008891": ("Đăng ký đất đai lần đầu", "province"),
    "2.001999": ("Cấp phép đào đường đô thị", "province"),
}


@pytest.fixture(autouse=True)
def catalogue():
    sector = Sector.objects.create(code="S", name="Ngành")
    field = Field.objects.create(code="F", name="Lĩnh vực", sector=sector)
    for code, (name, level) in NAMES.items():
        Procedure.objects.create(code=code, name=name, name_folded=fold(name), field=field, level=level)


def codes(q, **kw):
    return [p.code for p in search_procedures(q, **kw)]


def test_without_diacritics_finds_the_name():
    assert codes("dang ky khai sinh") == ["1.001193"]
    assert codes("Đăng ký khai sinh") == ["1.001193"]
    assert codes("ĐĂNG KÝ KHAI SINH") == ["1.001193"]


def test_d_with_stroke_is_folded_both_ways():
    assert codes("dao duong") == ["2.001999"]
    assert codes("đào đường") == ["2.001999"]
    assert codes("dang ky") == ["1.001193", "1.008891"]


def test_words_in_any_order_and_by_code():
    assert codes("khai sinh dang ky") == ["1.001193"]
    assert codes("2.000815") == ["2.000815"]
    assert codes("2.00") == ["2.000815", "2.001999"]
    assert codes("khong co thu tuc nay") == []


def test_filter_by_level():
    assert codes("dang ky", level="province") == ["1.008891"]
    assert codes("", level="commune") == ["1.001193", "2.000815"]


def test_sector_comes_with_the_procedure(django_assert_num_queries):
    with django_assert_num_queries(1):
        found = list(search_procedures("dang"))
        assert {p.field.sector.name for p in found} == {"Ngành"}
