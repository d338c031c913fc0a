"""`emitra bench ledger`: wallet debits through the service layer against pgbench tpcb-like (issue 3, Performance).

N worker processes (processes, not threads: Python threads share one GIL,
and the figure should be the ledger's, not the interpreter lock's) post
wallet debits with services.post() for T seconds into a throwaway database
<name>_bench on the DATABASE_URL server. Every debit credits ONE department
collections account, the would-be hot row. Then pgbench's built-in tpcb-like
script runs on the same server with the same client count for T seconds
(database emitra_pgbench, initialised once with `pgbench -i -s 10`). Prints
both rates and ends with `ratio: <ours/pgbench>`. The throwaway database is
checked with the ledger's invariants and dropped.
"""
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import time

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

WALLETS = 1000
PGBENCH_DB = "emitra_pgbench"


class Command(BaseCommand):
    help = "Benchmark wallet debits through the ledger against pgbench tpcb-like on the same PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--clients", type=int, default=8)

    def handle(self, *args, seconds, clients, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench ledger needs PostgreSQL: set DATABASE_URL=postgres://...")
        settings = connection.settings_dict
        bench_db = f"{settings['NAME']}_bench"
        self._recreate(bench_db)
        connections.close_all()
        settings["NAME"] = bench_db  # this process and the forked workers now use the throwaway database
        try:
            wallets, department = self._prepare()
            ours = self._run_workers(seconds, clients, wallets, department)
            self.stdout.write(f"ledger wallet debits: {ours:.0f} transactions/s "
                              f"({clients} processes, {seconds} s)")
            theirs = self._pgbench(seconds, clients)
            self.stdout.write(f"pgbench tpcb-like:    {theirs:.0f} transactions/s ({clients} clients, {seconds} s)")
            from emitra.ledger.integrity import ledger_violations

            violations = ledger_violations()
            self.stdout.write(f"check-ledger on {bench_db}: {len(violations)} violations")
            for violation in violations:
                self.stdout.write(f"  {violation}")
            self.stdout.write(f"ratio: {ours / theirs:.2f}")
        finally:
            connections.close_all()
            self._drop(bench_db)
        if violations:
            sys.exit(1)

    # ---------------------------------------------------------------- ours

    def _recreate(self, name):
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')

    def _drop(self, name):
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self):
        s = connection.settings_dict
        return psycopg.connect(dbname="postgres", host=s["HOST"] or None, port=s["PORT"] or None,
                               user=s["USER"] or None, password=s["PASSWORD"] or None, autocommit=True)

    def _prepare(self):
        """Create the ledger's tables only (the ledger depends on no other app) and fund the wallets."""
        from emitra.ledger import services
        from emitra.ledger.models import Account, AccountKind, Hold, JournalEntry, Posting

        with connection.schema_editor() as editor:
            for model in (Account, JournalEntry, Posting, Hold):
                editor.create_model(model)
        department = services.open_account("bench:dept", AccountKind.DEPARTMENT_COLLECTIONS, "bench department")
        deposits = services.open_account("bench:deposits", AccountKind.DEPOSITS_HELD, "bench deposits")
        wallets = []
        for n in range(WALLETS):
            wallet = services.open_account(f"bench:wallet:{n}", AccountKind.WALLET, f"bench wallet {n}",
                                           floor=-1_000_000)
            services.post("deposit", [(wallet, 10**12), (deposits, -(10**12))], idempotency_key=f"bench-fund-{n}")
            wallets.append(wallet.pk)
        connection.cursor().execute("ANALYZE")
        return wallets, department.pk

    def _run_workers(self, seconds, clients, wallets, department):
        connections.close_all()
        context = multiprocessing.get_context("fork")
        ready = context.Barrier(clients + 1)
        results = context.Queue()
        workers = [context.Process(target=_debit_worker, args=(n, seconds, wallets, department, ready, results))
                   for n in range(clients)]
        for worker in workers:
            worker.start()
        ready.wait()
        counts = [results.get() for _ in workers]
        for worker in workers:
            worker.join()
        if any(isinstance(c, str) for c in counts):
            raise CommandError(f"a bench worker failed: {[c for c in counts if isinstance(c, str)]}")
        return sum(counts) / seconds

    # ---------------------------------------------------------------- pgbench

    def _pgbench(self, seconds, clients):
        pgbench = shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench"
        s = connection.settings_dict
        env = {**os.environ, "PGHOST": s["HOST"] or "", "PGPORT": str(s["PORT"] or ""),
               "PGUSER": s["USER"] or "", "PGPASSWORD": s["PASSWORD"] or ""}
        env = {k: v for k, v in env.items() if v != ""}
        with self._admin() as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PGBENCH_DB]).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{PGBENCH_DB}"')
        check = subprocess.run([pgbench, "-n", "-t", "1", PGBENCH_DB], env=env, capture_output=True, text=True)
        if check.returncode != 0:
            self.stdout.write(f"initialising {PGBENCH_DB} (pgbench -i -s 10)")
            subprocess.run([pgbench, "-i", "-q", "-s", "10", PGBENCH_DB], env=env, check=True,
                           capture_output=True)
        run = subprocess.run([pgbench, "-b", "tpcb-like", "-c", str(clients), "-j", str(clients),
                              "-T", str(seconds), PGBENCH_DB], env=env, capture_output=True, text=True)
        if run.returncode != 0:
            raise CommandError(f"pgbench failed: {run.stderr.strip()}")
        match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", run.stdout)
        if not match:
            raise CommandError(f"could not read pgbench's rate from: {run.stdout}")
        return float(match.group(1))


def _debit_worker(n, seconds, wallet_ids, department_id, ready, results):
    """One client: post wallet debits to the department through services.post until time is up."""
    try:
        from emitra.ledger import services
        from emitra.ledger.errors import InsufficientFunds
        from emitra.ledger.models import Account

        wallets = list(Account.objects.filter(pk__in=wallet_ids))
        department = Account.objects.get(pk=department_id)
        rng = random.Random(n)
        done = 0
        ready.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            amount = rng.randint(100, 1_000_000)
            try:
                services.post("payment", [(rng.choice(wallets), -amount), (department, amount)],
                              idempotency_key=f"bench-{n}-{done}", memo="bench debit")
            except InsufficientFunds:
                pass
            done += 1
        results.put(done)
    except Exception as exc:  # noqa: BLE001 -- reported by the parent
        results.put(f"{type(exc).__name__}: {exc}")
    finally:
        connections.close_all()
