"""Online filing end to end: the citizen fills the form and attaches one file per checklist
document; the dossier waits in «Chờ tiếp nhận» (no code yet) in the receiving unit's worklist,
and its files sit under MOTCUA_UPLOAD_DIR. Bad input re-displays the form and saves nothing:
no dossier row, no file on disk."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.portal.models import Attachment
from motcua.rules.lifecycle import State
from motcua.units.models import Area

from .conftest import EXE, JPEG, PDF, PNG, stored_files

pytestmark = pytest.mark.django_db

BIRTH = "/thu-tuc/1.001193/nop/"


def form(**overrides):
    data = {"name": "Nguyễn Văn Đình", "id_number": "001090012345", "phone": "0912 345 678",
            "email": "dinh@example.vn", "address": "12 Hàng Bạc, phường Hoàn Kiếm", "area": "00070", "unit": "",
            "doc_0": SimpleUploadedFile("Tờ khai khai sinh.pdf", PDF, content_type="application/pdf")}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def nothing_saved(uploads):
    return (Dossier.objects.count(), DossierEvent.objects.count(), Attachment.objects.count(),
            stored_files(uploads)) == (0, 0, 0, [])


@pytest.fixture
def citizen(client, online):
    client.force_login(online.users["citizen"])
    return client


def test_form_offers_one_input_per_document_and_the_commune(citizen, online, clock, uploads):
    online.users["citizen"].first_name, online.users["citizen"].last_name = "Đình", "Nguyễn Văn"
    online.users["citizen"].save()
    body = citizen.get(BIRTH).content.decode()
    assert 'name="doc_0"' in body and "Tờ khai" in body and 'name="other"' in body and "multiple" in body
    assert 'enctype="multipart/form-data"' in body and "csrfmiddlewaretoken" in body
    assert 'name="area"' in body and "Phường Hoàn Kiếm" in body
    assert 'value="Nguyễn Văn Đình"' in body or 'value="Đình Nguyễn Văn"' in body  # prefilled from the account
    assert not re.search(r"<script(?![^>]*\ssrc=)", body) and not re.search(r"\son[a-z]+=", body)


def test_signed_out_visitor_is_sent_to_sign_in(client, online, clock):
    response = client.get(BIRTH)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")


def test_online_filing_end_to_end(citizen, client, online, clock, uploads):
    response = citizen.post(BIRTH, form(other=[SimpleUploadedFile("ảnh chụp CCCD.jpg", JPEG),
                                               SimpleUploadedFile("giay-chung-sinh.png", PNG)]))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/cong-dan/ho-so/{dossier.pk}/"
    assert dossier.state == State.FILED and dossier.code is None and dossier.channel == "online"
    assert dossier.applicant_user == online.users["citizen"] and dossier.applicant_phone == "0912345678"
    assert dossier.receiving_unit.code == "CN-HK"  # the commune's one-stop unit by default
    assert dossier.competent_unit == online.commune_ubnd and dossier.area.code == "00070"

    files = list(Attachment.objects.filter(dossier=dossier).order_by("pk"))
    assert [(f.document, f.original_name, f.content_type, f.stage) for f in files] == [
        ("Tờ khai", "Tờ khai khai sinh.pdf", "application/pdf", "filing"),
        ("Giấy tờ khác", "ảnh chụp CCCD.jpg", "image/jpeg", "filing"),
        ("Giấy tờ khác", "giay-chung-sinh.png", "image/png", "filing"),
    ]
    on_disk = stored_files(uploads)
    assert len(on_disk) == 3 and all(uploads.resolve() in p.resolve().parents for p in on_disk)
    assert sorted(p.read_bytes() for p in on_disk) == sorted([PDF, JPEG, PNG])

    page = citizen.get(response["Location"])
    assert "Hồ sơ đã được gửi; Bộ phận Một cửa" in page.content.decode() and "8 giờ làm việc" in page.content.decode()

    client.force_login(online.users["reception"])
    worklist = client.get("/can-bo/", {"unit": "CN-HK"}).content.decode()
    assert f"/can-bo/ho-so/{dossier.pk}/" in worklist and "Nguyễn Văn Đình" in worklist


def test_the_citizen_may_choose_another_one_stop_unit(citizen, online, clock, uploads):
    assert citizen.post(BIRTH, form(unit="TTPVHCC")).status_code == 302
    assert Dossier.objects.get().receiving_unit.code == "TTPVHCC"


def test_a_city_level_procedure_defaults_to_the_service_centre(citizen, online, clock, uploads):
    response = citizen.post("/thu-tuc/1.009994/nop/", form(area=None))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.receiving_unit.code == "TTPVHCC" and dossier.competent_unit == online.construction


@pytest.mark.parametrize(("content", "name"), [(PNG, "to-khai.pdf"), (EXE, "to-khai.pdf"), (PDF, "to-khai.exe")])
def test_wrong_file_type_is_refused_and_nothing_is_saved(citizen, online, clock, uploads, content, name):
    response = citizen.post(BIRTH, form(doc_0=SimpleUploadedFile(name, content, content_type="application/pdf")))
    body = response.content.decode()
    assert response.status_code == 400
    assert "to-khai" in body and ("không phải PDF" in body or "chỉ nhận tệp PDF" in body or "nội dung là" in body)
    assert 'value="001090012345"' in body and 'value="12 Hàng Bạc, phường Hoàn Kiếm"' in body  # values kept
    assert nothing_saved(uploads)


def test_one_bad_file_among_good_ones_saves_none_of_them(citizen, online, clock, uploads):
    response = citizen.post(BIRTH, form(other=[SimpleUploadedFile("ok.jpg", JPEG), SimpleUploadedFile("virus.pdf", EXE)]))
    assert response.status_code == 400 and "virus.pdf" in response.content.decode()
    assert nothing_saved(uploads)


def test_oversize_file_is_refused(citizen, online, clock, uploads, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    response = citizen.post(BIRTH, form(doc_0=SimpleUploadedFile("to-khai.pdf", PDF + bytes(2048))))
    assert response.status_code == 400 and "vượt quá giới hạn" in response.content.decode()
    assert nothing_saved(uploads)


def test_more_than_twenty_files_are_refused(citizen, online, clock, uploads):
    others = [SimpleUploadedFile(f"trang-{i}.pdf", PDF) for i in range(20)]
    response = citizen.post(BIRTH, form(other=others))
    assert response.status_code == 400 and "tối đa 20 tệp" in response.content.decode()
    assert nothing_saved(uploads)


def test_path_traversal_name_is_sanitised(citizen, online, clock, uploads, tmp_path):
    upload = SimpleUploadedFile("x.pdf", PDF)
    upload.name = "../../etc/passwd.pdf"
    assert citizen.post(BIRTH, form(doc_0=upload)).status_code == 302
    row = Attachment.objects.get()
    assert row.original_name == "passwd.pdf" and ".." not in row.stored_name and "/etc/" not in row.stored_name
    assert not (tmp_path / "etc").exists()
    assert [p.name for p in stored_files(uploads)] == [row.stored_name.rsplit("/", 1)[1]]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"doc_0": None}, "Chưa đính kèm «Tờ khai»"),
    ({"id_number": "12345"}, "đúng 12 chữ số"),
    ({"phone": "12"}, "Số điện thoại không hợp lệ"),
    ({"area": ""}, "cần chọn xã, phường"),
    ({"unit": "UBND-HK"}, "không phải Bộ phận Một cửa"),  # a People's Committee receives no filings
    ({"name": "  "}, "Chưa nhập họ và tên"),
])
def test_bad_input_redisplays_with_a_vietnamese_message(citizen, online, clock, uploads, overrides, message):
    response = citizen.post(BIRTH, form(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert nothing_saved(uploads)


def test_a_refused_filing_leaves_no_row_and_no_file(citizen, online, clock, uploads):
    """The law refuses after the form was fine (a commune with no People's Committee): 422, and
    the files, never written, are not on disk either."""
    Area.objects.create(code="00999", name="Phường Mới Lập", name_folded="phuong moi lap", kind="ward",
                        parent=Area.objects.get(code="01"))
    response = citizen.post(BIRTH, form(area="00999"))
    assert response.status_code == 422 and "Chưa xác định được cơ quan có thẩm quyền" in response.content.decode()
    assert nothing_saved(uploads)


def test_files_written_before_a_failure_are_removed(citizen, online, clock, uploads, monkeypatch):
    """The database refuses the attachment rows after the bytes were written: the transaction
    rolls back (no dossier) and the files are deleted again."""
    from django.db import IntegrityError

    def broken(*args, **kwargs):
        assert len(stored_files(uploads)) == 2
        raise IntegrityError("simulated")

    monkeypatch.setattr(Attachment.objects, "bulk_create", broken)
    with pytest.raises(IntegrityError):
        citizen.post(BIRTH, form(other=[SimpleUploadedFile("b.jpg", JPEG)]))
    assert nothing_saved(uploads)


def test_procedure_not_online_redirects_with_a_message(client, world, clock, uploads):
    client.force_login(world.users["citizen"])
    response = client.get(BIRTH, follow=True)
    assert response.redirect_chain[-1][0] == "/thu-tuc/1.001193/"
    assert "chưa nhận hồ sơ trực tuyến" in response.content.decode()
