"""The rating page: the signed-in applicant of an ended dossier picks one level per criterion of
Decree 118 Art. 33 and an overall level; others get 403; a dossier still being handled cannot be
rated; the rating can be changed for 7 days, then is shown read-only."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from motcua.quality.models import Rating
from tests.dossiers.scenario import processing_online, vn
from tests.quality.builders import ENDED, decided, returned


def url(dossier):
    return f"/cong-dan/ho-so/{dossier.pk}/danh-gia/"


@pytest.fixture
def citizen(client, world):
    client.force_login(world.users["citizen"])
    return client


@pytest.fixture
def now(clock):
    clock["now"] = vn(2026, 3, 4, 9, 0)
    return clock


def test_a_visitor_is_sent_to_sign_in(client, world):
    response = client.get(url(returned(world)))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("who", ["other_citizen", "commune_chair", "reception"])
def test_anyone_but_the_applicant_gets_403(client, world, who):
    dossier = returned(world)
    client.force_login(world.users[who])
    assert client.get(url(dossier)).status_code == 403
    assert client.post(url(dossier), {"overall": "satisfied"}).status_code == 403
    assert not Rating.objects.exists()


def test_an_unknown_dossier_is_404(citizen, world):
    assert citizen.get("/cong-dan/ho-so/987654/danh-gia/").status_code == 404


def test_the_form_has_one_radio_group_per_criterion_and_an_overall_level(citizen, world, now):
    response = citizen.get(url(returned(world)))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Thời gian giải quyết so với quy định", "Thái độ, tác phong của cán bộ, công chức",
                 "Chất lượng dịch vụ công trực tuyến", "Mức độ hài lòng chung", "Rất hài lòng", "Không hài lòng",
                 "csrfmiddlewaretoken", "Nghị định 118/2025/NĐ-CP"):
        assert text in page, text
    assert page.count('type="radio"') == 8 * 3
    assert "<script>" not in page  # CSP: no inline script


@pytest.mark.parametrize("end", sorted(ENDED))
def test_the_applicant_rates_an_ended_dossier(citizen, world, now, end):
    dossier = ENDED[end](world)
    response = citizen.post(url(dossier), {"time": "dissatisfied", "attitude": "very_satisfied",
                                           "overall": "satisfied", "comment": "Hơi chậm."})
    assert response.status_code == 302 and response["Location"] == url(dossier)
    rating = Rating.objects.get()
    assert (rating.overall, rating.levels, rating.comment) == (
        "satisfied", {"time": "dissatisfied", "attitude": "very_satisfied"}, "Hơi chậm.")
    page = citizen.get(url(dossier)).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá." in page and "Có thể thay đổi đến 09:00 11/03/2026" in page
    assert re.search(r'name="overall" value="satisfied"[^>]*checked', page)
    assert re.search(r'name="time" value="dissatisfied"[^>]*checked', page)


def test_a_dossier_still_being_handled_cannot_be_rated(citizen, world, now):
    for dossier in (processing_online(world), decided(world, "approved")):
        response = citizen.get(url(dossier))
        assert response.status_code == 409 and "chưa kết thúc giải quyết" in response.content.decode()
        assert 'type="radio"' not in response.content.decode()
        assert citizen.post(url(dossier), {"overall": "satisfied"}).status_code == 409
    assert not Rating.objects.exists()


@pytest.mark.parametrize("data, message", [
    ({"time": "satisfied"}, "Vui lòng chọn mức độ hài lòng chung."),
    ({"overall": "tuyet-voi"}, "Hãy chọn một lựa chọn hợp lệ"),
    ({"overall": "satisfied", "comment": "x" * 2001}, "2000"),
])
def test_an_incomplete_or_wrong_form_is_400_and_changes_nothing(citizen, world, now, data, message):
    response = citizen.post(url(returned(world)), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Rating.objects.exists()


def test_the_rating_can_be_changed_for_seven_days_then_is_read_only(citizen, world, now):
    dossier = returned(world)
    citizen.post(url(dossier), {"overall": "very_satisfied"})
    now["now"] += timedelta(days=6)
    assert citizen.post(url(dossier), {"overall": "dissatisfied", "time": "dissatisfied"}).status_code == 302
    assert Rating.objects.get().overall == "dissatisfied"
    now["now"] += timedelta(days=2)
    page = citizen.get(url(dossier)).content.decode()
    assert "Đã hết thời hạn thay đổi đánh giá." in page and " disabled" in page and "Cập nhật đánh giá" not in page
    refused = citizen.post(url(dossier), {"overall": "very_satisfied"})
    assert refused.status_code == 409 and "Đã quá 7 ngày" in refused.content.decode()
    assert Rating.objects.get().overall == "dissatisfied" and Rating.objects.count() == 1


def test_the_form_needs_its_csrf_token(world, now):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["citizen"])
    assert strict.post(url(returned(world)), {"overall": "satisfied"}).status_code == 403
    assert not Rating.objects.exists()
