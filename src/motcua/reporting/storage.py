"""Files sent with a report: checked and named as the portal does (``portal.attachments``: type by
content, size, cleaned name, random name on disk under ``MOTCUA_UPLOAD_DIR/<yyyy>/<mm>/``), with
their rows in ``ReportAttachment``. Run :func:`store` inside the act's transaction, under
``removed_on_error``, so that a refused act leaves no file behind."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from motcua.portal.attachments import (  # noqa: F401  (the checks are the portal's)
    ACCEPT, Checked, UploadRefused, check, path_of, removed_on_error, upload_root,
)
from motcua.rules.calendar import VN_TZ

MAX_FILES = 10  # per report


def check_all(uploads: Sequence, existing: int = 0) -> list[Checked]:
    """Check every file (``UploadRefused`` names the first that fails) and their number."""
    if existing + len(uploads) > MAX_FILES:
        raise UploadRefused(f"Mỗi báo cáo được đính kèm tối đa {MAX_FILES} tệp.")
    return [check(upload) for upload in uploads]


def store(report, files: Sequence[Checked], *, user, now: datetime, written: list[Path]) -> list:
    from motcua.reporting.models import ReportAttachment

    root, month, rows = upload_root(), now.astimezone(VN_TZ), []
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
        rows.append(ReportAttachment(report=report, original_name=item.name, stored_name=stored,
                                     content_type=item.kind.content_type, size=size, sha256=digest.hexdigest(),
                                     uploaded_by=user, uploaded_at=now))
    return ReportAttachment.objects.bulk_create(rows)
