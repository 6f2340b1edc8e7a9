"""Django's ``i18n`` template library, with ``{% translate "a literal" %}`` worked out once per
language and then kept. ``settings.TEMPLATES`` loads this module under the name ``i18n``, so
every ``{% load i18n %}`` gets it; all other tags and filters are Django's own.

A translate tag builds a lazy string, casts it through ``gettext`` (two thread-local lookups)
and localises and escapes the result, on every render: the dossier page has 38 of them, about a
third of its template's time. For a literal message without a context or a filter the result
depends only on the active language and on autoescaping, so that is its key. Messages named by a
variable (``{% translate label %}``) and ``{% blocktranslate %}`` render as before.
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_KEPT: dict[tuple, str] = {}


class KeptTranslateNode(django_i18n.TranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expression = self.filter_expression
        self.literal = (expression.var.literal if not (self.asvar or self.message_context or expression.filters)
                        else None)

    def render(self, context):
        if self.literal is None:
            return super().render(context)
        key = (get_language(), self.noop, context.autoescape, self.literal)
        value = _KEPT.get(key)
        if value is None:
            value = _KEPT[key] = super().render(context)
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@receiver(setting_changed)
def _forget(*, setting, **_kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS", "USE_I18N"}:
        _KEPT.clear()
