"""Dossier code (mã hồ sơ, Decree 118 Art. 28) and result document code (Art. 22)."""

from __future__ import annotations

import string
from datetime import date

DEFAULT_PATTERN = "{agency_identifier}-{yymmdd}-{sequence:04d}"
_FIELDS = {"agency_identifier", "yymmdd", "yyyymmdd", "sequence"}


def validate_pattern(pattern: str) -> None:
    names = {f for _, f, _, _ in string.Formatter().parse(pattern) if f}
    unknown = names - _FIELDS
    if unknown or "sequence" not in names:
        raise ValueError(
            "Mẫu mã hồ sơ phải có {sequence} và chỉ dùng các trường "
            + ", ".join(sorted(_FIELDS)) + (f"; không biết: {', '.join(sorted(unknown))}" if unknown else "")
        )


def dossier_code(pattern: str, agency_identifier: str, day: date, sequence: int) -> str:
    """``000.00.00.H26-260213-0001``: the agency identifier, the reception date and the day's number."""
    return pattern.format(
        agency_identifier=agency_identifier, yymmdd=day.strftime("%y%m%d"),
        yyyymmdd=day.strftime("%Y%m%d"), sequence=sequence,
    )


def code_identifier(*, joint: bool, online: bool, competent: str, receiving: str, portal: str) -> str:
    """Whose identifier opens the code: the competent agency's; for a joint procedure the
    receiving unit's (counter filing) or the national portal's (online filing)."""
    if not joint:
        return competent
    return portal if online else receiving


def result_code(holder_id: str, result_type: str) -> str:
    """Mã kết quả: the holder's identification number plus the result-type code."""
    holder = holder_id.strip() or "KHONG-DINH-DANH"
    return f"{holder}.{result_type.strip()}" if result_type.strip() else holder
