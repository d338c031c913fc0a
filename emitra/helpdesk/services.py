"""The operations on issue tickets (F34; issue 13 req. 6).

- raise_ticket: a ticket gets its number at once and goes to its desk by its
  category (route): what happens at a kiosk (a payment, the wallet, the kiosk,
  overcharging) to the kiosk's LSP, the rest (and anything without a kiosk) to
  DoIT. The raising is the first event of the thread; the reporter is told the
  number and the desk by SMS and e-mail.
- comment and move: every comment and every change of state is an event of
  the thread, in one transaction with an audit row and the reporter's SMS and
  e-mail (not for the reporter's own comment). The moves are workflow.MOVES;
  the desk's first event is its first response (the SLA's first clock). The
  reporter may reopen a resolved ticket within settings.TICKET_REOPEN_DAYS;
  a reopened ticket gets a new resolution due time.
- A reference typed on the form (a receipt or application number) must exist
  and be one the reporter may see (find_reference), else nothing is saved.
"""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.access import may_use
from emitra.applications.models import Application
from emitra.core import audit
from emitra.documents import services as documents
from emitra.documents.errors import DocumentRejected
from emitra.helpdesk import messages, workflow
from emitra.helpdesk.models import LSP_CATEGORIES, Category, Desk, Ticket, TicketEvent
from emitra.helpdesk.workflow import DESK, REPORTER, State
from emitra.payments.models import Receipt


class TicketError(ValueError):
    """The ticket cannot be taken or changed as asked; `field` is the form field it is about."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


def first_response_hours():
    return int(getattr(settings, "TICKET_FIRST_RESPONSE_HOURS", 24))


def resolution_hours():
    return int(getattr(settings, "TICKET_RESOLUTION_HOURS", 72))


def reopen_days():
    return int(getattr(settings, "TICKET_REOPEN_DAYS", 7))


def route(category, kiosk):
    """(desk, lsp) for a ticket of `category` about `kiosk` (or None): the kiosk's LSP for what
    happens at a kiosk, DoIT for the portal, the catalogue and applications, and for anything
    that names no kiosk."""
    if category in LSP_CATEGORIES and kiosk is not None:
        return Desk.LSP, kiosk.lsp
    return Desk.DOIT, None


def find_reference(text, roles):
    """(receipt, application) named by a typed number, one of them None; ("", "") -> (None, None).

    The number must be a receipt the person may see (may_use "receipts") or an
    application of a kiosk where the person files applications; anything else is
    one message, so that nobody learns which numbers exist.
    """
    number = "".join(str(text or "").split()).upper()
    if not number:
        return None, None
    unknown = TicketError(_("No receipt or application with this number is yours to see. "
                            "Check the number on the paper."), field="reference")
    if roles is None or len(number) > 40:
        raise unknown
    receipt = Receipt.objects.select_related("kiosk__lsp").filter(number=number).first()
    if receipt is not None and may_use(roles, receipt.kiosk, "receipts"):
        return receipt, None
    application = Application.objects.select_related("kiosk__lsp").filter(number=number).first()
    if application is not None and may_use(roles, application.kiosk, "applications"):
        return None, application
    raise unknown


def clean_description(text):
    text = str(text or "").strip()
    if not text:
        raise TicketError(_("Describe the problem."), field="description")
    return text[:4000]


def _event(ticket, kind, *, by, by_desk, action="", from_state="", to_state="", text="", now):
    event = TicketEvent.objects.create(ticket=ticket, kind=kind, action=action, author=by, by_desk=by_desk,
                                       from_state=from_state, to_state=to_state, text=text, at=now)
    return event


def raise_ticket(*, category, description, reporter=None, page="", attachment=None, reference_receipt=None,
                 reference_application=None, kiosk=None, contact_name="", contact_mobile="", contact_email="",
                 language="hi", ip=None):
    """Record a problem (F34) and route it; the Ticket, numbered at once.

    attachment: an uploaded file, taken by the document locker's rules (its content
    decides: PDF, JPEG or PNG, whole, at most settings.DOCUMENT_MAX_BYTES), else
    TicketError on "attachment" and nothing is saved. The kiosk is the receipt's or
    the application's, else the one given (the reporter's).
    """

    if category not in Category.values:
        raise TicketError(_("Choose what the problem is about."), field="category")
    description = clean_description(description)
    if reference_receipt is not None:
        kiosk = reference_receipt.kiosk
    elif reference_application is not None:
        kiosk = reference_application.kiosk
    if reporter is None and not (contact_mobile or contact_email):
        raise TicketError(_("Give a mobile number or an e-mail address for the updates."), field="mobile")
    desk, lsp = route(category, kiosk)
    now = timezone.now()
    with transaction.atomic():
        blob = None
        if attachment is not None:
            try:
                blob = documents.store_file(attachment)
            except DocumentRejected as e:
                raise TicketError(e.message, field="attachment") from None
        ticket = Ticket.objects.create(
            category=category, description=description, page=str(page or "")[:500], attachment=blob,
            attachment_name=str(getattr(attachment, "name", "") or "")[-200:] if blob else "",
            receipt=reference_receipt, application=reference_application, kiosk=kiosk, desk=desk, lsp=lsp,
            reporter=reporter, contact_name=(contact_name or getattr(reporter, "name", "") or "")[:100],
            contact_mobile=contact_mobile or "", contact_email=contact_email or "",
            language=language if language in ("hi", "en") else "hi", raised_from_ip=ip,
            created=now, updated=now,
            first_response_due=now + timedelta(hours=first_response_hours()),
            resolution_due=now + timedelta(hours=resolution_hours()))
        ticket.number = f"TK-{now:%y%m}-{ticket.pk:06d}"
        ticket.save(update_fields=["number"])
        event = _event(ticket, TicketEvent.Kind.RAISED, by=reporter, by_desk=False, to_state=State.OPEN,
                       text=description, now=now)
        audit.record("helpdesk.ticket.raised", actor=reporter, kiosk=kiosk, target=ticket, ip=ip,
                     number=ticket.number, category=category, desk=desk,
                     lsp=lsp.code if lsp else "")
        messages.tell_reporter(ticket, event)
    return ticket


def _first_response(ticket, now):
    if ticket.first_response_at is None:
        ticket.first_response_at = now


def comment(ticket, text, *, by, as_desk):
    """Add a comment to the thread. The desk's comment is a response (and is sent to the reporter);
    the reporter's answer to the desk's question puts the ticket back with the desk."""
    text = str(text or "").strip()
    if not text:
        raise TicketError(_("Write the comment."), field="text")
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.state == State.CLOSED:
            raise TicketError(_("This ticket is closed. Raise a new ticket if the problem is back."), field="text")
        now = timezone.now()
        before = ticket.state
        if as_desk:
            _first_response(ticket, now)
        elif before in workflow.ANSWERED:
            ticket.state = workflow.ANSWERED[before]
        ticket.updated = now
        ticket.save(update_fields=["first_response_at", "state", "updated"])
        event = _event(ticket, TicketEvent.Kind.COMMENT, by=by, by_desk=as_desk, text=text[:4000], now=now,
                       from_state=before if ticket.state != before else "",
                       to_state=ticket.state if ticket.state != before else "")
        audit.record("helpdesk.ticket.commented", actor=by, kiosk=ticket.kiosk, target=ticket,
                     number=ticket.number, side="desk" if as_desk else "reporter")
        if as_desk:
            messages.tell_reporter(ticket, event)
    return ticket


def reopen_until(ticket):
    """Until when the reporter may reopen a resolved ticket (settings.TICKET_REOPEN_DAYS), or None."""
    if ticket.state != State.RESOLVED or ticket.resolved_at is None:
        return None
    return ticket.resolved_at + timedelta(days=reopen_days())


def move(ticket, action, *, by, as_desk, note=""):
    """Change the ticket's state by one of workflow.MOVES (MoveNotAllowed otherwise); the reporter is told."""
    note = str(note or "").strip()[:4000]
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        step = workflow.move_for(action, ticket.state, DESK if as_desk else REPORTER)
        if step.needs_note and not note:
            raise TicketError(_("Say why, in a few words."), field="note")
        now = timezone.now()
        if action == "reopen":
            until = reopen_until(ticket)
            if until is None or now > until:
                raise TicketError(_("A ticket can be reopened within %(days)s days of its resolution. "
                                    "Raise a new ticket.") % {"days": reopen_days()}, field="note")
            ticket.resolution_due = now + timedelta(hours=resolution_hours())
            ticket.resolved_at = None
        before = ticket.state
        ticket.state = step.target
        if as_desk:
            _first_response(ticket, now)
        if step.target == State.RESOLVED:
            ticket.resolved_at = now
        if step.target == State.CLOSED:
            ticket.closed_at = now
        ticket.updated = now
        ticket.save(update_fields=["state", "first_response_at", "resolved_at", "closed_at", "resolution_due",
                                   "updated"])
        event = _event(ticket, TicketEvent.Kind.MOVE, by=by, by_desk=as_desk, action=action, from_state=before,
                       to_state=step.target, text=note, now=now)
        audit.record("helpdesk.ticket.moved", actor=by, kiosk=ticket.kiosk, target=ticket,
                     number=ticket.number, from_state=before, to_state=step.target)
        messages.tell_reporter(ticket, event)
    return ticket


