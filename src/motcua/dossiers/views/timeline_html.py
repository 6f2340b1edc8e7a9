"""The dossier page's two lists that grow with the log, the holding table and the timeline,
written once in Python with every value escaped (the template only prints them): as template
loops they resolved some 120 values and translated 40 labels a page, two thirds of its rendering.
The markup is the same the loops wrote."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext

from motcua.web.escaping import esc


def when(moment, tz) -> str:
    """``HH:MM dd/mm/yyyy`` in ``tz``, as every list and fact of a dossier shows a moment."""
    return f"{moment.astimezone(tz):%H:%M %d/%m/%Y}"


def _translator():
    """``gettext`` remembered for one list (its labels repeat; the language is the request's)."""
    seen: dict[str, str] = {}

    def tr(text: str) -> str:
        found = seen.get(text)
        if found is None:
            found = seen[text] = gettext(text)
        return found
    return tr


def holding_rows(segments) -> SafeString:
    """``<tr>`` per stretch of holding: who held it, from, to (or still holding), working days."""
    holding = None
    rows = []
    tz, tr = get_current_timezone(), _translator()
    for s, holder, days in segments:
        if s.end:
            end = when(s.end, tz)
        else:
            holding = holding or f"<em>{esc(gettext('đang giữ'))}</em>"
            end = holding
        rows.append(f'<tr><td>{esc(tr(holder))}</td><td>{when(s.start, tz)}</td>\n'
                    f'  <td>{end}</td><td class="right">{floatformat(days, 2)}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


def _place(e) -> str:
    if e.from_unit and e.to_unit and e.from_unit != e.to_unit:
        return f" · {esc(e.from_unit.name)} → {esc(e.to_unit.name)}"
    unit = e.to_unit or e.from_unit
    return f" · {esc(unit.name)}" if unit else ""


def timeline_items(entries) -> SafeString:
    """``<li>`` per act of the log: the act, who and in what role, when, where the dossier went,
    the new appointment, the reason and the documents asked for."""
    appointment = None
    items = []
    tz, tr = get_current_timezone(), _translator()
    for e in entries:
        due = ""
        if e.due_after and e.due_after != e.due_before:
            appointment = appointment or esc(gettext("hẹn trả"))
            due = f" · {appointment} {when(e.due_after, tz)}"
        reason = f"<div>{esc(e.reason)}</div>" if e.reason else ""
        listed = e.listed
        listed = "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in listed) + "</ul>" if listed else ""
        items.append(
            f'\n    <li data-act="{esc(e.act)}"><strong>{esc(tr(e.label))}</strong> — {esc(e.who)} '
            f'<span class="muted">({esc(tr(e.role))})</span>\n'
            f'      <div class="when">{when(e.at, tz)}{_place(e)}\n      {due}</div>\n'
            f'      {reason}\n      {listed}\n    </li>\n  ')
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped
