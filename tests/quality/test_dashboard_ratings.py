"""The ratings page (/can-bo/chi-so/danh-gia/): how applicants rated their dossiers in the period,
overall and per criterion, and the units and officials with the most "not satisfied" ratings."""

import re

import pytest

from motcua.quality.services import rate_dossier
from tests.dossiers.scenario import vn
from tests.quality.builders import returned
from tests.quality.dashboard_fixtures import MARCH, clock, login  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/can-bo/chi-so/danh-gia/"


def rows(body: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', body, re.S)[1]
    return [[re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


@pytest.fixture
def rated(world):
    """One returned dossier rated "not satisfied" overall, on time "not satisfied", attitude "satisfied"."""
    dossier = returned(world)
    return rate_dossier(world.users["citizen"], dossier, {"overall": "dissatisfied", "time": "dissatisfied",
                                                          "attitude": "satisfied"}, now=vn(2026, 3, 4, 9, 0))


def test_levels_overall_and_by_criterion(client, world, rated):
    body = login(client, world).get(URL, {"period": MARCH}).content.decode()
    assert "1 lượt đánh giá" in body
    table = rows(body, "criteria")
    assert table[0] == ["Tiêu chí", "Số đánh giá", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Tỷ lệ không hài lòng"]
    assert table[1] == ["Thời gian giải quyết so với quy định", "1", "0", "0", "1", "100,0%"]
    assert ["Thái độ, tác phong của cán bộ, công chức", "1", "0", "1", "0", "0,0%"] in table
    assert table[-1] == ["Mức hài lòng chung", "1", "0", "0", "1", "100,0%"]


def test_the_worst_rated_units_and_officials(client, world, rated):
    body = login(client, world).get(URL, {"period": MARCH}).content.decode()
    units = rows(body, "worst-units")[1:]
    assert ["UBND phường Hoàn Kiếm", "1", "1", "100,0%"] in units
    assert ["Chi nhánh số 1 (Hoàn Kiếm)", "1", "1", "100,0%"] in units
    officers = {r[0] for r in rows(body, "worst-officers")[1:]}
    assert {"commune_chair", "commune_officer", "reception"} <= officers


def test_filters(client, world, rated):
    c = login(client, world)
    assert "0 lượt đánh giá" in c.get(URL, {"period": "2026-02"}).content.decode()
    assert "1 lượt đánh giá" in c.get(URL, {"period": "2026-Q1", "unit": "UBND-HK"}).content.decode()
    assert "0 lượt đánh giá" in c.get(URL, {"period": MARCH, "unit": "STP"}).content.decode()
    assert "0 lượt đánh giá" in c.get(URL, {"period": MARCH, "channel": "counter"}).content.decode()
    assert "1 lượt đánh giá" in c.get(URL, {"period": MARCH, "procedure": "1.001193"}).content.decode()


def test_no_ratings_yet(client, world):
    body = login(client, world).get(URL, {"period": MARCH}).content.decode()
    assert "0 lượt đánh giá" in body and "Chưa có đánh giá nào." in body
