"""The column layout of a programme's task list as a spreadsheet (danh mục nhiệm vụ), shared by
the import and the export so that an exported file imports back as it is.

Headers are matched without diacritics or case (``"Nội dung nhiệm vụ"`` = ``"noi dung nhiem vu"``).
Status columns the export adds (status class, at risk) are ignored on import.
"""

from __future__ import annotations

from motcua.programmes.models import Task
from motcua.tabular import normalise_header

#: (header, Task field or pseudo-field, required on import)
COLUMNS: list[tuple[str, str, bool]] = [
    ("Số thứ tự", "code", True),
    ("Thuộc nhiệm vụ", "parent", False),  # the parent task's number
    ("Nội dung nhiệm vụ", "content", True),
    ("Loại sản phẩm", "product", True),
    ("Cấp phê duyệt", "approver", False),
    ("Đơn vị chủ trì", "lead_unit", True),  # a unit's code or name
    ("Đơn vị phối hợp", "co_units", False),  # codes or names separated by ";"
    ("Lãnh đạo phụ trách", "leader", False),  # a username
    ("Cán bộ theo dõi", "officer", False),  # a username
    ("Ngày giao", "assigned_on", True),
    ("Thời hạn", "deadline", False),  # empty: no deadline
    ("Thời hạn ban đầu", "original_deadline", False),  # before an approved extension
    ("Văn bản giao", "source_symbol", True),
    ("Cơ quan giao", "source_issuer", False),
    ("Ngày văn bản giao", "source_date", False),
    ("Tiến độ", "progress", False),  # per cent
    ("Ngày hoàn thành", "completed_on", False),
    ("Văn bản kết quả", "result_document", False),
    ("Lý do chậm", "delay_reason", False),
]
STATUS_COLUMNS = ["Tình trạng", "Nguy cơ chậm"]

HEADER_OF = {field: header for header, field, _ in COLUMNS}
KEY_OF = {field: normalise_header(header) for header, field, _ in COLUMNS}
REQUIRED = [KEY_OF[field] for _, field, required in COLUMNS if required]

PRODUCTS = {**{c.value: c.value for c in Task.Product}, **{c.label: c.value for c in Task.Product}}
APPROVERS = {**{c.value: c.value for c in Task.Approver}, **{c.label: c.value for c in Task.Approver},
             "Ban Thường vụ": Task.Approver.STANDING_BOARD, "BTV": Task.Approver.STANDING_BOARD,
             "Ban Chấp hành": Task.Approver.PARTY_COMMITTEE, "HĐND": Task.Approver.PEOPLES_COUNCIL,
             "HĐND Thành phố": Task.Approver.PEOPLES_COUNCIL, "UBND": Task.Approver.PEOPLES_COMMITTEE,
             "UBND Thành phố": Task.Approver.PEOPLES_COMMITTEE, "BCĐ": Task.Approver.STEERING_COMMITTEE}
