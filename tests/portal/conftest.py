"""The portal's tests use the shared Hà Nội world, a clock they move by hand, and an upload
directory of their own (outside the web root and the package, as in production)."""

import io
import zipfile

import pytest

from motcua import timesource
from motcua.catalog.models import ProcedureVersion
from tests.dossiers.conftest import fanout, fresh_calendar, vn, world  # noqa: F401  (shared world)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40) + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def office(main: str, *, macros: bool = False) -> bytes:
    """A minimal Office Open XML package declaring ``main`` as its main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         f'content-types"><Override PartName="/main.xml" ContentType="{main}"/></Types>')
        archive.writestr("main.xml", "<x/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 10)
    return buffer.getvalue()


@pytest.fixture
def clock():
    """Hà Nội time that a test moves forward: ``clock["now"] = vn(...)``. Starts on a Monday
    morning in March 2026."""
    moment = {"now": vn(2026, 3, 2, 8, 30)}
    timesource.set_provider(lambda: moment["now"])
    yield moment
    timesource.set_provider(None)


@pytest.fixture
def uploads(tmp_path, settings):
    """A fresh MOTCUA_UPLOAD_DIR for the test; returns its path."""
    root = tmp_path / "uploads"
    settings.MOTCUA_UPLOAD_DIR = root
    return root


@pytest.fixture
def online(world):
    """The world's procedures open for online filing (full online), as in the Hà Nội catalogue."""
    ProcedureVersion.objects.filter(pk__in=[world.birth.pk, world.permit.pk, world.copy.pk]).update(
        online=ProcedureVersion.Online.FULL)
    for version in (world.birth, world.permit, world.copy):
        version.refresh_from_db()
    return world


def stored_files(root) -> list:
    """Every file under the upload directory."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
