"""Ticket pages (F34): raise one from any page, follow its thread, the desks' lists, and the
citizen's complaint from the public receipt check. Views parse, call a service, render."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required, lsp_required, person_required
from emitra.core.money import format_paise
from emitra.core.verification import WINDOW_SECONDS, client_ip, over_limit
from emitra.documents.services import open_blob
from emitra.helpdesk import services, workflow
from emitra.helpdesk.access import ticket_for
from emitra.helpdesk.forms import CommentForm, MoveForm, OverchargedForm, TicketForm, local_page
from emitra.helpdesk.models import Category, Desk
from emitra.helpdesk.workflow import DESK, REPORTER, State
from emitra.payments import verification
from emitra.payments.models import Receipt


def _language():
    return "hi" if (get_language() or "").startswith("hi") else "en"


def _apply(error, form):
    form.add_error(error.field if error.field in form.fields else None, error.message)


@person_required
def new(request):
    """The "Generate issue ticket" form; the page it came from is filled in (?from=)."""
    person = request.person
    if request.method == "POST":
        form = TicketForm(request.POST, request.FILES, roles=request.roles)
        if form.is_valid():
            data = form.cleaned_data
            membership = request.roles.kiosk_membership
            try:
                ticket = services.raise_ticket(
                    category=data["category"], description=data["description"], reporter=person,
                    page=data["page"], attachment=data["attachment"], reference_receipt=data.get("receipt"),
                    reference_application=data.get("application"),
                    kiosk=membership.kiosk if membership is not None else None,
                    contact_mobile=person.mobile if len(person.mobile or "") == 10 else "",
                    contact_email=person.email, language=_language(), ip=client_ip(request))
            except services.TicketError as e:
                _apply(e, form)
            else:
                messages.success(request, _("Ticket %(number)s is recorded and sent to %(desk)s.")
                                 % {"number": ticket.number, "desk": _desk_name(ticket)})
                return redirect("helpdesk:ticket", ticket.number)
    else:
        form = TicketForm(initial={"page": local_page(request.GET.get("from", ""))}, roles=request.roles)
    return render(request, "helpdesk/new.html", {"form": form, "back_url": local_page(request.GET.get("from", ""))})


def _desk_name(ticket):
    return ticket.lsp.name if ticket.lsp_id else ticket.get_desk_display()


@person_required
def mine(request):
    return render(request, "helpdesk/list.html", {
        "tickets": services.reporter_tickets(request.person)[:200], "title": _("My issue tickets"),
        "mine": True, "now": timezone.now(), "back_url": reverse("accounts:home")})


def _desk_list(request, desk, title):
    state = request.GET.get("state", "")
    state = state if state in State.values or state == "all" else ""
    return render(request, "helpdesk/list.html", {
        "tickets": services.desk_tickets(request.roles, desk=desk, state=state)[:500], "title": title,
        "desk": desk, "state": state, "states": State.choices, "now": timezone.now(),
        "back_url": reverse("accounts:home")})


@lsp_required
def lsp_tickets(request):
    """The LSP's desk: the tickets routed to it, the soonest due first, overdue marked."""
    return _desk_list(request, Desk.LSP, _("Tickets at your LSP desk"))


@doit_required
def doit_tickets(request):
    """DoIT's desk: the tickets routed to DoIT, the soonest due first, overdue marked."""
    return _desk_list(request, Desk.DOIT, _("Tickets at the DoIT desk"))


def _ticket_page(request, access, *, comment_form=None, move_form=None, status=200):
    ticket = access.ticket
    now = timezone.now()
    moves = []
    if access.as_desk:
        moves += workflow.moves_from(ticket.state, DESK)
    if access.as_reporter:
        until = services.reopen_until(ticket)
        moves += [m for m in workflow.moves_from(ticket.state, REPORTER)
                  if m.action != "reopen" or (until is not None and now <= until)]
    return render(request, "helpdesk/ticket.html", {
        "ticket": ticket, "access": access, "events": ticket.events.select_related("author"),
        "comment_form": comment_form or CommentForm(), "move_form": move_form or MoveForm(), "moves": moves,
        "reopen_until": services.reopen_until(ticket) if access.as_reporter else None,
        "first_overdue": ticket.first_response_overdue(now), "resolution_overdue": ticket.resolution_overdue(now),
        "desk_name": _desk_name(ticket), "closed": ticket.state == State.CLOSED,
        "back_url": reverse("helpdesk:mine") if not access.as_desk else reverse(
            "helpdesk:lsp_tickets" if ticket.desk == Desk.LSP and not request.roles.is_doit else "helpdesk:doit_tickets"),
    }, status=status)


