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
