"""``{{ user|person }}``: a person's name in Vietnamese order (see ``accounts.names``). Loaded as
a template builtin, so no ``{% load %}`` is needed."""

from django import template

from motcua.accounts.names import person_name

register = template.Library()
register.filter("person", person_name)
