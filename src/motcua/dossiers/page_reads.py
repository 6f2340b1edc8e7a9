"""The officials' dossier page's reads as constant statements (``motcua.sql_rows``): the dossier
with what the page shows of its procedure, units and officer; its joint-procedure tasks with their
agencies; its attachments. The instances are those of ``select_related(...).only(...)``."""

from __future__ import annotations

from motcua import sql_rows
from motcua.dossiers.joined import FROM, RELATED, UNIT_SHOWN
from motcua.dossiers.models import Dossier, DossierTask
from motcua.portal.models import Attachment
from motcua.units.models import Unit

_DOSSIER_FIELDS = sql_rows.every_field(Dossier, without=("snapshot",))
_DOSSIER = (f"SELECT {sql_rows.columns(Dossier, _DOSSIER_FIELDS, 'd')}, "
            + ", ".join(sql_rows.columns(model, fields, alias) for _r, model, fields, alias, _on, _e in RELATED)
            + f"{FROM} WHERE d.id = %s")

_TASK_FIELDS = sql_rows.every_field(DossierTask)
_TASKS = (f"SELECT {sql_rows.columns(DossierTask, _TASK_FIELDS, 't')}, {sql_rows.columns(Unit, UNIT_SHOWN, 'a')} "
          f"FROM {DossierTask._meta.db_table} t JOIN {Unit._meta.db_table} a ON a.id = t.agency_id "
          "WHERE t.dossier_id = %s ORDER BY t.step")

_ATTACHMENT_FIELDS = sql_rows.every_field(Attachment)
_ATTACHMENTS = (f"SELECT {sql_rows.columns(Attachment, _ATTACHMENT_FIELDS)} FROM {Attachment._meta.db_table} "
                "WHERE dossier_id = %s ORDER BY uploaded_at, id")


def dossier(pk: int) -> Dossier | None:
    rows = sql_rows.fetch(_DOSSIER, [pk])
    if not rows:
        return None
    row = rows[0]
    found = sql_rows.instance(Dossier, _DOSSIER_FIELDS, row)
    at = len(_DOSSIER_FIELDS)
    for relation, model, fields, _alias, _on, _empty in RELATED:
        related = sql_rows.instance(model, fields, row, at) if row[at] is not None else None
        Dossier._meta.get_field(relation).set_cached_value(found, related)
        at += len(fields)
    return found


def tasks(dossier: Dossier) -> list[DossierTask]:
    out = []
    for row in sql_rows.fetch(_TASKS, [dossier.pk]):
        task = sql_rows.instance(DossierTask, _TASK_FIELDS, row)
        DossierTask._meta.get_field("agency").set_cached_value(task, sql_rows.instance(Unit, UNIT_SHOWN, row, len(_TASK_FIELDS)))
        out.append(task)
    return out


def attachments(dossier: Dossier) -> list[Attachment]:
    return [sql_rows.instance(Attachment, _ATTACHMENT_FIELDS, row)
            for row in sql_rows.fetch(_ATTACHMENTS, [dossier.pk])]
