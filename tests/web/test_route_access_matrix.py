"""Every page and API route × every role × own / other unit's dossier: who gets in, who gets
403 (or is sent to sign in). The routes are read from the URL configuration, so a new route
without a line in ``POLICY`` fails this test until someone decides who may use it."""

from __future__ import annotations

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from motcua.accounts.services import issue_api_token
from tests.dossiers.test_access_matrix import ALL, MATRIX, dossiers  # noqa: F401  (the same four dossiers)

pytestmark = pytest.mark.django_db

OFFICIALS = {name for name, _ in MATRIX if name not in ("citizen", "other_citizen")}
USERS = [name for name, _ in MATRIX] + ["anonymous"]
SEES = dict(MATRIX)
OWNER = {"permit": "citizen", "karaoke": "other_citizen"}  # the two dossiers filed online by a citizen

# Who may use each route:
#   public       anyone, signed in or not
#   signed_in    any signed-in user (citizens file and follow their own dossiers)
#   official     officials only (a post in some unit, or the administrator)
#   sees         the dossier's viewers under dossiers.access (its units' officials, its applicant)
#   official_sees  the same, officials only (the workbench pages)
#   owner        the dossier's applicant only (the citizen's own pages)
#   serves_unit  officials who serve the unit named in the query
POLICY = {
    "web:home": "public", "web:second_factor": "official", "web:login": "public", "set_language": "post_only", "web:logout": "post_only",
    "portal:procedures": "public", "portal:procedure": "public", "portal:lookup": "public",
    "portal:file": "signed_in", "portal:my_dossiers": "signed_in",
    "portal:my_dossier": "owner", "portal:supplement": "owner", "portal:withdraw": "owner", "portal:rate": "owner",
    "portal:attachment": "sees",
    "workbench:worklist": "official", "workbench:intake": "reception", "workbench:intake_form": "reception",
    "workbench:dossier": "official_sees", "workbench:act": "official_sees",
    "documents:form": "sees", "documents:book": "serves_unit",
    "api:api-root": "skip", "api:openapi-json": "public",
    "api:list_dossiers": "signed_in", "api:my_dossiers": "signed_in",
    "api:get_dossier": "sees", "api:dossier_events": "sees", "api:act_on_dossier": "sees",
    "api:file_dossier": "signed_in",  # online as the applicant; counter/post only at a reception post (below)
    "api:list_attachments": "sees", "api:upload_attachment": "sees",
    "api:list_procedures": "public", "api:get_procedure": "public", "api:lookup": "public",
    "api:rate": "owner", "api:get_rating": "sees",
    # rating channels of Art. 31: the slip's one-time link (anyone holding it), the slip, the counter kiosk
    "portal:rate_link": "public", "api:rating_link": "public", "api:rate_by_link": "public",
    "workbench:rating_slip": "official_sees", "api:issue_rating_link": "official_sees",
    "workbench:rating_kiosk": "reception",
    # SIPAS surveys: the one-time link (anyone holding it); rounds and results for any official; running a
    # round only for a supervisor or the administrator ("survey_manager", proved in tests/surveys/test_survey_pages.py)
    "surveys:respond": "public", "api:submit_survey_response": "public",
    "surveys:rounds": "official", "surveys:results": "official", "surveys:results_xlsx": "official",
    "api:list_survey_rounds": "official", "api:survey_round_results": "official",
    "surveys:create": "survey_manager", "surveys:round": "survey_manager", "surveys:act": "survey_manager",
    "surveys:invitations": "survey_manager", "surveys:paper": "survey_manager",
    # leaders' dashboards of service quality (766 index, progress, ratings, an indicator's dossiers): any official
    "quality_dashboard:overview": "official", "quality_dashboard:progress": "official",
    "quality_dashboard:ratings": "official", "quality_dashboard:indicator": "official",
}

# The steering tools keep their routes' policies beside their tests, in tests/<app>/route_policy.py:
# ``POLICY`` (route name -> kind, as above, or a kind of the app's own proved in its tests) and
# ``PLAIN`` (route name -> URL, for routes needing no dossier, checked below like the others).
STEERING = ("programmes", "reporting", "briefings", "units", "evaluation", "complaints")
_OWN_PLAIN: dict[str, str] = {}
for _app in STEERING:
    try:
        _module = importlib.import_module(f"tests.{_app}.route_policy")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.{_app}.route_policy":
            raise
        continue
    POLICY.update(_module.POLICY)
    _OWN_PLAIN.update(getattr(_module, "PLAIN", {}))


def _walk(patterns, ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern) and not ns.startswith("admin"):
            yield ns + (p.name or str(p.pattern))


