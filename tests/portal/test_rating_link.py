"""The one-time rating link on the result slip (Decree 118 Art. 31): an official who sees a
returned dossier prints the slip (HTML or PDF, with the QR of the link); whoever holds it rates
the dossier once, without signing in, for the applicant. Used, expired, unknown and not-yet-ended
links are refused with a clear message and change nothing; only the token's hash is stored."""

import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from pypdf import PdfReader

from motcua.dossiers import services as sv
from motcua.dossiers.access import viewer_for
from motcua.portal.models import RatingInvitation
from motcua.quality.invitations import issue_rating_link, rate_by_link
from motcua.quality.models import Rating
from motcua.quality.services import RatingRefused
from motcua.rules.lifecycle import Role
from tests.dossiers.scenario import at_counter, leader, processing_online, transfer, vn
from tests.quality.builders import decided, returned

LIKED = {"overall": "very_satisfied", "attitude": "satisfied"}


@pytest.fixture
def now(clock):
    clock["now"] = vn(2026, 3, 4, 9, 0)
    return clock


def returned_at_counter(world):
    """A paper dossier (no applicant account) received, decided and returned at the branch."""
    d = transfer(world, at_counter(world), vn(2026, 3, 2, 9, 30))
    d = sv.assign_dossier(d, leader(world, "birth"), world.users["commune_officer"], now=vn(2026, 3, 2, 10, 30))
    d = sv.decide_dossier(d, leader(world, "birth"), "approved", now=vn(2026, 3, 3, 9, 0))
    return sv.return_result(d, world.official("reception", Role.RECEPTION), "counter", now=vn(2026, 3, 3, 10, 0))


def state():
    return ([(r.pk, r.applicant_id, r.overall, r.levels, r.comment, r.updated_at) for r in Rating.objects.order_by("pk")],
            list(RatingInvitation.objects.order_by("pk").values_list("pk", "used_at", "rating_id")))


def path(token):
    return f"/danh-gia/{token}/"


# -- the service ---------------------------------------------------------------------------------

def test_only_the_hash_of_the_token_is_stored(world, now):
    token = issue_rating_link(returned(world), now["now"])
    row = RatingInvitation.objects.get()
    assert len(token) >= 40 and row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in RatingInvitation.objects.values().get().values()}
    assert row.channel == "link" and row.used_at is None and row.expires_at == now["now"] + timedelta(days=30)


def test_refused_before_the_dossier_ends(world, now):
    for dossier in (processing_online(world), decided(world)):
        with pytest.raises(RatingRefused) as info:
            issue_rating_link(dossier, now["now"])
        assert info.value.code == "not_ended" and "chưa kết thúc" in info.value.message
    assert not RatingInvitation.objects.exists()


def test_a_link_rates_once_for_the_applicant(world, now):
    dossier = returned(world)
    token = issue_rating_link(dossier, now["now"])
    rating = rate_by_link(token, LIKED, "Nhanh.", now["now"])
    assert rating.applicant == world.users["citizen"] and rating.overall == "very_satisfied"
    invitation = RatingInvitation.objects.get()
    assert invitation.used_at == now["now"] and invitation.rating == rating
    before = state()
    with pytest.raises(RatingRefused) as info:
        rate_by_link(token, {"overall": "dissatisfied"}, "", now["now"] + timedelta(minutes=1))
    assert info.value.code == "link_used" and info.value.status == 409 and "đã được dùng" in info.value.message
    assert state() == before


def test_an_expired_link_is_refused(world, now, settings):
    settings.MOTCUA_RATING_LINK_DAYS = 2
    token = issue_rating_link(returned(world), now["now"])
    before = state()
    with pytest.raises(RatingRefused) as info:
        rate_by_link(token, LIKED, "", now["now"] + timedelta(days=2, seconds=1))
    assert info.value.code == "link_expired" and info.value.status == 410
    assert "hết hạn lúc 09:00 ngày 06/03/2026" in info.value.message
    assert state() == before


