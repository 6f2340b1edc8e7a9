"""Checking and storing attachments: the type comes from the bytes, the name is cleaned, the
size and count are bounded, and a failed block leaves no file behind."""

import hashlib
import io
import unicodedata

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.portal import attachments as at
from motcua.portal.models import Attachment

from .conftest import EXCEL_MAIN, EXE, JPEG, PDF, PNG, WORD_MAIN, office, stored_files


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\system32\\x.pdf", "x.pdf"),
    ("C:\\Users\\an\\Giấy khai sinh.pdf", "Giấy khai sinh.pdf"),
    ("Tờ khai đăng ký khai sinh – bản chụp.jpg", "Tờ khai đăng ký khai sinh – bản chụp.jpg"),
    ("a\x00b\x1fc\u202egpj.pdf", "abcgpj.pdf"),  # control and right-to-left override characters go
    ('bad<>:"|?*name.png', "badname.png"),
    ("   .hidden.pdf  ", "hidden.pdf"),
    ("..", at.DEFAULT_NAME),
    ("", at.DEFAULT_NAME),
    ("Tờ   khai\tmới.pdf", "Tờ khai mới.pdf"),
])
def test_clean_name(raw, clean):
    assert at.clean_name(raw) == clean


def test_clean_name_keeps_the_extension_when_it_cuts():
    name = at.clean_name("Đ" * 300 + ".pdf")
    assert len(name) == at.NAME_LIMIT and name.endswith("Đ.pdf")


def test_decomposed_vietnamese_is_composed():
    decomposed = unicodedata.normalize("NFD", "Tờ khai.pdf")  # as macOS names files
    assert decomposed != "Tờ khai.pdf" and at.clean_name(decomposed) == "Tờ khai.pdf"


@pytest.mark.parametrize(("content", "kind"), [
    (PDF, at.PDF), (PNG, at.PNG), (JPEG, at.JPEG), (office(WORD_MAIN), at.DOCX), (office(EXCEL_MAIN), at.XLSX),
    (EXE, None), (b"PK\x03\x04not a zip", None), (office("application/xml"), None),
    (office(WORD_MAIN, macros=True), None), (b"<html><script>alert(1)</script>", None), (b"", None),
])
def test_sniff_reads_the_bytes(content, kind):
    stream = io.BytesIO(content)
    assert at.sniff(stream) is kind
    assert stream.tell() == 0


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_check_accepts_a_pdf_and_takes_the_type_from_the_bytes():
    checked = at.check(upload("Tờ khai.pdf", PDF), "Tờ khai")
    assert (checked.kind, checked.name, checked.size, checked.document) == (at.PDF, "Tờ khai.pdf", len(PDF), "Tờ khai")


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("Đơn.docx", office(WORD_MAIN), at.DOCX), ("Bảng kê.xlsx", office(EXCEL_MAIN), at.XLSX),
    ("Ảnh.JPEG", JPEG, at.JPEG), ("scan.PNG", PNG, at.PNG),
])
def test_check_accepts_office_documents_and_upper_case_extensions(name, content, kind):
    checked = at.check(upload(name, content))
    assert (checked.kind, checked.name) == (kind, name)


def test_a_name_without_extension_gets_the_detected_one():
    assert at.check(upload("scan", PNG)).name == "scan.png"


@pytest.mark.parametrize(("name", "content", "words"), [
    ("giay-to.pdf", PNG, "nội dung là ảnh PNG"),
    ("giay-to.pdf", EXE, "không phải PDF, ảnh JPG/PNG"),
    ("setup.exe", PDF, "chỉ nhận tệp PDF"),
    ("trang.html", PDF, "chỉ nhận tệp PDF"),
    ("bang.docx", office(WORD_MAIN, macros=True), "không phải PDF"),
    ("bang.xlsx", office(WORD_MAIN), "nội dung là Word (DOCX)"),
])
def test_check_refuses_what_the_bytes_do_not_back(name, content, words):
    with pytest.raises(at.UploadRefused) as refused:
        at.check(upload(name, content))
    assert words in refused.value.message and at.clean_name(name) in refused.value.message


