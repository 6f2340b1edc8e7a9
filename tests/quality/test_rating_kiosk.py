"""The counter kiosk (quầy đánh giá, Decree 118 Art. 31 "counter rating devices"): a reception
official opens it on the counter's tablet, types or scans the dossier code and the applicant's
last four digits, the applicant taps the levels, and the kiosk returns to an empty form with a
thank-you. The rating goes through the same service as the slip's link and is recorded as a
kiosk invitation, issued and used at once. Only the officials of the dossier's units rate it."""

import pytest
from django.core.exceptions import PermissionDenied

from motcua import timesource
from motcua.portal.models import RatingInvitation
from motcua.quality.invitations import rate_at_kiosk
from motcua.quality.models import Rating
from motcua.quality.services import RatingRefused
from tests.dossiers.scenario import processing_online, vn
from tests.quality.builders import returned

KIOSK = "/can-bo/quay-danh-gia/"


@pytest.fixture(autouse=True)
def now():
    moment = vn(2026, 3, 4, 9, 0)
    timesource.set_provider(lambda: moment)
    yield moment
    timesource.set_provider(None)


@pytest.fixture
def kiosk(client, world):
    client.force_login(world.users["reception"])
    return client


def state():
    return ([(r.pk, r.applicant_id, r.overall, r.levels, r.updated_at) for r in Rating.objects.order_by("pk")],
            list(RatingInvitation.objects.values_list("pk", "used_at")))


def find(code, last4="2345"):
    return {"step": "find", "code": code, "last4": last4}


def rate(code, last4="2345", **levels):
    return {"step": "rate", "code": code, "last4": last4, **levels}


def test_the_kiosk_starts_with_an_empty_form(kiosk, world):
    response = kiosk.get(KIOSK)
    page = response.content.decode()
    assert response.status_code == 200 and 'class="card kiosk"' in page and 'name="code"' in page
    assert 'name="last4"' in page and 'type="radio"' not in page


@pytest.mark.parametrize("who", ["citizen", "other_citizen", "commune_officer", "commune_chair", "justice_head"])
def test_only_reception_officials_open_the_kiosk(client, world, who):
    client.force_login(world.users[who])
    assert client.get(KIOSK).status_code == 403
    assert client.post(KIOSK, rate(returned(world).code, overall="satisfied")).status_code == 403
    assert not Rating.objects.exists() and not RatingInvitation.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, world):
    response = client.get(KIOSK)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_applicant_rates_and_the_kiosk_says_thank_you(kiosk, world, now):
    dossier = returned(world)
    shown = kiosk.post(KIOSK, find(dossier.code))
    page = shown.content.decode()
    assert shown.status_code == 200 and dossier.code in page and page.count('type="radio"') == 8 * 3
    assert 'name="step" value="rate"' in page and not Rating.objects.exists()  # finding writes nothing
    response = kiosk.post(KIOSK, rate(dossier.code, overall="very_satisfied", attitude="very_satisfied"))
    assert response.status_code == 302 and response["Location"] == KIOSK
    rating = Rating.objects.get()
    assert (rating.applicant, rating.overall, rating.levels) == (
        world.users["citizen"], "very_satisfied", {"attitude": "very_satisfied"})
    invitation = RatingInvitation.objects.get()
    assert (invitation.channel, invitation.used_at, invitation.rating, invitation.issued_by) == (
        "kiosk", now, rating, world.users["reception"])
    empty = kiosk.get(KIOSK).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá." in empty and 'type="radio"' not in empty


def test_a_scanned_receipt_qr_gives_the_code(kiosk, world):
    dossier = returned(world)
    scanned = f"{dossier.code}|1.001193|001090012345|GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert kiosk.post(KIOSK, rate(scanned, overall="satisfied")).status_code == 302
    assert Rating.objects.get().overall == "satisfied"


@pytest.mark.parametrize(("data", "status", "text"), [
    ({"code": "", "last4": "2345"}, 400, "Vui lòng nhập mã hồ sơ"),
    ({"last4": "12"}, 400, "Vui lòng nhập mã hồ sơ"),
    ({"last4": "9999"}, 404, "Không tìm thấy hồ sơ"),
    ({"code": "KHONG-CO-0001"}, 404, "Không tìm thấy hồ sơ"),
    ({}, 400, "Vui lòng chọn mức độ hài lòng chung"),
    ({"overall": "ecstatic"}, 400, ""),
    ({"overall": "satisfied", "comment": "x" * 2001}, 400, ""),
])
def test_bad_input_changes_nothing(kiosk, world, data, status, text):
    dossier = returned(world)
    before = state()
    response = kiosk.post(KIOSK, {**rate(dossier.code), **data})
    assert response.status_code == status and text in response.content.decode()
    assert state() == before


def test_a_dossier_still_being_handled_is_refused(kiosk, world):
    dossier = processing_online(world)
    response = kiosk.post(KIOSK, rate(dossier.code, overall="satisfied"))
    assert response.status_code == 409 and "chưa kết thúc" in response.content.decode()
    assert not Rating.objects.exists() and not RatingInvitation.objects.exists()


def test_an_official_of_another_unit_cannot_rate_at_their_kiosk(client, world):
    client.force_login(world.users["reception2"])  # the centre's counter: not this branch's dossier
    dossier = returned(world)
    for data in (find(dossier.code), rate(dossier.code, overall="satisfied")):
        response = client.post(KIOSK, data)
        assert response.status_code == 403 and "không thuộc đơn vị" in response.content.decode()
    with pytest.raises(PermissionDenied):
        rate_at_kiosk(world.users["reception2"], dossier, {"overall": "satisfied"})
    assert not Rating.objects.exists() and not RatingInvitation.objects.exists()


def test_a_refused_kiosk_rating_keeps_no_invitation(world):
    dossier = processing_online(world)
    with pytest.raises(RatingRefused):
        rate_at_kiosk(world.users["reception"], dossier, {"overall": "satisfied"})
    assert not RatingInvitation.objects.exists()


def test_the_kiosk_and_the_portal_share_one_rating(world, now):
    from motcua.quality.services import rate_dossier

    dossier = returned(world)
    first = rate_dossier(world.users["citizen"], dossier, {"overall": "dissatisfied"}, "", now)
    again = rate_at_kiosk(world.users["reception"], dossier, {"overall": "satisfied"}, "", now)
    assert again.pk == first.pk and Rating.objects.get().overall == "satisfied"
