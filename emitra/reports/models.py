"""Background exports (issue 13 req. 3; F12): an export of more than a few thousand rows is
written by a task while a progress page refreshes itself; the file is kept for a day.

The fingerprint is the person, the report, its scope, its filters, its sort and the format:
while one export of a fingerprint is queued or running, asking again finds that one (a
partial unique constraint), so an export asked for twice at once makes one task.
"""
import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEEP = datetime.timedelta(days=1)


class ReportExport(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=5)
    slug = models.CharField(max_length=40)
    scope = models.JSONField(default=dict)
    params = models.JSONField(default=dict)  # the report's GET parameters (filters and sort)
    language = models.CharField(max_length=5, default="en")
    format = models.CharField(max_length=4)
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], condition=Q(state__in=["queued", "running"]),
                                    name="reports_one_export_at_once"),
        ]
        indexes = [models.Index(fields=["created"], name="reports_export_created")]

    @property
    def expires_at(self):
        return (self.finished or self.created) + KEEP

    @property
    def expired(self):
        return timezone.now() >= self.expires_at

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return min(99, int(100 * self.rows_done / self.rows_total)) if self.rows_total else 0


class CommissionItem(models.Model):
    """One line of a commission statement (issue 10 req. 8 as a report, issue 13 req. 1): a
    read-only database view (migrations 0002-0004) over the commission accounts' postings.

    A posting of a kiosk's commission account (kind "commission", the kiosk's share) or of an
    LSP's account (kind "lsp", its share) is explained by the LineCommission rows of its entry:
    one "earned" item per line whose share is not zero, one "taken_back" item (negative) per
    line its entry undid; the posting of an entry with no line commission (a payout, its return,
    or any other entry) is one item of its own. An entry with line commissions posts exactly
    their shares (the check "line commissions equal their entries' commission postings" of
    `emitra check-ledger`), so whenever that check passes an account's items sum to its
    postings, the rule of emitra.commissions.statements, and a report can filter, sort, total
    and page them like any table. An item of a line names its service and kiosk. Ids are 4 * line commission id (+1 taken back) or 4 * posting id + 2 (the
    rest): unique, and the tie-breaker of every sort."""

    class Kind(models.TextChoices):
        EARNED = "earned", _("Earned")
        TAKEN_BACK = "taken_back", _("Share taken back (line cancelled or undone)")
        PAID_OUT = "paid_out", _("Paid out to the bank")
        PAYOUT_RETURNED = "payout_returned", _("Payout returned")
        OTHER = "other", _("Other entry")

    posting = models.ForeignKey("ledger.Posting", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    account = models.ForeignKey("ledger.Account", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.DO_NOTHING, related_name="+",
                              db_constraint=False)
    created = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    commission = models.ForeignKey("commissions.LineCommission", on_delete=models.DO_NOTHING, null=True,
                                   related_name="+", db_constraint=False)
    # the line's service and kiosk (migration 0003), NULL for a posting of its own
    service = models.ForeignKey("catalogue.Service", on_delete=models.DO_NOTHING, null=True, related_name="+",
                                db_constraint=False)
    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.DO_NOTHING, null=True, related_name="+",
                              db_constraint=False)
    # the line, its rule version and its commission (migration 0004), NULL for a posting of its own: read
    # in the probe that finds the line commission, so that a page need not join the line commissions again
    line = models.ForeignKey("payments.ReceiptLine", on_delete=models.DO_NOTHING, null=True, related_name="+",
                             db_constraint=False)
    rule_version = models.ForeignKey("commissions.RuleVersion", on_delete=models.DO_NOTHING, null=True,
                                     related_name="+", db_constraint=False, db_column="version_id")
    total = models.BigIntegerField(null=True)
    amount = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "reports_commission_item"
