"""`emitra check-ledger`: verify the ledger's invariants and exit 1 listing every violation (issue 3 req. 10)."""
import sys

from django.core.management.base import BaseCommand

from emitra.core.database import require_migrated
from emitra.ledger.integrity import CHECKS
from emitra.ledger.models import Account, Hold, JournalEntry, Posting


class Command(BaseCommand):
    help = "Check the ledger: entries sum to zero, balances equal postings, no wallet below its floor, no stale hold."

    def handle(self, *args, **options):
        require_migrated("check-ledger")
        self.stdout.write(
            f"ledger: {Account.objects.count()} accounts, {JournalEntry.objects.count()} entries, "
            f"{Posting.objects.count()} postings, {Hold.objects.count()} holds"
        )
        violations = []
        for check in CHECKS:
            found = check()
            violations.extend(found)
            self.stdout.write(f"{'FAIL' if found else 'ok  '} {check.label}: {len(found)} violations")
        if violations:
            for violation in violations:
                self.stdout.write(f"  {violation}")
            self.stdout.write(f"{len(violations)} violations")
            sys.exit(1)
        self.stdout.write("ledger sound")
