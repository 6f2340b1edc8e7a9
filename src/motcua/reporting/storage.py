"""Files sent with a report: checked and named as the portal does (``portal.attachments``: type by
content, size, cleaned name, random name on disk under ``MOTCUA_UPLOAD_DIR/<yyyy>/<mm>/``), with
their rows in ``ReportAttachment``. Run :func:`store` inside the act's transaction, under
``removed_on_error``, so that a refused act leaves no file behind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from motcua.portal.attachments import (  # noqa: F401  (the checks are the portal's)
    ACCEPT, Checked, UploadRefused, check, path_of, removed_on_error, upload_root, write,
)

MAX_FILES = 10  # per report


def check_all(uploads: Sequence, existing: int = 0) -> list[Checked]:
    """Check every file (``UploadRefused`` names the first that fails) and their number."""
    if existing + len(uploads) > MAX_FILES:
        raise UploadRefused(f"Mỗi báo cáo được đính kèm tối đa {MAX_FILES} tệp.")
    return [check(upload) for upload in uploads]


def store(report, files: Sequence[Checked], *, user, now: datetime, written: list[Path]) -> list:
    from motcua.reporting.models import ReportAttachment

    rows = [ReportAttachment(report=report, original_name=w.item.name, stored_name=w.stored_name,
                             content_type=w.item.kind.content_type, size=w.size, sha256=w.sha256,
                             uploaded_by=user, uploaded_at=now) for w in write(files, now=now, written=written)]
    return ReportAttachment.objects.bulk_create(rows)
