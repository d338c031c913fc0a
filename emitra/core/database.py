"""Whether the database is set up, for the `emitra` commands (issue 9 item 21), and the one
insert that a unique key makes happen once (insert_once).

A command run on a database that was never migrated must not die with a
traceback ("relation sso_identity does not exist"): `emitra demo` migrates
first, and the commands that only read or work on existing rows
(check-ledger, deliver_outbox, reconcile_topups) stop with one line that
says what to run.
"""
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

SET_UP = "`emitra migrate` (or `emitra up`, which migrates and serves)"


def unapplied_migrations(using="default"):
    """The migrations not yet applied to the database, in the order they would run."""
    executor = MigrationExecutor(connections[using])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def require_migrated(command, using="default"):
    """Raise CommandError, one line naming what to run, unless every migration is applied."""
    pending = unapplied_migrations(using)
    if pending:
        name = connections[using].settings_dict["NAME"]
        raise CommandError(f"emitra {command}: the database {name} is not set up "
                           f"({len(pending)} migrations not applied); run {SET_UP} first.")


def insert_once(model, values, *, unique="idempotency_key"):
    """INSERT ... ON CONFLICT (unique) DO NOTHING RETURNING id -> (id, created): one statement
    where get_or_create costs four (issue 14 req. 2). unique=None: a conflict with any unique
    constraint or index (a partial one, such as one open cart a person at a kiosk).

    values: {field name or attname: value} of the row. A concurrent insert of the same key
    waits for the first to commit and then inserts nothing (PostgreSQL); SQLite's IMMEDIATE
    transactions serialise writers. Other unique constraints still raise IntegrityError.
    Used by the ledger's entries and holds and by the messages' outbox.
    """
    meta = model._meta
    qn = connection.ops.quote_name
    fields = [meta.get_field(name) for name in values]
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT {}DO NOTHING RETURNING {}".format(
        qn(meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
        f"({qn(meta.get_field(unique).column)}) " if unique else "",
        qn(meta.pk.column),
    )
    params = [f.get_db_prep_save(values[name], connection) for name, f in zip(values, fields)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], True) if row else (None, False)
