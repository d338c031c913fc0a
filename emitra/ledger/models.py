"""The double-entry ledger's tables (issue 3, DESIGN "How money moves").

Rows here are changed only through emitra.ledger.services. Journal entries and
postings are only ever added (STYLE 5): a correction is a reversing entry. The
ledger knows no other app; an account names its owner by a free-text
reference such as "kiosk:KJPR00001".

Two kinds of account, fixed when the account is opened:

* floored (floor is a number, e.g. a kiosk wallet with floor = -credit limit):
  keeps a running `balance` and `held` (sum of pending holds) so that the
  header of every kiosk page reads them cheaply (F23) and a debit is one
  conditional UPDATE (F16);
* unfloored (floor is NULL: department collections, DoIT, an LSP ...): keeps
  no running balance at all; its balance is the sum of its postings. Every
  payment in the state credits some department, so a running-balance row
  there would be one hot row every payment waits on (see services.balance).
"""
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.core.i18n import HindiName
from emitra.ledger import memos


class AccountKind(models.TextChoices):
    """What an account is for. A wallet (F17) and a commission account have a floor;
    the network's accounts have none. A security deposit (F18) is one entry:
    debit deposits_held, credit the wallet, so it is spendable at once."""

    WALLET = "wallet", _("kiosk wallet")
    COMMISSION = "commission", _("kiosk commission")
    DOIT = "doit", _("DoIT")
    LSP = "lsp", _("LSP")
    DEPOSITS_HELD = "deposits_held", _("security deposits held")
    TOPUPS_IN_TRANSIT = "topups_in_transit", _("top-ups in transit")
    CHEQUES_IN_HAND = "cheques_in_hand", _("cheques in hand")
    PAYOUTS_IN_TRANSIT = "payouts_in_transit", _("payouts in transit")
    DEPARTMENT_COLLECTIONS = "department_collections", _("department collections")
    BANK = "bank", _("bank")
    SUSPENSE = "suspense", _("suspense")


class Account(HindiName, models.Model):
    """An account of the ledger; its name in English and Hindi (`local_name`, issue 12 req. 6)."""

    code = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=AccountKind.choices)
    owner_ref = models.CharField(max_length=80, blank=True, db_index=True)
    name = models.CharField(max_length=200, blank=True)
    name_hi = models.CharField(max_length=200, blank=True, db_default="")
    # NULL: no floor, and then balance and held stay 0 (balance is derived
    # from postings). A number: the lowest balance - held may reach, in paise.
    floor = models.BigIntegerField(null=True, blank=True)
    balance = models.BigIntegerField(default=0)
    held = models.BigIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ledger account")
        constraints = [
            # A backstop behind the conditional UPDATE in services: a bug
            # becomes an error, never a wallet below its floor.
            models.CheckConstraint(
                condition=Q(floor__isnull=True) | Q(balance__gte=F("floor") + F("held")),
                name="ledger_account_not_below_floor",
            ),
            models.CheckConstraint(condition=Q(held__gte=0), name="ledger_account_held_not_negative"),
            models.CheckConstraint(
                condition=Q(floor__isnull=False) | Q(balance=0, held=0),
                name="ledger_account_unfloored_keeps_no_balance",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def has_floor(self):
        return self.floor is not None


class JournalEntry(models.Model):
    """A set of postings that sum to zero, written in one transaction; its memo is a code and
    parameters, described in the reader's language (emitra.ledger.memos, issue 12 req. 6)."""

    kind = models.CharField(max_length=40, db_index=True)
    memo = models.CharField(max_length=300, blank=True)  # in English; shown when memo_code is empty
    # the memo by code and parameters, its words made in the reader's language (emitra.ledger.memos)
    memo_code = models.CharField(max_length=40, blank=True, db_default="")
    memo_args = models.JSONField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    actor_ref = models.CharField(max_length=80, blank=True)
    ref = models.CharField(max_length=80, blank=True, db_index=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    # unique: an entry is reversed at most once
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    @property
    def description(self):
        return memos.describe(self.memo_code, self.memo_args, self.memo)

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class Posting(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.BigIntegerField(help_text="paise; positive credits the account, negative debits it")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["account", "created", "id"], name="ledger_posting_statement")]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="ledger_posting_not_zero")]

    def __str__(self):
        return f"{self.account_id} {self.amount:+d}"


class HoldState(models.TextChoices):
    PENDING = "pending", _("pending")
    POSTED = "posted", _("posted")
    VOIDED = "voided", _("voided")
    EXPIRED = "expired", _("expired")


class Hold(models.Model):
    """Funds reserved on a floored account until a department confirms (two-phase)."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="holds")
    amount = models.BigIntegerField()
    state = models.CharField(max_length=10, choices=HoldState.choices, default=HoldState.PENDING)
    idempotency_key = models.CharField(max_length=120, unique=True)
    memo = models.CharField(max_length=300, blank=True)
    actor_ref = models.CharField(max_length=80, blank=True)
    ref = models.CharField(max_length=80, blank=True, db_index=True)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed = models.DateTimeField(null=True, blank=True)
    entry = models.OneToOneField(
        JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="hold"
    )

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["state", "expires_at"], name="ledger_hold_expiry")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_hold_positive")]

    def __str__(self):
        return f"hold #{self.pk} {self.amount} {self.state}"
