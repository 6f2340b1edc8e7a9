"""``POST``/``GET /api/v1/dossiers/{code}/rating``: the applicant rates an ended dossier through
the same service as the page; problems for every refusal (401, 403, 404, 409, 422) in Vietnamese
and English; whoever may see the dossier may read its rating."""

from datetime import timedelta

import pytest

from motcua import timesource
from motcua.accounts.services import issue_api_token
from motcua.quality.models import Rating
from tests.dossiers.scenario import processing_online, vn
from tests.quality.builders import returned


@pytest.fixture
def clock():
    moment = {"now": vn(2026, 3, 4, 9, 0)}
    timesource.set_provider(lambda: moment["now"])
    yield moment
    timesource.set_provider(None)


def bearer(world, username):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(world.users[username], 'test')}"}


def post(client, world, code, body, user="citizen"):
    return client.post(f"/api/v1/dossiers/{code}/rating", body, content_type="application/json",
                       **(bearer(world, user) if user else {}))


def problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["status"] == status and body["detail"] and body["detail_en"]
    return body


GOOD = {"overall": "satisfied", "criteria": {"time": "very_satisfied", "online": "dissatisfied"},
        "comment": "Trả kết quả trực tuyến nhanh."}


def test_the_applicant_rates_and_reads_back(client, world, clock):
    dossier = returned(world)
    response = post(client, world, dossier.code, GOOD)
    assert response.status_code == 200
    data = response.json()
    assert data["overall"] == "satisfied" and data["overall_label"] == "Hài lòng"
    assert data["criteria"] == GOOD["criteria"] and data["scale_version"] == "2025-07"
    assert data["changeable_until"].startswith("2026-03-11")
    read = client.get(f"/api/v1/dossiers/{dossier.code}/rating", **bearer(world, "citizen"))
    assert read.status_code == 200 and read.json() == data
    by_official = client.get(f"/api/v1/dossiers/{dossier.code}/rating", **bearer(world, "commune_chair"))
    assert by_official.status_code == 200 and by_official.json()["comment"] == GOOD["comment"]


def test_without_credentials_401(client, world, clock):
    problem(post(client, world, returned(world).code, GOOD, user=None), 401, "unauthenticated")


@pytest.mark.parametrize("user", ["other_citizen", "commune_chair"])
def test_only_the_applicant_may_rate_403(client, world, clock, user):
    body = problem(post(client, world, returned(world).code, GOOD, user=user), 403, "forbidden")
    assert body["detail"] == "Chỉ người nộp hồ sơ được đánh giá hồ sơ này."
    assert not Rating.objects.exists()


def test_reading_someone_elses_rating_403(client, world, clock):
    dossier = returned(world)
    post(client, world, dossier.code, GOOD)
    problem(client.get(f"/api/v1/dossiers/{dossier.code}/rating", **bearer(world, "other_citizen")), 403, "forbidden")


def test_unknown_dossier_or_no_rating_yet_404(client, world, clock):
    problem(post(client, world, "KHONG-CO", GOOD), 404, "not_found")
    body = problem(client.get(f"/api/v1/dossiers/{returned(world).code}/rating", **bearer(world, "citizen")), 404,
                   "no_rating")
    assert body["detail"] == "Hồ sơ chưa được đánh giá." and body["detail_en"] == "This dossier has not been rated yet."


def test_a_dossier_still_being_handled_409(client, world, clock):
    body = problem(post(client, world, processing_online(world).code, GOOD), 409, "not_ended")
    assert "chưa kết thúc" in body["detail"] and "ended" in body["detail_en"]


def test_a_change_after_seven_days_409_and_nothing_changes(client, world, clock):
    dossier = returned(world)
    post(client, world, dossier.code, GOOD)
    clock["now"] += timedelta(days=3)
    assert post(client, world, dossier.code, {"overall": "dissatisfied"}).json()["criteria"] == {}
    clock["now"] += timedelta(days=5)
    body = problem(post(client, world, dossier.code, GOOD), 409, "rating_locked")
    assert "Đã quá 7 ngày" in body["detail"]
    assert Rating.objects.get().overall == "dissatisfied"


@pytest.mark.parametrize("body, code", [
    ({"overall": "xuat-sac"}, "invalid_rating"),
    ({"overall": "satisfied", "criteria": {"weather": "satisfied"}}, "invalid_rating"),
    ({"criteria": {"time": "satisfied"}}, "invalid"),
    ({"overall": "satisfied", "comment": "x" * 2001}, "invalid"),
])
def test_levels_off_the_scale_or_a_malformed_body_422(client, world, clock, body, code):
    answer = problem(post(client, world, returned(world).code, body), 422, code)
    if code == "invalid_rating":
        assert "thang đánh giá" in answer["detail"] and answer["detail_en"] == "The levels do not fit the rating scale."
    assert not Rating.objects.exists()
