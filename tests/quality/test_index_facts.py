"""What officers record for the Decision 766 index besides the clock (digitised inputs, reused
data, the citizen's data store, population data, online payment, an e-result): the receive and
decide pages' checkboxes, the counter intake form's, and the API's ``facts`` land in the act's log
row (``data["facts"]``) and in the counters at once. An act that takes no facts is refused with
nothing changed."""

import re
from datetime import timedelta

import pytest

from motcua import timesource
from motcua.dossiers import services as sv
from motcua.dossiers.commands import ActInput, perform
from motcua.dossiers.models import DossierEvent
from motcua.quality.journal import fold
from motcua.quality.index_queries import Period, scorecard, unit_scope
from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexTally
from motcua.rules.lifecycle import ActRefused, Role
from tests.dossiers.scenario import at_counter, db_state, file_online, fresh, last_event, transfer, vn

pytestmark = pytest.mark.django_db

API = "/api/v1/dossiers"
START = vn(2026, 3, 2, 9, 0)  # a Monday
MARCH = vn(2026, 3, 1, 0, 0).date()


class Clock:
    def __init__(self):
        self.now = START

    def tick(self, minutes=10):
        self.now += timedelta(minutes=minutes)
        return self.now


@pytest.fixture(autouse=True)
def clock():
    c = Clock()
    timesource.set_provider(lambda: c.now)
    yield c
    timesource.set_provider(None)


@pytest.fixture
def fee_permit(world):
    world.permit.fees = [{"name": "Lệ phí cấp giấy phép xây dựng", "amount": 75000}]
    world.permit.save(update_fields=["fees"])
    return world.permit


def counts(unit, role="c") -> dict:
    """The March counters of ``unit`` (as the competent agency, or ``r`` as the receiving unit)."""
    fold()  # as every reader does first (PostgreSQL: the acts' journal rows)
    row = IndexTally.objects.filter(unit=unit, role=role, month=MARCH).values().first() or {}
    return {k: v for k, v in row.items() if k not in ("id", "unit_id", "role", "month") and v}


def tables() -> dict:
    fold()
    return {model.__name__: sorted(map(str, model.objects.values())) for model in
            (IndexTally, IndexOpenDue, IndexProcedureTally)}


def act_form(client, d, name, user) -> str:
    client.force_login(user)
    page = client.get(f"/can-bo/ho-so/{d.pk}/viec/{name}/")
    assert page.status_code == 200
    return page.content.decode()


def post_act(client, clock, d, name, user, **data):
    body = act_form(client, d, name, user)
    clock.tick()
    version = int(re.search(r'name="expected_version" value="(\d+)"', body).group(1))
    response = client.post(f"/can-bo/ho-so/{d.pk}/viec/{name}/", {"expected_version": version, **data})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return fresh(d)


# -- the act pages --------------------------------------------------------------------------------

def test_the_receive_and_decide_pages_record_the_ticked_facts(client, clock, world):
    d = file_online(world, world.birth, START - timedelta(minutes=30))
    form = act_form(client, d, "receive", world.users["reception"])
    for key in ("digitised", "reused", "personal_storage", "citizen_data"):
        assert f'name="fact_{key}"' in form
    assert 'name="fact_paid_online"' not in form  # birth registration is free: nothing to pay
    assert 'name="fact_e_result"' not in form

    d = post_act(client, clock, d, "receive", world.users["reception"], fact_digitised="on", fact_reused="on")
    # what was ticked, and nothing about what was not
    assert last_event(d, "receive").data["facts"] == {"synced": True, "digitised": True, "reused": True}
    mine = counts(world.commune_ubnd)
    assert mine["received"] == 1 and mine["reused"] == 1 and mine["synced"] == 1 and mine["online"] == 1
    assert "personal_storage" not in mine and "citizen_data" not in mine
    assert "digitised_e_result" not in mine and "online_effective" not in mine  # paper result, no e-result yet
    assert counts(world.branch, "r") == mine  # the receiving unit counts the same dossier

    transfer(world, d, clock.tick())
    form = act_form(client, d, "decide", world.users["commune_chair"])
    assert 'name="fact_e_result"' in form and 'name="fact_digitised"' not in form
    d = post_act(client, clock, d, "decide", world.users["commune_chair"], outcome="approved", fact_e_result="on")
    assert last_event(d, "decide").data["facts"] == {"e_result": True}
    mine = counts(world.commune_ubnd)
    for name in ("digitised_e_result", "e_result_done", "paper_done", "online_effective", "completed", "on_time"):
        assert mine[name] == 1, name
    card = scorecard(unit_scope(world.commune_ubnd), Period("month", 2026, 3), clock.now)
    assert card.by_code("4.2").points == 4 * 1 / 1  # digitised inputs and an e-result: full 4.2
    assert card.by_code("4.1").points == 6 * 1 / 1  # the paper result is also issued electronically