def test_every_route_has_a_policy():
    names = set(_walk(get_resolver().url_patterns))
    assert names - set(POLICY) == set(), "routes without an access policy"
    assert set(POLICY) - names == set(), "policies for routes that no longer exist"


def _url(name: str, d) -> tuple[str, str]:
    """(method, URL) for one route on dossier ``d``."""
    pk, code = d.pk, d.code
    return {
        "portal:my_dossier": ("get", f"/cong-dan/ho-so/{pk}/"),
        "portal:supplement": ("get", f"/cong-dan/ho-so/{pk}/bo-sung/"),
        "portal:withdraw": ("get", f"/cong-dan/ho-so/{pk}/rut/"),
        "portal:rate": ("get", f"/cong-dan/ho-so/{pk}/danh-gia/"),
        "workbench:dossier": ("get", f"/can-bo/ho-so/{pk}/"),
        "workbench:act": ("get", f"/can-bo/ho-so/{pk}/viec/withdraw/"),
        "documents:form": ("get", f"/can-bo/ho-so/{pk}/mau/01.pdf"),
        "api:get_dossier": ("get", f"/api/v1/dossiers/{code}"),
        "api:list_attachments": ("get", f"/api/v1/dossiers/{pk}/attachments"),  # by id: the same dossier
        "api:upload_attachment": ("upload", f"/api/v1/dossiers/{code}/attachments"),
        "api:dossier_events": ("get", f"/api/v1/dossiers/{code}/events"),
        "api:act_on_dossier": ("post", f"/api/v1/dossiers/{code}/acts/withdraw"),
        "api:rate": ("post", f"/api/v1/dossiers/{code}/rating"),
        "api:get_rating": ("get", f"/api/v1/dossiers/{code}/rating"),
        "workbench:rating_slip": ("get", f"/can-bo/ho-so/{pk}/phieu-danh-gia/"),
        "api:issue_rating_link": ("post", f"/api/v1/dossiers/{code}/rating-link"),
    }[name]


DOSSIER_ROUTES = [n for n, p in POLICY.items() if p in ("sees", "official_sees", "owner") and n != "portal:attachment"]


def _allowed(policy: str, user: str, dossier: str) -> bool:
    if policy == "owner":
        return OWNER.get(dossier) == user
    if policy == "official_sees" and user not in OFFICIALS:
        return False
    return dossier in SEES[user]


def _client(client, world, user):
    """The test client signed in as ``user`` (signed out for "anonymous"). The matrix walks every
    user through one route in one test, so that the shared world is built once per route."""
    client.logout()
    if user != "anonymous":
        client.force_login(world.users[user])
    return client


def _call(client, method, url, api):
    if method == "upload":
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, {"document": "Tờ khai", "file": SimpleUploadedFile("to-khai.pdf", PDF)})
    if method == "post":  # only API routes are posted here
        return client.post(url, data={"expected_version": 0, "overall": "1"}, content_type="application/json")
    return client.get(url)


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.mark.parametrize("route", DOSSIER_ROUTES)
def test_dossier_routes(client, world, dossiers, route, settings, tmp_path):  # noqa: F811
    settings.MOTCUA_UPLOAD_DIR = tmp_path  # the upload route stores what it is allowed to
    for user in USERS:
        _check_dossier_route(_client(client, world, user), dossiers, route, user)


def _check_dossier_route(c, dossiers, route, user):
    api = route.startswith("api:")
    for name, d in dossiers.items():
        method, url = _url(route, d)
        response = _call(c, method, url, api)
        if user == "anonymous":
            expected = 401 if api else 302
            assert response.status_code == expected, (user, url, response.status_code)
            if not api:
                assert response["Location"].startswith("/dang-nhap/")
        elif _allowed(POLICY[route], user, name):
            unrated = route == "api:get_rating" and response.status_code == 404  # nobody rated it yet
            assert unrated or response.status_code not in (401, 403, 404, 405, 500), (user, url, name,
                                                                                       response.status_code)
        else:
            assert response.status_code == 403, (user, url, name, response.status_code)