def test_check_refuses_oversize_with_both_sizes():
    with pytest.raises(at.UploadRefused) as refused:
        at.check(upload("lon.pdf", PDF + bytes(3 * 1024 * 1024)), max_bytes=2 * 1024 * 1024)
    assert "vượt quá giới hạn 2 MB" in refused.value.message and "3 MB" in refused.value.message


def test_check_count():
    at.check_count(18, 2)
    with pytest.raises(at.UploadRefused) as refused:
        at.check_count(18, 3)
    assert "tối đa 20 tệp" in refused.value.message and "còn nhận thêm 2 tệp" in refused.value.message


def test_upload_dir_inside_the_package_or_static_is_refused(settings, tmp_path):
    settings.MOTCUA_UPLOAD_DIR = at.Path(at.__file__).parent / "uploads"
    with pytest.raises(ImproperlyConfigured):
        at.upload_root()
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MOTCUA_UPLOAD_DIR = tmp_path / "static" / "uploads"
    with pytest.raises(ImproperlyConfigured):
        at.upload_root()


def test_path_of_accepts_only_names_we_generate(uploads):
    assert at.path_of("2026/03/" + "a" * 32 + ".pdf") == uploads.resolve() / "2026/03" / ("a" * 32 + ".pdf")
    for bad in ("../../etc/passwd", "2026/03/../../x.pdf", "/etc/passwd", "2026/03/" + "a" * 32 + ".exe"):
        with pytest.raises(at.UploadRefused):
            at.path_of(bad)


@pytest.mark.django_db
def test_store_writes_under_year_and_month_with_checksum(world, uploads, clock):
    from tests.dossiers.scenario import file_online

    dossier = file_online(world, at=clock["now"])
    checked = [at.check(upload("Tờ khai.pdf", PDF), "Tờ khai"), at.check(upload("ảnh.jpg", JPEG), at.OTHER_DOCUMENT)]
    written = []
    rows = at.store(dossier, checked, user=world.users["citizen"], stage="filing", written=written)
    assert [p.parent for p in written] == [uploads.resolve() / "2026" / "03"] * 2
    row = Attachment.objects.get(pk=rows[0].pk)
    assert row.original_name == "Tờ khai.pdf" and row.content_type == "application/pdf" and row.size == len(PDF)
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert at.path_of(row.stored_name).read_bytes() == PDF
    assert row.stored_name.endswith(".pdf") and "Tờ" not in row.stored_name
    assert (at.path_of(row.stored_name).stat().st_mode & 0o777) == 0o640


@pytest.mark.django_db
def test_a_failed_block_removes_the_files_it_wrote(world, uploads, clock):
    from tests.dossiers.scenario import file_online

    dossier = file_online(world, at=clock["now"])
    with pytest.raises(RuntimeError), at.removed_on_error() as written:
        at.store(dossier, [at.check(upload("a.pdf", PDF))], user=None, stage="filing", written=written)
        assert len(stored_files(uploads)) == 1
        raise RuntimeError("the transaction failed after the files were written")
    assert stored_files(uploads) == []


@pytest.mark.django_db
def test_store_refuses_past_twenty_files(world, uploads, clock):
    from tests.dossiers.scenario import file_online

    dossier = file_online(world, at=clock["now"])
    at.store(dossier, [at.check(upload(f"{i}.pdf", PDF)) for i in range(19)], user=None, stage="filing", written=[])
    with pytest.raises(at.UploadRefused), at.removed_on_error() as written:
        at.store(dossier, [at.check(upload(f"x{i}.pdf", PDF)) for i in range(2)], user=None, stage="supplement",
                 written=written)
    assert len(stored_files(uploads)) == 19
