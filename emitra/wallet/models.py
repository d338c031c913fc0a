"""The kiosk's side of money (issue 3): top-ups, security deposits, credit
rules, credit-limit requests and their history. Balances live in the ledger;
these tables say why each entry was posted and who decided it."""
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TopUp(models.Model):
    """Money the kiosk sends to e-Mitra to fill its wallet (req. 5).

    A bank transfer waits for the LSP officer; a gateway payment is settled by
    the background reconciliation. A UTR is pending or credited at most once
    (wallet_topup_utr_once); a rejected top-up frees its UTR so that a holder
    who mistyped the amount can record the transfer again.
    """

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank", _("Bank transfer")
        GATEWAY = "gateway", _("Online payment")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Credited")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="topups")
    method = models.CharField(max_length=10, choices=Method.choices)
    amount = models.BigIntegerField(help_text="paise")
    utr = models.CharField(_("UTR"), max_length=22, null=True, blank=True)
    transferred_on = models.DateField(_("date of transfer"), null=True, blank=True)
    gateway = models.CharField(max_length=30, blank=True)
    gateway_ref = models.CharField(max_length=64, null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    idempotency_key = models.CharField(max_length=64, unique=True)
    requested_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_key = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    entry = models.OneToOneField("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="topup")

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["state", "method", "created"], name="wallet_topup_queue")]
        constraints = [
            models.UniqueConstraint(fields=["utr"], condition=Q(utr__isnull=False, state__in=["pending", "confirmed"]),
                                    name="wallet_topup_utr_once"),
            models.UniqueConstraint(fields=["gateway", "gateway_ref"], condition=Q(gateway_ref__isnull=False),
                                    name="wallet_topup_gateway_ref_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="wallet_topup_positive"),
            models.CheckConstraint(condition=~Q(method="bank") | Q(utr__isnull=False),
                                   name="wallet_topup_bank_has_utr"),
        ]

    def __str__(self):
        return f"top-up #{self.pk}"


class SecurityDeposit(models.Model):
    """A kiosk's security deposit (F18): credited to the wallet, recorded as held."""

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="security_deposits")
    amount = models.BigIntegerField(help_text="paise")
    reference = models.CharField(_("reference (receipt, DD or UTR)"), max_length=40)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    idempotency_key = models.CharField(max_length=64, unique=True)
    entry = models.OneToOneField("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="security_deposit")

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="wallet_deposit_positive")]

    def __str__(self):
        return f"deposit #{self.pk}"


class CreditRule(models.Model):
    """What DoIT lets a kiosk have as credit limit (F16). Dated rows, never edited once
    in force: the rule in force on a day is the one with the latest valid_from up to it.

    A request is approved at once up to min(auto_max, max(deposit x deposit_percent %,
    average daily debits of the last 30 days x volume_days)); above that and up to
    lsp_max it goes to the LSP officer; above lsp_max it is refused.
    """

    valid_from = models.DateField(_("in force from"))
    deposit_percent = models.PositiveIntegerField(_("percent of the security deposit"), default=100)
    volume_days = models.PositiveIntegerField(_("days of average daily debits"), default=0)
    auto_max = models.BigIntegerField(_("highest limit approved at once"))
    lsp_max = models.BigIntegerField(_("highest limit an LSP may grant"))
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(auto_max__gte=0, auto_max__lte=F("lsp_max")),
                                   name="wallet_creditrule_auto_within_lsp_max"),
        ]

    def __str__(self):
        return f"credit rule from {self.valid_from}"


class CreditLimitRequest(models.Model):
    """A holder's request for a credit limit (F16). It records the limit it was made against
    (base_limit): an LSP's grant applies to that limit, or the LSP decides again with what
    changed since in view; the holder may withdraw it while it waits (issue 9 item 4)."""

    class State(models.TextChoices):
        APPROVED = "approved", _("Approved at once by the rules")
        PENDING = "pending", _("Waiting for the LSP")
        GRANTED = "granted", _("Granted by the LSP")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn by the holder")

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="credit_requests")
    amount = models.BigIntegerField(help_text="paise: the limit asked for")
    state = models.CharField(max_length=10, choices=State.choices)
    allowed_at_once = models.BigIntegerField(default=0, help_text="paise: what the rules allowed when asked")
    base_limit = models.BigIntegerField(null=True, blank=True,
                                        help_text="paise: the credit limit when asked (none for requests before it)")
    rule = models.ForeignKey(CreditRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    granted_amount = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kiosk"], condition=Q(state="pending"),
                                    name="wallet_one_pending_limit_request"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="wallet_limit_request_not_negative"),
        ]


class CreditLimitChange(models.Model):
    """Every change of a kiosk's credit limit (F16), whoever made it."""

    class Source(models.TextChoices):
        RULES = "rules", _("Approved by the rules")
        LSP = "lsp", _("Granted by the LSP")

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="credit_changes")
    old_limit = models.BigIntegerField()
    new_limit = models.BigIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    request = models.ForeignKey(CreditLimitRequest, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="changes")
    changed_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