def test_a_page_left_unticked_records_no_facts(client, clock, world):
    d = file_online(world, world.birth, START - timedelta(minutes=30))
    d = post_act(client, clock, d, "receive", world.users["reception"])
    assert last_event(d, "receive").data["facts"] == {"synced": True}
    assert set(counts(world.commune_ubnd)) == {"received", "open", "synced", "online"}


def test_a_fee_bearing_dossier_asks_whether_it_was_paid_online(client, clock, world, fee_permit):
    d = file_online(world, fee_permit, START - timedelta(minutes=30))
    form = act_form(client, d, "receive", world.users["reception"])
    assert 'name="fact_paid_online"' in form
    d = post_act(client, clock, d, "receive", world.users["reception"], fact_paid_online="on")
    assert last_event(d, "receive").data["facts"] == {"synced": True, "paid_online": True}
    mine = counts(world.construction)
    assert mine["fee_due"] == 1 and mine["paid_online"] == 1
    proc = IndexProcedureTally.objects.get(unit=world.construction, month=MARCH, procedure=fee_permit.procedure)
    assert (proc.received, proc.fee_due, proc.paid_online) == (1, 1, 1)
    card = scorecard(unit_scope(world.construction), Period("month", 2026, 3), clock.now)
    assert card.by_code("3.6").points == 6 * 1 / 1  # every fee-bearing dossier paid online


# -- the counter intake form --------------------------------------------------------------------

def _intake(client, world, **changes):
    client.force_login(world.users["reception"])
    data = {"unit": "CN-HK", "applicant_kind": "citizen", "name": "Nguyễn Văn Đình", "id_number": "001090012345",
            "phone": "0912345678", "email": "", "address": "12 Hàng Bạc", "area": "00070", "channel": "counter",
            "docs": ["0"], "notes": "", "extra_items": "", "action": "receive"}
    data.update(changes)
    return client.post(f"/can-bo/tiep-nhan/{world.birth.procedure.code}/", data)


def test_the_counter_intake_form_records_the_ticked_facts(client, world):
    client.force_login(world.users["reception"])
    body = client.get(f"/can-bo/tiep-nhan/{world.birth.procedure.code}/").content.decode()
    for key in ("digitised", "reused", "personal_storage", "citizen_data"):
        assert f'name="fact_{key}"' in body
    fee = any((f.get("amount") or 0) > 0 for f in world.birth.fees or [])
    assert ('name="fact_paid_online"' in body) is fee  # nothing to pay: no box
    response = _intake(client, world, fact_digitised="on", fact_citizen_data="on")
    assert response.status_code == 302
    received = DossierEvent.objects.get(act="receive")
    assert received.data["facts"] == {"synced": True, "digitised": True, "citizen_data": True}
    mine = counts(world.commune_ubnd)
    assert mine["received"] == 1 and mine["citizen_data"] == 1 and "reused" not in mine and "online" not in mine
    proc = IndexProcedureTally.objects.get(unit=world.commune_ubnd, month=MARCH, procedure=world.birth.procedure)
    assert (proc.received, proc.citizen_data) == (1, 1)


