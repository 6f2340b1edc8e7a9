"""The progress page of the dashboard (tiến độ giải quyết): on-time rate and overdue dossiers by
competent agency, and the units that most often make a dossier late, for the dossiers received
in the period in scope that the viewer may see.

A dossier is on time or late as Decision 766 counts it (``dashboard_counts``: done after its
deadline, or more than one supplement request, or still open past its deadline). Who made it
late is the unit of the first overrun in its holding analysis (``rules.holding.analyse``, as
``dossiers.queries.holding_report`` reads it), for at most ``DELAY_LIMIT`` late dossiers per
request, the most recently received first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from motcua.dossiers.access import Viewer, visible_dossiers
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.queries import event_from_row
from motcua.quality.dashboard_counts import counted, scope_dossiers
from motcua.quality.dashboard_filters import Filters
from motcua.rules.holding import Overrun, analyse
from motcua.units.calendars import calendar_for
from motcua.units.models import Unit

DELAY_LIMIT = 500
STEP_LABELS = {"acceptance": "Tiếp nhận", "transfer": "Chuyển hồ sơ đến cơ quan giải quyết",
               "task": "Phần việc liên thông", "processing": "Giải quyết", "correction": "Sửa sai sót"}
EVENT_FIELDS = ("dossier_id", "act", "at", "actor", "role", "from_unit_id", "to_unit_id", "due_before", "due_after",
                "reason", "data")


@dataclass
class UnitProgress:
    unit: Unit | None
    received: int = 0
    on_time: int = 0  # done on time, or still in time
    late_done: int = 0  # done late, or more than one supplement request
    overdue: int = 0  # still open past the deadline

    @property
    def late(self) -> int:
        return self.late_done + self.overdue

    @property
    def rate(self) -> float | None:
        return self.on_time / self.received if self.received else None


@dataclass
class Delay:
    unit: Unit | None  # None: late without an overrun (more than one supplement request)
    count: int
    share: float
    steps: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Progress:
    total: UnitProgress
    units: list[UnitProgress]
    delays: list[Delay]
    analysed: int
    late_dossiers: int
    capped: bool
    restricted: bool  # the viewer sees only some units' dossiers
    limit: int


def step_label(step: str) -> str:
    return STEP_LABELS.get(step.split(":")[0], step)


def first_overruns(pks: list[int], now: datetime) -> dict[int, Overrun | None]:
    """Each dossier's first overrun (``None`` if none), from its log: one query for all."""
    events: dict[int, list] = defaultdict(list)
    for row in DossierEvent.objects.filter(dossier_id__in=pks).order_by("dossier_id", "seq").values(*EVENT_FIELDS):
        events[row["dossier_id"]].append(event_from_row(row))
    cal = calendar_for()
    out = {}
    for pk in pks:
        overruns = analyse(events[pk], cal, now).overruns if events.get(pk) else []
        out[pk] = overruns[0] if overruns else None
    return out


def progress(filters: Filters, viewer: Viewer, now: datetime, limit: int | None = None) -> Progress:
    limit = DELAY_LIMIT if limit is None else limit
    rows = visible_dossiers(viewer, scope_dossiers(filters))
    per_unit: dict[int, UnitProgress] = {}
    total = UnitProgress(None)
    late: list[tuple[datetime, int]] = []
    for c in counted(rows, now, facts=False, disliked=False):
        unit = per_unit.setdefault(c.row["competent_unit_id"], UnitProgress(None))
        counters = c.tally.counters
        for acc in (unit, total):
            acc.received += 1
            if "late" in counters:
                acc.late_done += 1
            elif c.late_open:
                acc.overdue += 1
            else:
                acc.on_time += 1
        if "late" in counters or c.late_open:
            late.append((c.row["received_at"], c.row["pk"]))
    late.sort(reverse=True)
    chosen = [pk for _, pk in late[:limit]]
    firsts = first_overruns(chosen, now)
    units = Unit.objects.in_bulk({*per_unit, *(o.unit for o in firsts.values() if o)})
    for pk, acc in per_unit.items():
        acc.unit = units.get(pk)
    by_unit: Counter = Counter()
    steps: dict[int | None, Counter] = defaultdict(Counter)
    for overrun in firsts.values():
        key = overrun.unit if overrun else None
        by_unit[key] += 1
        if overrun:
            steps[key][step_label(overrun.step)] += 1
    delays = [Delay(units.get(key) if key else None, n, n / len(chosen), steps[key].most_common())
              for key, n in by_unit.most_common()]
    listed = sorted(per_unit.values(), key=lambda u: (u.rate if u.rate is not None else 2, -u.received))
    return Progress(total, listed, delays, len(chosen), len(late), len(late) > limit,
                    restricted=not viewer.everything, limit=limit)
