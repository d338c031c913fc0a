"""The index of the line commissions by their entry covers what a commission statement reads of
them on PostgreSQL (issue 13 Performance; F10): a statement's earned items are its account's
postings of the days joined to their entries' line commissions (reports.models.CommissionItem),
and with the id, both shares, the service and the kiosk in the index each of those is an
index-only probe. Without them PostgreSQL judged a probe per posting dearer than reading every
line commission of the state (a sequential scan of millions of rows, three times a page for an
LSP's month).

The foreign key's own index on entry_id keeps its name and its key and gains the INCLUDE: built
CONCURRENTLY beside it (outside a transaction: DESIGN-NOTES, round the clock), the old one
dropped and the new one renamed to it; the partial index of the lines an entry undid (0004) the
same, for the taken-back items. SQLite, which has no INCLUDE, keeps it as it was."""
from django.db import migrations

NEW = "commissions_line_entry_cover"
COVER = "INCLUDE (id, kiosk_share, lsp_share, service_id, kiosk_id)"


def _entry_index(schema_editor):
    """The name of the plain index on commissions_linecommission (entry_id), the foreign key's."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'commissions_linecommission' "
                       "AND indexname <> %s", [NEW])
        for name, definition in cursor.fetchall():
            if definition.endswith("USING btree (entry_id)") or definition.endswith(f"USING btree (entry_id) {COVER}"):
                return name
    return None


def _swap(schema_editor, include):
    if schema_editor.connection.vendor != "postgresql":
        return
    name = _entry_index(schema_editor)
    if name is None:
        return
    cover = f" {COVER}" if include else ""
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NEW}")  # left by a build that was interrupted
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {NEW} ON commissions_linecommission (entry_id){cover}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    schema_editor.execute(f"ALTER INDEX {NEW} RENAME TO {name}")


REVERSAL, REVERSAL_NEW = "commissions_line_reversal", "commissions_line_reversal_cover"


def _swap_reversal(schema_editor, include):
    """The lines an entry undid (0004's partial index) cover the same: a statement's taken-back items."""
    if schema_editor.connection.vendor != "postgresql":
        return
    cover = f" {COVER}" if include else ""
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {REVERSAL_NEW}")
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {REVERSAL_NEW} ON commissions_linecommission (reversal_entry_id)"
                          f"{cover} WHERE reversal_entry_id IS NOT NULL")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {REVERSAL}")
    schema_editor.execute(f"ALTER INDEX {REVERSAL_NEW} RENAME TO {REVERSAL}")


def forwards(apps, schema_editor):
    _swap(schema_editor, include=True)
    _swap_reversal(schema_editor, include=True)


def backwards(apps, schema_editor):
    _swap_reversal(schema_editor, include=False)
    _swap(schema_editor, include=False)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("commissions", "0004_line_reversal_partial_index")]

    operations = [migrations.RunPython(forwards, backwards)]
