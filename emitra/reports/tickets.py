"""Issue tickets in the reports (issue 13 req. 1, 6; F34): the kiosk's, the LSP desk's and DoIT's.

- kiosk: the tickets its own people raised about it (a citizen's complaint against the
  kiosk goes to its LSP and is not shown to the kiosk it is about);
- LSP: the tickets routed to its desk (helpdesk.services.route), with the SLA's due times;
- DoIT: every ticket of the state, whichever desk handles it.
The overdue column is worked out by the database at the time of the query (Now()), as the
desks' lists mark it: unresolved, and past the first response's due time without one, or
past the resolution's.
"""
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emitra.helpdesk.models import Category, Desk, Ticket
from emitra.helpdesk.workflow import UNRESOLVED, State
from emitra.reports.definition import CHOICE, DATETIME, DOIT, KIOSK, LSP, TEXT, Column, Filter, Report

OVERDUE = Case(When(Q(state__in=UNRESOLVED) & (Q(first_response_at__isnull=True, first_response_due__lt=Now())
                                               | Q(resolution_due__lt=Now())), then=Value(1)),
               default=Value(0), output_field=IntegerField())
OVERDUE_CHOICES = ((1, _("overdue")), (0, ""))


def _ticket_link(row, scope):
    return reverse("helpdesk:ticket", args=[row["number"]])


def _columns(*, kiosk=True, desk=False, link=True):
    columns = [
        Column("created", _("Raised"), DATETIME),
        Column("number", _("Ticket"), TEXT, link=_ticket_link if link else None),
        Column("category", _("Category"), CHOICE, choices=Category.choices),
        Column("state", _("Status"), CHOICE, choices=State.choices),
    ]
    if kiosk:
        columns.append(Column("kiosk_code", _("Kiosk"), TEXT, source="kiosk__code"))
    if desk:
        columns += [Column("desk", _("Desk"), CHOICE, choices=Desk.choices),
                    Column("lsp_name", _("LSP"), TEXT, source="lsp__name")]
    columns += [
        Column("first_response_due", _("First response due"), DATETIME),
        Column("first_response_at", _("First response"), DATETIME),
        Column("resolution_due", _("Resolution due"), DATETIME),
        Column("resolved_at", _("Resolved"), DATETIME),
        Column("overdue", _("Overdue"), CHOICE, source=OVERDUE, choices=OVERDUE_CHOICES),
    ]
    return tuple(columns)


def _filters(*, desk=False):
    filters = [
        Filter("created", _("Raised"), "dates", "created", default_days=90),
        Filter("state", _("Status"), "choice", "state", choices=State.choices),
        Filter("category", _("Category"), "choice", "category", choices=Category.choices),
    ]
    if desk:
        filters.append(Filter("desk", _("Desk"), "choice", "desk", choices=Desk.choices))
    return tuple(filters)


kiosk_tickets = Report(
    slug="tickets", title=_("Issue tickets"), role=KIOSK, kiosk_page="home",
    description=_("The tickets the kiosk's people raised, with where each one stands."),
    columns=_columns(kiosk=False, link=False),
    base=lambda kiosk, values: Ticket.objects.filter(kiosk=kiosk, reporter__isnull=False),
    default_sort="-created", key="id", filters=_filters(), wide=True,
    indexes=("helpdesk_kiosk_created",),
)

lsp_tickets = Report(
    slug="tickets", title=_("Issue tickets"), role=LSP,
    description=_("The tickets routed to the LSP's desk, with their first-response and resolution due times."),
    columns=_columns(), wide=True,
    base=lambda lsp_ids, values: Ticket.objects.filter(desk=Desk.LSP, lsp_id__in=lsp_ids),
    default_sort="-created", key="id", filters=_filters(),
    indexes=("helpdesk_lsp_created", "helpdesk_desk_list"),
)

doit_tickets = Report(
    slug="tickets", title=_("Issue tickets"), role=DOIT,
    description=_("Every ticket of the state, whichever desk handles it, with its due times."),
    columns=_columns(desk=True), wide=True,
    base=lambda scope, values: Ticket.objects.all(),
    default_sort="-created", key="id", filters=_filters(desk=True),
    indexes=("helpdesk_created",),
)
