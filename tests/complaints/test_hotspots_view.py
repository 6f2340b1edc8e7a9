"""The hot-spot view (điểm nóng) on generated cases: communes and units ranked by open flagged
cases (more cases first, then more people, then the older oldest case), the change since a month
earlier, twelve months of history, the kind filter, duplicates counted once, the XLSX export and
the JSON of ``/api/v1/hotspots``; only leaders, supervisors and the administrator get in.

The flags are worked out at the moment asked: the cases here carry no stored flags at all."""

from __future__ import annotations

import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLResolver, include, path
from openpyxl import load_workbook

from motcua import timesource
from motcua.complaints import hotspot_urls
from motcua.complaints import urls as complaints_urls
from motcua.complaints.models import Case
from motcua.rules.lifecycle import Role
from motcua.text import fold
from motcua.units.models import Area, Official, Unit
from tests.dossiers.conftest import vn

pytestmark = pytest.mark.django_db


# -- the URL configuration: the project's, with the hot-spot routes until the lead mounts them ---

def _project_urls():
    from django.urls import NoReverseMatch, reverse

    from motcua.config import urls as project
    from motcua.config.api import MotcuaAPI, api
    from motcua.complaints.hotspot_api import router

    patterns = list(project.urlpatterns)
    if "hotspots" not in {p.name for p in complaints_urls.urlpatterns}:
        patterns = [path("can-bo/", include((complaints_urls.urlpatterns + hotspot_urls.urlpatterns, "complaints")))
                    if isinstance(p, URLResolver) and getattr(p.urlconf_module, "__name__", "") == "motcua.complaints.urls"
                    else p for p in patterns]
    try:
        reverse("api:hotspot_ranking")
    except NoReverseMatch:
        extra = MotcuaAPI(title="k5", version="test", urls_namespace="k5api", docs_url=None, auth=api.auth)
        extra._exception_handlers.update(api._exception_handlers)
        extra.add_router("/hotspots", router)
        patterns.insert(0, path("api/v1/", extra.urls))
    return patterns


urlpatterns = _project_urls()
URLS = "tests.complaints.test_hotspots_view"
NOW = vn(2026, 11, 20, 10)
_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def clock():
    timesource.set_provider(lambda: NOW)
    yield
    timesource.set_provider(None)


def commune(world, code, name):
    area = Area.objects.create(code=code, name=name, name_folded=fold(name), kind="ward", parent=world.commune.parent)
    unit = Unit.objects.create(code=f"UBND-{code}", e_identifier=f"000.00.{code}.H26", name=f"UBND {name}",
                               name_folded=fold(f"UBND {name}"), kind=Unit.Kind.PEOPLES_COMMITTEE,
                               level=Unit.Level.COMMUNE, area=area)
    return area, unit


def case(area, unit, received, *, due=None, people=1, kind="complaint_first", state="accepted", **kw) -> Case:
    """A case as the read side sees it (written directly: these tests are about reading)."""
    return Case.objects.create(code=f"KN-T-{next(_codes):05d}", kind=kind, channel="online", subject="Khiếu nại đất đai",
                               content="Nội dung", area=area, handling_unit=unit, people=people, received_at=received,
                               accepted_at=received if state == "accepted" else None, state=state,
                               resolve_due_at=due, due_at=due, **kw)


