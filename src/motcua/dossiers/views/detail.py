"""One dossier's page for officials: its facts, the acts the user may make now, the official
forms, and the timeline from the event log (who held it, how long, on time or late)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from motcua import timesource
from motcua.dossiers import page_reads
from motcua.dossiers.access import can_see
from motcua.dossiers.commands import live_roles, offered_acts
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import timeline
from motcua.dossiers.views.facts_html import facts
from motcua.dossiers.views.timeline_html import holding_rows, timeline_items
from motcua.rules.calendar import HOURS_PER_WORKING_DAY
from motcua.rules.lifecycle import ACT_LABELS, STATE_LABELS, State
from motcua.web import shell
from motcua.web.guards import official

def mask(value: str, keep: int = 4) -> str:
    """``001090012345`` → ``••••••••2345``: personal numbers shown only as far as needed."""
    value = value or ""
    return "•" * max(len(value) - keep, 0) + value[-keep:] if value else ""


def load_visible(request, pk: int) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related(
        "procedure", "receiving_unit", "competent_unit", "holder_unit", "holder_officer").defer("snapshot"), pk=pk)
    return visible(request, dossier)


def visible(request, dossier: Dossier | None) -> Dossier:
    """``dossier`` if the request's user may see it; 404 if there is none, 403 if not theirs."""
    if dossier is None:
        raise Http404("Không có hồ sơ này.")
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


@official
def dossier_page(request, pk: int):
    dossier = visible(request, page_reads.dossier(pk))
    now = timesource.now()
    line = timeline(dossier, now)
    own = dossier.applicant_user_id == request.user.pk
    overdue = bool(dossier.due_at and dossier.ended_at is None and dossier.due_at < now)
    segments = [(s, _holder(s, line.units), s.working_seconds / 3600 / HOURS_PER_WORKING_DAY)
                for s in line.report.segments]
    return shell.render(request, "dossiers/dossier.html", {
        "d": dossier, "state_label": STATE_LABELS[State(dossier.state)], "timeline": line,
        "holding_rows": holding_rows(segments), "timeline_items": timeline_items(line.entries), "now": now,
        "late_units": [line.units.get(u) for u in line.report.responsible],
        "offered": [(name, ACT_LABELS[_act(name)]) for name in offered_acts(dossier, live_roles(request.viewer), own)],
        "forms": _forms(line.entries), "tasks": page_reads.tasks(dossier),
        "facts": facts(dossier, official=True, id_masked=mask(dossier.applicant_id_number),
                       phone_masked=mask(dossier.applicant_phone, 3), overdue=overdue),
        "attachments": page_reads.attachments(dossier), "overdue": overdue,
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
