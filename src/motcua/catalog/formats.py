"""Composite cells of the procedure import file: fees, documents, result types, and the
Vietnamese words accepted for levels, duration units, online levels and route modes."""

from __future__ import annotations

import re
from typing import Any

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.tabular import CellError, parse_bool, parse_int, split_list
from motcua.text import fold

V = ProcedureVersion

LEVELS = {"tỉnh": Procedure.Level.PROVINCE, "xã": Procedure.Level.COMMUNE,
          "cấp tỉnh": Procedure.Level.PROVINCE, "cấp xã": Procedure.Level.COMMUNE,
          "province": Procedure.Level.PROVINCE, "commune": Procedure.Level.COMMUNE}
DURATION_UNITS = {"ngày làm việc": V.DurationUnit.DAYS, "giờ làm việc": V.DurationUnit.HOURS,
                  "trả ngay": V.DurationUnit.IMMEDIATE, "ngày": V.DurationUnit.DAYS, "giờ": V.DurationUnit.HOURS,
                  "days": V.DurationUnit.DAYS, "hours": V.DurationUnit.HOURS, "immediate": V.DurationUnit.IMMEDIATE}
ONLINE = {"không": V.Online.NONE, "một phần": V.Online.PARTIAL, "toàn trình": V.Online.FULL,
          "none": V.Online.NONE, "partial": V.Online.PARTIAL, "full": V.Online.FULL,
          **{label: value for value, label in V.Online.choices}}
ROUTE_MODES = {"tuần tự": V.RouteMode.SEQUENTIAL, "song song": V.RouteMode.PARALLEL,
               "sequential": V.RouteMode.SEQUENTIAL, "parallel": V.RouteMode.PARALLEL}

_NO_FEE = {fold(w) for w in ("không", "miễn phí", "miễn lệ phí", "miễn phí, lệ phí", "0")}
_MONEY_NOISE = re.compile(r"(?i)\s|đồng|vnđ|vnd|đ")


def parse_money(value: Any) -> int:
    """An amount in đồng: ``"8.000"``, ``"8,000 đ"``, ``8000`` -> 8000."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise CellError(f'"{value}" không phải là số tiền (đồng) hợp lệ')
        return int(value)
    text = _MONEY_NOISE.sub("", str(value)).replace(".", "").replace(",", "")
    if not text.isdigit():
        raise CellError(f'"{str(value).strip()}" không phải là số tiền (đồng)')
    return int(text)


def parse_fees(value: Any) -> list[dict]:
    """``"Lệ phí:8.000; Phí bản sao:2.000"`` -> ``[{"name": "Lệ phí", "amount": 8000}, …]``;
    ``"Miễn lệ phí"`` -> ``[]``."""
    if fold(str(value).strip()) in _NO_FEE:
        return []
    fees = []
    for part in split_list(value):
        name, colon, amount = part.rpartition(":")
        if not colon or not name.strip():
            raise CellError(f'"{part}" phải có dạng «Tên:số tiền»')
        fees.append({"name": name.strip(), "amount": parse_money(amount)})
    return fees


def parse_documents(value: Any) -> list[dict]:
    """``"Tờ khai|1|0; Giấy chứng sinh|1|0|có"`` (name|originals|copies[|required]) ->
    ``[{"name", "originals", "copies", "required"}]``; originals default 1, copies 0, required yes."""
    documents = []
    for part in split_list(value):
        pieces = [p.strip() for p in part.split("|")]
        if not pieces[0] or len(pieces) > 4:
            raise CellError(f'"{part}" phải có dạng «Tên|bản chính|bản sao»')
        def count(index: int, default: int) -> int:
            if len(pieces) <= index or not pieces[index]:
                return default
            number = parse_int(pieces[index])
            if number < 0:
                raise CellError(f'"{part}": số bản không được âm')
            return number

        counts = [count(1, 1), count(2, 0)]
        required = parse_bool(pieces[3]) if len(pieces) == 4 and pieces[3] else True
        documents.append({"name": pieces[0], "originals": counts[0], "copies": counts[1], "required": required})
    return documents


def parse_results(value: Any) -> list[dict]:
    """``"GKS|Giấy khai sinh|có"`` (code|name|paper) -> ``[{"code", "name", "paper"}]``; paper default yes."""
    results = []
    for part in split_list(value):
        pieces = [p.strip() for p in part.split("|")]
        if len(pieces) not in (2, 3) or not pieces[0] or not pieces[1]:
            raise CellError(f'"{part}" phải có dạng «MÃ|Tên|giấy»')
        paper = parse_bool(pieces[2]) if len(pieces) == 3 and pieces[2] else True
        results.append({"code": pieces[0], "name": pieces[1], "paper": paper})
    return results


def parse_steps(value: Any) -> list[int]:
    """``"1;2"`` -> ``[1, 2]``."""
    return [parse_int(part) for part in split_list(value)]
