"""The dossier page's two lists that grow with the log, the holding table and the timeline,
written once in Python with every value escaped (the template only prints them): as template
loops they resolved some 120 values and translated 40 labels a page, two thirds of its rendering.
The markup is the same the loops wrote."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext


def _when(moment) -> str:
    return f"{localtime(moment):%H:%M %d/%m/%Y}"


def holding_rows(segments) -> SafeString:
    """``<tr>`` per stretch of holding: who held it, from, to (or still holding), working days."""
    holding = None
    rows = []
    for s, holder, days in segments:
        if s.end:
            end = _when(s.end)
        else:
            holding = holding or f"<em>{esc(gettext('đang giữ'))}</em>"
            end = holding
        rows.append(f'<tr><td>{esc(gettext(holder))}</td><td>{_when(s.start)}</td>\n'
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
    for e in entries:
        due = ""
        if e.due_after and e.due_after != e.due_before:
            appointment = appointment or esc(gettext("hẹn trả"))
            due = f" · {appointment} {_when(e.due_after)}"
        reason = f"<div>{esc(e.reason)}</div>" if e.reason else ""
        listed = e.listed
        listed = "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in listed) + "</ul>" if listed else ""
        items.append(
            f'\n    <li data-act="{esc(e.act)}"><strong>{esc(gettext(e.label))}</strong> — {esc(e.who)} '
            f'<span class="muted">({esc(gettext(e.role))})</span>\n'
            f'      <div class="when">{_when(e.at)}{_place(e)}\n      {due}</div>\n'
            f'      {reason}\n      {listed}\n    </li>\n  ')
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped
