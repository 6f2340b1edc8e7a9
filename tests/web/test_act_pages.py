"""Every act through its page (GET the form, POST it) along the legal paths, as each user sees it:
the success message, the state on the dossier page and the timeline entry, and what is stored.
A stale form gives 409 and changes nothing; an act the state does not allow redirects with an
error; an official of another unit gets 403."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from motcua import timesource
from motcua.dossiers import services as sv
from motcua.dossiers.models import DossierTask
from motcua.rules.lifecycle import Role, State
from tests.dossiers.scenario import at_counter, db_state, file_online, fresh, last_event, local, vn

pytestmark = pytest.mark.django_db

START = vn(2026, 3, 2, 9, 0)  # Monday


class Clock:
    """The one clock pages and services read; each step of a scenario moves it on a little."""

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


def _page(client, d) -> str:
    response = client.get(f"/can-bo/ho-so/{d.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _state(body: str) -> str:
    return re.search(r'id="state">\s*(.*?)\s*</span>', body, re.S).group(1)


def _messages(body: str) -> str:
    found = re.search(r'<ul class="messages">(.*?)</ul>', body, re.S)
    return found.group(1) if found else ""


def _timeline(body: str) -> str:
    return body.split('class="timeline"', 1)[1]


def _entry(body: str, act: str) -> str:
    """The last timeline entry of ``act``."""
    entries = re.findall(rf'<li data-act="{act}">(.*?)</li>\s*(?=<li data-act|</ol>)', _timeline(body), re.S)
    assert entries, f"no {act} in the timeline"
    return entries[-1]


def _forms(body: str) -> str:
    return body.split("Biểu mẫu (PDF)", 1)[1].split("</ul>", 1)[0] if "Biểu mẫu (PDF)" in body else ""


def act(client, clock, d, name, user, **data):
    """Sign in as ``user``, open the act's form, post it with the version it showed; return the
    dossier page the user lands on."""
    clock.tick()
    client.force_login(user)
    url = f"/can-bo/ho-so/{d.pk}/viec/{name}/"
    form = client.get(url)
    assert form.status_code == 200, _messages(_page(client, d))
    body = form.content.decode()
    assert "csrfmiddlewaretoken" in body
    version = int(re.search(r'name="expected_version" value="(\d+)"', body).group(1))
    assert version == fresh(d).event_count
    response = client.post(url, {"expected_version": version, **data})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == f"/can-bo/ho-so/{d.pk}/"
    return _page(client, d)


# -- the legal paths -----------------------------------------------------------------------------

def test_birth_from_transfer_to_a_corrected_result(client, clock, world):
    u = world.users
    d = at_counter(world, world.birth, at=clock.now)

    page = act(client, clock, d, "transfer", u["reception"])
    assert "Đã chuyển hồ sơ đến cơ quan giải quyết." in _messages(page)
    assert _state(page) == "Đang giải quyết" and "UBND phường Hoàn Kiếm" in _entry(page, "transfer")
    assert (fresh(d).state, fresh(d).holder_unit) == (State.PROCESSING, world.commune_ubnd)

    clock.tick()
    client.force_login(u["commune_chair"])
    form = client.get(f"/can-bo/ho-so/{d.pk}/viec/assign/").content.decode()
    assert '<option value="commune_officer">' in form and "builder" not in form  # only this agency's people
    page = act(client, clock, d, "assign", u["commune_chair"], officer="commune_officer")
    assert "Đã phân công cán bộ xử lý." in _messages(page)
    assert _state(page) == "Đang giải quyết" and 'data-act="assign"' in _timeline(page)
    assert fresh(d).holder_officer == u["commune_officer"]

    page = act(client, clock, d, "return_for_supplement", u["commune_officer"],
               items="Giấy chứng sinh bản chính\n\nTờ khai có chữ ký của người yêu cầu", reason="Thiếu bản chính")
    assert "Đã trả lại hồ sơ để bổ sung." in _messages(page)
    assert _state(page) == "Chờ công dân bổ sung"
    entry = _entry(page, "return_for_supplement")
    assert "<li>Giấy chứng sinh bản chính</li>" in entry and "<li>Tờ khai có chữ ký của người yêu cầu</li>" in entry
    assert "/mau/02.pdf" in _forms(page)
    stored = fresh(d)
    assert stored.state == State.AWAITING_SUPPLEMENT and stored.due_at is None and stored.supplement_expires_at

    page = act(client, clock, d, "resubmit", u["reception"])
    assert _state(page) == "Đang giải quyết" and 'data-act="resubmit"' in _timeline(page)
    due = fresh(d).due_at

    page = act(client, clock, d, "extend", u["commune_chair"], reason="Cần xác minh nơi sinh", working_days="2")
    assert "Đã xin lỗi và gia hạn thời gian giải quyết." in _messages(page)
    new_due = fresh(d).due_at
    assert local(due) == vn(2026, 3, 5, 9, 50)  # the clock restarted at the resubmission (Mon 09:50)
    assert local(new_due) == vn(2026, 3, 9, 9, 50)  # + 2 working days over the weekend
    assert local(new_due).strftime("%H:%M %d/%m/%Y") in _entry(page, "extend")
    assert "Cần xác minh nơi sinh" in _entry(page, "extend")
    assert local(new_due).strftime("%H:%M %d/%m/%Y") in page.split('id="due"')[1].split("</dd>")[0]
    assert "/mau/04.pdf" in _forms(page) and fresh(d).extensions == 1

    page = act(client, clock, d, "decide", u["commune_chair"], outcome="approved")
    assert _state(page) == "Đã có kết quả, chờ trả" and "Giải quyết, cấp kết quả" in page
    assert fresh(d).outcome == "approved" and fresh(d).result_code and fresh(d).holder_unit == world.branch

    page = act(client, clock, d, "return_result", u["reception"], method="counter")
    assert "Đã trả kết quả." in _messages(page) and _state(page) == "Đã trả kết quả"
    assert fresh(d).returned_at is not None

    page = act(client, clock, d, "report_wrong_result", u["reception"], reason="Sai ngày sinh trên giấy khai sinh")
    assert _state(page) == "Đang đính chính kết quả" and "Sai ngày sinh" in _entry(page, "report_wrong_result")
    assert fresh(d).state == State.CORRECTING

    page = act(client, clock, d, "correct_result", u["commune_chair"])
    assert _state(page) == "Đã có kết quả, chờ trả" and 'data-act="correct_result"' in _timeline(page)

    page = act(client, clock, d, "return_result", u["reception"], method="post")
    assert _state(page) == "Đã trả kết quả" and last_event(d).data == {"method": "post"}
    assert [e.act for e in d.events.order_by("seq")] == [
        "file", "receive", "transfer", "assign", "return_for_supplement", "resubmit", "extend", "decide",
        "return_result", "report_wrong_result", "correct_result", "return_result"]


def test_a_refusal_needs_a_reason_and_is_the_result(client, clock, world):
    d = at_counter(world, world.permit, at=clock.now)
    sv.transfer_dossier(d, world.official("reception", Role.RECEPTION), now=clock.tick())
    client.force_login(world.users["builder_head"])
    url = f"/can-bo/ho-so/{d.pk}/viec/decide/"
    before = db_state()
    page = client.post(url, {"expected_version": fresh(d).event_count, "outcome": "refused", "reason": " "})
    assert page.status_code == 400 and "Từ chối giải quyết phải nêu rõ lý do." in page.content.decode()
    assert db_state() == before

    page = act(client, clock, d, "decide", world.users["builder_head"], outcome="refused",
               reason="Công trình nằm trong hành lang bảo vệ đê điều")
    assert "Đã có kết quả giải quyết." in _messages(page)
    assert _state(page) == "Đã có kết quả, chờ trả" and "Từ chối giải quyết" in page.split('<dl class="facts">')[1]
    assert "hành lang bảo vệ đê điều" in _entry(page, "decide") and "/mau/03.pdf" in _forms(page)
    assert (fresh(d).outcome, fresh(d).result_code) == ("refused", "")


def test_each_agency_completes_its_part_of_the_joint_procedure(client, clock, world):
    u = world.users
    d = at_counter(world, world.karaoke, at=clock.now)
    act(client, clock, d, "transfer", u["reception"])
    assert fresh(d).holder_unit == world.commune_ubnd  # paper travels the chain: the commune first

    # The police's part is not open yet: its form offers nothing and a forced post is refused.
    client.force_login(u["police_officer"])
    form = client.get(f"/can-bo/ho-so/{d.pk}/viec/complete_task/").content.decode()
    assert '<option value="2">' not in form
    before = db_state()
    assert client.post(f"/can-bo/ho-so/{d.pk}/viec/complete_task/",
                       {"expected_version": fresh(d).event_count, "step": "2"}).status_code == 400
    assert db_state() == before

    client.force_login(u["commune_officer"])
    form = client.get(f"/can-bo/ho-so/{d.pk}/viec/complete_task/").content.decode()
    assert '<option value="1">1. Đăng ký hộ kinh doanh</option>' in form and '<option value="2">' not in form
    page = act(client, clock, d, "complete_task", u["commune_officer"], step="1", reason="Đã cấp đăng ký hộ kinh doanh")
    assert "Đã hoàn thành phần việc liên thông." in _messages(page)
    assert "Đã cấp đăng ký hộ kinh doanh" in _entry(page, "complete_task")
    assert "Công an thành phố Hà Nội" in _entry(page, "complete_task")  # handed on to the police
    assert fresh(d).holder_unit == world.police

    page = act(client, clock, d, "complete_task", u["police_officer"], step="2")
    assert fresh(d).holder_unit == world.culture and _state(page) == "Đang giải quyết"
    done = {t.step: t.done_at for t in DossierTask.objects.filter(dossier=d)}
    assert done[1] and done[2] and done[3] is None

    # The lead agency's part ends with its decision, not with a completed task.
    client.force_login(u["culture_officer"])
    form = client.get(f"/can-bo/ho-so/{d.pk}/viec/complete_task/").content.decode()
    assert '<option value="3">' not in form
    page = act(client, clock, d, "decide", u["culture_head"], outcome="approved")
    assert _state(page) == "Đã có kết quả, chờ trả" and fresh(d).holder_unit == world.branch


def test_the_assign_form_offers_only_live_officers_of_the_unit_holding_the_dossier(client, clock, world):
    from datetime import date

    from motcua.units.models import Official

    left = get_user_model().objects.create(username="former_officer")
    Official.objects.create(user=left, unit=world.commune_ubnd, role="processing", valid_to=date(2026, 2, 28))
    d = at_counter(world, world.karaoke, at=clock.now)
    sv.transfer_dossier(d, world.official("reception", Role.RECEPTION), now=clock.tick())
    assert fresh(d).holder_unit == world.commune_ubnd  # the first agency of the chain, not the competent one
    client.force_login(world.users["commune_chair"])
    form = client.get(f"/can-bo/ho-so/{d.pk}/viec/assign/").content.decode()
    assert '<option value="commune_officer">' in form
    assert "culture_officer" not in form and "former_officer" not in form
    page = act(client, clock, d, "assign", world.users["commune_chair"], officer="commune_officer")
    assert fresh(d).holder_officer == world.users["commune_officer"] and 'data-act="assign"' in _timeline(page)


def test_withdrawal_at_the_applicants_request(client, clock, world):
    d = at_counter(world, world.birth, at=clock.now)
    sv.transfer_dossier(d, world.official("reception", Role.RECEPTION), now=clock.tick())
    client.force_login(world.users["reception"])
    before = db_state()
    page = client.post(f"/can-bo/ho-so/{d.pk}/viec/withdraw/", {"expected_version": fresh(d).event_count})
    assert page.status_code == 400 and "Phải nêu rõ lý do." in page.content.decode() and db_state() == before

    page = act(client, clock, d, "withdraw", world.users["reception"], reason="Người nộp có đơn xin rút hồ sơ")
    assert "Đã dừng giải quyết theo yêu cầu." in _messages(page)
    assert _state(page) == "Đã dừng giải quyết (rút hồ sơ)" and "đơn xin rút" in _entry(page, "withdraw")
    assert "/mau/05.pdf" in _forms(page) and fresh(d).state == State.WITHDRAWN
    assert 'data-act="' not in page.split("Việc có thể làm")[1].split("</div>")[0]  # nothing left to do


def test_an_online_filing_answered_at_intake_then_received(client, clock, world):
    d = file_online(world, world.birth, at=clock.now)
    page = act(client, clock, d, "request_intake_supplement", world.users["reception"],
               items="Giấy chứng sinh\nGiấy tờ chứng minh nơi cư trú", reason="Ảnh chụp mờ")
    assert _state(page) == "Chờ bổ sung (trước tiếp nhận)" and "/mau/02.pdf" in _forms(page)
    assert last_event(d).data["items"] == ["Giấy chứng sinh", "Giấy tờ chứng minh nơi cư trú"]
    page = act(client, clock, d, "resubmit", world.users["reception"])
    assert _state(page) == "Chờ tiếp nhận"
    page = act(client, clock, d, "receive", world.users["reception"])
    assert _state(page) == "Đã tiếp nhận" and fresh(d).code == "000.00.70.H26-260302-0001"
    assert "/mau/01.pdf" in _forms(page)

    other = file_online(world, world.birth, at=clock.tick())
    page = act(client, clock, other, "refuse_intake", world.users["reception"], reason="Không thuộc thẩm quyền")
    assert _state(page) == "Từ chối tiếp nhận" and "/mau/03.pdf" in _forms(page)


# -- what goes wrong -----------------------------------------------------------------------------

def test_a_stale_form_gives_409_and_changes_nothing(client, clock, world):
    d = at_counter(world, world.permit, at=clock.now)
    sv.transfer_dossier(d, world.official("reception", Role.RECEPTION), now=clock.tick())
    client.force_login(world.users["builder_head"])
    url = f"/can-bo/ho-so/{d.pk}/viec/extend/"
    shown = int(re.search(r'name="expected_version" value="(\d+)"', client.get(url).content.decode()).group(1))
    # Meanwhile someone else assigns the dossier: the state stays, the version moves on.
    sv.assign_dossier(d, world.official("builder_head", Role.LEADER), world.users["builder"], now=clock.tick())
    before = db_state()
    page = client.post(url, {"expected_version": shown, "reason": "Lý do đã gõ", "working_days": "3"})
    body = page.content.decode()
    assert page.status_code == 409 and "Hồ sơ đã được người khác cập nhật" in body
    assert "Tải lại hồ sơ" in body and "Lý do đã gõ" in body  # the input is kept
    assert db_state() == before


def test_a_stale_form_for_an_act_no_longer_possible_also_gives_409(client, clock, world):
    d = at_counter(world, world.birth, at=clock.now)
    client.force_login(world.users["reception"])
    url = f"/can-bo/ho-so/{d.pk}/viec/transfer/"
    assert client.get(url).status_code == 200
    shown = fresh(d).event_count
    sv.transfer_dossier(d, world.official("reception", Role.RECEPTION), now=clock.tick())  # a colleague sends it
    before = db_state()
    page = client.post(url, {"expected_version": shown})
    assert page.status_code == 409 and "đã được người khác cập nhật" in page.content.decode()
    assert db_state() == before


def test_an_act_not_allowed_in_the_state_redirects_with_an_error(client, clock, world):
    d = at_counter(world, world.birth, at=clock.now)
    client.force_login(world.users["commune_chair"])
    before = db_state()
    response = client.get(f"/can-bo/ho-so/{d.pk}/viec/decide/")
    assert response.status_code == 302 and response["Location"] == f"/can-bo/ho-so/{d.pk}/"
    body = _page(client, d)
    assert 'class="error">Không thể «có kết quả giải quyết» hồ sơ này lúc này.' in _messages(body)
    response = client.post(f"/can-bo/ho-so/{d.pk}/viec/decide/", {"expected_version": fresh(d).event_count,
                                                                   "outcome": "approved"})
    assert response.status_code == 302 and db_state() == before


def test_the_law_refusing_an_act_shows_its_reason_with_422(client, clock, world):
    d = at_counter(world, world.permit, at=clock.now)
    sv.transfer_dossier(d, world.official("reception", Role.RECEPTION), now=clock.tick())
    act(client, clock, d, "extend", world.users["builder_head"], reason="Chờ ý kiến PCCC", working_days="5")
    before = db_state()
    page = client.post(f"/can-bo/ho-so/{d.pk}/viec/extend/", {"expected_version": fresh(d).event_count,
                                                              "reason": "Lần nữa", "working_days": "2"})
    body = page.content.decode()
    assert page.status_code == 422 and "chỉ được hẹn lại ngày trả kết quả một lần" in body and "Lần nữa" in body
    assert db_state() == before


def test_bad_input_keeps_the_form_and_changes_nothing(client, clock, world):
    d = at_counter(world, world.birth, at=clock.now)
    sv.transfer_dossier(d, world.official("reception", Role.RECEPTION), now=clock.tick())
    client.force_login(world.users["commune_officer"])
    before = db_state()
    page = client.post(f"/can-bo/ho-so/{d.pk}/viec/return_for_supplement/",
                       {"expected_version": fresh(d).event_count, "items": "\n  \n", "reason": "Ghi chú"})
    body = page.content.decode()
    assert page.status_code == 400 and "Cần ghi ít nhất một nội dung cần bổ sung." in body and "Ghi chú" in body
    assert db_state() == before
    # An empty post is a bound form with errors, not a blank form.
    page = client.post(f"/can-bo/ho-so/{d.pk}/viec/return_for_supplement/", {})
    assert page.status_code == 400 and "errorlist" in page.content.decode()


def test_acts_without_a_note_offer_no_note_field(client, clock, world):
    d = at_counter(world, world.birth, at=clock.now)
    client.force_login(world.users["reception"])
    body = client.get(f"/can-bo/ho-so/{d.pk}/viec/transfer/").content.decode()
    assert 'name="reason"' not in body  # a note typed here would be recorded nowhere


def test_an_official_of_another_unit_gets_403(client, clock, world):
    d = at_counter(world, world.birth, at=clock.now)
    client.force_login(world.users["police_officer"])
    before = db_state()
    assert client.get(f"/can-bo/ho-so/{d.pk}/viec/transfer/").status_code == 403
    assert client.post(f"/can-bo/ho-so/{d.pk}/viec/transfer/", {"expected_version": 2}).status_code == 403
    assert db_state() == before


def test_a_citizen_and_an_unknown_act(client, clock, world):
    d = at_counter(world, world.birth, at=clock.now)
    client.force_login(world.users["citizen"])
    assert client.get(f"/can-bo/ho-so/{d.pk}/viec/transfer/").status_code == 403
    client.force_login(world.users["reception"])
    assert client.get(f"/can-bo/ho-so/{d.pk}/viec/delete/").status_code == 404
