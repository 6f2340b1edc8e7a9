"""The admin the demo serves until the web app lands: search without diacritics, and dossiers
that can be read but never written there (every write goes through the services)."""

import pytest
from django.contrib.auth import get_user_model

from .scenario import at_counter, vn


@pytest.fixture
def admin_client(client, world):
    user = get_user_model().objects.create_superuser("quantri", password="mot-mat-khau-dai")
    client.force_login(user)
    return client


def test_dossiers_are_found_by_name_without_diacritics(admin_client, world):
    dossier = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    page = admin_client.get("/admin/dossiers/dossier/", {"q": "nguyen van dinh"})
    assert page.status_code == 200
    assert dossier.code in page.content.decode()
    assert dossier.code not in admin_client.get("/admin/dossiers/dossier/", {"q": "tran thi"}).content.decode()


def test_procedures_are_found_without_diacritics(admin_client, world):
    page = admin_client.get("/admin/catalog/procedure/", {"q": "dang ky khai sinh"}).content.decode()
    assert "1.001193" in page and "1.009994" not in page


def test_the_dossier_admin_cannot_change_anything(admin_client, world):
    dossier = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    assert admin_client.get("/admin/dossiers/dossier/add/").status_code == 403
    before = (dossier.state, dossier.event_count)
    response = admin_client.post(f"/admin/dossiers/dossier/{dossier.pk}/change/", {"state": "returned"})
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert (dossier.state, dossier.event_count) == before
    assert admin_client.post(f"/admin/dossiers/dossier/{dossier.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_home_page_sends_each_user_to_their_desk(client, world):
    """Visitors to the procedures, officials to their worklist, citizens to their dossiers."""
    assert client.get("/")["Location"] == "/thu-tuc/"
    client.force_login(world.users["reception"])
    assert client.get("/")["Location"] == "/can-bo/"
    client.force_login(world.users["citizen"])
    assert client.get("/")["Location"] == "/cong-dan/ho-so/"


def test_admin_pages_work_under_the_content_security_policy(admin_client, world):
    """No inline script on the pages the demo serves, so the policy blocks nothing they need."""
    import re

    dossier = at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0))
    for url in ("/admin/", "/admin/dossiers/dossier/", f"/admin/dossiers/dossier/{dossier.pk}/change/",
                "/admin/catalog/procedure/", "/admin/units/unit/"):
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert "script-src 'self'" in page["Content-Security-Policy"]
        assert [s for s in re.findall(r"<script\b[^>]*>", page.content.decode()) if "src=" not in s] == [], url
