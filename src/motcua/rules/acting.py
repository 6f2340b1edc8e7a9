"""Who acts, when, on which calendar: the context every act in ``rules.intake`` and
``rules.processing`` receives, and the guards they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from motcua.rules.calendar import VN_TZ, WorkingCalendar
from motcua.rules.dossier import DossierRecord, Event
from motcua.rules.lifecycle import OFFICIALS, Act, ActRefused, Role, State, check_act
from motcua.rules.timers import Timers, timers_at

HOUR = 3600


@dataclass(frozen=True)
class Actor:
    """The person or system making an act; ``units`` are the units an official serves."""

    id: str
    role: Role
    units: frozenset[int] = frozenset()

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIALS


SYSTEM = Actor(id="", role=Role.SYSTEM)


@dataclass(frozen=True)
class Context:
    calendar: WorkingCalendar
    now: datetime
    actor: Actor


def timers_for(record: DossierRecord) -> Timers:
    """Limits in force on the day the dossier was filed."""
    return timers_at(record.filed_at.date())


def guard(record: DossierRecord, act: Act, ctx: Context, unit: int | None = None) -> State:
    """State and role check, then: an official must serve ``unit``; an applicant must own the dossier."""
    target = check_act(record.state, act, ctx.actor.role)
    actor = ctx.actor
    if actor.is_official and unit is not None and unit not in actor.units:
        raise ActRefused("Hồ sơ không thuộc đơn vị ông/bà phục vụ ở bước này.", code="wrong_unit")
    if actor.role is Role.APPLICANT and (record.applicant is None or record.applicant != actor.id):
        raise ActRefused("Ông/bà không phải người nộp hồ sơ này.", code="not_owner")
    last = record.last_act_at or record.received_at or record.filed_at
    if ctx.now < last:
        raise ActRefused(f"Thời điểm thực hiện ({fmt(ctx.now)}) sớm hơn việc trước đó trong nhật ký ({fmt(last)}).",
                         code="time_order")
    return target


def event(act: Act, ctx: Context, **kwargs) -> Event:
    return Event(act=act, at=ctx.now, actor=ctx.actor.id, role=ctx.actor.role, **kwargs)


def require_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ActRefused(message, code="missing_reason")
    return value


def require_items(items, message: str) -> list[str]:
    clean = [str(i).strip() for i in (items or []) if str(i).strip()]
    if not clean:
        raise ActRefused(message, code="missing_items")
    return clean


def fmt(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M ngày %d/%m/%Y")
