"""``{% pager %}``: the previous/next links under a list, for the context's ``page`` (anything with
``number``, ``has_previous`` and ``has_next``, methods or values) and ``query`` (the list's other parameters,
URL-encoded). Written in Python (a template include took ~0.15 ms a list page); loaded as a
template builtin, so no ``{% load %}`` is needed."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from motcua.web.escaping import esc

register = template.Library()


def _link(query: str, number: int, rel: str, text: str) -> str:
    href = f"?{query}&page={number}"
    return (f'<a href="{href}" hx-get="{href}" hx-target="#results" hx-push-url="true" rel="{rel}">'
            f'{text}</a>')


def _yes(value) -> bool:
    return bool(value() if callable(value) else value)  # as a template reads it


@register.simple_tag(takes_context=True)
def pager(context) -> str:
    page, query = context.get("page"), esc(context.get("query", ""))
    number = page.number
    before = _link(query, number - 1, "prev", f"‹ {esc(gettext('Trang trước'))}") if _yes(page.has_previous) else ""
    after = _link(query, number + 1, "next", f"{esc(gettext('Trang sau'))} ›") if _yes(page.has_next) else ""
    here = esc(gettext("Trang %(n)s") % {"n": number})
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<nav class="pager" aria-label="{esc(gettext("Trang"))}">\n{before}\n<span>{here}</span>\n{after}\n</nav>')
