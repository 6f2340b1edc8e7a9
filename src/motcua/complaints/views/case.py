"""One case's page for officials (trang vụ việc): the facts, the filers (personal numbers masked),
the due times with on-time or late labels, the long-running flags with their reasons, the linked
cases (the same matter filed again), the acts the handler may do now (each a small form carrying
the version it was read at) and the timeline from the case's log."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from motcua import timesource
from motcua.accounts.names import person_name
from motcua.complaints import clock
from motcua.complaints.access import may_handle
from motcua.complaints.forms import FORMS
from motcua.complaints.models import Case
from motcua.complaints.views.acts import build_form
from motcua.complaints.views.commands import ACT_LABELS, offered_acts
from motcua.complaints.views.common import (
    CHANNEL_LABELS, STATE_LABELS, due_times, flag_label, is_overdue, kind_label, load_case, mask,
)
from motcua.rules import hotspots
from motcua.web.guards import official

ROLE_LABELS = {"filer": "Người gửi đơn", "system": "Hệ thống"}


def earlier_final(case: Case):
    """The earliest final decision on the same matter before this case was filed (the previous
    case, the matter's first case and its other filings), for the «refiled» flag's reason."""
    related = Q()
    for pk in (case.previous_id, case.matter_of_id):
        if pk:
            related |= Q(pk=pk) | Q(matter_of_id=pk)
    if not related:
        return None
    moments = (Case.objects.filter(related, final_decision_at__isnull=False, final_decision_at__lte=case.received_at)
               .exclude(pk=case.pk).values_list("final_decision_at", flat=True))
    return min(moments, default=None)


def flag_reasons(case: Case, now) -> list[tuple[str, str]]:
    """(label, reason) of each stored flag; the reasons are the rules' own words at ``now``."""
    if not case.flags:
        return []
    reasons = {f.flag.value: f.reason for f in hotspots.case_flags(clock.facts(case, earlier_final(case)), now)}
    out = []
    for flag in case.flags:
        value = flag.get("flag", "") if isinstance(flag, dict) else str(flag)
        out.append((flag_label(value), reasons.get(value, "")))
    return out


def linked_cases(case: Case) -> list[tuple[str, Case]]:
    """The other filings of the same matter and the cases before and after this one."""
    out: list[tuple[str, Case]] = []
    seen = {case.pk}
    rows = Case.objects.only("pk", "code", "subject", "state", "received_at", "link_kind", "kind")
    if case.matter_of_id:
        out.append(("Vụ việc gốc (cùng nội dung)", case.matter_of))
        seen.add(case.matter_of_id)
    root = case.matter_of_id or case.pk
    for other in rows.filter(matter_of_id=root).exclude(pk__in=seen).order_by("received_at")[:50]:
        label = "Đơn trùng (đang giải quyết)" if other.link_kind == "duplicate" else "Gửi lại sau khi đã giải quyết"
        out.append((label, other))
        seen.add(other.pk)
    if case.previous_id and case.previous_id not in seen:
        out.append(("Vụ việc trước", case.previous))
        seen.add(case.previous_id)
    for other in rows.filter(previous_id=case.pk).exclude(pk__in=seen)[:20]:
        out.append(("Vụ việc tiếp theo (khiếu nại lần hai…)", other))
    return out


def timeline(case: Case) -> list[dict]:
    """The log, oldest first: who, when, the act, the units, due before → after, the reason."""
    events = list(case.events.select_related("from_unit", "to_unit").order_by("seq"))
    ids = {int(e.actor[1:]) for e in events if e.actor[:1] == "u" and e.actor[1:].isdigit()}
    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids).only("pk", "username", "first_name",
                                                                                "last_name")}
    out = []
    for e in events:
        who = ROLE_LABELS.get(e.actor, "")
        if e.actor[:1] == "u" and e.actor[1:].isdigit():
            who = person_name(people.get(int(e.actor[1:]))) or e.actor
        out.append({"seq": e.seq, "act": e.act, "label": ACT_LABELS.get(e.act, e.act), "at": e.at, "who": who,
                    "role": e.role, "from_unit": e.from_unit, "to_unit": e.to_unit, "due_before": e.due_before,
                    "due_after": e.due_after, "due_moved": e.due_before != e.due_after, "reason": e.reason})
    return out


def _letters(case: Case, acts: set[str]) -> list[tuple[str, str]]:
    """(title, URL) of the case's letters (PDF), from the acts in its log (``complaints.pdf``)."""
    try:
        from motcua.complaints import pdf
    except ModuleNotFoundError:  # pragma: no cover - before the letters exist
        return []
    try:
        return [(title, reverse("complaints_public:letter", args=[case.pk, letter]))
                for letter, title in pdf.available(case, acts)]
    except NoReverseMatch:  # pragma: no cover
        return []


@official
def case_page(request, code: str):
    case = load_case(request.viewer, code)
    now = timesource.now()
    handler = may_handle(request.viewer, case)
    line = timeline(case)
    acts = offered_acts(case) if handler else []
    filers = [{"name": f.name, "id": mask(f.id_number), "phone": mask(f.phone), "email": f.email,
               "address": f.address, "representative": f.representative} for f in case.filers.all()]
    return render(request, "complaints/case.html", {
        "c": case, "kind": kind_label(case.kind), "state": STATE_LABELS.get(case.state, case.state),
        "channel": CHANNEL_LABELS.get(case.channel, case.channel), "dues": due_times(case, now),
        "overdue": is_overdue(case, now), "flags": flag_reasons(case, now), "linked": linked_cases(case),
        "filers": filers, "timeline": line, "may_handle": handler,
        "forms": [(name, ACT_LABELS[name], build_form(name, case)) for name in acts if name in FORMS],
        "letters": _letters(case, {e["act"] for e in line}), "now": now,
    })
