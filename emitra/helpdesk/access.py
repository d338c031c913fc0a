"""Who sees a ticket (F34): every view reaches one through ticket_for.

The reporter sees their own ticket; the desk it was routed to handles it (the
officers of its LSP, or DoIT); DoIT oversees every desk. Anyone else gets 404,
so that nobody learns which ticket numbers exist.
"""
from dataclasses import dataclass

from django.http import Http404

from emitra.helpdesk.models import Desk, Ticket


@dataclass(frozen=True)
class TicketAccess:
    ticket: Ticket
    as_desk: bool
    as_reporter: bool


def handles(roles, ticket):
    """Whether a person with `roles` works on `ticket`'s desk (DoIT: every desk)."""
    if roles is None:
        return False
    return roles.is_doit or (ticket.desk == Desk.LSP and ticket.lsp_id in roles.lsp_ids)


def ticket_for(request, number):
    """The ticket `number` with the signed-in person's part in it, else 404."""
    if request.person is None:
        raise Http404
    ticket = (Ticket.objects.select_related("kiosk", "lsp", "reporter", "receipt", "application", "attachment")
              .filter(number=str(number).upper()[:20]).first())
    if ticket is None:
        raise Http404
    as_desk = handles(request.roles, ticket)
    as_reporter = ticket.reporter_id == request.person.pk
    if not (as_desk or as_reporter):
        raise Http404
    return TicketAccess(ticket, as_desk, as_reporter)
