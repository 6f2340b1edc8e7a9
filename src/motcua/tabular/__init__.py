"""Shared reader and checks for CSV/XLSX imports (nhập dữ liệu từ tệp CSV/XLSX).

    table = read_table(path, sheet="thu_tuc")
    errors = Errors()
    table.check_columns(["ma", "ten"], errors)
    for row in table.rows:
        cells = Cells(row, errors)
        name = cells.text("ten", required=True, max_length=255)
    errors.raise_if_any()          # ImportFailed lists every problem; nothing has been written
    with transaction.atomic(): ... # now write everything
"""

from motcua.tabular.cells import (
    Cells,
    CellError,
    as_text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    show,
    split_list,
)
from motcua.tabular.reading import Errors, ImportFailed, Row, RowError, Table, normalise_header, read_table

__all__ = [
    "CellError", "Cells", "Errors", "ImportFailed", "Row", "RowError", "Table", "as_text", "normalise_header",
    "parse_bool", "parse_choice", "parse_date", "parse_decimal", "parse_int", "read_table", "show", "split_list",
]
