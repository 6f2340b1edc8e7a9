"""Every write to functions and duties, positions, who holds them and the facts rotation needs
(ghi dữ liệu tổ chức bộ máy, cán bộ), one function per act; the admin saves through these too.
A refused act changes nothing and raises a ``ValidationError`` in Vietnamese."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.rules.rotation import policy_on
from motcua.text import fold
from motcua.units.models import (
    FunctionAssignment, Holding, PersonProfile, Position, StateFunction, TransferPostponement, Unit,
)


def _dmy(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


@transaction.atomic
def save_function(function: StateFunction) -> StateFunction:
    """Create or change a function or duty of state management (chức năng, nhiệm vụ)."""
    function.name_folded = fold(function.name)
    function.full_clean()
    function.save()
    return function


def define_function(*, code: str, name: str, field: str = "", kind: str = StateFunction.Kind.DUTY) -> StateFunction:
    return save_function(StateFunction(code=code, name=name, field=field, kind=kind))


def check_assignment(a: FunctionAssignment) -> None:
    """The checks beyond the fields' own (the admin's form runs them too)."""
    if a.valid_from and a.valid_to and a.valid_to < a.valid_from:
        raise ValidationError({"valid_to": "Ngày kết thúc phải sau ngày bắt đầu."})
    unit = Unit.objects.get(pk=a.unit_id)  # as stored now, not as the caller last read it
    if a.valid_from and not unit.is_live(a.valid_from):
        raise ValidationError({"unit": f"«{unit}» không hoạt động vào ngày {_dmy(a.valid_from)}."})


@transaction.atomic
def save_assignment(assignment: FunctionAssignment) -> FunctionAssignment:
    """Give a function to a unit for a time; the unit must be live on the first day."""
    assignment.full_clean()
    check_assignment(assignment)
    assignment.save()
    return assignment


def assign_function(function: StateFunction, unit: Unit, valid_from: dt.date | None = None,
                    basis: str = "") -> FunctionAssignment:
    return save_assignment(FunctionAssignment(function=function, unit=unit, valid_from=valid_from, basis=basis))


@transaction.atomic
def move_function(function: StateFunction, to_unit: Unit, on: dt.date, basis: str = "") -> FunctionAssignment:
    """Hand a function over (e.g. after a merger): the open assignments end the day before ``on``
    and ``to_unit`` carries it from ``on``."""
    to_unit = Unit.objects.get(pk=to_unit.pk)
    if not to_unit.is_live(on):
        raise ValidationError(f"«{to_unit}» không hoạt động vào ngày {_dmy(on)}.")
    for a in FunctionAssignment.objects.select_for_update().filter(function=function, valid_to__isnull=True):
        a.valid_to = max(on - dt.timedelta(days=1), a.valid_from or dt.date.min)
        a.save(update_fields=["valid_to"])
    return save_assignment(FunctionAssignment(function=function, unit=to_unit, valid_from=on, basis=basis))


def check_position(p: Position) -> None:
    """A transfer cycle lies within the law's 24–60 months; a term-limited leader kind belongs to
    a head's post."""
    policy = policy_on(p.valid_from or dt.date.today())
    if p.transfer_cycle_months is not None and not (
            policy.min_cycle_months <= p.transfer_cycle_months <= policy.max_cycle_months):
        raise ValidationError({"transfer_cycle_months": f"Chu kỳ chuyển đổi phải từ {policy.min_cycle_months} đến "
                                                        f"{policy.max_cycle_months} tháng."})
    if p.transfer_sector and not p.transfer_cycle_months:
        raise ValidationError({"transfer_cycle_months": "Vị trí phải định kỳ chuyển đổi cần có chu kỳ (tháng)."})
    if p.leader_kind and not p.is_head:
        raise ValidationError({"leader_kind": "Chỉ vị trí người đứng đầu mới thuộc diện giới hạn nhiệm kỳ."})


@transaction.atomic
def save_position(position: Position) -> Position:
    """Create or change a position (a head's post is a leader's post too)."""
    position.full_clean()
    check_position(position)
    if position.is_head:
        position.is_leader = True
    position.save()
    return position


def create_position(unit: Unit, title: str, **fields) -> Position:
    """Create a position in a unit (tạo vị trí việc làm, chức vụ)."""
    return save_position(Position(unit=unit, title=title, **fields))


def check_holding(h: Holding) -> None:
    """Refuses a start when the unit does not exist, and two overlapping holdings of one position
    by one person."""
    if h.end and h.end < h.start:
        raise ValidationError({"end": "Ngày kết thúc phải sau ngày bắt đầu."})
    unit = Unit.objects.get(pk=h.position.unit_id)
    if not unit.is_live(h.start):
        raise ValidationError({"start": f"«{unit}» không hoạt động vào ngày {_dmy(h.start)}."})
    same = Holding.objects.filter(user=h.user, position=h.position).exclude(pk=h.pk)
    for other in same:
        if other.start <= (h.end or dt.date.max) and h.start <= (other.end or dt.date.max):
            raise ValidationError(f"{h.user} đã giữ vị trí «{h.position.title}» trong khoảng thời gian này.")


@transaction.atomic
def save_holding(holding: Holding) -> Holding:
    """Record who holds a position from when (and until when)."""
    holding.full_clean()
    check_holding(holding)
    holding.save()
    return holding


def appoint(user, position: Position, start: dt.date, *, acting: bool = False, end: dt.date | None = None,
            note: str = "") -> Holding:
    """Put a person in a position (bổ nhiệm, phân công; ``acting``: giao quyền, phụ trách)."""
    return save_holding(Holding(user=user, position=position, start=start, end=end, acting=acting, note=note))


@transaction.atomic
def end_holding(holding: Holding, end: dt.date) -> Holding:
    """A person leaves a position (thôi giữ vị trí) on ``end``, their last day."""
    holding = Holding.objects.select_for_update().select_related("position__unit", "user").get(pk=holding.pk)
    if holding.end is not None:
        raise ValidationError(f"Việc giữ vị trí này đã kết thúc ngày {_dmy(holding.end)}.")
    holding.end = end
    return save_holding(holding)


@transaction.atomic
def save_profile(user, *, birth_date: dt.date | None = None, retirement_date: dt.date | None = None,
                 native_place: str = "") -> PersonProfile:
    """Record a person's date of birth, planned retirement and native place (hồ sơ cán bộ)."""
    if birth_date and retirement_date and retirement_date <= birth_date:
        raise ValidationError({"retirement_date": "Ngày nghỉ hưu phải sau ngày sinh."})
    profile, _ = PersonProfile.objects.update_or_create(
        user=user, defaults={"birth_date": birth_date, "retirement_date": retirement_date,
                             "native_place": native_place})
    return profile


def check_postponement(fact: TransferPostponement) -> None:
    if fact.end and fact.end < fact.start:
        raise ValidationError({"end": "Ngày kết thúc phải sau ngày bắt đầu."})


@transaction.atomic
def save_postponement(fact: TransferPostponement) -> TransferPostponement:
    fact.full_clean()
    check_postponement(fact)
    fact.save()
    return fact


def record_postponement(user, kind: str, start: dt.date, end: dt.date | None = None,
                        note: str = "") -> TransferPostponement:
    """Record a fact that postpones a periodic transfer (tạm hoãn chuyển đổi vị trí công tác)."""
    return save_postponement(TransferPostponement(user=user, kind=kind, start=start, end=end, note=note))
