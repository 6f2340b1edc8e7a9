"""Counter intake through the pages (Decree 118/2025 Art. 17.1): pick the procedure, enter the
applicant, tick the checklist; a complete dossier is received with its code and due time (form
01), an incomplete one gets one consolidated supplement request (form 02), and a dossier outside
the province's competence is refused with reasons (form 03). Bad input keeps what was typed and
saves nothing; only reception officers of a one-stop unit may receive."""

import re
from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.rules.lifecycle import ActRefused, State
from motcua.text import fold
from motcua.units.models import Area, Official
from tests.dossiers.scenario import db_state, local, vn
from tests.clock import frozen_clock

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 2, 9, 0)  # a Monday morning
DOCS = [
    {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "required": True},
    {"name": "Giấy chứng sinh", "originals": 1, "copies": 0, "required": True},
    {"name": "Văn bản ủy quyền", "originals": 1, "copies": 0, "required": False},
    {"name": "Giấy tờ chứng minh nơi cư trú", "originals": 0, "copies": 1, "required": True},
]


clock = frozen_clock(NOW)


@pytest.fixture
def birth(world):
    world.birth.documents = DOCS
    world.birth.save(update_fields=["documents"])
    return world.birth


def _url(version):
    return f"/can-bo/tiep-nhan/{version.procedure.code}/"


def _post(client, version, **changes):
    data = {"unit": "CN-HK", "applicant_kind": "citizen", "name": "Nguyễn Văn Đình", "id_number": "001090012345",
            "phone": "0912 345 678", "email": "dinh@example.vn", "address": "12 Hàng Bạc, Hoàn Kiếm",
            "area": "00070", "channel": "counter", "docs": ["0", "1", "3"], "notes": "", "extra_items": "",
            "action": "receive"}
    data.update(changes)
    return client.post(_url(version), {k: v for k, v in data.items() if v is not None})


def _messages(body: str) -> str:
    found = re.search(r'<ul class="messages">(.*?)</ul>', body, re.S)
    return found.group(1) if found else ""


def _timeline(body: str) -> str:
    return body.split('class="timeline"', 1)[1]


# -- choosing the procedure ----------------------------------------------------------------------