PLAIN = {"workbench:worklist": "/can-bo/", "web:second_factor": "/tai-khoan/xac-thuc-hai-lop/", "workbench:intake": "/can-bo/tiep-nhan/",
         "workbench:intake_form": "/can-bo/tiep-nhan/1.001193/", "portal:file": "/thu-tuc/1.001193/nop/",
         "portal:my_dossiers": "/cong-dan/ho-so/", "portal:procedures": "/thu-tuc/",
         "portal:procedure": "/thu-tuc/1.001193/", "portal:lookup": "/tra-cuu/", "web:home": "/",
         "web:login": "/dang-nhap/", "api:list_dossiers": "/api/v1/dossiers", "api:my_dossiers": "/api/v1/me/dossiers",
         "api:list_procedures": "/api/v1/procedures", "api:get_procedure": "/api/v1/procedures/1.001193",
         "api:lookup": "/api/v1/lookup?code=X&last4=0000", "api:openapi-json": "/api/v1/openapi.json",
         "portal:rate_link": "/danh-gia/khong-co-ma-nay/", "api:rating_link": f"/api/v1/rating-links/{'a' * 43}",
         "workbench:rating_kiosk": "/can-bo/quay-danh-gia/",
         "surveys:rounds": "/can-bo/khao-sat/", "surveys:respond": "/khao-sat/khong-co-ma-nay/",
         "quality_dashboard:overview": "/can-bo/chi-so/", "quality_dashboard:progress": "/can-bo/chi-so/tien-do/",
         "quality_dashboard:ratings": "/can-bo/chi-so/danh-gia/",
         "quality_dashboard:indicator": "/can-bo/chi-so/chi-tieu/2.1/",
         "api:list_survey_rounds": "/api/v1/surveys/rounds"}
PLAIN.update(_OWN_PLAIN)
RECEPTION = {"reception", "reception2"}


@pytest.mark.parametrize("channel", ["online", "counter"])
@pytest.mark.parametrize("user", USERS)
def test_filing_through_the_api(client, world, dossiers, user, channel):  # noqa: F811
    """Anyone signed in files online (as the applicant); only the branch's reception officer files
    at the branch's counter."""
    from motcua.catalog.models import ProcedureVersion

    ProcedureVersion.objects.update(online=ProcedureVersion.Online.FULL)
    body = {"procedure": "1.001193", "area": "00070", "channel": channel, "receiving_unit": "CN-HK",
            "applicant": {"name": "Nguyễn Văn Đình", "id_number": "001090012345", "phone": "0912345678",
                          "address": "12 Hàng Bạc"}, "received_documents": [0]}
    response = _client(client, world, user).post("/api/v1/dossiers", body, content_type="application/json")
    if user == "anonymous":
        assert response.status_code == 401
    elif channel == "online" or user == "reception":
        assert response.status_code == 201, (user, response.content)
    else:
        assert response.status_code == 403, (user, response.status_code)


@pytest.mark.parametrize("route", sorted(PLAIN))
def test_pages_without_a_dossier(client, world, dossiers, route):  # noqa: F811
    from motcua.catalog.models import ProcedureVersion

    ProcedureVersion.objects.update(online=ProcedureVersion.Online.FULL)  # the filing page needs an online procedure
    policy, api = POLICY[route], route.startswith("api:")
    for user in USERS:
        response = _client(client, world, user).get(PLAIN[route])
        if policy == "public":
            assert response.status_code not in (401, 403, 405, 500), (user, response.status_code)
        elif user == "anonymous":
            assert response.status_code == (401 if api else 302), (user, response.status_code)
        elif (policy == "signed_in" or (policy == "official" and user in OFFICIALS)
              or (policy == "reception" and user in RECEPTION)):
            assert response.status_code in (200, 302), (user, response.status_code)
        else:
            assert response.status_code == 403, (user, response.status_code)


@pytest.mark.parametrize("user", USERS)
def test_tracking_book_only_for_those_who_serve_the_unit(client, world, dossiers, user):  # noqa: F811
    response = _client(client, world, user).get("/can-bo/so-theo-doi/", {"unit": "CN-HK", "format": "xlsx"})
    if user == "anonymous":
        assert response.status_code == 302
    elif user in ("reception", "supervisor", "sysadmin"):  # the branch, the centre above it, the administrator
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("user", USERS)
def test_attachments_follow_the_dossier(client, world, dossiers, user, settings, tmp_path):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.portal.attachments import check, removed_on_error, store

    settings.MOTCUA_UPLOAD_DIR = tmp_path
    upload = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    with removed_on_error() as written:
        [row] = store(dossiers["permit"], [check(upload, "Tờ khai")], user=world.users["citizen"], stage="filing",
                      written=written)
    response = _client(client, world, user).get(f"/cong-dan/tep/{row.pk}/")
    if user == "anonymous":
        assert response.status_code == 302
    elif "permit" in SEES[user]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_tokens_act_as_their_user(client, world, dossiers):  # noqa: F811
    token = issue_api_token(world.users["police_officer"], "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/dossiers/{dossiers['karaoke'].code}", **auth).status_code == 200
    assert client.get(f"/api/v1/dossiers/{dossiers['birth'].code}", **auth).status_code == 403
    assert client.get(f"/api/v1/dossiers/{dossiers['birth'].code}",
                      HTTP_AUTHORIZATION="Bearer mc_wrong").status_code == 401
