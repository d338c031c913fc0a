"""Commission payouts (F9, issue 10 req. 6-7): the holder's PAN, the kiosk's bank account
with the LSP officer's verification, TDS rates as dated rows, payouts and NEFT batches.

Balances live in the ledger; these tables say why each entry was posted, to which
verified account, with what tax, and who decided it.
"""
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.network.models import account_no_validator, ifsc_validator

# AAAAA9999A, the fourth letter the holder's status (P person, C company, H HUF, F firm,
# A association, T trust, B body of individuals, L local authority, J juridical person, G government).
pan_validator = RegexValidator(r"^[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z]$",
                               _("A PAN has 10 characters, like ABCPK1234F: five letters, four digits, a letter."))


class PayoutProfile(models.Model):
    """What the payouts need to know of a kiosk besides its bank account: the holder's PAN
    (req. 6) and the monthly automatic payout (req. 7)."""

    kiosk = models.OneToOneField("network.Kiosk", on_delete=models.PROTECT, related_name="payout_profile")
    pan = models.CharField(_("PAN of the kiosk holder"), max_length=10, blank=True, validators=[pan_validator])
    auto_payout = models.BooleanField(_("pay out automatically every month"), default=False)
    auto_minimum = models.BigIntegerField(_("only when the balance is above"), default=0, help_text="paise")
    # the first day a monthly payout may run: the 1st of the month after it was turned on
    auto_from = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(auto_minimum__gte=0), name="payouts_profile_minimum")]

    def __str__(self):
        return f"payout profile of {self.kiosk_id}"


class BankAccount(models.Model):
    """A bank account the holder named for the kiosk's payouts (req. 7).

    A row is never edited: a change is a new row, pending until an officer of the
    kiosk's LSP verifies it; then it becomes the kiosk's one verified account and
    the one before is replaced. Payouts go only to the verified one.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the LSP's verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        REPLACED = "replaced", _("Replaced by a newer account")

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="payout_accounts")
    name = models.CharField(_("name on the bank account"), max_length=100)
    account_no = models.CharField(_("bank account number"), max_length=18, validators=[account_no_validator])
    ifsc = models.CharField(_("IFSC of the branch"), max_length=11, validators=[ifsc_validator])
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kiosk"], condition=Q(state="verified"), name="payouts_one_verified_account"),
            models.UniqueConstraint(fields=["kiosk"], condition=Q(state="pending"), name="payouts_one_pending_account"),
        ]

    def __str__(self):
        return f"{self.name} {self.masked_no} {self.ifsc}"

    @property
    def masked_no(self):
        return "X" * (len(self.account_no) - 4) + self.account_no[-4:]


class TdsRate(models.Model):
    """TDS under income-tax section 194H as dated rows (req. 6, STYLE 8): the row whose
    valid_from is the latest on or before the payout's day is in force. A row in use is
    never edited; a change of law is a new row."""

    valid_from = models.DateField(unique=True)
    rate_with_pan = models.DecimalField(max_digits=6, decimal_places=4, help_text="0.0200 is 2%")
    rate_without_pan = models.DecimalField(max_digits=6, decimal_places=4, help_text="section 206AA")
    threshold = models.BigIntegerField(help_text="paise in a financial year paid without deduction")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_with_pan__gte=0, rate_with_pan__lte=1, rate_without_pan__gte=0,
                                               rate_without_pan__lte=1, threshold__gte=0), name="payouts_tds_sane"),
        ]

    def __str__(self):
        return f"TDS from {self.valid_from}"


class NeftBatch(models.Model):
    """A NEFT bulk-payment file an LSP officer or DoIT made and uploads to the bank (req. 7a).
    Its payouts are fixed when it is made, so downloading it again gives the same file."""

    lsp = models.ForeignKey("network.LSP", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            help_text="NULL: made by DoIT for every LSP")
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    idempotency_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"NEFT batch #{self.pk}"


class Payout(models.Model):
    """One transfer of commission to the kiosk's verified bank account (F9, req. 6-7).

    Posted at once: gross off the commission account, TDS to DoIT's TDS payable, net to
    payouts in transit. Then the bank channel sends it (a NEFT batch, or the bank's API)
    and it ends paid (in transit -> bank) or failed (the entry reversed: the money back).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent to the bank")
        SENT = "sent", _("Sent to the bank")
        PAID = "paid", _("Paid into the bank account")
        FAILED = "failed", _("Failed: the money is back in the commission balance")

    class Channel(models.TextChoices):
        NEFT_FILE = "neft_file", _("NEFT file")
        BANK_API = "bank_api", _("Bank API")

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="payouts")
    holder = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+",
                               help_text="the deductee: the kiosk's holder when it was paid")
    bank_account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="payouts")
    reference = models.CharField(max_length=16, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    gross = models.BigIntegerField(help_text="paise taken from the commission balance")
    tds = models.BigIntegerField(default=0, help_text="paise deducted under 194H")
    net = models.BigIntegerField(help_text="paise sent to the bank account")
    tds_base = models.BigIntegerField(default=0, help_text="paise of the year's commission this TDS was computed on")
    tds_rate = models.DecimalField(max_digits=6, decimal_places=4, default=0)
    pan = models.CharField(max_length=10, blank=True, help_text="the holder's PAN when it was paid")
    paid_on = models.DateField(help_text="the day of the payout (its financial year and quarter)")
    auto = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=64, unique=True)
    requested_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created = models.DateTimeField(default=timezone.now)
    batch = models.ForeignKey(NeftBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payouts")
    bank_ref = models.CharField(max_length=40, blank=True, help_text="the bank's UTR, or its reason for failing")
    reason = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    closed = models.DateTimeField(null=True, blank=True)
    entry = models.OneToOneField("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="payout")
    close_entry = models.OneToOneField("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="payout_closed")

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["holder", "paid_on"], name="payouts_fy_of_holder"),
            models.Index(fields=["pan", "paid_on"], name="payouts_by_pan"),
            models.Index(fields=["state", "channel", "next_attempt_at"], name="payouts_queue"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(gross__gt=0, tds__gte=0, net__gt=0), name="payouts_amounts_positive"),
            models.CheckConstraint(condition=Q(gross=models.F("tds") + models.F("net")), name="payouts_gross_is_tds_net"),
        ]

    def __str__(self):
        return f"payout {self.reference}"

    @property
    def tds_percent(self):
        return f"{(self.tds_rate * 100).normalize():f}%"


class NeftResponse(models.Model):
    """A bank's response file as uploaded, checked and waiting for the officer's confirmation
    (issue 9 items 1-2 for req. 7a): the check page shows what the file would settle and fail,
    and the confirmation applies exactly that file, once. `digest` is the SHA-256 of `content`."""

    uploaded_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    content = models.BinaryField()
    digest = models.CharField(max_length=64)
    applied = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"NEFT response {self.pk}"
