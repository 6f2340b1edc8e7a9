"""``{{ value|pct }}``: an index or share in per cent, two decimals (``pct:1`` for one), "—" when
there is none (no valid answer)."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value, places: int = 2) -> str:
    return "—" if value is None else f"{floatformat(value, places)}%"
