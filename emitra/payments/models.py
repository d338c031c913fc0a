"""Carts, receipts and cheques (issue 4 req. 5-9; F20-F24).

A Cart collects lines of several services for one consumer; paying it writes
ONE Receipt with its ReceiptLines and ONE ledger entry (or one hold, where a
department must confirm first). Money never lives here: amounts are copies of
what the ledger entry moved, kept so that a receipt can always be explained.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Cart(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    consumer_name = models.CharField(_("consumer name"), max_length=120, blank=True)
    mobile = models.CharField(_("mobile"), max_length=10, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="hi")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # one open cart per person at a kiosk: the one "the cart" means
            models.UniqueConstraint(fields=["kiosk", "created_by"], condition=Q(state="open"),
                                    name="payments_one_open_cart"),
        ]

    def __str__(self):
        return f"cart #{self.pk} {self.kiosk_id}"

    @property
    def total(self):
        return sum(line.total for line in self.lines.all())


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    consumer_no = models.CharField(_("consumer number"), max_length=30, blank=True)
    bill_consumer_name = models.CharField(max_length=120, blank=True)
    bill_number = models.CharField(max_length=40, blank=True)
    bill_due_date = models.DateField(null=True, blank=True)
    bill_amount = models.BigIntegerField(null=True, blank=True)
    government_amount = models.BigIntegerField()
    service_charge = models.BigIntegerField()
    # the app that added the line for something of its own, and its key for it (payments.line_hooks)
    linked_kind = models.CharField(max_length=20, blank=True)
    linked_ref = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    @property
    def total(self):
        return self.government_amount + self.service_charge


class Receipt(models.Model):
    class Mode(models.TextChoices):
        WALLET = "wallet", _("Wallet (cash)")
        CHEQUE = "cheque", _("Cheque")

    class State(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting the department")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("CANCELLED")
        FAILED = "failed", _("Not paid: the department refused")
        DISHONOURED = "dishonoured", _("Cheque dishonoured")

    class ChequeState(models.TextChoices):
        NONE = "", _("—")
        IN_HAND = "in_hand", _("Cheque in hand")
        CLEARED = "cleared", _("Cheque cleared")
        DISHONOURED = "dishonoured", _("Cheque dishonoured")

    number = models.CharField(_("receipt number"), max_length=40, unique=True)
    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="+")
    cart = models.OneToOneField(Cart, null=True, on_delete=models.SET_NULL, related_name="receipt")
    idempotency_key = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now, db_index=True)
    consumer_name = models.CharField(_("consumer name"), max_length=120)
    mobile = models.CharField(_("mobile"), max_length=10)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(max_length=5, default="hi")
    mode = models.CharField(_("payment mode"), max_length=10, choices=Mode.choices)
    state = models.CharField(max_length=12, choices=State.choices)
    government_total = models.BigIntegerField()
    service_charge_total = models.BigIntegerField()
    total = models.BigIntegerField()
    entry = models.OneToOneField("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    hold = models.OneToOneField("ledger.Hold", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cheque_no = models.CharField(_("cheque number"), max_length=6, blank=True)
    cheque_bank = models.CharField(_("bank"), max_length=100, blank=True)
    cheque_date = models.DateField(_("cheque date"), null=True, blank=True)
    cheque_state = models.CharField(max_length=12, choices=ChequeState.choices, blank=True, default="")
    cheque_decided_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    cheque_decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["kiosk", "-created"], name="payments_receipt_kiosk"),
            models.Index(fields=["cheque_state", "created"], name="payments_receipt_cheque",
                         condition=Q(cheque_state="in_hand")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="payments_receipt_total_positive"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_cancelled(self):
        return self.state == self.State.CANCELLED


class ReceiptLine(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Paid")
        CANCELLED = "cancelled", _("CANCELLED")
        REJECTED = "rejected", _("Rejected by the department; refunded")
        FAILED = "failed", _("Not paid")
        DISHONOURED = "dishonoured", _("Cheque dishonoured")

    class DeptState(models.TextChoices):
        """Where the line's posting to the department stands (F29; see emitra.payments.settlement)."""

        NOT_NEEDED = "not_needed", _("Nothing to send")
        PENDING = "pending", _("Being sent to the department")
        CONFIRMED = "confirmed", _("Confirmed by the department")
        REJECTED = "rejected", _("Rejected by the department")
        FAILED = "failed", _("Not delivered to the department: no answer after the last retry")
        CANCEL_PENDING = "cancel_pending", _("Cancellation being sent to the department")
        CANCEL_CONFIRMED = "cancel_confirmed", _("Cancellation confirmed by the department")
        CANCEL_FAILED = "cancel_failed", _("Cancellation not delivered to the department")

    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    # both indexed by the composite indexes below (service, paid_at) and (kiosk, paid_at)
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+", db_index=False)
    # copies for the duplicate check (F24), so that it is one index range scan
    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="+", db_index=False)
    paid_at = models.DateTimeField(default=timezone.now)
    consumer_no = models.CharField(max_length=30, blank=True)
    bill_consumer_name = models.CharField(max_length=120, blank=True)
    bill_number = models.CharField(max_length=40, blank=True)
    bill_due_date = models.DateField(null=True, blank=True)
    government_amount = models.BigIntegerField()
    service_charge = models.BigIntegerField()
    total = models.BigIntegerField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    # The line is its own outbox row towards the department (emitra.payments.settlement):
    # pending / cancel_pending lines are due at dept_next_attempt_at.
    dept_state = models.CharField(max_length=16, choices=DeptState.choices, default=DeptState.NOT_NEEDED)
    dept_reference = models.CharField(max_length=60, blank=True)
    dept_message = models.CharField(max_length=300, blank=True)  # the department's refusal or the last error
    dept_attempts = models.PositiveSmallIntegerField(default=0)
    dept_next_attempt_at = models.DateTimeField(default=timezone.now)
    cancel_reason = models.CharField(max_length=300, blank=True)
    reversal_entry = models.ForeignKey("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # copied from the cart line (payments.line_hooks)
    linked_kind = models.CharField(max_length=20, blank=True)
    linked_ref = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["receipt", "position"]
        indexes = [
            # F24: same service, consumer number and amount in the last 30 days, state-wide
            models.Index(fields=["service", "consumer_no", "government_amount", "paid_at"],
                         name="payments_line_duplicate", condition=Q(state="active")),
            # postings for DoIT's page: waiting, rejected or failed
            models.Index(fields=["dept_state"], name="payments_line_dept_open",
                         condition=Q(dept_state__in=["pending", "rejected", "failed", "cancel_pending",
                                                     "cancel_failed"])),
            # the outbox sweep: lines due for a posting attempt
            models.Index(fields=["dept_next_attempt_at"], name="payments_line_dept_due",
                         condition=Q(dept_state__in=["pending", "cancel_pending"])),
            # F29: a department's collections by service and time
            models.Index(fields=["service", "paid_at"], name="payments_line_service_day"),
            # F29: an office's kiosks, or one kiosk, by time
            models.Index(fields=["kiosk", "paid_at"], name="payments_line_kiosk_day"),
            # issue 13 (reports): the state's live lines of a day range grouped by kiosk, service or
            # day, read from the index alone on PostgreSQL (the columns they sum are included)
            models.Index(fields=["paid_at"], include=["kiosk", "service", "government_amount", "service_charge",
                                                      "total"],
                         name="payments_line_live_day", condition=Q(state="active")),
            # issue 13: cancellations of the state, and of one kiosk, by when they were cancelled
            models.Index(fields=["cancelled_at"], name="payments_line_cancelled", condition=Q(state="cancelled")),
            models.Index(fields=["kiosk", "cancelled_at"], name="payments_line_kiosk_cancelled",
                         condition=Q(state="cancelled")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["receipt", "position"], name="payments_line_position"),
            models.CheckConstraint(condition=Q(total__gt=0), name="payments_line_total_positive"),
        ]

    @property
    def is_undone(self):
        """Cancelled, refused, not paid or dishonoured (emitra.payments.undo): the line adds nothing."""
        return self.state != self.State.ACTIVE

    @property
    def reference(self):
        """The line's reference towards the department: receipt number and position."""
        return f"{self.receipt.number}/{self.position}"


class ReceiptCounter(models.Model):
    """The last receipt serial of a kiosk; bumped by one conditional UPDATE inside the payment."""

    kiosk = models.OneToOneField("network.Kiosk", on_delete=models.CASCADE, primary_key=True, related_name="+")
    last = models.BigIntegerField(default=0)
