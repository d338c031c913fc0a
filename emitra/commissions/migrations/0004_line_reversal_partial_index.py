"""The line commissions an entry undid, indexed among the reversed lines only (issue 13 Performance).
Built without locking writes on PostgreSQL (CONCURRENTLY, outside a transaction: DESIGN-NOTES, round
the clock); plainly on SQLite."""
from django.db import migrations, models
from django.db.models import Q

INDEX = models.Index(fields=["reversal_entry"], name="commissions_line_reversal",
                     condition=Q(reversal_entry__isnull=False))


def create(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX{concurrently} IF NOT EXISTS commissions_line_reversal "
                          "ON commissions_linecommission (reversal_entry_id) WHERE reversal_entry_id IS NOT NULL")


def drop(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS commissions_line_reversal")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("commissions", "0003_commissionrule_name_hi")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop)],
            state_operations=[migrations.AddIndex(model_name="linecommission", index=INDEX)],
        ),
    ]
