"""Behind an indicator (/can-bo/chi-so/chi-tieu/<code>/): the dossiers it counts for or against,
with the unit that made a late dossier late, a link only for a viewer who may open the dossier and
the applicant's name masked; the procedures (or communes) behind a catalogue indicator, adding up
to the catalogue figures."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import ProcedureVersion
from motcua.quality import dashboard_views
from motcua.quality.catalogue_figures import catalogue_figures
from motcua.quality.dashboard_drill import mask_name, procedure_sets
from motcua.quality.index_queries import Period, province_scope, unit_scope
from motcua.rules.index766 import CATALOGUE_FIGURES
from tests.dossiers.scenario import vn
from tests.quality.dashboard_fixtures import MARCH, clock, decide, login, march  # noqa: F401

pytestmark = pytest.mark.django_db


def url(code: str) -> str:
    return f"/can-bo/chi-so/chi-tieu/{code}/"


def listed(body: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<tr data-pk="(\d+)"', body)}


def procedures(body: str) -> str:
    return re.search(r'<table id="procedures">(.*?)</table>', body, re.S)[1]


def test_2_1_lists_exactly_the_late_dossier_and_the_unit_that_overran(client, world, march):
    late = march["late"]
    body = login(client, world).get(url("2.1"), {"period": MARCH}).content.decode()
    assert listed(body) == {late.pk}
    assert late.code in body and all(d.code not in body for d in march["on_time"])
    assert '<span class="responsible">UBND phường Hoàn Kiếm</span>' in body and "(Giải quyết)" in body
    assert re.search(r'id="show-miss"[^>]*>Không đạt<span class="count">1<', body)
    assert re.search(r'id="show-hit"[^>]*>Đạt<span class="count">3<', body)


def test_the_dossiers_that_count_for_it(client, world, march):
    body = login(client, world).get(url("2.1"), {"period": MARCH, "show": "hit"}).content.decode()
    assert listed(body) == {d.pk for d in march["on_time"]}
    assert 'class="responsible"' not in body


def test_a_link_only_for_who_may_open_the_dossier_and_the_name_masked(client, world, march):
    late = march["late"]
    body = login(client, world).get(url("2.1"), {"period": MARCH}).content.decode()
    assert f'<a href="/can-bo/ho-so/{late.pk}/">{late.code}</a>' in body
    assert "Nguyễn V. Đ." in body and "Nguyễn Văn Đình" not in body
    body = login(client, world, "builder_head").get(url("2.1"), {"period": MARCH}).content.decode()
    assert late.code in body and f'href="/can-bo/ho-so/{late.pk}/"' not in body


def test_mask_name():
    assert mask_name("Nguyễn Văn Đình") == "Nguyễn V. Đ."
    assert mask_name("Lò Thị Bích Ngọc") == "Lò T. B. N."
    assert mask_name("Công ty ABC") == "Công t. A."
    assert mask_name("") == ""


@pytest.mark.parametrize(("code", "misses", "hits"), [
    ("5.4", 1, 3),  # late (or rated not satisfied) counts against satisfaction
    ("1.4", 0, 4),  # all four synced to the national portal
    ("4.1", 4, 0),  # none has an e-result
    ("3.6", 0, 0),  # no fee: not in the denominator
])
def test_other_dossier_indicators(client, world, march, code, misses, hits):
    body = login(client, world).get(url(code), {"period": MARCH}).content.decode()
    assert len(listed(body)) == misses
    assert re.search(rf'Không đạt<span class="count">{misses}<', body)
    assert re.search(rf'Đạt<span class="count">{hits}<', body)


def test_filters_narrow_the_candidates(client, world, march):
    c = login(client, world)
    assert listed(c.get(url("2.1"), {"period": MARCH, "channel": "counter"}).content.decode()) == set()
    assert listed(c.get(url("2.1"), {"period": MARCH, "unit": "UBND-HK"}).content.decode()) == {march["late"].pk}
    assert listed(c.get(url("2.1"), {"period": MARCH, "unit": "SXD"}).content.decode()) == set()
    assert listed(c.get(url("2.1"), {"period": "2026-02"}).content.decode()) == set()


def test_pages(client, world, march, monkeypatch):
    monkeypatch.setattr(dashboard_views, "PER_PAGE", 2)
    c = login(client, world)
    first = c.get(url("2.1"), {"period": MARCH, "show": "hit"}).content.decode()
    second = c.get(url("2.1"), {"period": MARCH, "show": "hit", "page": 2}).content.decode()
    assert len(listed(first)) == 2 and len(listed(second)) == 1
    assert listed(first) | listed(second) == {d.pk for d in march["on_time"]}
    assert 'href="?period=2026-03&amp;show=hit&page=2"' in first
    partial = c.get(url("2.1"), {"period": MARCH, "show": "hit", "page": 2}, HTTP_HX_REQUEST="true",
                    HTTP_HX_TARGET="results").content.decode()
    assert "<html" not in partial and listed(partial) == listed(second)


@pytest.mark.parametrize("scope", ["province", "commune", "branch"])
def test_the_procedure_lists_add_up_to_the_catalogue_figures(world, march, scope):
    ProcedureVersion.objects.filter(pk=world.birth.pk).update(online=ProcedureVersion.Online.FULL,
                                                              announced_on=vn(2026, 3, 2).date())
    s = {"province": province_scope(), "commune": unit_scope(world.commune_ubnd),
         "branch": unit_scope(world.branch)}[scope]
    period = Period("month", 2026, 3)
    sets, figures = procedure_sets(s, period), catalogue_figures(s, period)
    for name in CATALOGUE_FIGURES:
        if name in sets:
            assert len(sets[name]) == figures[name], name


def test_3_1_lists_the_procedures_not_offered_online(client, world, march):
    ProcedureVersion.objects.filter(pk=world.birth.pk).update(online=ProcedureVersion.Online.FULL)
    c = login(client, world)
    body = procedures(c.get(url("3.1"), {"period": MARCH}).content.decode())
    assert "2.000815" in body and "1.009994" in body and "1.001193" not in body
    assert "1.001193" in procedures(c.get(url("3.1"), {"period": MARCH, "show": "hit"}).content.decode())


def test_communes_and_feedback(client, world, march):
    c = login(client, world)
    assert "UBND phường Hoàn Kiếm" in procedures(c.get(url("4.x"), {"period": MARCH}).content.decode())
    assert 'id="no-feedback"' in c.get(url("5.2"), {"period": MARCH}).content.decode()
    assert c.get(url("9.9")).status_code == 404


def test_a_fixed_number_of_queries_however_many_dossiers_listed(client, world, march):
    c = login(client, world)

    def queries() -> int:
        c.get(url("2.1"), {"period": MARCH, "show": "hit"})
        with CaptureQueriesContext(connection) as captured:
            assert c.get(url("2.1"), {"period": MARCH, "show": "hit"}).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(4):
        decide(world, vn(2026, 3, 3, 9, 0))
    assert queries() == before <= 20


def test_an_edit_of_the_catalogue_counts_at_once(world, march):
    """The dashboards keep the catalogue they parsed while the rows read are the same: an edit,
    even one that keeps the number of versions, shows in the next figures."""
    version = ProcedureVersion.objects.get(pk=world.birth.pk)
    ProcedureVersion.objects.filter(pk=version.pk).update(
        online=ProcedureVersion.Online.FULL, announced_on=vn(2026, 3, 2).date(), published_on=vn(2026, 3, 3).date(),
        steps="Nộp hồ sơ, nhận kết quả", methods="Trực tuyến", applicants="Công dân",
        documents=[{"name": "Tờ khai", "originals": 1}])
    period, s, proc = Period("month", 2026, 3), province_scope(), version.procedure_id
    first = catalogue_figures(s, period)
    assert {"online_procedures", "content_full", "published"} <= {n for n, v in procedure_sets(s, period).items()
                                                                  if proc in v}
    ProcedureVersion.objects.filter(pk=version.pk).update(steps="")
    second = catalogue_figures(s, period)
    assert second["content_full"] == first["content_full"] - 1
    assert proc not in procedure_sets(s, period)["content_full"]
    ProcedureVersion.objects.filter(pk=version.pk).update(online=ProcedureVersion.Online.NONE)
    third = catalogue_figures(s, period)
    assert third["online_procedures"] == first["online_procedures"] - 1
    assert {k: v for k, v in third.items() if k not in ("content_full", "online_procedures", "online_procedures_used")} \
        == {k: v for k, v in first.items() if k not in ("content_full", "online_procedures", "online_procedures_used")}
    with connection.cursor() as cursor:  # a write outside the ORM counts too (the catalogue's triggers)
        cursor.execute(f"UPDATE {ProcedureVersion._meta.db_table} SET online = %s WHERE id = %s",
                       [ProcedureVersion.Online.FULL, version.pk])
    assert catalogue_figures(s, period)["online_procedures"] == first["online_procedures"]
