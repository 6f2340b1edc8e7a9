"""The state of one dossier as a pure value, and the fold that rebuilds it from its events.

``apply(record, event)`` never computes a time limit: every due time is decided by the act (in
``rules.acts``) and written into the event, so replaying the log needs no calendar and always
gives the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import Act, Role, State


@dataclass(frozen=True)
class Event:
    """One act on a dossier, as it lands in the append-only log."""

    act: Act
    at: datetime
    actor: str  # who acted ("" for the system)
    role: Role
    from_unit: int | None = None
    to_unit: int | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Task:
    """One agency's part of a joint procedure (liên thông) with its own sub-deadline."""

    step: int
    agency: int
    name: str
    hours: float
    depends_on: tuple[int, ...] = ()
    is_lead: bool = False
    started_at: datetime | None = None
    due_at: datetime | None = None
    done_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.started_at is not None and self.done_at is None


@dataclass
class DossierRecord:
    state: State
    channel: str
    electronic: bool
    receiving_unit: int
    competent_unit: int
    budget: float  # statutory working seconds
    filed_at: datetime
    applicant: str | None = None
    holder_unit: int | None = None
    holder_officer: str | None = None
    acceptance_due_at: datetime | None = None
    code: str | None = None
    received_at: datetime | None = None
    clock_started_at: datetime | None = None
    due_at: datetime | None = None
    reference_due_at: datetime | None = None  # due time on the receipt (or at restart), never moved by an extension
    original_due_at: datetime | None = None  # due time first printed on the receipt
    transfer_due_at: datetime | None = None
    transferred_at: datetime | None = None
    agency_received_at: datetime | None = None
    intake_supplements: int = 0
    appraisal_returns: int = 0
    extensions: int = 0
    extended_by: float = 0
    waiting_since: datetime | None = None
    supplement_expires_at: datetime | None = None
    returned_by_unit: int | None = None
    decided_at: datetime | None = None
    outcome: str | None = None  # "approved" | "refused"
    result_code: str | None = None
    returned_at: datetime | None = None
    correction_due_at: datetime | None = None
    corrected_at: datetime | None = None
    corrections: int = 0
    ended_at: datetime | None = None  # end of handling (NgayKetThucXuLy)
    last_act_at: datetime | None = None
    route_mode: str = ""
    tasks: list[Task] = field(default_factory=list)
    # What the index of Decision 766 reads besides the clock (``rules.index766.FACTS``): set by
    # any act's ``data["facts"]`` (digitised inputs at intake, an e-result at the decision, …).
    facts: dict[str, bool] = field(default_factory=dict)

    @property
    def supplement_requests(self) -> int:
        return self.intake_supplements + self.appraisal_returns

    @property
    def multiple_supplements(self) -> bool:
        """More than one supplement request: the 766 index counts the dossier as late."""
        return self.supplement_requests > 1

    def task(self, step: int) -> Task:
        for task in self.tasks:
            if task.step == step:
                return task
        raise KeyError(step)


# -- serialisation of the record (the dossier row keeps it as a JSON snapshot) -------------------

_DT_FIELDS = {f.name for f in fields(DossierRecord) if "datetime" in str(f.type)}
_TASK_DT = {"started_at", "due_at", "done_at"}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _iso(value: datetime) -> str:
    """ISO 8601 in Hà Nội time: one spelling whatever zone the value came in."""
    return (value if value.tzinfo is VN_TZ else value.astimezone(VN_TZ)).isoformat()


_RECORD_FIELDS = tuple(f.name for f in fields(DossierRecord))
_COUNTERS = {f.name for f in fields(DossierRecord) if f.type in ("int", "float") and f.default == 0}
_TASK_FIELDS = tuple(f.name for f in fields(Task))


def _task_json(task: Task) -> dict[str, Any]:
    out = {name: getattr(task, name) for name in _TASK_FIELDS}
    for name in _TASK_DT:
        if out[name] is not None:
            out[name] = _iso(out[name])
    out["depends_on"] = list(task.depends_on)
    return out


def to_json(record: DossierRecord) -> dict[str, Any]:
    """The record as JSON-safe data (datetimes in ISO 8601), the inverse of :func:`from_json`."""
    out = {}
    for name in _RECORD_FIELDS:
        value = getattr(record, name)
        if value is None or (value == 0 and name in _COUNTERS) or (name == "facts" and not value):
            continue  # from_json gives the default back
        if name in _DT_FIELDS:
            value = _iso(value)
        elif name == "tasks":
            value = [_task_json(t) for t in value]
        elif name == "state":
            value = value.value
        elif name == "facts":
            value = dict(value)
        out[name] = value
    return out


def from_json(data: dict[str, Any]) -> DossierRecord:
    values = dict(data)
    for name in _DT_FIELDS:
        values[name] = _dt(values.get(name))
    values["state"] = State(values["state"])
    values["tasks"] = [
        Task(**{**t, "depends_on": tuple(t["depends_on"]), **{n: _dt(t[n]) for n in _TASK_DT}})
        for t in values.get("tasks", [])
    ]
    return DossierRecord(**values)


# -- the fold ------------------------------------------------------------------------------------

def start(event: Event) -> DossierRecord:
    """The record created by the FILE event."""
    d = event.data
    return DossierRecord(
        state=State.FILED,
        channel=d["channel"],
        electronic=d["electronic"],
        receiving_unit=d["receiving_unit"],
        competent_unit=d["competent_unit"],
        budget=d["budget"],
        filed_at=event.at,
        applicant=d.get("applicant"),
        holder_unit=d["receiving_unit"],
        acceptance_due_at=_dt(d.get("acceptance_due_at")),
        route_mode=d.get("route_mode", ""),
    )


