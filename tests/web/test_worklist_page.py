"""The officials' worklist page: buckets, diacritic-insensitive search, filters, pages, and no
N+1 queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import services as sv
from motcua.dossiers.services import Applicant
from tests.dossiers.scenario import reads, vn

pytestmark = pytest.mark.django_db


def _file(world, name, when, n=0):
    return sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.birth,
                                 receiving_unit=world.branch, area=world.commune,
                                 applicant=Applicant(name=name, id_number=f"00109001{n:04d}"), now=when)


def test_search_without_diacritics_finds_the_applicant(client, world):
    _file(world, "Nguyễn Văn Đình", vn(2026, 3, 2))
    _file(world, "Trần Thị Lan", vn(2026, 3, 2, 10), 1)
    client.force_login(world.users["reception"])
    page = client.get("/can-bo/", {"unit": "CN-HK", "q": "nguyen van dinh"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nguyễn Văn Đình" in body and "Trần Thị Lan" not in body
    assert "Nguyễn Văn Đình" in client.get("/can-bo/", {"unit": "CN-HK", "q": "đình"}).content.decode()
    assert "Nguyễn Văn Đình" in client.get("/can-bo/", {"unit": "CN-HK", "q": "DINH"}).content.decode()


def test_htmx_request_returns_only_the_results(client, world):
    _file(world, "Nguyễn Văn Đình", vn(2026, 3, 2))
    client.force_login(world.users["reception"])
    page = client.get("/can-bo/", {"unit": "CN-HK"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = page.content.decode()
    assert "<table" in body and "<html" not in body


def test_every_value_in_a_row_is_escaped_and_an_empty_list_says_so(client, world):
    _file(world, 'Lê "Tí" <script>alert(1)</script> & Co', vn(2026, 3, 2))
    client.force_login(world.users["reception"])
    body = client.get("/can-bo/", {"unit": "CN-HK"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "Lê &quot;Tí&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in body
    assert re.search(r'<time datetime="2026-03-05T09:00:00\+07:00">09:00 05/03/2026</time>', body)
    assert "(chưa tiếp nhận)" not in body and "Không có hồ sơ nào." not in body
    empty = client.get("/can-bo/", {"unit": "CN-HK", "q": "khong ai ten the nay"}).content.decode()
    assert '<tr><td colspan="6" class="muted">Không có hồ sơ nào.</td></tr>' in empty


def test_pages_of_25_with_next_link(client, world):
    for n in range(30):
        _file(world, f"Người nộp {n}", vn(2026, 3, 2, 8, n), n)
    client.force_login(world.users["reception"])
    first = client.get("/can-bo/", {"unit": "CN-HK"}).content.decode()
    assert len(re.findall(r"/can-bo/ho-so/\d+/", first)) == 25 and 'rel="next"' in first
    second = client.get("/can-bo/", {"unit": "CN-HK", "page": 2}).content.decode()
    assert len(re.findall(r"/can-bo/ho-so/\d+/", second)) == 5 and 'rel="next"' not in second


def test_list_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.users["reception"])
    _file(world, "Một", vn(2026, 3, 2), 1)
    client.get("/can-bo/", {"unit": "CN-HK"})  # warm caches (calendar)
    with CaptureQueriesContext(connection) as few:
        client.get("/can-bo/", {"unit": "CN-HK"})
    for n in range(20):
        _file(world, f"Người {n}", vn(2026, 3, 3, 8, n), 10 + n)
    with CaptureQueriesContext(connection) as many:
        client.get("/can-bo/", {"unit": "CN-HK"})
    assert len(many) == len(few) and len(reads(many)) <= 10


def test_other_units_list_is_forbidden(client, world):
    client.force_login(world.users["reception"])
    assert client.get("/can-bo/", {"unit": "SXD"}).status_code == 403


def test_citizen_cannot_open_the_workbench(client, world):
    client.force_login(world.users["citizen"])
    assert client.get("/can-bo/").status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get("/can-bo/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_joint_dossier_shows_at_every_agency_with_an_open_part(client, world):
    """The karaoke licence: commune, then police, then the culture department (lead). While the
    commune holds the papers, the police and the lead agency still find it in their lists."""
    d = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.karaoke,
                              receiving_unit=world.branch, applicant=Applicant(name="Lê Thị Hồng"), now=vn(2026, 3, 2))
    sv.transfer_dossier(d, world.official("reception", "reception"), now=vn(2026, 3, 2, 10))
    for user, unit in (("police_officer", "CATP"), ("culture_head", "SVHTT"), ("commune_officer", "UBND-HK")):
        client.force_login(world.users[user])
        assert f"/can-bo/ho-so/{d.pk}/" in client.get("/can-bo/", {"unit": unit}).content.decode(), user
    client.force_login(world.users["builder"])
    assert f"/can-bo/ho-so/{d.pk}/" not in client.get("/can-bo/", {"unit": "SXD"}).content.decode()


@pytest.mark.one_backend("postgresql")
def test_worklist_statements_are_planned_once_per_connection(client, world):
    """PostgreSQL runs the prepared worklist statements on one generic plan from their first
    run on, instead of planning them again for each unit, and the connection's other statements
    keep the default planning."""
    client.force_login(world.users["reception"])
    _file(world, "Một", vn(2026, 3, 2), 1)
    for _ in range(8):  # prepared from the fifth run on (settings: prepare_threshold)
        assert client.get("/can-bo/", {"unit": "CN-HK", "q": "mot"}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements "
                       "WHERE statement LIKE '%%UNION ALL%%' AND statement LIKE '%%dossiers_dossiertask%%'")
        worklist_statements = cursor.fetchall()
    assert len(worklist_statements) == 2  # the page (keys and rows) and its tab counts
    assert all(generic >= 3 and custom == 0 for _sql, generic, custom in worklist_statements)
    # the page sets the mode once around its statements, and resets it
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/can-bo/", {"unit": "CN-HK", "q": "mot"}).status_code == 200
    modes = [q["sql"] for q in queries.captured_queries if "plan_cache_mode" in q["sql"]]
    assert modes == ["SET plan_cache_mode = force_generic_plan", "RESET plan_cache_mode"]
    with CaptureQueriesContext(connection) as queries:  # so does the list alone (htmx)
        response = client.get("/can-bo/", {"unit": "CN-HK", "q": "mot"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert [q["sql"] for q in queries.captured_queries if "plan_cache_mode" in q["sql"]] == modes


def test_each_tab_counts_the_dossiers_its_list_shows_and_the_chosen_filters_stay_marked(client, world):
    for n in range(3):
        _file(world, f"Người nộp {n}", vn(2026, 3, 2, 8, n), n)
    client.force_login(world.users["reception"])
    body = client.get("/can-bo/", {"unit": "CN-HK", "channel": "counter"}).content.decode()
    tabs = re.findall(r'<a href="\?([^"]*)&bucket=(\w+)" class="(\w*)" data-bucket="\2">([^<]+)'
                      r'<span class="count">(\d+)</span></a>', body)
    assert [t[1] for t in tabs] == ["new", "in_progress", "due_soon", "overdue", "waiting"]
    assert all(query == "unit=CN-HK&amp;channel=counter" and active == "" for query, _, active, _, _ in tabs)
    assert sum(int(t[4]) for t in tabs) >= 3
    for _, bucket, _, label, count in tabs:
        listed = client.get("/can-bo/", {"unit": "CN-HK", "channel": "counter", "bucket": bucket}).content.decode()
        assert len(re.findall(r'<tr><td><a href="/can-bo/ho-so/\d+/">', listed)) == int(count), label
        assert f'class="active" data-bucket="{bucket}"' in listed
    assert '<option value="counter" selected>Trực tiếp tại quầy</option>' in body
    assert '<option value="online" >Trực tuyến (Cổng DVCQG)</option>' in body
    english = client.get("/can-bo/", {"unit": "CN-HK"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-bucket="new">New<span class="count">' in english
    assert '<option value="counter" >In person at the counter</option>' in english
