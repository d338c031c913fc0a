"""`emitra reconcile-topups`: ask the gateway about every pending online top-up now.

The worker already reconciles each online top-up by itself (emitra.wallet.tasks);
run this from cron, or after the worker was stopped for a while.
"""
from django.core.management.base import BaseCommand

from emitra.core.database import require_migrated

from emitra.wallet.tasks import reconcile_pending_topups


class Command(BaseCommand):
    help = "Reconcile pending online top-ups with the payment gateway."

    def handle(self, *args, **options):
        require_migrated("reconcile_topups")
        n = reconcile_pending_topups.call()
        self.stdout.write(f"reconciled {n} pending online top-up(s)")
