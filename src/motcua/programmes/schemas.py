"""Request and response bodies of the programmes API (``programmes.api``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from motcua.config.problems import PLAIN
from motcua.programmes.models import Task

Id = Annotated[int, Path(..., ge=1, le=2**31 - 1)]
Code = Annotated[str, Field(min_length=1, max_length=255, pattern=PLAIN)]
Text = Annotated[str, Field(max_length=5000, pattern=r"^[^\x00]*$")]
StatusFilter = Literal["", "done_on_time", "done_late", "open_in_time", "open_overdue", "at_risk", "open", "done",
                       "due"]


class CountsOut(Schema):
    total: int
    done_on_time: int
    done_late: int
    open_in_time: int
    open_overdue: int
    at_risk: int
    due: int
    completion_rate: float | None = Field(None, description="Đã hoàn thành ÷ đến hạn (0–1)")
    overdue_share: float | None = Field(None, description="Quá hạn chưa hoàn thành ÷ đến hạn (0–1)")


class ProgrammeOut(Schema):
    id: int
    code: str
    number: str
    title: str
    issuing_body: str
    issued_on: date
    period_start: date
    period_end: date
    standing_agency: str
    report_frequency: str
    counts: CountsOut


class MemberOut(Schema):
    name: str
    position: str
    role: str
    role_label: str


class UnitCountsOut(Schema):
    unit_code: str
    unit: str
    counts: CountsOut


class ProgrammeDetailOut(ProgrammeOut):
    members: list[MemberOut]
    by_unit: list[UnitCountsOut]


class TaskOut(Schema):
    id: int
    code: str
    parent_code: str | None
    content: str
    product: str
    approver: str
    lead_unit: str
    lead_unit_code: str
    co_units: list[str]
    leader: str | None
    officer: str | None
    assigned_on: date
    deadline: date | None
    original_deadline: date | None
    progress: int
    completed_on: date | None
    result_document: str
    delay_reason: str
    source_symbol: str
    source_issuer: str
    source_date: date | None
    status: str
    status_label: str
    at_risk: bool
    version: int


class TaskPageOut(Schema):
    items: list[TaskOut]
    total: int
    page: int
    per_page: int
    counts: CountsOut


class ChangeOut(Schema):
    kind: str
    at: datetime
    by: str | None
    progress: int | None
    deadline_before: date | None
    deadline_after: date | None
    status: str
    note: str


class ExtensionOut(Schema):
    id: int
    requested_by: str
    requested_at: datetime
    current_deadline: date | None
    proposed_deadline: date
    reason: str
    state: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str


class TaskDetailOut(TaskOut):
    programme_code: str
    history: list[ChangeOut]
    extension_requests: list[ExtensionOut]


class TaskFilters(Schema):
    status: StatusFilter = Field("", description="Tình trạng: 4 loại, hoặc at_risk, open, done, due")
    unit: str = Field("", max_length=40, pattern=PLAIN, description="Mã đơn vị chủ trì")
    q: str = Field("", max_length=100, pattern=PLAIN, description="Tìm không dấu trong nội dung, số, đơn vị")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(50, ge=1, le=200)


class TaskIn(Schema):
    code: Annotated[str, Field(min_length=1, max_length=20, pattern=PLAIN)]
    parent_code: Annotated[str, Field(max_length=20, pattern=PLAIN)] | None = None
    content: Text
    product: Literal[tuple(Task.Product.values)]  # type: ignore[valid-type]
    approver: Literal[("", *Task.Approver.values)] = ""  # type: ignore[valid-type]
    lead_unit_code: Annotated[str, Field(min_length=1, max_length=40, pattern=PLAIN)]
    co_unit_codes: list[Annotated[str, Field(max_length=40, pattern=PLAIN)]] = Field(default_factory=list,
                                                                                   max_length=50)
    leader: Annotated[str, Field(max_length=150, pattern=PLAIN)] | None = None
    officer: Annotated[str, Field(max_length=150, pattern=PLAIN)] | None = None
    assigned_on: date | None = Field(None, description="Mặc định: hôm nay")
    deadline: date | None = Field(None, description="Để trống: không thời hạn")
    source_symbol: Annotated[str, Field(min_length=1, max_length=100, pattern=PLAIN)]
    source_issuer: Annotated[str, Field(max_length=255, pattern=PLAIN)] = ""
    source_date: date | None = None


class ProgressIn(Schema):
    version: int = Field(..., ge=0, le=2**31 - 1, description="Phiên bản nhiệm vụ đã đọc (chống ghi đè)")
    progress: int = Field(..., ge=0, le=100)
    note: Text = ""


class CompleteIn(Schema):
    version: int = Field(..., ge=0, le=2**31 - 1)
    completed_on: date
    result_document: Annotated[str, Field(min_length=1, max_length=255, pattern=PLAIN)]
    delay_reason: Text = ""


class ExtensionIn(Schema):
    proposed_deadline: date
    reason: Annotated[str, Field(min_length=1, max_length=5000, pattern=r"^[^\x00]*$")]


class DecisionIn(Schema):
    approve: bool
    note: Text = ""


class ImportOut(Schema):
    created: int
    dry_run: bool