def test_procedures_are_found_without_diacritics_and_link_to_the_form(client, world):
    client.force_login(world.users["reception"])
    body = client.get("/can-bo/tiep-nhan/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Đăng ký khai sinh" in body and "Cấp giấy phép xây dựng" not in body
    assert 'href="/can-bo/tiep-nhan/1.001193/"' in body
    assert "Cấp giấy phép xây dựng" in client.get("/can-bo/tiep-nhan/", {"q": "GIAY PHEP"}).content.decode()
    assert "1.009994" in client.get("/can-bo/tiep-nhan/", {"q": "1.0099"}).content.decode()  # by code


def test_htmx_search_returns_only_the_results(client, world):
    client.force_login(world.users["reception"])
    page = client.get("/can-bo/tiep-nhan/", {"q": "khai sinh"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = page.content.decode()
    assert page.status_code == 200 and "<html" not in body and "Đăng ký khai sinh" in body
    full = client.get("/can-bo/tiep-nhan/").content.decode()
    assert 'hx-get="/can-bo/tiep-nhan/"' in full and 'hx-target="#results"' in full
    assert "Không tìm thấy thủ tục" in client.get("/can-bo/tiep-nhan/", {"q": "khong co thu tuc nay"}).content.decode()


# -- the form ------------------------------------------------------------------------------------

def test_form_shows_the_version_in_force_checklist_and_communes(client, world, birth):
    client.force_login(world.users["reception"])
    page = client.get(_url(birth))
    body = page.content.decode()
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in body
    for i, doc in enumerate(DOCS):
        assert f'name="docs" value="{i}"' in body and doc["name"] in body
    assert body.count("data-required") == 3  # required ones are marked
    assert '<option value="00070" selected>Phường Hoàn Kiếm</option>' in body  # the branch's own ward
    assert 'value="CN-HK"' in body and 'name="area"' in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body) and "onclick=" not in body  # CSP: no inline script


def test_a_procedure_with_a_fixed_competent_agency_asks_for_no_commune(client, world):
    client.force_login(world.users["reception"])
    body = client.get(_url(world.permit)).content.decode()
    assert 'name="area"' not in body and "Sở Xây dựng" in body


def test_communes_can_be_filtered_with_htmx(client, world, birth):
    Area.objects.create(code="00004", name="Phường Ba Đình", name_folded=fold("Phường Ba Đình"), kind="ward",
                        parent=world.commune.parent)
    client.force_login(world.users["reception"])
    page = client.get(_url(birth), {"xa": "ba dinh", "area": "00004"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="area")
    body = page.content.decode()
    assert "<html" not in body and '<option value="00004" selected>Phường Ba Đình</option>' in body
    assert "Hoàn Kiếm" not in body


def test_no_version_in_force_sends_back_to_the_list_with_the_reason(client, world):
    name = "Thủ tục chưa có hiệu lực"
    proc = Procedure.objects.create(code="9.999999", name=name, name_folded=fold(name),
                                    field=world.birth.procedure.field, level="province")
    ProcedureVersion.objects.create(procedure=proc, number=1, effective_from=date(2027, 1, 1),
                                    competent_unit=world.justice, duration_unit="days", duration_value=Decimal(5))
    client.force_login(world.users["reception"])
    page = client.get("/can-bo/tiep-nhan/9.999999/", follow=True)
    assert "không có phiên bản nào có hiệu lực ngày 02/03/2026" in _messages(page.content.decode())


# -- the three outcomes --------------------------------------------------------------------------

def test_a_complete_dossier_is_received_with_its_code_and_due_time(client, world, birth):
    client.force_login(world.users["reception"])
    response = _post(client, birth)
    d = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/can-bo/ho-so/{d.pk}/"
    assert d.state == State.RECEIVED and d.code == "000.00.70.H26-260302-0001"
    # 3 working days from Monday 09:00 (7 h on Monday, then Tuesday and Wednesday): Thursday 09:00.
    assert local(d.due_at) == vn(2026, 3, 5, 9, 0)
    assert (d.receiving_unit, d.competent_unit, d.area, d.channel) == (world.branch, world.commune_ubnd, world.commune,
                                                                       "counter")
    assert (d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email) == (
        "Nguyễn Văn Đình", "001090012345", "0912345678", "dinh@example.vn")
    assert list(DossierEvent.objects.filter(dossier=d).order_by("seq").values_list("act", flat=True)) == [
        "file", "receive"]

    body = client.get(response["Location"]).content.decode()
    message = _messages(body)
    assert "000.00.70.H26-260302-0001" in message and "09:00 ngày 05/03/2026" in message
    assert f'href="/can-bo/ho-so/{d.pk}/mau/01.pdf"' in message  # the receipt, one click away
    assert re.search(r'id="state">\s*Đã tiếp nhận', body)
    assert f"/can-bo/ho-so/{d.pk}/mau/01.pdf" in body.split("Biểu mẫu")[1]


def test_a_post_dossier_at_the_centre_when_the_officer_serves_two_units(client, world, birth):
    Official.objects.create(user=world.users["reception"], unit=world.branch.parent, role="reception")
    client.force_login(world.users["reception"])
    body = client.get(_url(birth)).content.decode()
    assert '<select name="unit">' in body and "Trung tâm Phục vụ hành chính công thành phố Hà Nội" in body
    response = _post(client, birth, unit="TTPVHCC", channel="post")
    d = Dossier.objects.get()
    assert response.status_code == 302 and d.receiving_unit.code == "TTPVHCC" and d.channel == "post"


def test_a_unit_the_officer_does_not_serve_is_refused(client, world, birth):
    client.force_login(world.users["reception"])
    before = db_state()
    page = _post(client, birth, unit="TTPVHCC")
    assert page.status_code == 400 and "Ông/bà không tiếp nhận hồ sơ tại đơn vị này." in page.content.decode()
    assert db_state() == before


def test_missing_documents_give_one_supplement_request_listing_exactly_them(client, world, birth):
    client.force_login(world.users["reception"])
    response = _post(client, birth, docs=["0"], notes="Mang bản chính khi nộp lại.",
                     extra_items="Tờ khai ghi thiếu ngày sinh")
    d = Dossier.objects.get()
    assert response.status_code == 302
    assert d.state == State.AWAITING_INTAKE_SUPPLEMENT and d.code is None and d.due_at is None
    events = list(DossierEvent.objects.filter(dossier=d).order_by("seq"))
    assert [e.act for e in events] == ["file", "request_intake_supplement"]
    request = events[1]
    # The required documents not ticked, in checklist order (not the optional one), then the extra item.
    assert request.data["items"] == ["Giấy chứng sinh", "Giấy tờ chứng minh nơi cư trú", "Tờ khai ghi thiếu ngày sinh"]
    assert request.reason == "Mang bản chính khi nộp lại."

    body = client.get(response["Location"]).content.decode()
    assert "phiếu yêu cầu bổ sung" in _messages(body) and f"/can-bo/ho-so/{d.pk}/mau/02.pdf" in _messages(body)
    assert re.search(r'id="state">\s*Chờ bổ sung \(trước tiếp nhận\)', body)
    forms = body.split("Biểu mẫu")[1].split("</ul>")[0]
    assert f"/can-bo/ho-so/{d.pk}/mau/02.pdf" in forms and "mau/01.pdf" not in forms
    timeline = _timeline(body)
    assert 'data-act="request_intake_supplement"' in timeline
    assert "<li>Giấy chứng sinh</li>" in timeline and "<li>Văn bản ủy quyền</li>" not in timeline
    pdf = client.get(f"/can-bo/ho-so/{d.pk}/mau/02.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_refused_supplement_request_leaves_no_filed_dossier(client, world, birth, monkeypatch):
    from motcua.dossiers import services

    def refuse(*args, **kwargs):
        raise ActRefused("Chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần.", code="supplement_once")

    monkeypatch.setattr(services, "request_intake_supplement", refuse)
    client.force_login(world.users["reception"])
    before = db_state()
    page = _post(client, birth, docs=["0"], notes="Ghi chú đã gõ")
    body = page.content.decode()
    assert page.status_code == 422 and "Chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần." in body
    assert db_state() == before  # the filing was rolled back with the request
    assert "Ghi chú đã gõ" in body and 'value="0" id="doc-0" checked' in body


def test_refusal_at_intake_with_a_reason(client, world, birth):
    client.force_login(world.users["reception"])
    reason = "Thủ tục không thuộc thẩm quyền giải quyết của thành phố Hà Nội."
    response = _post(client, birth, action="refuse", refusal_reason=reason, docs=[])
    d = Dossier.objects.get()
    assert response.status_code == 302 and d.state == State.REFUSED_AT_INTAKE and d.code is None
    refusal = DossierEvent.objects.get(dossier=d, act="refuse_intake")
    assert refusal.reason == reason
    body = client.get(response["Location"]).content.decode()
    assert "Đã từ chối tiếp nhận" in _messages(body)
    assert re.search(r'id="state">\s*Từ chối tiếp nhận', body)
    assert f"/can-bo/ho-so/{d.pk}/mau/03.pdf" in body.split("Biểu mẫu")[1]
    assert reason in _timeline(body)


def test_refusal_needs_a_reason_and_keeps_what_was_typed(client, world, birth):
    client.force_login(world.users["reception"])
    before = db_state()
    page = _post(client, birth, action="refuse", refusal_reason="  ")
    body = page.content.decode()
    assert page.status_code == 400 and "Từ chối tiếp nhận phải nêu rõ lý do" in body
    assert db_state() == before and 'value="Nguyễn Văn Đình"' in body


def test_a_refusal_by_the_services_saves_nothing(client, world, birth, monkeypatch):
    from motcua.dossiers import services

    def refuse(*args, **kwargs):
        raise ActRefused("Phiếu từ chối tiếp nhận phải nêu rõ lý do.", code="missing_reason")

    monkeypatch.setattr(services, "refuse_intake", refuse)
    client.force_login(world.users["reception"])
    before = db_state()
    page = _post(client, birth, action="refuse", refusal_reason="Không thuộc thẩm quyền")
    assert page.status_code == 422 and db_state() == before


# -- bad input -----------------------------------------------------------------------------------

def test_no_name_keeps_every_typed_value_and_saves_nothing(client, world, birth):
    client.force_login(world.users["reception"])
    before = db_state()
    page = _post(client, birth, name="  ", docs=["1", "2"], notes="Hẹn quay lại chiều nay",
                 extra_items="Ảnh 4x6", refusal_reason="lý do nháp")
    body = page.content.decode()
    assert page.status_code == 400
    assert "Chưa nhập họ tên người nộp hồ sơ." in body
    assert 'value="001090012345"' in body and 'value="0912 345 678"' in body and 'value="dinh@example.vn"' in body
    assert 'value="12 Hàng Bạc, Hoàn Kiếm"' in body and '<option value="00070" selected>' in body
    assert 'value="1" id="doc-1" checked' in body and 'value="2" id="doc-2" checked' in body
    assert 'value="0" id="doc-0" >' in body or 'value="0" id="doc-0">' in body  # left unticked
    assert "Hẹn quay lại chiều nay" in body and "Ảnh 4x6" in body and "lý do nháp" in body
    assert db_state() == before


@pytest.mark.parametrize("number", ["12345", "00109001234a", "0010900123456"])
def test_a_citizen_id_must_have_twelve_digits(client, world, birth, number):
    client.force_login(world.users["reception"])
    before = db_state()
    page = _post(client, birth, id_number=number)
    body = page.content.decode()
    assert page.status_code == 400 and "phải gồm đúng 12 chữ số" in body
    assert f'value="{number}"' in body and 'value="Nguyễn Văn Đình"' in body
    assert db_state() == before


def test_bad_phone_email_and_missing_commune_are_all_reported_at_once(client, world, birth):
    client.force_login(world.users["reception"])
    before = db_state()
    body = _post(client, birth, phone="12ab", email="khong-phai-email", area="").content.decode()
    assert "Số điện thoại không hợp lệ" in body and "Thư điện tử không đúng định dạng" in body
    assert "cần chọn xã, phường nơi giải quyết" in body
    assert db_state() == before


def test_an_organisation_is_not_held_to_the_citizen_id_format(client, world, birth):
    client.force_login(world.users["reception"])
    response = _post(client, birth, applicant_kind="organisation", name="Công ty TNHH Hoàn Kiếm",
                     id_number="0101234567-001")
    assert response.status_code == 302 and Dossier.objects.get().applicant_id_number == "0101234567-001"


def test_a_commune_without_a_peoples_committee_is_refused_and_nothing_saved(client, world, birth):
    Area.objects.create(code="00008", name="Phường Ba Đình", name_folded=fold("Phường Ba Đình"), kind="ward",
                        parent=world.commune.parent)
    client.force_login(world.users["reception"])
    before = db_state()
    page = _post(client, birth, area="00008")
    body = page.content.decode()
    assert page.status_code == 422 and "Chưa xác định được cơ quan có thẩm quyền" in body
    assert '<option value="00008" selected>' in body and db_state() == before


# -- who may receive -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/can-bo/tiep-nhan/", "/can-bo/tiep-nhan/1.001193/"])
def test_a_processing_officer_without_a_reception_post_gets_403(client, world, path):
    client.force_login(world.users["commune_officer"])
    page = client.get(path)
    assert page.status_code == 403 and "cán bộ tiếp nhận" in page.content.decode()
    before = db_state()
    assert client.post("/can-bo/tiep-nhan/1.001193/", {"name": "X"}).status_code == 403
    assert db_state() == before


def test_a_citizen_gets_403_and_a_visitor_is_sent_to_sign_in(client, world):
    client.force_login(world.users["citizen"])
    assert client.get("/can-bo/tiep-nhan/1.001193/").status_code == 403
    client.logout()
    response = client.get("/can-bo/tiep-nhan/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_an_unknown_procedure_is_not_found(client, world):
    client.force_login(world.users["reception"])
    assert client.get("/can-bo/tiep-nhan/0.000000/").status_code == 404