def desk_tickets(roles, *, desk, state=""):
    """The tickets a desk handles, unresolved first and the soonest due first (the desk's list).

    desk "lsp": the tickets routed to the person's LSPs; "doit": those routed to DoIT.
    state: one State, "unresolved" (the default list) or "all".
    """
    if desk == Desk.LSP:
        rows = Ticket.objects.filter(desk=Desk.LSP, lsp_id__in=roles.lsp_ids)
    else:
        rows = Ticket.objects.filter(desk=Desk.DOIT)
    if state in State.values:
        rows = rows.filter(state=state)
    elif state != "all":
        rows = rows.filter(state__in=workflow.UNRESOLVED)
    return rows.select_related("kiosk", "lsp").order_by("resolution_due", "pk")


def reporter_tickets(person):
    return Ticket.objects.filter(reporter=person).select_related("kiosk", "lsp").order_by("-created", "-pk")


def public_tickets_today(ip, now=None):
    """How many tickets were raised without signing in from address `ip` in the last day."""
    now = now or timezone.now()
    return Ticket.objects.filter(reporter__isnull=True, raised_from_ip=ip, created__gt=now - timedelta(days=1)).count()


def open_complaint_about(receipt):
    """The unresolved citizen's complaint about this receipt, if there is one."""
    return Ticket.objects.filter(receipt=receipt, reporter__isnull=True, category=Category.OVERCHARGED,
                                 state__in=workflow.UNRESOLVED).first()
