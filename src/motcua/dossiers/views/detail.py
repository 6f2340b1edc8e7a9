"""One dossier's page for officials: its facts, the acts the user may make now, the official
forms, and the timeline from the event log (who held it, how long, on time or late)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from motcua import timesource
from motcua.dossiers.access import can_see
from motcua.dossiers.commands import live_roles, offered_acts
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import timeline
from motcua.dossiers.views.timeline_html import holding_rows, timeline_items
from motcua.rules.calendar import HOURS_PER_WORKING_DAY
from motcua.rules.lifecycle import ACT_LABELS, STATE_LABELS, State
from motcua.web.guards import official

def mask(value: str, keep: int = 4) -> str:
    """``001090012345`` → ``••••••••2345``: personal numbers shown only as far as needed."""
    value = value or ""
    return "•" * max(len(value) - keep, 0) + value[-keep:] if value else ""


def load_visible(request, pk: int, rows=None) -> Dossier:
    rows = rows if rows is not None else Dossier.objects.select_related(
        "procedure", "receiving_unit", "competent_unit", "holder_unit", "holder_officer").defer("snapshot")
    dossier = get_object_or_404(rows, pk=pk)
    if not can_see(request.viewer, dossier):
        raise PermissionDenied("Ông/bà không được xem hồ sơ này (hồ sơ không thuộc đơn vị ông/bà phục vụ).")
    return dossier


def _forms(entries) -> list[tuple[str, str]]:
    """The forms this dossier can print now: 01 and 06 once received, the others once the act
    they record is in the log (a decision counts only as a refusal); 02 and 03 at intake exist
    before the dossier has a code."""
    from motcua.documents.forms import SOURCE, TITLES

    done = {e.act for e in entries if e.act != "decide" or e.data.get("outcome") == "refused"}
    numbers = [n for n in TITLES if (n in ("01", "06") and "receive" in done)
               or any(a.value in done for a in SOURCE.get(n, ()))]
    return [(n, TITLES[n].capitalize()) for n in numbers]


#: what the page shows of the dossier's procedure, units and officer (``_facts.html``): the query
#: that joins them is compiled and read with those columns only, not every column of six tables
SHOWN = ("procedure__code", "procedure__name", "receiving_unit__name", "competent_unit__name", "holder_unit__name",
         "holder_officer__username", "holder_officer__first_name", "holder_officer__last_name")


@official
def dossier_page(request, pk: int):
    fields = [f.name for f in Dossier._meta.concrete_fields if f.name != "snapshot"]
    dossier = load_visible(request, pk, Dossier.objects.select_related(
        "procedure", "receiving_unit", "competent_unit", "holder_unit", "holder_officer").only(*fields, *SHOWN))
    now = timesource.now()
    line = timeline(dossier, now)
    own = dossier.applicant_user_id == request.user.pk
    segments = [(s, _holder(s, line.units), s.working_seconds / 3600 / HOURS_PER_WORKING_DAY)
                for s in line.report.segments]
    return render(request, "dossiers/dossier.html", {
        "d": dossier, "state_label": STATE_LABELS[State(dossier.state)], "timeline": line,
        "holding_rows": holding_rows(segments), "timeline_items": timeline_items(line.entries), "now": now,
        "late_units": [line.units.get(u) for u in line.report.responsible],
        "offered": [(name, ACT_LABELS[_act(name)]) for name in offered_acts(dossier, live_roles(request.viewer), own)],
        "forms": _forms(line.entries), "id_masked": mask(dossier.applicant_id_number),
        "phone_masked": mask(dossier.applicant_phone, 3), "tasks": list(dossier.tasks.select_related("agency")),
        "attachments": list(dossier.attachments.order_by("uploaded_at", "pk")),
        "overdue": bool(dossier.due_at and dossier.ended_at is None and dossier.due_at < now),
    })


def _holder(segment, units) -> str:
    """Who held the dossier during ``segment``: a unit, or the applicant."""
    if segment.unit:
        unit = units.get(segment.unit)
        return unit.name if unit else "—"
    if segment.act in ("request_intake_supplement", "return_for_supplement"):
        return "Người nộp (chờ bổ sung)"
    return "Người nộp (đã trả kết quả)" if segment.act in ("return_result", "decide") else "Người nộp"


def _act(name):
    from motcua.dossiers.commands import ACT_NAMES

    return ACT_NAMES[name]
