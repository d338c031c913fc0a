"""The ledger's invariants, checked with set-based SQL (issue 3 req. 10, `emitra check-ledger`).

Each check is one GROUP BY or filtered query that the database runs over
millions of postings; no Python loop touches a posting. ledger_violations()
returns every violation, so a test can assert the ledger is sound at any time.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from emitra.ledger.models import Account, Hold, HoldState, JournalEntry, Posting

# The background job runs every minute or so; a hold this much past its
# expiry means the job is not running.
EXPIRY_GRACE = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class Violation:
    check: str
    subject: str
    detail: str

    def __str__(self):
        return f"{self.check}: {self.subject}: {self.detail}"


CHECKS = []


def check(label):
    """Register a check: a function returning [(subject, detail)] becomes one returning [Violation]."""
    def register(fn):
        def run(*args, **kwargs):
            return [Violation(label, subject, detail) for subject, detail in fn(*args, **kwargs)]
        run.label = label
        run.__name__ = fn.__name__
        CHECKS.append(run)
        return run
    return register


@check("entries sum to zero")
def entries_sum_to_zero():
    rows = Posting.objects.order_by().values("entry_id").annotate(total=Sum("amount")).exclude(total=0)
    return [(f"entry {r['entry_id']}", f"postings sum to {r['total']}")
            for r in rows]


@check("entries have two or more postings")
def entries_have_two_postings():
    rows = JournalEntry.objects.order_by().annotate(n=Count("postings")).filter(n__lt=2).values("pk", "n")
    return [(f"entry {r['pk']}", f"{r['n']} postings")
            for r in rows]


@check("floored balances equal their postings")
def floored_balances_match_postings():
    totals = (Posting.objects.filter(account_id=OuterRef("pk")).order_by()
              .values("account_id").annotate(s=Sum("amount")).values("s"))
    rows = (Account.objects.filter(floor__isnull=False)
            .annotate(total=Coalesce(Subquery(totals), 0)).exclude(balance=F("total"))
            .values("code", "balance", "total"))
    return [(r["code"], f"balance {r['balance']} but postings sum to {r['total']}") for r in rows]


@check("held equals pending holds")
def held_matches_pending_holds():
    totals = (Hold.objects.filter(account_id=OuterRef("pk"), state=HoldState.PENDING).order_by()
              .values("account_id").annotate(s=Sum("amount")).values("s"))
    rows = (Account.objects.annotate(pending=Coalesce(Subquery(totals), 0)).exclude(held=F("pending"))
            .values("code", "held", "pending"))
    return [(r["code"], f"held {r['held']} but pending holds sum to {r['pending']}") for r in rows]


@check("unfloored accounts keep no balance row")
def unfloored_keep_no_balance():
    rows = Account.objects.filter(floor__isnull=True).filter(~Q(balance=0) | ~Q(held=0)).values(
        "code", "balance", "held")
    return [(r["code"], f"balance {r['balance']}, held {r['held']}") for r in rows]


@check("no account below its floor")
def none_below_floor():
    rows = (Account.objects.filter(floor__isnull=False, balance__lt=F("floor") + F("held"))
            .values("code", "balance", "held", "floor"))
    return [(r["code"], f"balance {r['balance']} - held {r['held']} < floor {r['floor']}") for r in rows]


@check("no pending hold past its expiry")
def holds_do_not_outlive_expiry(now=None):
    limit = (now or timezone.now()) - EXPIRY_GRACE
    rows = Hold.objects.filter(state=HoldState.PENDING, expires_at__lt=limit).values("pk", "expires_at")
    return [(f"hold {r['pk']}", f"expired at {r['expires_at']:%Y-%m-%d %H:%M:%S}") for r in rows]


@check("posted holds have an entry")
def posted_holds_have_entries():
    rows = Hold.objects.filter(state=HoldState.POSTED, entry__isnull=True).values("pk")
    return [(f"hold {r['pk']}", "no entry") for r in rows]


def ledger_violations():
    """Every violated invariant of the whole ledger, as a list (empty when sound)."""
    return [violation for check in CHECKS for violation in check()]
