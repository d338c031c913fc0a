"""Whether the database is set up, for the `emitra` commands (issue 9 item 21).

A command run on a database that was never migrated must not die with a
traceback ("relation sso_identity does not exist"): `emitra demo` migrates
first, and the commands that only read or work on existing rows
(check-ledger, deliver_outbox, reconcile_topups) stop with one line that
says what to run.
"""
from django.core.management.base import CommandError
from django.db import connections
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
