from django.core.management.base import BaseCommand

from emitra.core.demo import PEOPLE, load_demo


class Command(BaseCommand):
    help = "Load the demo network, people, services and wallets (idempotent)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write("Demo data loaded. Sign-ins: " + ", ".join(p[0] for p in PEOPLE))
