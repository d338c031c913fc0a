"""Issue tickets (F34; issue 13 req. 6).

- Ticket: one problem someone recorded: what kind (a Category, which decides the
  desk that handles it), the description, the page it was raised from, an
  optional attachment (a documents.Blob, taken under the locker's rules) and an
  optional receipt or application it is about. The desk is the kiosk's LSP or
  DoIT (services.route). The reporter is a signed-in person, or a citizen from
  the public receipt check who left a mobile or e-mail for the updates.
- TicketEvent: the thread: the raising, every comment and every move of the
  state (workflow.MOVES), in order, with who made it.

The SLA is two due times set when the ticket is raised (and the resolution's
again when it is reopened), from settings.TICKET_FIRST_RESPONSE_HOURS and
TICKET_RESOLUTION_HOURS; the desk's first comment or move is its first response.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.helpdesk.workflow import UNRESOLVED, State


class Desk(models.TextChoices):
    LSP = "lsp", _("The kiosk's LSP")
    DOIT = "doit", _("DoIT")


class Category(models.TextChoices):
    OVERCHARGED = "overcharged", _("Charged more than the receipt shows")
    PAYMENT = "payment", _("A payment or a receipt")
    WALLET = "wallet", _("The wallet, a top-up or the credit limit")
    KIOSK = "kiosk", _("The kiosk, its users or its commission")
    APPLICATION = "application", _("An application to a department")
    SERVICE = "service", _("A service or its fee")
    PORTAL = "portal", _("The portal: an error, a page that does not work")
    OTHER = "other", _("Something else")


# The kiosk's LSP answers for what happens at the kiosk; DoIT for the portal and the catalogue.
LSP_CATEGORIES = (Category.OVERCHARGED, Category.PAYMENT, Category.WALLET, Category.KIOSK)


class Ticket(models.Model):
    number = models.CharField(_("ticket number"), max_length=20, unique=True, null=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), max_length=4000)
    page = models.CharField(_("page"), max_length=500, blank=True)
    attachment = models.ForeignKey("documents.Blob", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    attachment_name = models.CharField(max_length=200, blank=True)
    receipt = models.ForeignKey("payments.Receipt", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    application = models.ForeignKey("applications.Application", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    kiosk = models.ForeignKey("network.Kiosk", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    desk = models.CharField(_("desk"), max_length=4, choices=Desk.choices)
    lsp = models.ForeignKey("network.LSP", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="tickets")
    contact_name = models.CharField(max_length=100, blank=True)
    contact_mobile = models.CharField(max_length=10, blank=True)
    contact_email = models.CharField(max_length=254, blank=True)
    language = models.CharField(max_length=2, default="hi")
    raised_from_ip = models.GenericIPAddressField(null=True, blank=True)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.OPEN)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    first_response_due = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # the desks' lists: their unresolved tickets, the oldest due first
            models.Index(fields=["desk", "lsp", "state", "resolution_due"], name="helpdesk_desk_list"),
            models.Index(fields=["reporter", "created"], name="helpdesk_reporter"),
            # the ticket reports (emitra.reports.tickets): by the raising time within a kiosk, an LSP, the state
            models.Index(fields=["kiosk", "created"], name="helpdesk_kiosk_created"),
            models.Index(fields=["lsp", "created"], name="helpdesk_lsp_created"),
            models.Index(fields=["created"], name="helpdesk_created"),
            # the public form's limit counts the day's tickets from one address
            models.Index(fields=["raised_from_ip", "created"], name="helpdesk_public_ip"),
        ]

    def __str__(self):
        return self.number or f"ticket {self.pk}"

    @property
    def unresolved(self):
        return self.state in UNRESOLVED

    def first_response_overdue(self, now=None):
        return self.first_response_at is None and self.unresolved and (now or timezone.now()) > self.first_response_due

    def resolution_overdue(self, now=None):
        return self.unresolved and (now or timezone.now()) > self.resolution_due

    @property
    def overdue(self):
        return self.first_response_overdue() or self.resolution_overdue()


class TicketEvent(models.Model):
    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        COMMENT = "comment", _("Comment")
        MOVE = "move", _("Status changed")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    action = models.CharField(max_length=20, blank=True)
    author = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by_desk = models.BooleanField(default=False)
    from_state = models.CharField(max_length=12, blank=True, choices=State.choices)
    to_state = models.CharField(max_length=12, blank=True, choices=State.choices)
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["at", "pk"]
