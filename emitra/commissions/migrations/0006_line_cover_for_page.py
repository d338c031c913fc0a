"""The covering indexes of the line commissions by entry and by reversal entry (0005) also cover
the line, the rule version and the line's commission (issue 13 Performance; F10): the commission
statement's items carry them (reports 0004), so a statement's page reads its receipt lines and
rule versions from the items' own probes instead of joining every line commission again (a merge
over the whole table's primary key for an LSP's month: 938,232 rows at 1,500,000 lines, to join
63,684 items). Built CONCURRENTLY beside the old ones, which are then dropped and the new ones
renamed to their names, as in 0005; SQLite, which has no INCLUDE, keeps them as they were."""
import importlib

from django.db import migrations

OLD = importlib.import_module("emitra.commissions.migrations.0005_line_entry_covering")
COVER = "INCLUDE (id, kiosk_share, lsp_share, service_id, kiosk_id, line_id, version_id, total)"


def _entry_index(schema_editor):
    """The name of the index on commissions_linecommission (entry_id) that 0005 left (or this one made)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'commissions_linecommission' "
                       "AND indexname <> %s", [OLD.NEW])
        for name, definition in cursor.fetchall():
            if any(definition.endswith(f"USING btree (entry_id){cover}")
                   for cover in ("", f" {OLD.COVER}", f" {COVER}")):
                return name
    return None


def _swap(schema_editor, cover):
    if schema_editor.connection.vendor != "postgresql":
        return
    name = _entry_index(schema_editor)
    if name is not None:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD.NEW}")  # left by a build that was interrupted
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY {OLD.NEW} ON commissions_linecommission (entry_id) {cover}")
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        schema_editor.execute(f"ALTER INDEX {OLD.NEW} RENAME TO {name}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD.REVERSAL_NEW}")
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {OLD.REVERSAL_NEW} ON commissions_linecommission "
                          f"(reversal_entry_id) {cover} WHERE reversal_entry_id IS NOT NULL")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD.REVERSAL}")
    schema_editor.execute(f"ALTER INDEX {OLD.REVERSAL_NEW} RENAME TO {OLD.REVERSAL}")


def forwards(apps, schema_editor):
    _swap(schema_editor, COVER)


def backwards(apps, schema_editor):
    _swap(schema_editor, OLD.COVER)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("commissions", "0005_line_entry_covering")]

    operations = [migrations.RunPython(forwards, backwards)]