def test_facts_ticked_on_an_incomplete_intake_count_once_the_dossier_is_received(client, clock, world):
    response = _intake(client, world, docs=[], fact_reused="on")  # the required form is missing
    assert response.status_code == 302
    filed = DossierEvent.objects.get(act="file")
    assert filed.data["facts"]["reused"] is True
    fold()
    assert not IndexTally.objects.exists()  # not received: counts for nothing yet
    d = filed.dossier
    reception = world.official("reception", Role.RECEPTION)
    d = sv.resubmit_dossier(d, reception, now=clock.tick(60))
    sv.receive_dossier(d, reception, now=clock.tick())
    assert counts(world.commune_ubnd)["reused"] == 1


# -- the API ------------------------------------------------------------------------------------

def test_the_api_records_facts_with_an_act(client, world):
    d = file_online(world, world.birth, START - timedelta(minutes=30))
    client.force_login(world.users["reception"])
    response = client.post(f"{API}/{d.pk}/acts/receive",
                           {"expected_version": d.event_count, "facts": {"digitised": True, "personal_storage": True}},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert last_event(d, "receive").data["facts"] == {"synced": True, "digitised": True, "personal_storage": True}
    mine = counts(world.commune_ubnd)
    assert mine["personal_storage"] == 1 and "reused" not in mine


def test_the_api_records_facts_with_a_counter_filing(client, world):
    client.force_login(world.users["reception"])
    body = {"procedure": world.birth.procedure.code, "area": "00070", "channel": "counter", "receiving_unit": "CN-HK",
            "applicant": {"name": "Nguyễn Văn Đình", "id_number": "001090012345"}, "received_documents": [0],
            "facts": {"reused": True, "citizen_data": True, "digitised": False}}
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "received"
    received = DossierEvent.objects.get(act="receive")
    assert received.data["facts"] == {"synced": True, "reused": True, "citizen_data": True}
    mine = counts(world.commune_ubnd)
    assert mine["reused"] == 1 and mine["citizen_data"] == 1


def test_an_act_that_takes_no_facts_is_refused_with_nothing_changed(client, world):
    d = at_counter(world, world.birth, START)
    client.force_login(world.users["reception"])
    before, counters = db_state(), tables()
    response = client.post(f"{API}/{d.code}/acts/transfer", {"expected_version": d.event_count,
                                                              "facts": {"digitised": True}},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "facts"
    assert "digitised" in response.json()["detail"]
    # a fact no page or API may set
    response = client.post(f"{API}/{d.code}/acts/receive", {"expected_version": d.event_count,
                                                             "facts": {"synced": False}},
                           content_type="application/json")
    assert response.status_code == 422
    with pytest.raises(ActRefused) as refused:
        perform(world.users["reception"], fresh(d), "transfer", ActInput(facts={"paid_online": True}))
    assert refused.value.code == "facts"
    assert db_state() == before and tables() == counters
    # without facts the same act goes through
    ok = client.post(f"{API}/{d.code}/acts/transfer", {"expected_version": d.event_count},
                     content_type="application/json")
    assert ok.status_code == 200 and fresh(d).state == "processing"


def test_an_applicant_cannot_claim_index_facts_for_their_own_dossier(client, clock, world):
    """The facts are the officers' record (digitised by the one-stop unit, data reused, fee paid
    through the gateway). An applicant resubmitting their own dossier through the API must not
    be able to add them and raise the unit's score (4.3 here)."""
    from tests.dossiers.scenario import officer, receive

    d = file_online(world, world.birth, START - timedelta(minutes=30))
    d = transfer(world, receive(world, d, START), START + timedelta(minutes=30))
    d = sv.return_for_supplement(d, officer(world, "birth"), ["Giấy chứng sinh bản chính"], "Thiếu bản chính",
                                 now=START + timedelta(hours=1))
    clock.tick(120)
    client.force_login(world.users["citizen"])
    before, counters = db_state(), tables()
    response = client.post(f"{API}/{d.code}/acts/resubmit",
                           {"expected_version": fresh(d).event_count, "facts": {"digitised": True, "reused": True}},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "facts", response.content
    assert db_state() == before and tables() == counters
    assert "reused" not in counts(world.commune_ubnd)
    # the same resubmission without claims goes through
    ok = client.post(f"{API}/{d.code}/acts/resubmit", {"expected_version": fresh(d).event_count},
                     content_type="application/json")
    assert ok.status_code == 200 and fresh(d).state == "processing"
