"""Whether the database is set up, for the `emitra` commands (issue 9 item 21), the one
insert that a unique key makes happen once (insert_once), and the cursor of the statements
PostgreSQL plans once a connection (planned_cursor).

A command run on a database that was never migrated must not die with a
traceback ("relation sso_identity does not exist"): `emitra demo` migrates
first, and the commands that only read or work on existing rows
(check-ledger, deliver_outbox, reconcile_topups) stop with one line that
says what to run.
"""
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
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
    with planned_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], True) if row else (None, False)


def planned_cursor(using="default"):
    """A cursor (Django's, counted and logged like any) whose statements PostgreSQL prepares after a
    few runs on the connection and then plans no more (issue 14): the statements with the same text
    on every call, run on every request or payment (the session's read, emitra.core.prepared's
    queries). Their values are bound on the server (psycopg's server-side binding, the only cursor
    it prepares statements of; Django's own cursors bind on the client and are never prepared).
    Planning was most of PostgreSQL's work for them: ~0.9 ms a request for the session's join of
    seven tables, ~0.3-0.5 ms a read of a cart's lines, against ~0.1 ms executing either.
    SQLite, or PostgreSQL with EMITRA_PG_PREPARED=false (settings): the connection's own cursor."""
    conn = connections[using]
    if conn.vendor != "postgresql" or conn.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        return conn.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    conn.close_if_health_check_failed()
    conn.ensure_connection()
    conn.validate_thread_sharing()
    with conn.wrap_database_errors:
        raw = ServerBindingCursor(conn.connection)
    return _PlannedDebugWrapper(raw, conn) if conn.queries_logged else conn.make_cursor(raw)


class _PlannedDebugWrapper(CursorDebugWrapper):
    """A planned cursor's statements logged with their values written in, as Django logs its own
    cursors' (it would log the server's $1 form, or nothing once the statement is prepared)."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params) if params else sql):
            return CursorWrapper.execute(self, sql, params)