@person_required
def ticket(request, number):
    """The ticket and its thread; a comment is posted here."""
    access = ticket_for(request, number)
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment(access.ticket, form.cleaned_data["text"], by=request.person,
                                 as_desk=access.as_desk)
            except services.TicketError as e:
                _apply(e, form)
            else:
                messages.success(request, _("Your comment is added."))
                return redirect("helpdesk:ticket", access.ticket.number)
        return _ticket_page(request, access, comment_form=form, status=400)
    return _ticket_page(request, access)


@person_required
@require_POST
def move(request, number):
    """A change of the ticket's state: the button's action, with a note where the move needs one."""
    access = ticket_for(request, number)
    form = MoveForm(request.POST)
    action = request.POST.get("action", "")
    as_desk = access.as_desk and workflow.MOVES.get(action) is not None and workflow.MOVES[action].by == DESK
    if form.is_valid():
        try:
            if not as_desk and not access.as_reporter:
                raise workflow.MoveNotAllowed(action, access.ticket.state)
            services.move(access.ticket, action, by=request.person, as_desk=as_desk, note=form.cleaned_data["note"])
        except services.TicketError as e:
            _apply(e, form)
        except workflow.MoveNotAllowed as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The ticket is updated."))
            return redirect("helpdesk:ticket", access.ticket.number)
    return _ticket_page(request, access, move_form=form, status=400)


@person_required
def attachment(request, number):
    """The ticket's attachment, for the reporter and the desk only."""
    ticket = ticket_for(request, number).ticket
    if ticket.attachment is None:
        raise Http404
    blob = ticket.attachment
    return FileResponse(open_blob(blob), content_type=blob.content_type, as_attachment=True,
                        filename=f"{ticket.number}.{blob.extension}")


def overcharged(request, token):
    """"I was charged more than this receipt shows": a citizen's complaint from the public receipt check,
    without signing in, about the receipt of the QR, to the kiosk's LSP.

    Protected from abuse three ways: only a real receipt's signed token opens it; every view
    counts against the public checks' limit per address (core.verification.over_limit); and an
    address raises at most settings.PUBLIC_TICKETS_PER_DAY such tickets a day, one open per receipt.
    """
    from django.conf import settings


    if over_limit(request):
        response = render(request, "helpdesk/overcharged.html", {"limited": True}, status=429)
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
    number = verification.number_from_token(token)
    receipt = (Receipt.objects.select_related("kiosk__lsp").filter(number=number).first()
               if number is not None else None)
    if receipt is None:
        return render(request, "helpdesk/overcharged.html", {"unknown": True}, status=404)
    context = {"receipt": receipt, "amount": verification.valid_amount(receipt), "token": token,
               "back_url": reverse("payments:verify", args=[token])}
    existing = services.open_complaint_about(receipt)
    if existing is not None:
        return render(request, "helpdesk/overcharged.html", {**context, "existing": existing})
    ip = client_ip(request)
    if request.method == "POST":
        form = OverchargedForm(request.POST)
        if services.public_tickets_today(ip) >= settings.PUBLIC_TICKETS_PER_DAY:
            return render(request, "helpdesk/overcharged.html", {**context, "too_many": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            description = data["description"]
            if data.get("paid"):
                description = _("Paid %(paid)s; the receipt shows %(amount)s.") % {
                    "paid": format_paise(data["paid"]), "amount": format_paise(context["amount"])} + "\n" + description
            try:
                ticket = services.raise_ticket(
                    category=Category.OVERCHARGED, description=description, reference_receipt=receipt,
                    page=reverse("payments:verify", args=[token]), contact_name=data["name"],
                    contact_mobile=data["mobile"], contact_email=data["email"], language=_language(), ip=ip)
            except services.TicketError as e:
                _apply(e, form)
            else:
                return render(request, "helpdesk/overcharged.html", {**context, "raised": ticket})
        return render(request, "helpdesk/overcharged.html", {**context, "form": form}, status=400)
    return render(request, "helpdesk/overcharged.html", {**context, "form": OverchargedForm()})
