"""The session and its user, read on every signed-in request by precompiled statements
(``accounts.sessions``, ``LockoutBackend.get_user``): they give what Django's ORM reads gave,
and refuse what Django refuses."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.utils import timezone

from motcua.accounts.backends import LockoutBackend
from tests.dossiers.conftest import world  # noqa: F401  (units to hold posts in)

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-that-dai-2025"


@pytest.fixture
def official(db):
    user = get_user_model().objects.create_user("canbo.hk", password=PASSWORD, first_name="Đình", last_name="Nguyễn Văn",
                                                email="dinh@hoankiem.gov.vn", is_staff=True)
    user.last_login = timezone.now() - timedelta(days=1)
    user.save()
    return user


def _signed_in(client, user):
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_the_user_read_is_the_one_django_reads(official):
    ours, django_s = LockoutBackend().get_user(str(official.pk)), ModelBackend().get_user(official.pk)
    fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(django_s, f) for f in fields}
    assert ours.check_password(PASSWORD) and ours.get_full_name() == "Đình Nguyễn Văn"
    assert LockoutBackend().get_user(official.pk + 1000) is None


def test_a_signed_in_session_reaches_its_page(client, official):
    _signed_in(client, official)
    page = client.get("/can-bo/thong-bao/")
    assert page.status_code == 200 and page.wsgi_request.user == official


def test_an_expired_session_signs_out(client, official):
    key = _signed_in(client, official)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/can-bo/thong-bao/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_an_unknown_session_key_signs_out(client, official):
    _signed_in(client, official)
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/can-bo/thong-bao/").status_code == 302


def test_a_deactivated_user_is_signed_out(client, official):
    _signed_in(client, official)
    get_user_model().objects.filter(pk=official.pk).update(is_active=False)
    assert client.get("/can-bo/thong-bao/").status_code == 302


def test_a_changed_password_signs_out_other_sessions(client, official):
    _signed_in(client, official)
    official.set_password("mot-mat-khau-moi-2026")
    official.save()
    assert client.get("/can-bo/thong-bao/").status_code == 302


def test_an_api_token_reads_its_account_and_notes_its_use_by_the_quarter_hour(official):
    """A system's token (read by one constant statement on every API call): the same account the
    ORM reads, its use noted at most once a quarter hour, nobody for a wrong token or a closed account."""
    from motcua import timesource
    from motcua.accounts.models import ApiToken
    from motcua.accounts.services import issue_api_token, user_for_token

    token = issue_api_token(official, "Cổng dịch vụ công")
    moments = iter([timezone.now(), timezone.now() + timedelta(minutes=5), timezone.now() + timedelta(minutes=20)])
    uses = []
    for _ in range(3):
        moment = next(moments)
        timesource.set_provider(lambda m=moment: m)
        try:
            user = user_for_token(token)
        finally:
            timesource.set_provider(None)
        assert user == official and user.get_full_name() == "Đình Nguyễn Văn" and user.last_login == official.last_login
        uses.append(ApiToken.objects.get().last_used_at)
    assert uses[0] == uses[1] != uses[2]  # 5 minutes later: not noted again; 20 minutes later: noted
    assert user_for_token(token + "x") is None and user_for_token("") is None
    get_user_model().objects.filter(pk=official.pk).update(is_active=False)
    assert user_for_token(token) is None


@pytest.fixture
def posts(official, world):
    """Two posts held today, one ended yesterday, one starting tomorrow."""
    from motcua.timesource import today
    from motcua.units.models import Official

    day = today()
    units = [world.justice, world.construction, world.police, world.culture]
    Official.objects.create(user=official, unit=units[0], role="processing")
    Official.objects.create(user=official, unit=units[1], role="reception", valid_from=day, valid_to=day)
    Official.objects.create(user=official, unit=units[2], role="leader", valid_to=day - timedelta(days=1))
    Official.objects.create(user=official, unit=units[3], role="leader", valid_from=day + timedelta(days=1))
    return units


def test_the_user_comes_with_the_posts_held_today_and_the_viewer_is_the_same(official, posts):
    from motcua.dossiers.access import viewer_for
    from motcua.timesource import today

    user = LockoutBackend().get_user(official.pk)
    assert user.live_posts_on[0] == today()
    assert sorted(user.live_posts_on[1]) == sorted([(posts[0].pk, "processing"), (posts[1].pk, "reception")])
    fresh = get_user_model().objects.get(pk=official.pk)  # no posts with it: viewer_for reads them
    assert viewer_for(user) == viewer_for(fresh)
    assert viewer_for(user).units == {posts[0].pk, posts[1].pk} and viewer_for(user).roles == {"processing", "reception"}
    tomorrow = today() + timedelta(days=1)
    assert viewer_for(user, on=tomorrow) == viewer_for(fresh, on=tomorrow)  # another day is read, not taken
    assert posts[3].pk in viewer_for(user, on=tomorrow).units and posts[1].pk not in viewer_for(user, on=tomorrow).units
    lone = get_user_model().objects.create(username="chua.co.chuc.vu")
    assert LockoutBackend().get_user(lone.pk).live_posts_on[1] == []


def test_a_signed_in_request_reads_its_user_and_posts_in_one_statement(client, official, posts):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _signed_in(client, official)
    with CaptureQueriesContext(connection) as seen:
        page = client.get("/can-bo/")
    assert page.status_code == 200
    reads = [q["sql"] for q in seen.captured_queries if "units_official" in q["sql"]]
    assert len(reads) == 1 and "auth_user" in reads[0]
    assert page.wsgi_request.viewer.units == {posts[0].pk, posts[1].pk}
