"""A dossier's files through the API: the applicant (own dossier) or an official who may see it
uploads one file per request, checked and stored as on the portal (type by content, size, count;
a refused file leaves nothing on disk); whoever may see the dossier lists them."""

import pytest

from motcua.portal.models import Attachment
from tests.dossiers.scenario import file_online, receive, vn
from tests.portal.conftest import PDF, PNG

API = "/api/v1/dossiers"


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MOTCUA_UPLOAD_DIR = tmp_path / "uploads"
    return settings.MOTCUA_UPLOAD_DIR


@pytest.fixture
def permit(world):
    """A building permit filed online by the citizen, not yet received (no code)."""
    return file_online(world, world.permit, vn(2026, 3, 2, 8, 30))


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _upload(client, world, user, ref, name, content, document="Tờ khai"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users[user])
    return client.post(f"{API}/{ref}/attachments", {"document": document, "file": SimpleUploadedFile(name, content)})


def test_the_applicant_uploads_a_pdf_and_lists_it(client, world, permit, uploads):
    assert permit.code is None
    response = _upload(client, world, "citizen", permit.pk, "../../to khai.pdf", PDF)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["name"] == "to khai.pdf" and data["document"] == "Tờ khai" and data["size"] == len(PDF)
    assert data["stage"] == "filing" and data["content_type"] == "application/pdf"
    assert data["url"] == f"/cong-dan/tep/{data['id']}/"
    assert len(_files(uploads)) == 1
    listed = client.get(f"{API}/{permit.pk}/attachments").json()
    assert [(a["id"], a["name"]) for a in listed] == [(data["id"], "to khai.pdf")]
    assert b"".join(client.get(data["url"]).streaming_content) == PDF
    # the reception officer who receives it sees the file, by code once it has one
    received = receive(world, permit, vn(2026, 3, 2, 10, 0))
    client.force_login(world.users["reception"])
    assert [a["id"] for a in client.get(f"{API}/{received.code}/attachments").json()] == [data["id"]]


def test_an_official_who_sees_it_may_upload_too(client, world, permit, uploads):
    response = _upload(client, world, "reception", permit.pk, "scan.pdf", PDF, document="Giấy tờ khác")
    assert response.status_code == 201 and response.json()["document"] == "Giấy tờ khác"
    assert Attachment.objects.get().uploaded_by == world.users["reception"]


def test_a_png_renamed_pdf_is_refused_and_nothing_is_kept(client, world, permit, uploads):
    response = _upload(client, world, "citizen", permit.pk, "to-khai.pdf", PNG)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "upload_refused" and "mang đuôi .pdf nhưng nội dung là ảnh PNG" in body["detail"]
    assert _files(uploads) == [] and not Attachment.objects.exists()


def test_too_big_and_unknown_document_are_422(client, world, permit, uploads, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 10
    big = _upload(client, world, "citizen", permit.pk, "to-khai.pdf", PDF)
    assert big.status_code == 422 and "vượt quá giới hạn" in big.json()["detail"]
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    other = _upload(client, world, "citizen", permit.pk, "to-khai.pdf", PDF, document="Hộ chiếu")
    assert other.status_code == 422 and other.json()["code"] == "bad_document"
    assert _files(uploads) == [] and not Attachment.objects.exists()


def test_another_citizens_dossier_is_403(client, world, permit, uploads):
    response = _upload(client, world, "other_citizen", permit.pk, "to-khai.pdf", PDF)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert client.get(f"{API}/{permit.pk}/attachments").status_code == 403
    assert _upload(client, world, "police_officer", permit.pk, "to-khai.pdf", PDF).status_code == 403  # not its unit
    assert _files(uploads) == [] and not Attachment.objects.exists()
    assert _upload(client, world, "citizen", 99999999, "to-khai.pdf", PDF).status_code == 404
