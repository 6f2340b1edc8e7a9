"""A citizen's own dossiers: the list and page show only their own (403 for anyone else, officials
included), the timeline names units and never officers, files download only for those who may see
the dossier, and the supplement and withdrawal acts go through the shared command table."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import services as sv
from motcua.dossiers.models import Dossier
from motcua.portal.models import Attachment
from motcua.rules.lifecycle import State
from tests.dossiers.scenario import file_online

from .conftest import EXE, JPEG, PDF, stored_files

pytestmark = pytest.mark.django_db


def filed(client, world, clock):
    """The citizen files the birth registration online through the page; returns the dossier."""
    client.force_login(world.users["citizen"])
    response = client.post("/thu-tuc/1.001193/nop/", {
        "name": "Nguyễn Văn Đình", "id_number": "001090012345", "phone": "0912345678", "address": "Hoàn Kiếm",
        "area": "00070", "doc_0": SimpleUploadedFile("Tờ khai.pdf", PDF)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dossier.objects.get(applicant_user=world.users["citizen"])


def later(clock, **delta):
    clock["now"] = clock["now"] + timedelta(**delta)
    return clock["now"]


def reception(world):
    return world.official("reception", "reception")


# -- seeing ---------------------------------------------------------------------------------------

def test_list_shows_only_my_dossiers(client, online, clock, uploads):
    mine = filed(client, online, clock)
    theirs = file_online(online, at=clock["now"], citizen="other_citizen")
    body = client.get("/cong-dan/ho-so/").content.decode()
    assert f"/cong-dan/ho-so/{mine.pk}/" in body and f"/cong-dan/ho-so/{theirs.pk}/" not in body
    assert "Đăng ký khai sinh" in body and "Chờ tiếp nhận" in body


def test_waiting_for_supplement_is_highlighted(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.request_intake_supplement(d, reception(online), ["Bản sao giấy chứng sinh"], now=later(clock, hours=1))
    body = client.get("/cong-dan/ho-so/").content.decode()
    assert 'data-needs="supplement"' in body and "Cần bổ sung hồ sơ" in body
    assert f"/cong-dan/ho-so/{d.pk}/bo-sung/" in body


def test_my_dossier_page_shows_facts_timeline_files_and_no_officer_names(client, online, clock, uploads):
    officer = online.users["reception"]
    officer.first_name, officer.last_name = "Hoa", "Trần Thị"
    officer.save()
    d = filed(client, online, clock)
    sv.receive_dossier(d, reception(online), now=later(clock, hours=1))
    body = client.get(f"/cong-dan/ho-so/{d.pk}/").content.decode()
    assert Dossier.objects.get(pk=d.pk).code in body and "Đã tiếp nhận" in body
    timeline = body.split('id="timeline"')[1]
    assert 'data-act="file"' in timeline and 'data-act="receive"' in timeline
    assert "Chi nhánh số 1 (Hoàn Kiếm)" in timeline
    assert "Trần Thị" not in body and "Hoa" not in body and "reception" not in timeline
    assert "001090012345" not in body and "2345" in body
    assert f"/can-bo/ho-so/{d.pk}/mau/01.pdf" in body and "mau/02.pdf" not in body
    assert "Tờ khai.pdf" in body and 'id="withdraw"' in body and 'id="supplement"' not in body


def test_another_citizen_gets_403_on_page_and_file(client, online, clock, uploads):
    d = filed(client, online, clock)
    item = Attachment.objects.get(dossier=d)
    client.force_login(online.users["other_citizen"])
    for url in (f"/cong-dan/ho-so/{d.pk}/", f"/cong-dan/tep/{item.pk}/", f"/cong-dan/ho-so/{d.pk}/bo-sung/",
                f"/cong-dan/ho-so/{d.pk}/rut/"):
        response = client.get(url)
        assert response.status_code == 403, url
    assert client.post(f"/cong-dan/ho-so/{d.pk}/rut/", {"reason": "x", "expected_version": 1}).status_code == 403
    assert Dossier.objects.get(pk=d.pk).state == State.FILED


def test_officials_get_403_on_the_citizen_page(client, online, clock, uploads):
    d = filed(client, online, clock)
    client.force_login(online.users["reception"])  # sees the dossier at /can-bo/, not here
    assert client.get(f"/cong-dan/ho-so/{d.pk}/").status_code == 403
    assert client.get(f"/can-bo/ho-so/{d.pk}/").status_code == 200


def test_download_for_owner_and_the_units_officials_only(client, online, clock, uploads):
    d = filed(client, online, clock)
    item = Attachment.objects.get(dossier=d)
    response = client.get(f"/cong-dan/tep/{item.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''T%E1%BB%9D%20khai.pdf" in disposition
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    client.force_login(online.users["reception"])  # the receiving unit's officer
    assert client.get(f"/cong-dan/tep/{item.pk}/").status_code == 200
    client.force_login(online.users["police_officer"])  # an unrelated unit
    assert client.get(f"/cong-dan/tep/{item.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/cong-dan/tep/{item.pk}/").status_code == 302


def test_a_file_missing_from_the_store_is_404(client, online, clock, uploads):
    d = filed(client, online, clock)
    item = Attachment.objects.get(dossier=d)
    for path in stored_files(uploads):
        path.unlink()
    response = client.get(f"/cong-dan/tep/{item.pk}/")
    assert response.status_code == 404


def test_my_dossiers_query_count_is_flat(client, online, clock, uploads):
    client.force_login(online.users["citizen"])
    file_online(online, at=clock["now"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/cong-dan/ho-so/").status_code == 200
    for minute in range(1, 12):
        d = file_online(online, at=clock["now"] + timedelta(minutes=minute))
        if minute % 3 == 0:
            sv.request_intake_supplement(d, reception(online), ["Bản sao"], now=clock["now"] + timedelta(hours=1))
    cache.clear()  # as for the first page: the menu's notice badge counts again (it is cached a minute)
    with CaptureQueriesContext(connection) as many:
        body = client.get("/cong-dan/ho-so/").content.decode()
    assert body.count("/cong-dan/ho-so/") >= 12 and body.count('data-needs="supplement"') == 3
    assert len(many) == len(few) <= 8, [q["sql"][:90] for q in many]


def test_my_dossiers_pages_by_25(client, online, clock, uploads):
    client.force_login(online.users["citizen"])
    for minute in range(27):
        file_online(online, at=clock["now"] + timedelta(minutes=minute))
    first = client.get("/cong-dan/ho-so/").content.decode()
    assert first.count('href="/cong-dan/ho-so/') - first.count('href="/cong-dan/ho-so/"') == 25
    assert 'rel="next"' in first
    second = client.get("/cong-dan/ho-so/", {"page": 2}).content.decode()
    assert second.count('<tr>') - 1 == 2 and 'rel="prev"' in second


# -- supplementing --------------------------------------------------------------------------------

def test_supplement_after_appraisal_restarts_processing(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.receive_dossier(d, reception(online), now=later(clock, hours=1))
    sv.transfer_dossier(d, reception(online), now=later(clock, hours=1))
    sv.return_for_supplement(d, online.official("commune_officer", "processing"),
                             ["Bản sao giấy chứng nhận kết hôn của cha mẹ"], "Thiếu giấy tờ chứng minh quan hệ",
                             now=later(clock, hours=2))
    page = client.get(f"/cong-dan/ho-so/{d.pk}/").content.decode()
    assert 'id="supplement"' in page and "Bản sao giấy chứng nhận kết hôn của cha mẹ" in page
    assert f"/can-bo/ho-so/{d.pk}/mau/02.pdf" in page

    form = client.get(f"/cong-dan/ho-so/{d.pk}/bo-sung/").content.decode()
    assert 'name="item_0"' in form and "Bản sao giấy chứng nhận kết hôn của cha mẹ" in form
    version = Dossier.objects.get(pk=d.pk).event_count
    later(clock, days=1)
    response = client.post(f"/cong-dan/ho-so/{d.pk}/bo-sung/", {
        "expected_version": version, "item_0": SimpleUploadedFile("ket-hon.jpg", JPEG)}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cong-dan/ho-so/{d.pk}/"
    row = Dossier.objects.get(pk=d.pk)
    assert row.state == State.PROCESSING and row.holder_unit == online.commune_ubnd
    body = response.content.decode()
    assert "Đã nộp bổ sung hồ sơ" in body and 'data-act="resubmit"' in body.split('id="timeline"')[1]
    extra = Attachment.objects.get(dossier=d, stage="supplement")
    assert extra.document == "Bản sao giấy chứng nhận kết hôn của cha mẹ" and extra.original_name == "ket-hon.jpg"
    assert len(stored_files(uploads)) == 2


def test_supplement_before_intake_goes_back_to_filed(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.request_intake_supplement(d, reception(online), ["Bản sao giấy chứng sinh"], now=later(clock, hours=1))
    later(clock, hours=2)
    response = client.post(f"/cong-dan/ho-so/{d.pk}/bo-sung/", {
        "expected_version": Dossier.objects.get(pk=d.pk).event_count,
        "other": [SimpleUploadedFile("chung-sinh.pdf", PDF)]})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=d.pk).state == State.FILED
    client.force_login(online.users["reception"])
    assert f"/can-bo/ho-so/{d.pk}/" in client.get("/can-bo/", {"unit": "CN-HK"}).content.decode()


def test_supplement_with_a_bad_file_changes_nothing(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.request_intake_supplement(d, reception(online), ["Bản sao giấy chứng sinh"], now=later(clock, hours=1))
    before = Dossier.objects.get(pk=d.pk).event_count
    response = client.post(f"/cong-dan/ho-so/{d.pk}/bo-sung/", {
        "expected_version": before, "item_0": SimpleUploadedFile("chung-sinh.pdf", EXE)})
    assert response.status_code == 400 and "chung-sinh.pdf" in response.content.decode()
    row = Dossier.objects.get(pk=d.pk)
    assert (row.state, row.event_count) == (State.AWAITING_INTAKE_SUPPLEMENT, before)
    assert len(stored_files(uploads)) == 1 and Attachment.objects.filter(dossier=d).count() == 1


def test_supplement_needs_a_file(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.request_intake_supplement(d, reception(online), ["Bản sao giấy chứng sinh"], now=later(clock, hours=1))
    response = client.post(f"/cong-dan/ho-so/{d.pk}/bo-sung/", {"expected_version": 2})
    assert response.status_code == 400 and "Chưa đính kèm tệp nào" in response.content.decode()


def test_supplement_on_a_changed_dossier_is_a_conflict_and_writes_no_file(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.request_intake_supplement(d, reception(online), ["Bản sao giấy chứng sinh"], now=later(clock, hours=1))
    response = client.post(f"/cong-dan/ho-so/{d.pk}/bo-sung/", {
        "expected_version": 1, "item_0": SimpleUploadedFile("chung-sinh.pdf", PDF)})
    assert response.status_code == 409 and "Tải lại hồ sơ" in response.content.decode()
    assert len(stored_files(uploads)) == 1 and Dossier.objects.get(pk=d.pk).state == State.AWAITING_INTAKE_SUPPLEMENT


def test_supplement_page_when_nothing_is_asked_redirects(client, online, clock, uploads):
    d = filed(client, online, clock)
    response = client.get(f"/cong-dan/ho-so/{d.pk}/bo-sung/", follow=True)
    assert response.redirect_chain[-1][0] == f"/cong-dan/ho-so/{d.pk}/"
    assert "không cần nộp bổ sung" in response.content.decode()


# -- withdrawing ----------------------------------------------------------------------------------

def test_withdraw_flow(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.receive_dossier(d, reception(online), now=later(clock, hours=1))
    page = client.get(f"/cong-dan/ho-so/{d.pk}/rut/").content.decode()
    assert "Xác nhận rút hồ sơ" in page and "csrfmiddlewaretoken" in page
    version = Dossier.objects.get(pk=d.pk).event_count
    assert client.post(f"/cong-dan/ho-so/{d.pk}/rut/", {"expected_version": version, "reason": ""}).status_code == 400
    later(clock, hours=1)
    response = client.post(f"/cong-dan/ho-so/{d.pk}/rut/", {"expected_version": version,
                                                            "reason": "Đã đăng ký tại nơi khác"}, follow=True)
    body = response.content.decode()
    assert Dossier.objects.get(pk=d.pk).state == State.WITHDRAWN
    assert "Đã dừng giải quyết hồ sơ" in body and 'data-act="withdraw"' in body and "Đã đăng ký tại nơi khác" in body
    assert f'href="/cong-dan/ho-so/{d.pk}/danh-gia/"' in body and 'id="withdraw"' not in body
    again = client.get(f"/cong-dan/ho-so/{d.pk}/rut/", follow=True)
    assert "Không thể rút hồ sơ" in again.content.decode()


def test_no_withdrawal_after_the_decision(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.receive_dossier(d, reception(online), now=later(clock, hours=1))
    sv.transfer_dossier(d, reception(online), now=later(clock, hours=1))
    sv.decide_dossier(d, online.official("commune_chair", "leader"), now=later(clock, hours=2))
    body = client.get(f"/cong-dan/ho-so/{d.pk}/").content.decode()
    assert 'id="withdraw"' not in body and 'id="rate"' not in body
    response = client.post(f"/cong-dan/ho-so/{d.pk}/rut/", {"expected_version": 4, "reason": "x"})
    assert response.status_code == 302 and Dossier.objects.get(pk=d.pk).state == State.DECIDED
    sv.return_result(d, reception(online), now=later(clock, hours=1))
    assert 'id="rate"' in client.get(f"/cong-dan/ho-so/{d.pk}/").content.decode()


def test_refused_at_intake_shows_the_reason_form_03_and_rating(client, online, clock, uploads):
    d = filed(client, online, clock)
    sv.refuse_intake(d, reception(online), "Thủ tục không thuộc thẩm quyền", now=later(clock, hours=1))
    body = client.get(f"/cong-dan/ho-so/{d.pk}/").content.decode()
    assert "Thủ tục không thuộc thẩm quyền" in body and "mau/03.pdf" in body and 'id="rate"' in body
