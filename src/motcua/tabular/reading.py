"""Read import files (tệp nhập liệu) — CSV or XLSX — into rows, and check their cells.

Every import follows the same shape: read the whole table, check every row and collect every
problem (:class:`Errors`), raise :class:`ImportFailed` if there is any, and only then write, in
one transaction. A bad file therefore imports nothing, and its author sees all its problems at once.

Headers are normalised (``"Mã định danh"`` -> ``"ma_dinh_danh"``); row numbers are the ones a
spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from motcua.text import fold


def normalise_header(text: Any) -> str:
    """``" Mã định danh "`` -> ``"ma_dinh_danh"``."""
    return fold(str(text or "").strip()).replace(" ", "_")


# --- errors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: where (table, row, column) and what, in Vietnamese."""

    row: int | None
    column: str | None
    message: str
    table: str | None = None

    def __str__(self) -> str:
        where = []
        if self.table:
            where.append(f"Bảng «{self.table}»")
        if self.row is not None:
            where.append(f"dòng {self.row}" if where else f"Dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»" if where else f"Cột «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFailed(Exception):
    """The file was not imported (nhập dữ liệu không thành công); ``errors`` says why."""

    def __init__(self, errors: Iterable[RowError | str]):
        self.errors = [e if isinstance(e, RowError) else RowError(None, None, str(e)) for e in errors]
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"Không nhập được dữ liệu: {len(self.errors)} lỗi."]
        lines += [f"- {e}" for e in self.errors]
        return "\n".join(lines)


class Errors:
    """Collects :class:`RowError` while a file is checked."""

    def __init__(self, table: str | None = None):
        self.table = table
        self.items: list[RowError] = []

    def add(self, row: int | None, column: str | None, message: str, table: str | None = None) -> None:
        self.items.append(RowError(row, column, message, table or self.table))

    def extend(self, other: Errors) -> None:
        self.items.extend(other.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items)


# --- reading ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One data row: its spreadsheet row number and its cells keyed by normalised header."""

    number: int
    values: dict[str, Any]

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def is_blank(self, column: str) -> bool:
        return blank(self.values.get(column))


@dataclass
class Table:
    """The rows of one sheet or CSV file; ``name`` labels its errors when an import has several."""

    headers: list[str]
    rows: list[Row]
    name: str | None = None
    problems: list[str] = field(default_factory=list)

    def has(self, column: str) -> bool:
        return column in self.headers

    def check_columns(self, required: Iterable[str], errors: Errors) -> bool:
        """Add one error per missing required column (and per header problem); True if none."""
        ok = True
        for message in self.problems:
            errors.add(None, None, message, self.name)
            ok = False
        for column in required:
            if column not in self.headers:
                errors.add(None, column, "thiếu cột bắt buộc", self.name)
                ok = False
        return ok


def read_table(path: str | Path, sheet: str | None = None, *, optional: bool = False,
               name: str | None = None) -> Table | None:
    """Read a ``.csv`` (UTF-8, with or without BOM) or ``.xlsx`` file (sheet ``sheet`` or the first).

    With ``optional``, a missing sheet gives ``None`` instead of an error. Raises
    :class:`ImportFailed` for a file that cannot be read at all.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFailed([f"Không tìm thấy tệp «{path}»."])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(path, sheet, optional)
        if raw is None:
            return None
    else:
        raise ImportFailed([f"Không đọc được tệp «{path.name}»: chỉ nhận tệp .csv (UTF-8) hoặc .xlsx."])
    return _to_table(raw, name)


def _read_csv(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([f"Tệp «{path.name}» không phải văn bản UTF-8; hãy lưu lại dạng «CSV UTF-8»."]) from None
    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first else "\t" if "\t" in first else ";" if ";" in first else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    return [(i, list(cells)) for i, cells in enumerate(reader, start=1)]


def _read_xlsx(path: Path, sheet: str | None, optional: bool) -> list[tuple[int, list[Any]]] | None:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFailed([f"Tệp «{path.name}» không phải tệp Excel .xlsx hợp lệ."]) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        else:
            by_name = {normalise_header(title): title for title in book.sheetnames}
            title = by_name.get(normalise_header(sheet))
            if title is None:
                if optional:
                    return None
                raise ImportFailed([f"Tệp «{path.name}» không có trang «{sheet}»."])
            ws = book[title]
        return [(i, list(cells)) for i, cells in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def _to_table(raw: list[tuple[int, list[Any]]], name: str | None) -> Table:
    raw = [(n, cells) for n, cells in raw if any(not blank(c) for c in cells)]
    if not raw:
        return Table([], [], name, ["tệp trống: không có dòng tiêu đề"])
    header_number, header_cells = raw[0]
    headers = [normalise_header(c) for c in header_cells]
    problems = []
    seen = set()
    for h in headers:
        if h and h in seen:
            problems.append(f"cột «{h}» xuất hiện hai lần ở dòng tiêu đề")
        seen.add(h)
    rows = []
    for number, cells in raw[1:]:
        values = {}
        for h, cell in zip(headers, cells):
            if h:
                values[h] = None if blank(cell) else (cell.strip() if isinstance(cell, str) else cell)
        rows.append(Row(number, values))
    return Table([h for h in headers if h], rows, name, problems)


def blank(value: Any) -> bool:
    """An empty cell: ``None`` or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())
