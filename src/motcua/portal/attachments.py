"""Checking and storing the files a citizen sends (tệp đính kèm hồ sơ).

- The type is read from the bytes, never from the name: PDF, JPEG, PNG, and Word/Excel
  documents (DOCX, XLSX: a ZIP whose ``[Content_Types].xml`` declares the document; no macros).
  A name whose extension says otherwise (``giay-to.pdf`` holding a PNG) is refused too.
- At most ``settings.MOTCUA_UPLOAD_MAX_BYTES`` per file and ``MAX_FILES`` per dossier.
- The name shown back is cleaned (no path, no control characters, bounded length; Vietnamese
  letters kept); the file on disk is named by a random token under
  ``settings.MOTCUA_UPLOAD_DIR/<yyyy>/<mm>/`` (outside the web root, served only by a view that
  checks access).

Everything here is pure except :func:`store`, the one write, which the caller runs inside the
transaction of the act the files go with, under :func:`removed_on_error`, so that a refused act
or a rolled-back transaction leaves no file behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua import timesource
from motcua.rules.calendar import VN_TZ

MAX_FILES = 20
NAME_LIMIT = 120
DEFAULT_NAME = "tep-dinh-kem"
OTHER_DOCUMENT = "Giấy tờ khác"
_CONTENT_TYPES_LIMIT = 1024 * 1024  # a real [Content_Types].xml is a few KB


class UploadRefused(ValueError):
    """A file that may not be kept; ``message`` is Vietnamese and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extension: str
    names: frozenset[str]  # extensions a file name of this kind may carry


