"""Who may see and assess sheets, on every evaluation page and API route: the official their own
sheet; the unit's leader the unit's sheets (assessing them, never their own); a supervisor and the
administrator everything (assessing nothing); other officials and citizens nothing."""

import pytest

from motcua.evaluation import services as sv
from motcua.evaluation.models import Sheet

from .conftest import MARCH, NOW
from .route_policy import ASSESS, SEE

pytestmark = pytest.mark.django_db

USERS = ["commune_officer2", "commune_officer", "commune_chair", "builder_head", "supervisor", "sysadmin", "citizen",
         "anonymous"]
SEES_SHEET = {"commune_officer2", "commune_chair", "supervisor", "sysadmin"}  # commune_officer2's own sheet
SEES_UNIT = {"commune_chair", "supervisor", "sysadmin"}
ASSESSES = {"commune_chair"}


@pytest.fixture
def sheet(people):
    sv.open_sheets(people.commune_ubnd, MARCH, now=NOW)
    return Sheet.objects.get(official=people.users["commune_officer2"], period=MARCH)


def _routes(sheet):
    fact = sv.record_fact(sheet, "ideology", sheet.period_start, "QĐ 1")
    u, p, pk = "UBND-HK", MARCH, sheet.pk
    api = "/api/v1/evaluation"
    return {
        "evaluation:unit": ("get", f"/can-bo/danh-gia-xep-loai/don-vi/{u}/{p}/", None),
        "evaluation:unit_xlsx": ("get", f"/can-bo/danh-gia-xep-loai/don-vi/{u}/{p}.xlsx", None),
        "evaluation:sheet": ("get", f"/can-bo/danh-gia-xep-loai/phieu/{pk}/", None),
        "api:get_evaluation_sheet": ("get", f"{api}/sheets/{pk}", None),
        "api:get_unit_evaluation": ("get", f"{api}/units/{u}/periods/{p}", None),
        "api:export_evaluation_sheets": ("get", f"{api}/units/{u}/periods/{p}/export", None),
        "evaluation:unit_act": ("form", f"/can-bo/danh-gia-xep-loai/don-vi/{u}/{p}/viec/open/", {}),
        "evaluation:sheet_act": ("form", f"/can-bo/danh-gia-xep-loai/phieu/{pk}/viec/general/", {"critethics": "5"}),
        "api:compute_unit_evaluation": ("post", f"{api}/units/{u}/periods/{p}/compute", {}),
        "api:apply_evaluation_quota": ("post", f"{api}/units/{u}/periods/{p}/quota", {"outstanding": False}),
        "api:compute_evaluation_sheet": ("post", f"{api}/sheets/{pk}/compute", {}),
        "api:set_evaluation_general_points": ("put", f"{api}/sheets/{pk}/general", {"points": {"ethics": 5}}),
        "api:add_evaluation_product": ("post", f"{api}/sheets/{pk}/products",
                                       {"name": "Báo cáo", "assigned": 1, "completed": 1}),
        "api:record_evaluation_fact": ("post", f"{api}/sheets/{pk}/facts",
                                       {"kind": "ideology", "occurred_on": "2026-03-02", "document": "QĐ 2"}),
        "api:remove_evaluation_fact": ("delete", f"{api}/sheets/{pk}/facts/{fact.pk}", None),
        "api:approve_evaluation_sheet": ("post", f"{api}/sheets/{pk}/approve", {}),
    }


def _call(client, method, url, body):
    if method == "get":
        return client.get(url)
    if method == "form":
        return client.post(url, body)
    return getattr(client, method)(url, body, content_type="application/json") if body is not None else \
        getattr(client, method)(url)


@pytest.mark.parametrize("user", USERS)
def test_each_route_lets_in_exactly_those_the_policy_names(client, people, sheet, user):
    routes = _routes(sheet)
    assert set(routes) == set(SEE) | set(ASSESS)
    if user != "anonymous":
        client.force_login(people.users[user])
    for name, (method, url, body) in routes.items():
        response = _call(client, method, url, body)
        api = name.startswith("api:")
        if user == "anonymous":
            assert response.status_code == (401 if api else 302), (name, response.status_code)
            continue
        if name in ASSESS:
            allowed = user in ASSESSES
        elif name in ("evaluation:sheet", "api:get_evaluation_sheet"):
            allowed = user in SEES_SHEET
        else:
            allowed = user in SEES_UNIT
        if allowed:
            assert response.status_code in (200, 302), (name, user, response.status_code, response.content[:300])
        else:
            assert response.status_code == 403, (name, user, response.status_code)


def test_a_leader_does_not_assess_or_approve_their_own_sheet(client, people, sheet):
    own = Sheet.objects.get(official=people.users["commune_chair"], period=MARCH)
    client.force_login(people.users["commune_chair"])
    assert client.get(f"/can-bo/danh-gia-xep-loai/phieu/{own.pk}/").status_code == 200
    assert client.post(f"/can-bo/danh-gia-xep-loai/phieu/{own.pk}/viec/compute/").status_code == 403
    response = client.post(f"/api/v1/evaluation/sheets/{own.pk}/approve")
    assert response.status_code == 403 and "chính mình" in response.json()["detail"]


def test_the_list_shows_each_user_the_sheets_they_may_see(client, people, sheet):
    def listed(user):
        client.force_login(people.users[user])
        response = client.get("/api/v1/evaluation/sheets", {"period": MARCH})
        assert response.status_code == 200
        return {row["official"] for row in response.json()}

    assert listed("commune_officer2") == {"commune_officer2"}
    assert listed("commune_chair") == {None, "commune_chair", "commune_officer", *[f"commune_officer{n}" for n in range(2, 6)]}
    assert listed("builder_head") == set()
    assert len(listed("supervisor")) == 7
