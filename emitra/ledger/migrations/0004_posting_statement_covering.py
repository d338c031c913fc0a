"""The statement index of postings, (account, created, id), covers the amount and the entry on
PostgreSQL (issue 13 Performance; F10, F11): an account's balance before a day (the opening of
a statement of an unfloored account, an LSP's commission, which has no balance row: a sum over
its whole past) and the postings of its days (the commission statement's items) are read from
the index alone (an index-only scan) instead of one heap page per posting: an LSP's commission
account holds a posting for every receipt line of its kiosks. The index keeps its name (the
report definitions name it) and its key; SQLite, which has no INCLUDE, keeps it as it was.

Built without locking writes (CONCURRENTLY, outside a transaction: DESIGN-NOTES, round the
clock): the covering index is built beside the old one, which is then dropped and the new one
takes its name."""
from django.db import migrations

NAME = "ledger_posting_statement"
NEW = "ledger_posting_statement_cover"


def _swap(schema_editor, include):
    if schema_editor.connection.vendor != "postgresql":
        return
    cover = " INCLUDE (amount, entry_id)" if include else ""
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NEW}")  # left by a build that was interrupted
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {NEW} ON ledger_posting (account_id, created, id){cover}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
    schema_editor.execute(f"ALTER INDEX {NEW} RENAME TO {NAME}")


def forwards(apps, schema_editor):
    _swap(schema_editor, include=True)


def backwards(apps, schema_editor):
    _swap(schema_editor, include=False)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("ledger", "0003_fill_memo_codes")]

    operations = [migrations.RunPython(forwards, backwards)]
