"""Send every due outbox message once (and requeue ones a dead worker left "sending").

For cron (every minute) or after the worker was down; --every N keeps running.
"""
import time

from django.core.management.base import BaseCommand

from emitra.notifications import services


class Command(BaseCommand):
    help = "Deliver due outbox messages (SMS and e-mail) once; --every N repeats every N seconds."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="repeat every N seconds until stopped")
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, every=0, limit=500, **options):
        while True:
            n = services.deliver_due(limit=limit)
            if options["verbosity"] > 1 or (n and not every):
                self.stdout.write(f"{n} message(s) attempted")
            if not every:
                return
            time.sleep(every)
