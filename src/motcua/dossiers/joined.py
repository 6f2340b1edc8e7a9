"""A dossier joined with what the pages show of it (its procedure, its receiving, competent and
holding units, the officer holding it): the one FROM clause of the dossier page's and the
worklist's constant statements (``page_reads``, ``worklist_sql``), the dossier as ``d``."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

UNIT_SHOWN = ("id", "name")

#: (relation, model, fields the dossier page reads, alias, joined on, may be empty)
RELATED = (
    ("procedure", Procedure, ("id", "code", "name"), "p", "procedure_id", False),
    ("receiving_unit", Unit, UNIT_SHOWN, "ru", "receiving_unit_id", False),
    ("competent_unit", Unit, UNIT_SHOWN, "cu", "competent_unit_id", False),
    ("holder_unit", Unit, UNIT_SHOWN, "hu", "holder_unit_id", True),
    ("holder_officer", get_user_model(), ("id", "username", "first_name", "last_name"), "o", "holder_officer_id", True),
)

FROM = (f" FROM {Dossier._meta.db_table} d"
        + "".join(f" {'LEFT JOIN' if empty else 'JOIN'} {model._meta.db_table} {alias} ON {alias}.id = d.{on}"
                  for _r, model, _f, alias, on, empty in RELATED))
