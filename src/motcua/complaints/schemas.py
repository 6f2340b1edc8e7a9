"""Shapes of the case API (``/api/v1/cases``): what a list row, a case, a log row look like, and
what filing a case and each act take."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from motcua.complaints.models import Case
from motcua.complaints.views.commands import ACTS
from motcua.config.problems import PLAIN

Kind = Literal["pakn", "complaint_first", "complaint_second", "denunciation"]
Bucket = Literal["new", "due_soon", "overdue", "waiting", "flagged", "open"]
ActName = Literal[ACTS]  # type: ignore[valid-type]
Code = Annotated[str, Path(..., min_length=1, max_length=40, pattern=PLAIN, description="Mã vụ việc")]


class FilerOut(Schema):
    name: str
    id_last4: str = Field(..., description="4 số cuối số định danh (các số khác không trả về)")
    representative: bool


class CaseOut(Schema):
    code: str
    kind: Kind
    kind_label: str
    channel: str
    subject: str
    state: str
    state_label: str
    handling_unit: str = Field(..., description="Mã cơ quan giải quyết")
    handling_unit_name: str
    handler: str | None = Field(None, description="Tên đăng nhập cán bộ thụ lý")
    area: str | None = Field(None, description="Mã xã, phường nơi phát sinh")
    people: int
    remote: bool
    complexity: str
    received_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None = Field(None, description="Hạn của bước hiện tại")
    resolve_due_at: datetime | None = Field(None, description="Hạn trả lời, giải quyết")
    answered_at: datetime | None
    published_at: datetime | None
    closed_at: datetime | None
    extensions: int
    flags: list[str] = Field(..., description="Dấu hiệu phức tạp, kéo dài (past_maximum, refiled_after_final, "
                                              "above_competent_level, group)")
    matter_of: str | None = Field(None, description="Mã vụ việc gốc khi đơn trùng hoặc gửi lại")
    link_kind: str = Field("", description="duplicate (trùng đơn đang giải quyết) hoặc repeat (gửi lại)")
    previous: str | None = None
    version: int = Field(..., description="Phiên bản: gửi lại làm expected_version khi thực hiện một việc")


class CaseDetailOut(CaseOut):
    content: str
    forwarded_by: str
    concerned_unit: str | None
    dossier: str | None
    known_on: date | None
    answer: str
    public_answer: str
    filers: list[FilerOut]
    offered_acts: list[str] = Field(..., description="Việc người gọi có thể làm lúc này")


class CasePageOut(Schema):
    items: list[CaseOut]
    page: int
    per_page: int
    count: int
    has_next: bool


class CaseEventOut(Schema):
    seq: int
    act: str
    act_label: str
    at: datetime
    actor: str
    role: str
    from_unit: str | None
    to_unit: str | None
    due_before: datetime | None
    due_after: datetime | None
    reason: str


class CaseFilters(Schema):
    kind: Kind | None = None
    state: Case.State | None = None
    bucket: Bucket | None = Field(None, description="new, due_soon, overdue, waiting, flagged, open")
    unit: str | None = Field(None, max_length=40, pattern=PLAIN, description="Mã cơ quan giải quyết")
    area: str | None = Field(None, max_length=20, pattern=PLAIN, description="Mã xã, phường")
    channel: Case.Channel | None = None
    q: str = Field("", max_length=100, pattern=PLAIN, description="Mã, nội dung hoặc tên người gửi (không dấu)")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(25, ge=1, le=200)


class FilerIn(Schema):
    name: str = Field(..., min_length=1, max_length=150, pattern=PLAIN)
    id_number: str = Field("", max_length=20, pattern=r"^[0-9A-Za-z.\- ]*$")
    phone: str = Field("", max_length=20, pattern=r"^[0-9+ .\-()]*$")
    email: str = Field("", max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    address: str = Field("", max_length=255, pattern=PLAIN)
    representative: bool = False


class CaseIn(Schema):
    kind: Kind
    channel: Case.Channel = Field(..., description="online: người gọi là người gửi đơn (mọi tài khoản); reception, "
                                                  "post, forwarded: chỉ cán bộ của cơ quan giải quyết")
    subject: str = Field(..., min_length=1, max_length=500, pattern=PLAIN)
    content: str = Field(..., min_length=1, max_length=20000)
    filers: list[FilerIn] = Field(..., min_length=1, max_length=200)
    handling_unit: str = Field(..., max_length=40, pattern=PLAIN, description="Mã cơ quan giải quyết")
    area: str | None = Field(None, max_length=20, pattern=PLAIN, description="Mã xã, phường nơi phát sinh")
    concerned_unit: str | None = Field(None, max_length=40, pattern=PLAIN)
    concerned_official: str | None = Field(None, max_length=150, pattern=PLAIN, description="Tên đăng nhập")
    dossier: str | None = Field(None, max_length=80, pattern=PLAIN, description="Mã hồ sơ TTHC liên quan")
    forwarded_by: str = Field("", max_length=255, pattern=PLAIN)
    people: int | None = Field(None, ge=1, le=100_000, description="Số người gửi đơn (cả nhóm)")
    remote: bool = False
    known_on: date | None = Field(None, description="Khiếu nại: ngày biết được quyết định, hành vi (thời hiệu)")
    previous: str | None = Field(None, max_length=40, pattern=PLAIN, description="Mã vụ việc trước")
    filed_level: Case.Level = Case.Level.COMMUNE
    competent_level: Case.Level = Case.Level.COMMUNE


class ActIn(Schema):
    expected_version: int = Field(..., ge=0, description="Phiên bản đã đọc (409 nếu vụ việc đã đổi)")
    complexity: Case.Complexity = Case.Complexity.NORMAL
    reason: str = Field("", max_length=4000)
    note: str = Field("", max_length=4000)
    handler: str = Field("", max_length=150, pattern=PLAIN, description="assign: tên đăng nhập cán bộ thụ lý")
    to_unit: str = Field("", max_length=40, pattern=PLAIN, description="transfer: mã cơ quan nhận đơn")
    days: int = Field(0, ge=0, le=90, description="extend: số ngày gia hạn")
    text: str = Field("", max_length=50000, description="answer: nội dung trả lời, quyết định, kết luận")
    public_text: str = Field("", max_length=50000, description="answer: nội dung công khai (PAKN)")
