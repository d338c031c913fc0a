"""Sweep the outboxes once: every due message (SMS and e-mail, F26) and every due
posting to a department (F29), each attempted once; messages a dead worker left
"sending" are requeued first.

For cron (every minute) or after the worker was down; --every N keeps running
(`emitra up` runs it with --every 60). The sweeps are settings.OUTBOX_SWEEPERS:
functions taking limit= and returning how many rows they attempted.

A restart loses and repeats nothing (issue 12 req 7): SIGTERM or SIGINT lets the
row being sent finish (sent and recorded), then the command stops; it sweeps in
small batches so that it stops soon.
"""
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from emitra.core.database import require_migrated

DEFAULT_SWEEPERS = ["emitra.notifications.services.deliver_due", "emitra.payments.settlement.deliver_due"]
BATCH = 20


class Command(BaseCommand):
    help = ("Deliver due outbox messages (SMS and e-mail) and postings to departments once; "
            "--every N repeats every N seconds.")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="repeat every N seconds until stopped")
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, every=0, limit=500, **options):
        require_migrated("deliver_outbox")
        sweepers = [(path, import_string(path)) for path in getattr(settings, "OUTBOX_SWEEPERS", DEFAULT_SWEEPERS)]
        self.stopping = False
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self.stop)
        while not self.stopping:
            for path, sweep in sweepers:
                n = self.sweep(sweep, limit)
                if options["verbosity"] > 1 or (n and not every):
                    self.stdout.write(f"{path}: {n} attempted")
            if not every:
                return
            slept = 0.0
            while not self.stopping and slept < every:
                time.sleep(min(0.2, every))
                slept += 0.2

    def stop(self, signum, frame):
        self.stopping = True

    def sweep(self, sweep, limit):
        """Up to limit rows in batches, stopping between batches when asked to."""
        total = 0
        while not self.stopping and total < limit:
            size = min(BATCH, limit - total)
            n = sweep(limit=size)
            total += n
            if n < size:
                break
        return total
