"""Cell parsers for import files: each turns a CSV/XLSX cell into a typed value or explains,
in Vietnamese, why it cannot (``"abc" không phải là số``). :class:`Cells` applies them to one row
and records problems in an :class:`~motcua.tabular.reading.Errors` collector."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from motcua.tabular.reading import Errors, Row, blank
from motcua.text import fold

T = TypeVar("T")

TRUE_WORDS = ("có", "x", "1", "yes", "true")
FALSE_WORDS = ("không", "0", "no", "false")
_TRUE = {fold(w) for w in TRUE_WORDS}
_FALSE = {fold(w) for w in FALSE_WORDS}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


class CellError(ValueError):
    """A cell value that cannot be used; the message is shown to the user."""


def show(value: Any) -> str:
    """A cell value as it is quoted in messages."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f'"{value}"'


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(f"{show(value)} không phải là số nguyên")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise CellError(f"{show(value)} không phải là số nguyên")


def parse_decimal(value: Any) -> Decimal:
    """A number; accepts a decimal comma (``"1,5"``)."""
    if isinstance(value, bool):
        raise CellError(f"{show(value)} không phải là số")
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"{show(value)} không phải là số") from None
    if not number.is_finite():
        raise CellError(f"{show(value)} không phải là số")
    return number


def parse_date(value: Any) -> dt.date:
    """``dd/mm/yyyy``, ISO ``yyyy-mm-dd``, or an Excel date cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise CellError(f"{show(value)} không phải là ngày có thật") from None
    raise CellError(f"{show(value)} không phải là ngày (dạng dd/mm/yyyy)")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(str(value).strip())
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    allowed = ", ".join(TRUE_WORDS + FALSE_WORDS)
    raise CellError(f"{show(value)} không phải là giá trị có/không (dùng một trong: {allowed})")


def parse_choice(value: Any, choices: Mapping[str, T], allowed: Iterable[str] | None = None) -> T:
    """Look ``value`` up in ``choices`` (keys compared folded, so ``"Cấp xã"`` = ``"cap xa"``).

    The message lists ``allowed`` (default: every key) when the value is not there."""
    folded = {fold(k): v for k, v in choices.items()}
    key = fold(as_text(value))
    if key in folded:
        return folded[key]
    listed = "; ".join(f"«{a}»" for a in (allowed if allowed is not None else choices))
    raise CellError(f"{show(value)} không hợp lệ; giá trị cho phép: {listed}")


def split_list(value: Any, separator: str = ";") -> list[str]:
    """``"a; b;; c"`` -> ``["a", "b", "c"]``; an empty cell gives ``[]``."""
    if blank(value):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [part.strip() for part in str(value).split(separator) if part.strip()]


def as_text(value: Any) -> str:
    """A cell as text; whole-number floats from Excel lose their ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


# --- one row's cells, parsed with errors recorded instead of raised ---------------------------


class Cells:
    """Parse the cells of one row; a bad or missing value records an error and gives ``None``."""

    def __init__(self, row: Row, errors: Errors):
        self.row = row
        self.errors = errors
        self.failed = 0

    def error(self, column: str | None, message: str) -> None:
        self.failed += 1
        self.errors.add(self.row.number, column, message)

    def raw(self, column: str, required: bool = False) -> Any:
        value = self.row.get(column)
        if value is None and required:
            self.error(column, "thiếu giá trị bắt buộc")
        return value

    def _parse(self, column: str, parser, required: bool, *args) -> Any:
        value = self.raw(column, required)
        if value is None:
            return None
        try:
            return parser(value, *args)
        except CellError as exc:
            self.error(column, str(exc))
            return None

    def text(self, column: str, required: bool = False, max_length: int | None = None) -> str | None:
        value = self._parse(column, as_text, required)
        if value is not None and max_length and len(value) > max_length:
            self.error(column, f"dài {len(value)} ký tự, tối đa {max_length}")
            return None
        return value

    def integer(self, column: str, required: bool = False, minimum: int | None = None) -> int | None:
        value = self._parse(column, parse_int, required)
        return self._at_least(column, value, minimum)

    def number(self, column: str, required: bool = False, minimum: Decimal | int | None = None) -> Decimal | None:
        value = self._parse(column, parse_decimal, required)
        return self._at_least(column, value, minimum)

    def date(self, column: str, required: bool = False) -> dt.date | None:
        return self._parse(column, parse_date, required)

    def flag(self, column: str, default: bool = False) -> bool:
        value = self._parse(column, parse_bool, False)
        return default if value is None else value

    def choice(self, column: str, choices: Mapping[str, T], required: bool = False, default: T | None = None,
               allowed: Iterable[str] | None = None) -> T | None:
        value = self._parse(column, parse_choice, required, choices, allowed)
        return default if value is None and self.row.get(column) is None else value

    def items(self, column: str, separator: str = ";") -> list[str]:
        return split_list(self.row.get(column), separator)

    def _at_least(self, column: str, value, minimum):
        if value is not None and minimum is not None and value < minimum:
            self.error(column, f"{show(self.row.get(column))} phải lớn hơn hoặc bằng {minimum}")
            return None
        return value