@pytest.fixture
def places(world):
    """A: 3 past their maximum (1 already a month ago); C: 2 groups of 6 since September (3 a month
    ago, one answered since); B: 2 groups of 6 since 25 October; D: a group denunciation; E: only an
    unflagged open case, and flagged ones that were answered."""
    a, ua = world.commune, world.commune_ubnd
    b, ub = commune(world, "00080", "Phường Ba Đình")
    c, uc = commune(world, "00090", "Phường Cửa Nam")
    d, ud = commune(world, "00100", "Xã Đông Anh")
    e, ue = commune(world, "00110", "Phường Yên Hòa")
    first = case(a, ua, vn(2026, 9, 1), due=vn(2026, 9, 20))
    case(a, ua, vn(2026, 10, 25), due=vn(2026, 11, 5))
    case(a, ua, vn(2026, 10, 25), due=vn(2026, 11, 5))
    case(a, ua, vn(2026, 10, 26), due=vn(2026, 11, 6), matter_of=first, link_kind="duplicate")  # counted once
    for day in (1, 1):
        case(c, uc, vn(2026, 9, day), due=vn(2026, 12, 30), people=6)
    case(c, uc, vn(2026, 9, 5), due=vn(2026, 12, 30), people=6, state="answered", answered_at=vn(2026, 11, 1))
    for _ in range(2):
        case(b, ub, vn(2026, 10, 25), due=vn(2026, 12, 30), people=6)
    case(d, ud, vn(2026, 11, 2), due=vn(2026, 12, 30), people=7, kind="denunciation")
    case(e, ue, vn(2026, 11, 2), due=vn(2026, 12, 30))
    for _ in range(5):
        case(e, ue, vn(2026, 6, 1), due=vn(2026, 7, 1), people=9, state="answered", answered_at=vn(2026, 10, 1))
    return {"A": a, "B": b, "C": c, "D": d, "E": e}


def users(world):
    User = get_user_model()
    supervisor = User.objects.create(username="supervisor")
    Official.objects.create(user=supervisor, unit=world.branch.parent, role=Role.SUPERVISOR.value)
    admin = User.objects.create(username="sysadmin", is_superuser=True)
    return {**world.users, "supervisor": supervisor, "sysadmin": admin}


def _login(client, world, name):
    client.force_login(users(world)[name] if name in ("supervisor", "sysadmin") else world.users[name])
    return client


@pytest.mark.urls(URLS)
def test_communes_rank_by_flagged_cases_then_people_then_age(client, world, places, django_assert_max_num_queries):
    _login(client, world, "supervisor")
    with django_assert_max_num_queries(12):  # whatever the number of cases
        response = client.get("/can-bo/diem-nong/")
    assert response.status_code == 200
    html = response.content.decode()
    names = ["Phường Hoàn Kiếm", "Phường Cửa Nam", "Phường Ba Đình", "Xã Đông Anh"]
    section = html[html.index('id="communes"'):html.index('id="units"')]
    assert [section.index(n) for n in names] == sorted(section.index(n) for n in names)
    assert "Phường Yên Hòa" not in section  # open but unflagged, and flagged but answered
    assert "/can-bo/vu-viec/?area=00070&amp;bucket=flagged" in section
    assert "Quá thời hạn tối đa: 3" in section and "Đông người: 2" in section
    units = html[html.index('id="units"'):]
    assert units.index("UBND phường Hoàn Kiếm") < units.index("UBND Phường Cửa Nam") < units.index("UBND Phường Ba Đình")
    assert "complaints/hotspots.js" in html and "<script>" not in html  # the chart's data as JSON, no inline script


@pytest.mark.urls(URLS)
def test_the_api_gives_the_ranking_the_trend_and_twelve_months(client, world, places):
    body = _login(client, world, "sysadmin").get("/api/v1/hotspots").json()
    assert [p["code"] for p in body["communes"]] == ["00070", "00090", "00080", "00100"]
    a, c, b, d = body["communes"]
    assert (a["flagged_cases"], a["people"], a["oldest_days"]) == (3, 3, 80)  # the duplicate is not counted
    assert (c["flagged_cases"], c["people"]) == (2, 12) and (b["flagged_cases"], b["people"]) == (2, 12)
    assert c["oldest_days"] > b["oldest_days"]
    assert (a["trend"], a["change"], a["previous_rank"]) == ("up", 2, 2)  # 1 flagged on 20 October
    assert (c["trend"], c["change"], c["previous_rank"]) == ("down", -1, 1)  # 3 then, one answered since
    assert (b["trend"], b["previous_rank"]) == ("new", None)
    assert body["compared_with"] == "2026-10-20"
    assert body["months"][0] == "12/2025" and body["months"][-1] == "11/2026"
    series = {s["label"]: s["data"] for s in body["chart"]}
    assert series["Phường Hoàn Kiếm"][-4:] == [0, 1, 1, 3]  # Aug, Sep, Oct month ends, today
    assert series["Phường Cửa Nam"][-4:] == [0, 3, 3, 2]
    assert body["open_cases"] == 9 and body["flagged_cases"] == 8


