"""Case codes (mã vụ việc): ``PAKN-2026-000123``, ``KN-2026-000045`` (khiếu nại, first or second),
``TC-2026-000007`` (tố cáo): kind, year of receipt (Hà Nội time), a six-digit counter per kind
and year.

The counter is the largest number already given plus one. On PostgreSQL the transaction first
takes an advisory lock on (kind, year) (``pg_advisory_xact_lock``, released at commit), so two
intakes never read the same largest number; SQLite runs one writing transaction at a time.
The unique constraint on ``Case.code`` is the last guard either way."""

from __future__ import annotations

import zlib
from datetime import datetime

from django.db import connection

from motcua.complaints.models import Case
from motcua.rules.calendar import VN_TZ
from motcua.rules.complaints import CaseKind

PREFIXES = {CaseKind.PAKN: "PAKN", CaseKind.COMPLAINT_FIRST: "KN", CaseKind.COMPLAINT_SECOND: "KN",
            CaseKind.DENUNCIATION: "TC"}


def next_code(kind: CaseKind | str, received_at: datetime) -> str:
    """The next free code for a case of ``kind`` received at ``received_at`` (call inside the
    intake's transaction)."""
    head = f"{PREFIXES[CaseKind(kind)]}-{received_at.astimezone(VN_TZ).year}-"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x6B6E, zlib.crc32(head.encode()) & 0x7FFFFFFF])
    last = (Case.objects.filter(code__startswith=head).order_by("-code").values_list("code", flat=True).first())
    number = int(last[len(head):]) + 1 if last and last[len(head):].isdigit() else 1
    return f"{head}{number:06d}"
