"""The dossier page: facts with personal numbers masked, the acts on offer, the forms, and the
timeline that shows who held the dossier and who made it late."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import services as sv
from tests.dossiers.scenario import vn

pytestmark = pytest.mark.django_db


def _late_permit(world):
    d = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.permit,
                              receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2))
    sv.transfer_dossier(d, world.official("reception", "reception"), now=vn(2026, 3, 2, 10))
    sv.decide_dossier(d, world.official("builder_head", "leader"), now=vn(2026, 4, 10))
    return d


def test_timeline_names_who_held_it_and_who_made_it_late(client, world):
    d = _late_permit(world)
    client.force_login(world.users["builder_head"])
    body = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert 'data-act="receive"' in body and 'data-act="transfer"' in body and 'data-act="decide"' in body
    assert 'id="late"' in body and "Sở Xây dựng" in body.split('id="late"')[1].split("</p>")[0]
    assert "001090012345" not in body and "2345" in body  # ID masked to its last four digits
    assert "Mẫu 01" in body and "Mẫu 06" in body and "Mẫu 04" not in body


def test_acts_on_offer_follow_state_and_role(client, world):
    d = sv.receive_at_counter(actor=world.official("reception", "reception"), version=world.permit,
                              receiving_unit=world.branch, applicant=world.applicant(), now=vn(2026, 3, 2))
    client.force_login(world.users["reception"])
    body = client.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert f"/can-bo/ho-so/{d.pk}/viec/transfer/" in body and "/viec/decide/" not in body


def test_another_units_official_gets_403(client, world):
    d = _late_permit(world)
    client.force_login(world.users["police_officer"])
    response = client.get(f"/can-bo/ho-so/{d.pk}/")
    assert response.status_code == 403 and "không thuộc đơn vị" in response.content.decode()


def test_page_query_count_is_flat_in_the_log_length(client, world):
    d = _late_permit(world)
    client.force_login(world.users["builder_head"])
    client.get(f"/can-bo/ho-so/{d.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/can-bo/ho-so/{d.pk}/").status_code == 200
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]
