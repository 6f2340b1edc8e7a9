"""The catalogue's stamp (``CatalogueStamp``): database triggers change it on every write to the
procedures or their versions, so the dashboards' kept catalogue is never stale. A migration that
rebuilds one of these tables (SQLite remakes a table to alter it) would drop its triggers
silently: this test then fails."""

from django.db import connection

from motcua.catalog.models import CatalogueStamp, Procedure, ProcedureVersion


def _triggers() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal")
        return set(cursor.fetchall())


def test_every_write_to_the_catalogue_changes_the_stamp(world):
    tables = {Procedure._meta.db_table, ProcedureVersion._meta.db_table}
    assert tables <= {table for table, _name in _triggers()}
    if connection.vendor == "postgresql":  # the procedure-use masks' triggers are there too
        assert {name for table, name in _triggers() if table == "quality_indexproceduretally"} == {
            "quality_procedure_use_insert", "quality_procedure_use_update", "quality_procedure_use_delete"}
    seen = [CatalogueStamp.objects.get(pk=1).token]
    version = ProcedureVersion.objects.get(pk=world.birth.pk)
    ProcedureVersion.objects.filter(pk=version.pk).update(online=ProcedureVersion.Online.FULL)
    seen.append(CatalogueStamp.objects.get(pk=1).token)
    Procedure.objects.filter(pk=version.procedure_id).update(name="Đăng ký khai sinh (sửa)")
    seen.append(CatalogueStamp.objects.get(pk=1).token)
    with connection.cursor() as cursor:  # outside the ORM too
        cursor.execute(f"DELETE FROM {ProcedureVersion._meta.db_table} WHERE id = %s", [world.copy.pk])
    seen.append(CatalogueStamp.objects.get(pk=1).token)
    assert len(set(seen)) == 4
