from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from emitra.core.database import unapplied_migrations
from emitra.demo.cast import PEOPLE
from emitra.demo.loaders import load_demo


class Command(BaseCommand):
    help = ("Load the demo network, people, services and wallets (idempotent); migrates first if need be. "
            "--transactions N then adds N generated receipt lines over the last 12 months (issue 13 req. 8).")

    def add_arguments(self, parser):
        parser.add_argument("--transactions", type=int, default=0, metavar="N",
                            help="add N generated receipt lines over the last 12 months (adds again on each run)")
        parser.add_argument("--kiosks", type=int, default=None, metavar="K",
                            help="generated kiosks the lines are spread over (default 2000; reused when there)")
        parser.add_argument("--seed", type=int, default=None, help="random seed of the generated lines")

    def handle(self, *args, **options):
        from emitra.demo import volume

        transactions, kiosks = options["transactions"], options["kiosks"]
        if transactions < 0 or (kiosks is not None and kiosks < 1):
            raise CommandError("--transactions is 0 or more and --kiosks 1 or more")
        pending = unapplied_migrations()
        if pending:  # a database never migrated, or behind the code (issue 9 item 21)
            self.stdout.write(f"Migrating the database first ({len(pending)} migrations) ...")
            call_command("migrate", interactive=False, verbosity=0)
        load_demo()
        self.stdout.write("Demo data loaded. Sign-ins: " + ", ".join(p[0] for p in PEOPLE))
        if not transactions:
            return

        def progress(result):
            self.stdout.write(f"  {result.lines:,} of {transactions:,} lines ...")

        result = volume.generate(transactions, kiosks=kiosks or volume.DEFAULT_KIOSKS, seed=options["seed"],
                                 progress=progress)
        self.stdout.write(
            f"Generated {result.lines:,} receipt lines ({result.receipts:,} receipts, {result.rows:,} rows) at "
            f"{result.kiosks:,} kiosks in {result.districts} districts in {result.seconds:.1f} s: "
            f"{result.lines_per_second:,.0f} lines/s (making the rows {result.building:.1f} s, "
            f"writing them {result.writing:.1f} s)")
