"""The progress page (/can-bo/chi-so/tien-do/): on-time rate and overdue dossiers by competent
agency, and the units that make dossiers late (the first overrun of each late dossier), counted
from the dossiers the viewer may see."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.quality import dashboard_progress
from motcua.quality.dashboard_filters import Filters
from motcua.quality.index_queries import Period, dossier_counters, province_scope
from motcua.dossiers.access import viewer_for
from motcua.units.models import Official
from tests.dossiers.scenario import processing_online, vn
from tests.quality.dashboard_fixtures import MARCH, NOW, clock, decide, login, march  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/can-bo/chi-so/tien-do/"


def figure(body: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', body)
    assert match, element_id
    return match[1].strip()


def cells(body: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', body, re.S)[1]
    return [[re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S) if "<td" in r]


def test_three_on_time_one_late(client, world, march):
    body = login(client, world).get(URL, {"period": MARCH}).content.decode()
    assert figure(body, "received") == "4" and figure(body, "late-done") == "1" and figure(body, "overdue") == "0"
    assert figure(body, "ontime-rate") == "75,0%"
    assert cells(body, "units") == [["UBND phường Hoàn Kiếm", "4", "3", "1", "0", "75,0%"]]


def test_the_unit_that_overran_is_named(client, world, march):
    body = login(client, world).get(URL, {"period": MARCH}).content.decode()
    assert cells(body, "delay-table") == [["UBND phường Hoàn Kiếm", "1", "100,0%", "Giải quyết: 1"]]
    assert 'id="capped"' not in body


def test_a_dossier_still_open_past_its_deadline_is_overdue(client, world, march):
    processing_online(world)  # received 2 March, due 5 March, still with the commune on 31 March
    body = login(client, world).get(URL, {"period": MARCH}).content.decode()
    assert figure(body, "received") == "5" and figure(body, "overdue") == "1" and figure(body, "ontime-rate") == "60,0%"
    assert cells(body, "delay-table")[0][:2] == ["UBND phường Hoàn Kiếm", "2"]


def test_the_same_counts_as_the_real_time_index(world, march):
    """A viewer who sees every dossier gets the progress counters of the 766 index."""
    processing_online(world)
    Official.objects.create(user=world.users["other_citizen"], unit=world.justice, role="admin")
    everything = viewer_for(world.users["other_citizen"])
    counters = dossier_counters(province_scope(), [Period("month", 2026, 3).start], NOW)
    p = dashboard_progress.progress(Filters(Period("month", 2026, 3)), everything, NOW)
    assert (p.total.received, p.total.on_time, p.total.late) == (counters["received"], counters["on_time"],
                                                                  counters["late"]) == (5, 3, 2)
    assert not p.restricted


def test_at_most_so_many_late_dossiers_are_analysed_and_the_page_says_so(client, world, march, monkeypatch):
    processing_online(world)
    monkeypatch.setattr(dashboard_progress, "DELAY_LIMIT", 1)
    body = login(client, world).get(URL, {"period": MARCH}).content.decode()
    assert "Chỉ phân tích 1 hồ sơ trễ hạn tiếp nhận gần đây nhất." in body
    assert figure(body, "late-done") == "1" and figure(body, "overdue") == "1"  # the counts are whole
    assert cells(body, "delay-table")[0][:2] == ["UBND phường Hoàn Kiếm", "1"]


def test_only_the_dossiers_the_viewer_may_see(client, world, march):
    body = login(client, world, "justice_head").get(URL, {"period": MARCH}).content.decode()
    assert figure(body, "received") == "0"
    assert "Số liệu chỉ gồm hồ sơ của các đơn vị ông/bà phục vụ." in body
    body = login(client, world, "builder_head").get(URL, {"period": MARCH}).content.decode()
    assert figure(body, "received") == "0"


@pytest.mark.parametrize(("params", "received"), [
    ({"procedure": "1.001193"}, "4"), ({"procedure": "1.009994"}, "0"), ({"channel": "online"}, "4"),
    ({"channel": "counter"}, "0"), ({"unit": "UBND-HK"}, "4"), ({"unit": "CN-HK"}, "4"), ({"unit": "SXD"}, "0"),
    ({"period": "2026-02"}, "0"), ({"period": "2026-Q1"}, "4"),
])
def test_filters(client, world, march, params, received):
    body = login(client, world).get(URL, {"period": MARCH, **params}).content.decode()
    assert figure(body, "received") == received


def test_a_fixed_number_of_queries_however_many_late_dossiers(client, world, march):
    c = login(client, world)

    def queries() -> int:
        c.get(URL, {"period": MARCH})
        with CaptureQueriesContext(connection) as captured:
            assert c.get(URL, {"period": MARCH}).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(3):
        decide(world, vn(2026, 3, 12, 9, 0))
    assert queries() == before <= 15