PDF = Kind("PDF", "application/pdf", "pdf", frozenset({"pdf"}))
JPEG = Kind("ảnh JPG", "image/jpeg", "jpg", frozenset({"jpg", "jpeg", "jpe", "jfif"}))
PNG = Kind("ảnh PNG", "image/png", "png", frozenset({"png"}))
DOCX = Kind("Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            frozenset({"docx"}))
XLSX = Kind("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
            frozenset({"xlsx"}))
KINDS = (PDF, JPEG, PNG, DOCX, XLSX)
ALLOWED_NAMES = frozenset().union(*(k.names for k in KINDS))
ALLOWED_TEXT = "PDF, ảnh JPG/PNG, Word (DOCX) hoặc Excel (XLSX)"
#: what the ``accept`` attribute of a file input offers (a hint only: the server checks the bytes).
ACCEPT = ",".join(sorted(f".{n}" for n in ALLOWED_NAMES))

_OFFICE_MAIN = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_STORED = re.compile(r"^\d{4}/\d{2}/[0-9a-f]{32}\.(?:%s)$" % "|".join(k.extension for k in KINDS))
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_BREAKS = re.compile(r"[\t\n\r\v\f]")


# -- pure checks ---------------------------------------------------------------------------------

def clean_name(name: str | None, limit: int = NAME_LIMIT) -> str:
    """The file name to show and offer back: only its last path part, without control or format
    characters (so no right-to-left tricks) or characters Windows forbids, no leading dots,
    at most ``limit`` characters with the extension kept. ``../../etc/passwd.pdf`` -> ``passwd.pdf``;
    ``Giấy khai sinh.pdf`` stays as it is."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _BREAKS.sub(" ", name)  # tabs and line breaks become spaces before control characters go
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _SPACES.sub(" ", _UNSAFE.sub("", name)).strip().lstrip(".").strip()
    name = name.rstrip(". ")
    if not name:
        return DEFAULT_NAME
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 10:
            name = stem[:limit - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:limit].rstrip(" .")
    return name or DEFAULT_NAME


def extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _office_kind(fileobj) -> Kind | None:
    """DOCX or XLSX by the main part declared in ``[Content_Types].xml``; ``None`` for any other
    ZIP, a damaged one, or one carrying macros."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _CONTENT_TYPES_LIMIT:
                return None
            if any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
                return None
            with archive.open(info) as part:
                declared = part.read(_CONTENT_TYPES_LIMIT + 1).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    found = [kind for kind, main in _OFFICE_MAIN.items() if f'ContentType="{main}"' in declared]
    return found[0] if len(found) == 1 else None


def sniff(fileobj) -> Kind | None:
    """The kind of file ``fileobj`` holds, read from its bytes (the position is restored to 0)."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _office_kind(fileobj)
        return None
    finally:
        fileobj.seek(0)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "") + " MB"


@dataclass(frozen=True)
class Checked:
    """A file that passed every check, waiting to be stored."""

    upload: object  # a Django UploadedFile (or any file object with ``chunks()``/``seek()``)
    document: str
    name: str
    kind: Kind
    size: int


def check(upload, document: str = "", max_bytes: int | None = None) -> Checked:
    """Check one uploaded file: size, then type by content, then that the name agrees.
    Raises :class:`UploadRefused` with a message naming the file."""
    max_bytes = settings.MOTCUA_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    name = clean_name(getattr(upload, "name", ""))
    size = upload.size
    if not size:
        raise UploadRefused(f"Tệp «{name}» rỗng (0 byte); vui lòng chọn lại tệp.")
    if size > max_bytes:
        raise UploadRefused(f"Tệp «{name}» dung lượng {megabytes(size)}, vượt quá giới hạn "
                            f"{megabytes(max_bytes)} cho mỗi tệp.")
    ext = extension_of(name)
    if ext and ext not in ALLOWED_NAMES:
        raise UploadRefused(f"Tệp «{name}» không được nhận: chỉ nhận tệp {ALLOWED_TEXT}.")
    kind = sniff(upload)
    if kind is None:
        raise UploadRefused(f"Nội dung tệp «{name}» không phải {ALLOWED_TEXT} (hệ thống kiểm tra nội dung tệp, "
                            "không chỉ tên tệp); vui lòng chọn đúng tệp.")
    if ext and ext not in kind.names:
        raise UploadRefused(f"Tệp «{name}» mang đuôi .{ext} nhưng nội dung là {kind.label}; "
                            "vui lòng chọn đúng tệp hoặc đặt lại tên tệp.")
    if not ext:
        name = clean_name(f"{name}.{kind.extension}")
    return Checked(upload=upload, document=document, name=name, kind=kind, size=size)


def check_count(existing: int, adding: int) -> None:
    if existing + adding > MAX_FILES:
        left = max(MAX_FILES - existing, 0)
        raise UploadRefused(f"Mỗi hồ sơ được đính kèm tối đa {MAX_FILES} tệp; hồ sơ này chỉ còn nhận thêm "
                            f"{left} tệp (ông/bà đang gửi {adding} tệp).")


# -- where files live ----------------------------------------------------------------------------

def upload_root() -> Path:
    """``MOTCUA_UPLOAD_DIR``, refused if it lies inside the static files or the program itself."""
    root = Path(settings.MOTCUA_UPLOAD_DIR).resolve()
    forbidden = [Path(__file__).resolve().parent.parent]  # the motcua package
    if getattr(settings, "STATIC_ROOT", None):
        forbidden.append(Path(settings.STATIC_ROOT).resolve())
    for place in forbidden:
        if root == place or place in root.parents:
            raise ImproperlyConfigured(f"MOTCUA_UPLOAD_DIR ({root}) không được nằm trong {place}.")
    return root


def path_of(stored_name: str) -> Path:
    """The file behind a stored name (which we generated; checked again all the same)."""
    if not _STORED.match(stored_name or ""):
        raise UploadRefused("Tên tệp lưu trữ không hợp lệ.")
    return upload_root() / stored_name


def discard(paths: Sequence[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


@contextmanager
def removed_on_error() -> Iterator[list[Path]]:
    """Collects the files :func:`store` writes; if the block fails they are deleted again.

    Put the transaction *inside* it, so that the rollback has happened when the files go::

        with removed_on_error() as written, transaction.atomic(durable=True):
            ...act...
            store(dossier, files, ..., written=written)
    """
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        discard(written)
        raise


# -- the one write -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Written:
    """A checked file as it landed on disk: its random name under the upload root, size and digest."""

    item: Checked
    stored_name: str
    size: int
    sha256: str


def write(files: Sequence[Checked], *, now: datetime, written: list[Path]) -> list[Written]:
    """Write ``files`` under ``MOTCUA_UPLOAD_DIR/<yyyy>/<mm>/`` with random names, never over an
    existing file; each path is added to ``written`` before its first byte lands (see
    :func:`removed_on_error`). The callers (dossier attachments, report attachments) add the rows."""
    root, month, out_rows = upload_root(), now.astimezone(VN_TZ), []
    for item in files:
        stored = f"{month:%Y}/{month:%m}/{secrets.token_hex(16)}.{item.kind.extension}"
        path = root / stored
        path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o640)
        written.append(path)
        with os.fdopen(descriptor, "wb") as out:
            item.upload.seek(0)
            for chunk in item.upload.chunks():
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        out_rows.append(Written(item, stored, size, digest.hexdigest()))
    return out_rows


def store(dossier, files: Sequence[Checked], *, user, stage: str, written: list[Path],
          now: datetime | None = None) -> list:
    """Write ``files`` to disk and their rows to the database, for ``dossier`` (already saved).

    Run it inside the act's transaction, under :func:`removed_on_error` (each path is added to
    ``written`` before its first byte lands). Raises :class:`UploadRefused` past ``MAX_FILES``."""
    from motcua.portal.models import Attachment

    if not files:
        return []
    check_count(Attachment.objects.filter(dossier=dossier).count(), len(files))
    now = now or timesource.now()
    rows = [Attachment(
        dossier=dossier, document=(w.item.document or "")[:500], original_name=w.item.name, stored_name=w.stored_name,
        content_type=w.item.kind.content_type, size=w.size, sha256=w.sha256, uploaded_at=now,
        uploaded_by=user if getattr(user, "pk", None) else None, stage=stage,
    ) for w in write(files, now=now, written=written)]
    return Attachment.objects.bulk_create(rows)
