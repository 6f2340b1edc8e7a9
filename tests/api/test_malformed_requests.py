"""Input that once made the API fail with 500 (found by schemathesis) now gets a problem:
a page number past any database integer, control characters (NUL) in codes and searches, which
PostgreSQL refuses, and a body that is not JSON."""

import pytest

from motcua.accounts.services import issue_api_token


@pytest.fixture
def headers(world):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(world.users['commune_chair'], 'test')}"}


@pytest.mark.parametrize("url, params", [
    ("/api/v1/dossiers", {"page": "212695094190480031744"}),
    ("/api/v1/dossiers", {"q": "nguyen\x00"}),
    ("/api/v1/dossiers", {"unit": "UBND\x00"}),
    ("/api/v1/dossiers", {"procedure": "1.0\x00"}),
    ("/api/v1/dossiers/A%00B", {}),
    ("/api/v1/dossiers/A%00B/events", {}),
    ("/api/v1/dossiers/A%00B/rating", {}),
    ("/api/v1/procedures", {"page": "99999999999999999999"}),
    ("/api/v1/procedures/1.0%00", {}),
    ("/api/v1/me/dossiers", {"page": "99999999999999999999"}),
])
def test_out_of_range_or_control_characters_are_422_problems(client, headers, url, params):
    response = client.get(url, params, **headers)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json" and response.json()["code"] == "invalid"


@pytest.mark.parametrize("url", ["/api/v1/dossiers/X/acts/receive", "/api/v1/dossiers/X/rating"])
def test_a_body_that_is_not_json_is_a_400_problem(client, headers, url):
    response = client.post(url, b"\xff\xfe", content_type="application/json", **headers)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "malformed" and body["detail"].startswith("Nội dung gửi lên không đọc được")
    assert body["detail_en"].startswith("The request body could not be read")