def test_bad_levels_leave_the_link_unused(world, now):
    token = issue_rating_link(returned_at_counter(world), now["now"])
    before = state()
    for levels in ({}, {"overall": "ecstatic"}, {"overall": "satisfied", "nonsense": "satisfied"}):
        with pytest.raises(RatingRefused) as info:
            rate_by_link(token, levels, "", now["now"])
        assert info.value.code == "invalid_rating"
    with pytest.raises(RatingRefused):
        rate_by_link(token, LIKED, "x" * 2001, now["now"])
    assert state() == before
    assert not Rating.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="danh-gia:").exists()  # nor a stand-in account
    assert rate_by_link(token, LIKED, "", now["now"]).overall == "very_satisfied"  # still usable


def test_a_counter_dossier_is_rated_under_an_inactive_stand_in(world, now):
    dossier = returned_at_counter(world)
    assert dossier.applicant_user_id is None
    first = rate_by_link(issue_rating_link(dossier, now["now"]), LIKED, "", now["now"])
    stand_in = first.applicant
    assert stand_in.username == f"danh-gia:ho-so-{dossier.pk}"
    assert not stand_in.is_active and not stand_in.has_usable_password()
    assert not viewer_for(stand_in).units and viewer_for(stand_in).user_id is None  # sees nothing
    # a second slip within the change window changes the same rating: one per dossier
    second = rate_by_link(issue_rating_link(dossier, now["now"]), {"overall": "satisfied"}, "", now["now"])
    assert second.pk == first.pk and Rating.objects.get().overall == "satisfied"


# -- the page /danh-gia/<token>/ ------------------------------------------------------------------

def test_the_page_shows_the_scale_and_rates_once(world, now):
    anonymous = Client(enforce_csrf_checks=True)
    dossier = returned(world)
    token = issue_rating_link(dossier, now["now"])
    response = anonymous.get(path(token))
    page = response.content.decode()
    assert response.status_code == 200 and dossier.code in page and "Mức độ hài lòng chung" in page
    assert page.count('type="radio"') == 8 * 3 and "Nguyễn Văn Đình" not in page  # no personal data
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = anonymous.post(path(token), {"csrfmiddlewaretoken": csrf, "overall": "satisfied", "time": "dissatisfied"})
    assert response.status_code == 200 and "Cảm ơn ông/bà đã đánh giá" in response.content.decode()
    assert Rating.objects.get().levels == {"time": "dissatisfied"}
    again = anonymous.get(path(token))
    assert again.status_code == 409 and "đã được dùng" in again.content.decode()


def test_the_page_refuses_a_post_without_csrf(world, now):
    token = issue_rating_link(returned(world), now["now"])
    response = Client(enforce_csrf_checks=True).post(path(token), {"overall": "satisfied"})
    assert response.status_code == 403 and not Rating.objects.exists()


def test_the_page_without_a_level_changes_nothing(client, world, now):
    token = issue_rating_link(returned(world), now["now"])
    before = state()
    response = client.post(path(token), {"comment": "Không chọn"})
    assert response.status_code == 400 and "Vui lòng chọn mức độ hài lòng chung" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("token", ["khong-co-ma-nay-aaaaaaaaaaaaaaaaaaaaaaaaaaa", "x"])
def test_an_unknown_link_is_404(client, world, now, token):
    response = client.get(path(token))
    assert response.status_code == 404 and "không đúng" in response.content.decode()


def test_the_page_of_an_expired_link_says_so(client, world, now):
    token = issue_rating_link(returned(world), now["now"])
    now["now"] += timedelta(days=31)
    response = client.post(path(token), {"overall": "satisfied"})
    assert response.status_code == 410 and "hết hạn" in response.content.decode()
    assert not Rating.objects.exists()


# -- the slip ------------------------------------------------------------------------------------

def slip_url(dossier):
    return f"/can-bo/ho-so/{dossier.pk}/phieu-danh-gia/"