def _open_tasks(record: DossierRecord, opened: list[dict]) -> None:
    for item in opened:
        task = record.task(item["step"])
        task.started_at = _dt(item["started_at"])
        task.due_at = _dt(item["due_at"])


def apply(record: DossierRecord | None, event: Event) -> DossierRecord:
    """The record after ``event`` (mutated in place and returned)."""
    record = _apply(record, event)
    record.last_act_at = event.at
    facts = event.data.get("facts")
    if facts:
        record.facts = {**record.facts, **facts}
    return record


def _apply(record: DossierRecord | None, event: Event) -> DossierRecord:
    if event.act is Act.FILE:
        return start(event)
    assert record is not None
    d, at = event.data, event.at
    act = event.act
    if act is Act.RECEIVE:
        record.state = State.RECEIVED
        record.code = d["code"]
        record.received_at = at
        record.clock_started_at = _dt(d["clock_started_at"])
        record.due_at = record.reference_due_at = record.original_due_at = event.due_after
        record.transfer_due_at = _dt(d.get("transfer_due_at"))
        record.holder_unit = record.receiving_unit
    elif act is Act.REQUEST_INTAKE_SUPPLEMENT:
        record.state = State.AWAITING_INTAKE_SUPPLEMENT
        record.intake_supplements += 1
        record.waiting_since = at
        record.holder_unit = None
    elif act is Act.REFUSE_INTAKE:
        record.state = State.REFUSED_AT_INTAKE
        record.ended_at = at
        record.holder_unit = None
    elif act is Act.RESUBMIT:
        record.waiting_since = None
        record.supplement_expires_at = None
        if record.state is State.AWAITING_INTAKE_SUPPLEMENT:
            record.state = State.FILED
            record.acceptance_due_at = _dt(d.get("acceptance_due_at"))
            record.holder_unit = record.receiving_unit
        else:
            record.state = State.PROCESSING
            record.clock_started_at = _dt(d["clock_started_at"])
            record.due_at = record.reference_due_at = event.due_after
            record.extended_by = 0
            record.holder_unit = event.to_unit
            record.agency_received_at = at
            _open_tasks(record, d.get("reopened", []))
    elif act is Act.TRANSFER:
        record.state = State.PROCESSING
        record.transferred_at = record.agency_received_at = at
        record.holder_unit = event.to_unit
        record.tasks = [
            Task(step=t["step"], agency=t["agency"], name=t["name"], hours=t["hours"],
                 depends_on=tuple(t["depends_on"]), is_lead=t["is_lead"])
            for t in d.get("tasks", [])
        ]
        _open_tasks(record, d.get("opened", []))
    elif act is Act.ASSIGN:
        record.holder_officer = d["officer"]
    elif act is Act.COMPLETE_TASK:
        record.task(d["step"]).done_at = at
        _open_tasks(record, d.get("opened", []))
        if event.to_unit != record.holder_unit:
            record.holder_officer = None  # the officer stays with their agency
        record.holder_unit = event.to_unit
    elif act is Act.RETURN_FOR_SUPPLEMENT:
        record.state = State.AWAITING_SUPPLEMENT
        record.appraisal_returns += 1
        record.waiting_since = at
        record.supplement_expires_at = _dt(d["expires_at"])
        record.returned_by_unit = event.from_unit
        record.holder_unit = None
        record.due_at = event.due_after
    elif act is Act.EXTEND:
        record.extensions += 1
        record.extended_by += d["seconds"]
        record.due_at = event.due_after
    elif act is Act.DECIDE:
        record.state = State.DECIDED
        record.decided_at = record.ended_at = at
        record.outcome = d["outcome"]
        record.result_code = d.get("result_code")
        record.holder_unit = event.to_unit
        record.holder_officer = None
        for task in record.tasks:
            if task.is_lead and task.done_at is None:
                task.started_at = task.started_at or at
                task.done_at = at
    elif act is Act.RETURN_RESULT:
        record.state = State.RETURNED
        record.returned_at = at
        record.holder_unit = None
    elif act is Act.REPORT_WRONG_RESULT:
        record.state = State.CORRECTING
        record.correction_due_at = _dt(d["correction_due_at"])
        record.corrected_at = None
        record.holder_unit = event.to_unit
    elif act is Act.CORRECT_RESULT:
        record.state = State.DECIDED
        record.corrections += 1
        record.corrected_at = at
        record.result_code = d.get("result_code") or record.result_code
        record.holder_unit = event.to_unit
    elif act is Act.WITHDRAW:
        record.state = State.WITHDRAWN
        record.ended_at = at
        record.holder_unit = None
    elif act is Act.CLOSE_UNSUPPLEMENTED:
        record.state = State.CLOSED
        record.ended_at = at
        record.holder_unit = None
    else:  # pragma: no cover - every act is handled above
        raise ValueError(act)
    return record


def with_facts(event: Event, facts: dict[str, bool] | None) -> Event:
    """``event`` carrying facts the index reads (``rules.index766.FACTS``; anything else is refused)."""
    if not facts:
        return event
    from motcua.rules.index766 import FACTS

    unknown = sorted(set(facts) - set(FACTS))
    if unknown:
        raise ValueError(f"unknown facts: {', '.join(unknown)}")
    clean = {key: bool(value) for key, value in facts.items()}
    return replace(event, data={**event.data, "facts": {**event.data.get("facts", {}), **clean}})


def replay(events) -> DossierRecord:
    record = None
    for event in events:
        record = apply(record, event)
    return record
