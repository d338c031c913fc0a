from django.core.management import call_command
from django.core.management.base import BaseCommand

from emitra.core.database import unapplied_migrations
from emitra.core.demo import PEOPLE, load_demo


class Command(BaseCommand):
    help = "Load the demo network, people, services and wallets (idempotent); migrates first if need be."

    def handle(self, *args, **options):
        pending = unapplied_migrations()
        if pending:  # a database never migrated, or behind the code (issue 9 item 21)
            self.stdout.write(f"Migrating the database first ({len(pending)} migrations) ...")
            call_command("migrate", interactive=False, verbosity=0)
        load_demo()
        self.stdout.write("Demo data loaded. Sign-ins: " + ", ".join(p[0] for p in PEOPLE))