def test_the_dossier_page_offers_the_slip_once_returned(client, world, now):
    client.force_login(world.users["reception"])
    dossier = returned(world)
    assert "Phiếu đánh giá" in client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    ongoing = processing_online(world)
    assert slip_url(ongoing) not in client.get(f"/can-bo/ho-so/{ongoing.pk}/").content.decode()


def test_the_slip_pdf_carries_the_code_and_a_working_link(client, world, now):
    client.force_login(world.users["reception"])
    dossier = returned(world)
    assert client.get(slip_url(dossier)).status_code == 200 and not RatingInvitation.objects.exists()  # GET writes nothing
    response = client.post(slip_url(dossier), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert dossier.code in text and "PHIẾU ĐÁNH GIÁ" in text
    assert RatingInvitation.objects.get().issued_by == world.users["reception"]


def test_the_html_slip_has_the_qr_of_the_absolute_link(client, world, now):
    client.force_login(world.users["commune_chair"])  # the competent unit's leader sees it too
    dossier = returned(world)
    page = client.post(slip_url(dossier), {"format": "html"}).content.decode()
    url = re.search(r"http://testserver/danh-gia/([A-Za-z0-9_-]+)/", page)
    assert url and "<svg" in page and dossier.code in page
    assert Client().get(f"/danh-gia/{url[1]}/").status_code == 200  # the printed link opens the form


@pytest.mark.parametrize("who", ["justice_head", "reception2", "citizen"])
def test_only_officials_who_see_the_dossier_print_the_slip(client, world, now, who):
    client.force_login(world.users[who])
    dossier = returned(world)
    assert client.get(slip_url(dossier)).status_code == 403
    assert client.post(slip_url(dossier), {"format": "pdf"}).status_code == 403
    assert not RatingInvitation.objects.exists()


def test_no_slip_before_the_dossier_ends(client, world, now):
    client.force_login(world.users["reception"])
    dossier = processing_online(world)
    response = client.post(slip_url(dossier), {"format": "pdf"})
    assert response.status_code == 409 and "chưa kết thúc" in response.content.decode()
    assert not RatingInvitation.objects.exists()


# -- the API -------------------------------------------------------------------------------------

def test_the_api_issues_a_link_and_rates_by_it(client, world, now):
    dossier = returned(world)
    client.force_login(world.users["reception"])
    issued = client.post(f"/api/v1/dossiers/{dossier.code}/rating-link")
    assert issued.status_code == 201, issued.content
    token = issued.json()["token"]
    assert issued.json()["url"] == f"http://testserver/danh-gia/{token}/"
    anonymous = Client()
    shown = anonymous.get(f"/api/v1/rating-links/{token}")
    assert shown.status_code == 200 and shown.json()["dossier_code"] == dossier.code
    body = {"overall": "satisfied", "criteria": {"time": "very_satisfied"}, "comment": "Tốt"}
    rated = anonymous.post(f"/api/v1/rating-links/{token}", body, content_type="application/json")
    assert rated.status_code == 200 and rated.json()["overall_label"] == "Hài lòng"
    again = anonymous.post(f"/api/v1/rating-links/{token}", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "link_used"
    assert again.json()["detail_en"].startswith("This rating link has been used")


def test_the_api_refuses_other_units_and_unended_dossiers(client, world, now):
    client.force_login(world.users["justice_head"])
    assert client.post(f"/api/v1/dossiers/{returned(world).code}/rating-link").status_code == 403
    client.force_login(world.users["reception"])
    response = client.post(f"/api/v1/dossiers/{processing_online(world).code}/rating-link")
    assert response.status_code == 409 and response.json()["code"] == "not_ended"
    assert Client().post(f"/api/v1/rating-links/{'a' * 43}", {"overall": "satisfied"},
                         content_type="application/json").status_code == 404
    assert not RatingInvitation.objects.exists()
