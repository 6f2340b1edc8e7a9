"""``/api/v1/surveys``: officials list rounds and read results (citizens 403, strangers 401);
anyone holding a one-time link submits its questionnaire without signing in, once; an invalid
form is refused whole with its problems listed (422), in the RFC 7807 problem format."""

import pytest

from motcua.accounts.services import issue_api_token
from motcua.surveys import services as sv
from motcua.surveys.models import Response

from .conftest import answers

pytestmark = pytest.mark.django_db


def bearer(world, username):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(world.users[username], 'test')}"}


def submit(client, token, form):
    return client.post(f"/api/v1/surveys/responses/{token}", {"answers": form}, content_type="application/json")


def problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["detail"]
    return body


def test_a_link_submits_once_without_signing_in(client, opened):
    token = opened.tokens["SXD"][0]
    done = submit(client, token, answers("5"))
    assert done.status_code == 201, done.content
    assert done.json()["submitted_on"] and "1001" in done.json()["round"]
    problem(submit(client, token, answers("5")), 409, "token_used")
    problem(submit(client, "khong-co", answers()), 404, "unknown_token")
    assert Response.objects.count() == 1


def test_an_invalid_form_is_refused_whole(client, opened):
    form = answers(q6="khong-ro")
    del form["q10_3"]
    body = problem(submit(client, opened.tokens["UBND-HK"][0], form), 422, "invalid_answers")
    assert len(body["errors"]) == 2 and any("khong-ro" in e for e in body["errors"])
    assert not Response.objects.exists()
    problem(client.post(f"/api/v1/surveys/responses/{opened.tokens['UBND-HK'][0]}", {"answers": "x"},
                        content_type="application/json"), 422, "invalid")


def test_officials_list_rounds_and_read_results(client, opened, quarter):
    for token in opened.tokens["UBND-HK"][:3]:
        sv.submit_response(token, answers("4"))
    sv.submit_response(opened.tokens["SXD"][0], answers("3"))
    auth = bearer(quarter, "builder")
    [listed] = client.get("/api/v1/surveys/rounds", **auth).json()
    assert listed["id"] == opened.pk and listed["sample"] == 73 and listed["received"] == 4 and listed["units"] == 3
    results = client.get(f"/api/v1/surveys/rounds/{opened.pk}/results", **auth).json()
    assert results["overall"]["n"] == 4
    assert results["overall"]["contents"]["policy"] == 75 and results["overall"]["overall"] == 75
    assert [(u["unit_code"], u["rank"]) for u in results["units"]] == [("UBND-HK", 1), ("SXD", 2), ("CATP", None)]
    problem(client.get("/api/v1/surveys/rounds/999999/results", **auth), 404, "no_survey")


def test_citizens_and_strangers_read_nothing(client, opened, quarter):
    problem(client.get("/api/v1/surveys/rounds", **bearer(quarter, "citizen")), 403, "forbidden")
    problem(client.get(f"/api/v1/surveys/rounds/{opened.pk}/results", **bearer(quarter, "citizen")), 403, "forbidden")
    problem(client.get("/api/v1/surveys/rounds"), 401, "unauthenticated")
