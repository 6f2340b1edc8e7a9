"""The briefing API's request and answer bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from motcua.briefings.models import Meeting
from motcua.config.problems import PLAIN
from motcua.programmes.models import Task

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=PLAIN)]


class AgendaItemIO(Schema):
    title: str = Field(..., min_length=1, max_length=500)
    task: str | None = Field(None, max_length=20, pattern=PLAIN, description="Số nhiệm vụ của chương trình")
    presenter: str | None = Field(None, max_length=40, pattern=PLAIN, description="Mã đơn vị báo cáo")


class ConclusionIn(Schema):
    content: str = Field(..., min_length=1, max_length=4000)
    lead_unit: Code = Field(..., description="Mã đơn vị chủ trì")
    co_units: list[Code] = Field(default_factory=list, max_length=50, description="Mã các đơn vị phối hợp")
    product: str = Field(..., description="Loại sản phẩm: " + ", ".join(Task.Product.values))
    deadline: date | None = Field(None, description="Thời hạn; trống là không thời hạn")


class ConclusionOut(Schema):
    id: int
    order: int
    content: str
    lead_unit: str
    co_units: list[str]
    product: str
    deadline: date | None
    task: str | None = Field(None, description="Số nhiệm vụ đã giao từ kết luận")


class MeetingIn(Schema):
    programme: Code = Field(..., description="Mã chương trình")
    held_at: datetime = Field(..., description="Thời gian họp (có múi giờ)")
    kind: str = Field(Meeting.Kind.MONTHLY, description="monthly, quarterly hoặc ad_hoc")
    chair: str = Field("", max_length=255)
    place: str = Field("", max_length=255)


class MeetingOut(Schema):
    id: int
    programme: str
    held_at: datetime
    kind: str
    chair: str
    place: str
    notice_symbol: str
    notice_date: date | None
    concluded_at: datetime | None


class MeetingDetail(MeetingOut):
    agenda: list[AgendaItemIO]
    agenda_proposed: bool
    conclusions: list[ConclusionOut]


class AgendaIn(Schema):
    items: list[AgendaItemIO] | None = Field(None, max_length=200,
                                             description="Các mục theo thứ tự; trống: lấy đề xuất từ tài liệu giao ban")


class NoticeIn(Schema):
    symbol: str = Field(..., min_length=1, max_length=60, pattern=PLAIN, description="Số thông báo kết luận")
    notice_date: date


class TaskOut(Schema):
    code: str
    content: str
    lead_unit: str
    co_units: list[str]
    leader: str
    officer: str
    deadline: date | None
    completed_on: date | None
    progress: int
    status: str
    status_label: str
    at_risk: bool
    days: int | None


class UnitCountsOut(Schema):
    unit: str
    unit_code: str
    counts: dict[str, int]


class PreviousConclusionOut(Schema):
    order: int
    content: str
    lead_unit: str
    deadline: date | None
    task: str
    outcome: str
    progress: int | None


class PackOut(Schema):
    meeting: MeetingOut
    as_of: date
    previous_meeting: int | None
    counts: dict[str, int] = Field(..., description="total, done_on_time, done_late, open_in_time, open_overdue, at_risk")
    completion_rate: float | None = Field(None, description="Đã hoàn thành / đã đến hạn (%)")
    units: list[UnitCountsOut]
    finished: list[TaskOut]
    overdue: list[TaskOut]
    at_risk: list[TaskOut]
    agenda: list[AgendaItemIO]
    agenda_proposed: bool
    previous_conclusions: list[PreviousConclusionOut]


class ConcludedOut(Schema):
    tasks: list[str] = Field(..., description="Số các nhiệm vụ vừa giao")
    notice_symbol: str
