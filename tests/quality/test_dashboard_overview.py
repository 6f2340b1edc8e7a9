"""The overview of the service-quality dashboard (/can-bo/chi-so/): the Decision 766 card of the
province or a unit for a period, its change, twelve months of it and the ranking of every scored
unit, for officials only; with a procedure or channel filter the dossier indicators are counted
from the dossiers themselves and agree with the real-time tables when the filter keeps them all."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.quality import dashboard_data as data
from motcua.quality.dashboard_filters import Filters
from motcua.quality.dashboard_index import catalogue_for
from motcua.quality.catalogue_figures import catalogue_figures_many
from motcua.quality.index_queries import Period, province_scope, scorecard, scored_units, unit_cards, unit_scope
from motcua.units.models import Unit
from tests.dossiers.scenario import processing_online, vn
from tests.quality.dashboard_fixtures import MARCH, NOW, clock, decide, login, march  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/can-bo/chi-so/"


def row(body: str, attribute: str, value: str) -> list[str]:
    """The cells of the table row marked ``attribute="value"``, as text."""
    match = re.search(rf'<tr {attribute}="{re.escape(value)}"[^>]*>(.*?)</tr>', body, re.S)
    assert match, f"no row {attribute}={value}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match[1], re.S)]


def test_the_card_shows_three_on_time_of_four_as_15_of_20(client, world, march):
    body = login(client, world).get(URL).content.decode()
    assert "Toàn tỉnh, thành phố — Tháng 03/2026" in body
    code, label, fraction, rate, points, *_ = row(body, "data-code", "2.1")
    assert (code, fraction, rate, points) == ("2.1", "3/4", "75,0%", "15,00/20")
    card = scorecard(province_scope(), Period("month", 2026, 3), NOW)
    assert re.search(rf'id="total">{card.total:.2f}'.replace(".", ","), body)
    assert row(body, "data-code", "2.1")[-1] == "Chi tiết"
    assert 'href="/can-bo/chi-so/chi-tieu/2.1/?period=2026-03"' in body


def test_the_ranking_puts_each_unit_where_the_real_time_index_does(client, world, march):
    body = login(client, world).get(URL).content.decode()
    units = list(Unit.objects.filter(scored_units()))
    expected = {u.code: c.total for u, c in unit_cards(units, Period("month", 2026, 3), NOW)}
    for code, total in expected.items():
        cells = row(body, "data-unit", code)
        assert cells[2] == f"{total:.2f}".replace(".", ","), code
    commune, branch, justice = row(body, "data-unit", "UBND-HK"), row(body, "data-unit", "CN-HK"), row(
        body, "data-unit", "STP")
    assert commune[5] == branch[5] == "15,00" and justice[5] == "0,00"  # the progress group
    assert int(commune[0]) < int(justice[0]) and commune[0] == branch[0] == "1"


def test_separate_rankings_by_kind_of_unit(client, world, march):
    c = login(client, world)
    communes = c.get(URL, {"rank": "communes"}).content.decode()
    assert row(communes, "data-unit", "UBND-HK")[0] == "1"
    assert 'data-unit="STP"' not in communes and 'data-unit="CN-HK"' not in communes
    centres = c.get(URL, {"rank": "centres"}).content.decode()
    assert row(centres, "data-unit", "CN-HK")[0] == "1" and 'data-unit="UBND-HK"' not in centres
    agencies = c.get(URL, {"rank": "agencies"}).content.decode()
    assert 'data-unit="STP"' in agencies and 'data-unit="CN-HK"' not in agencies


def test_the_change_on_the_previous_month(client, world, march):
    body = login(client, world).get(URL).content.decode()
    february = scorecard(province_scope(), Period("month", 2026, 2), NOW)
    march_card = scorecard(province_scope(), Period("month", 2026, 3), NOW)
    change = f"{march_card.total - february.total:+.2f}".replace(".", ",")
    assert f'id="total-change">{change}' in body


@pytest.mark.parametrize(("params", "fraction", "title"), [
    ({"unit": "UBND-HK"}, "3/4", "UBND phường Hoàn Kiếm — Tháng 03/2026"),
    ({"unit": "CN-HK"}, "3/4", "Chi nhánh số 1 (Hoàn Kiếm) — Tháng 03/2026"),
    ({"unit": "STP"}, "0/0", "Sở Tư pháp — Tháng 03/2026"),
    ({"period": "2026-Q1"}, "3/4", "Toàn tỉnh, thành phố — Quý I/2026"),
    ({"period": "2026"}, "3/4", "Toàn tỉnh, thành phố — Năm 2026"),
    ({"period": "2026-02"}, "0/0", "Toàn tỉnh, thành phố — Tháng 02/2026"),
    ({"channel": "online"}, "3/4", "kênh trực tuyến (cổng dvcqg)"),
    ({"channel": "counter"}, "0/0", "kênh trực tiếp tại quầy"),
    ({"procedure": "1.001193"}, "3/4", "thủ tục 1.001193"),
    ({"procedure": "1.009994"}, "0/0", "thủ tục 1.009994"),
])
def test_filters(client, world, march, params, fraction, title):
    body = login(client, world).get(URL, {"period": MARCH, **params}).content.decode()
    assert title in body
    assert row(body, "data-code", "2.1")[2] == fraction


def test_a_filter_that_keeps_every_dossier_gives_the_real_time_figures(world, march):
    """Counting from the dossiers (procedure or channel filter) and reading the real-time
    tables agree, card by card and unit by unit."""
    period = Period("month", 2026, 3)
    for unit in (None, world.commune_ubnd, world.branch):
        plain = data.scope_cards(Filters(period, unit), [period, period.previous()], NOW)
        narrowed = data.scope_cards(Filters(period, unit, channel="online"), [period, period.previous()], NOW)
        assert [c.total for c in narrowed] == [c.total for c in plain]
        assert narrowed[0].indicators == plain[0].indicators
    plain = data.ranking(Filters(period), NOW)
    narrowed = data.ranking(Filters(period, procedure=world.birth.procedure), NOW)
    assert [(r.unit.code, r.card.total) for r in narrowed] == [(r.unit.code, r.card.total) for r in plain]


def test_the_batched_reads_equal_the_index_queries(world, march):
    period = Period("month", 2026, 3)
    units = data.ranked_units(period)
    scopes = [unit_scope(u) for u in units] + [province_scope()]
    assert catalogue_for(scopes, period) == catalogue_figures_many(scopes, period)
    [mine, _before] = data.unit_cards(units, Filters(period), [period, period.previous()], NOW)
    assert [(u.pk, c) for u, c in mine] == [(u.pk, c) for u, c in unit_cards(units, period, NOW)]
    trend = data.scope_cards(Filters(period), [Period("month", 2025, m) for m in (11, 12)] + [period], NOW)
    assert trend[-1] == scorecard(province_scope(), period, NOW)


def test_a_month_already_over_is_judged_at_its_end_as_the_index_judges_it(world, march):
    """A February dossier still open, due after February ended but before now: February's card
    (the trend, the previous month, the ranking's change) counts it in time, as ``motcua
    quality`` and the drill-down do, however long it stays open."""
    d = processing_online(world, filed=vn(2026, 2, 26, 8, 30), received=vn(2026, 2, 26, 9, 0),
                          transferred=vn(2026, 2, 26, 10, 0))
    assert vn(2026, 3, 1) < d.due_at < NOW  # past due now, in time at February's end
    period, february = Period("month", 2026, 3), Period("month", 2026, 2)
    expected = scorecard(province_scope(), february, NOW)
    assert expected.by_code("2.1")[1:3] == (1, 1)
    for filters in (Filters(period), Filters(period, channel="online")):
        assert data.scope_cards(filters, [february, period], NOW)[0] == expected
        units = data.ranked_units(period)
        [_march, before] = data.unit_cards(units, filters, [period, february], NOW)
        assert [(u.pk, c.total) for u, c in before] == [(u.pk, c.total) for u, c in unit_cards(units, february, NOW)]
    trend = data.overview(Filters(period), NOW, NOW.date()).trend
    assert trend[-2] == (february, expected)


def test_unknown_unit_or_procedure_is_404(client, world):
    c = login(client, world)
    assert c.get(URL, {"unit": "KHONG-CO"}).status_code == 404
    assert c.get(URL, {"procedure": "9.999999"}).status_code == 404
    assert c.get(URL, {"period": "rubbish"}).status_code == 200  # the current month


@pytest.mark.parametrize("page", ["", "tien-do/", "danh-gia/", "chi-tieu/2.1/", "chi-tieu/3.1/"])
def test_officials_only(client, world, page):
    assert client.get(URL + page).status_code == 302  # to sign in
    client.force_login(world.users["citizen"])
    assert client.get(URL + page).status_code == 403
    assert client.get(URL + page, {"format": "xlsx", "chart": "trend"}).status_code == 403
    client.force_login(world.users["justice_head"])
    assert client.get(URL + page).status_code == 200


def test_the_menu_links_the_dashboard_for_officials_only(client, world):
    client.force_login(world.users["reception"])
    assert 'href="/can-bo/chi-so/"' in client.get("/can-bo/").content.decode()
    client.force_login(world.users["citizen"])
    assert 'href="/can-bo/chi-so/"' not in client.get("/cong-dan/ho-so/").content.decode()


def test_the_charts_are_data_for_a_static_script(client, world, march):
    body = login(client, world).get(URL).content.decode()
    assert '<script id="chart-trend" type="application/json">' in body
    assert 'data-chart="chart-trend"' in body and 'data-chart="chart-ranking"' in body
    assert "/static/web/vendor/chart.js-" in body and "/static/quality/dashboard.js" in body
    assert "<script>" not in body and " onclick=" not in body  # CSP: no inline script
    assert 'href="/can-bo/khao-sat/"' in body


def test_the_overview_in_english(client, world, march):
    client.cookies["django_language"] = "en"
    body = login(client, world).get(URL).content.decode()
    for english in ("Service quality", "Total score", "Dossiers handled on time", "Progress", "All units",
                    "Download XLSX"):
        assert english in body, english


def test_a_fixed_number_of_queries_however_many_units_and_dossiers(client, world, march):
    c = login(client, world)

    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert c.get(URL, params).status_code == 200
        return len(captured)

    asks = {"month": {"period": MARCH}, "quarter": {"period": "2026-Q1"}, "narrowed": {"channel": "online"}}
    for params in asks.values():  # caches filled once a process or a minute (unit tree, catalogue versions)
        queries(**params)
    before = {kind: queries(**params) for kind, params in asks.items()}
    for n in range(20):  # twenty more communes, each with a People's Committee to rank, and more dossiers
        Unit.objects.create(code=f"UBND-X{n}", e_identifier=f"X{n}", name=f"UBND xã {n}", name_folded=f"ubnd xa {n}",
                            kind=Unit.Kind.PEOPLES_COMMITTEE, level=Unit.Level.COMMUNE, area=world.commune)
    decide(world, vn(2026, 3, 4, 9, 0))
    queries()  # the unit tree is read again after a unit changed
    after = {kind: queries(**params) for kind, params in asks.items()}
    assert after == before
    assert max(before.values()) <= 64, before  # twelve months of catalogue figures: two queries each