@pytest.mark.urls(URLS)
def test_filter_by_kind_and_by_an_earlier_date(client, world, places):
    c = _login(client, world, "supervisor")
    body = c.get("/api/v1/hotspots", {"kind": "denunciation"}).json()
    assert [p["code"] for p in body["communes"]] == ["00100"]
    assert body["communes"][0]["worklist"].endswith("&kind=denunciation")
    body = c.get("/api/v1/hotspots", {"on": "2026-10-20"}).json()  # as it stood a month ago
    assert [(p["code"], p["flagged_cases"]) for p in body["communes"]] == [("00090", 3), ("00070", 1)]
    assert "Xã Đông Anh" in c.get("/can-bo/diem-nong/", {"loai": "denunciation"}).content.decode()
    assert c.get("/api/v1/hotspots", {"kind": "other"}).status_code == 422


@pytest.mark.urls(URLS)
def test_the_xlsx_export_lists_the_same_ranking(client, world, places):
    response = _login(client, world, "supervisor").get("/can-bo/diem-nong/xuat.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="diem-nong-20261120.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Xa phuong"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        (1, "Phường Hoàn Kiếm", 3, 3), (2, "Phường Cửa Nam", 2, 12), (3, "Phường Ba Đình", 2, 12), (4, "Xã Đông Anh", 1, 7)]
    assert rows[0][8] == 2 and rows[2][7] is None  # change since last month; new this month
    assert [r[2] for r in book["Don vi"].iter_rows(min_row=2, values_only=True)][0] == "UBND phường Hoàn Kiếm"


@pytest.mark.urls(URLS)
def test_a_commune_leader_sees_only_the_cases_of_their_committee(client, world, places):
    body = _login(client, world, "commune_chair").get("/api/v1/hotspots").json()
    assert [p["code"] for p in body["communes"]] == ["00070"]


@pytest.mark.urls(URLS)
@pytest.mark.parametrize("name", ["commune_officer", "reception", "builder", "citizen", "anonymous"])
def test_processing_officers_and_citizens_are_refused(client, world, places, name):
    if name != "anonymous":
        _login(client, world, name)
    for url in ("/can-bo/diem-nong/", "/can-bo/diem-nong/xuat.xlsx", "/api/v1/hotspots"):
        response = client.get(url)
        if name == "anonymous":
            assert response.status_code == (401 if url.startswith("/api/") else 302), url
        else:
            assert response.status_code == 403, (url, response.status_code)


@pytest.mark.urls(URLS)
def test_a_bad_date_is_explained_and_today_shown(client, world, places):
    html = _login(client, world, "supervisor").get("/can-bo/diem-nong/", {"ngay": "20-11-2026"}).content.decode()
    assert "không đúng dạng năm-tháng-ngày" in html and "Phường Hoàn Kiếm" in html


@pytest.mark.urls(URLS)
def test_cases_filed_through_the_service_turn_hot_when_their_time_runs_out(client, world):
    """Filed on 2 March 2026; nobody acts: by 20 April the PAKN is past its answer-by (15 working
    days) and the denunciation, sent above the competent level, past its accept-by (7 working
    days) — though the stored flags (refreshed only by an act) do not say so yet."""
    from tests.complaints.conftest import make_case

    pakn = make_case(world, "pakn", now=vn(2026, 3, 2))
    make_case(world, "denunciation", now=vn(2026, 3, 2), filed_level="province", competent_level="commune")
    timesource.set_provider(lambda: vn(2026, 4, 20, 10))
    pakn.refresh_from_db()
    assert pakn.flags == []
    body = _login(client, world, "commune_chair").get("/api/v1/hotspots").json()
    [place] = body["communes"]
    assert (place["code"], place["flagged_cases"]) == ("00070", 2)
    assert place["reasons"] == {"Gửi vượt cấp": 1, "Quá thời hạn tối đa": 2}
