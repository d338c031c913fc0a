"""Who may cancel a receipt, until when, and whom to ask (issue 4 req. 9; issue 9 item 13).

The rules, stated once and used both by `services.cancel_receipt` (which refuses
with these words) and by the receipt page (which says them before anyone tries):

1. Only a receipt paid from the wallet is cancelled at the kiosk. A cheque is
   settled by the department (cleared or dishonoured); a payment held for the
   department can be cancelled once the department has confirmed it; a receipt
   cancelled, refused or dishonoured has nothing left to cancel.
2. The kiosk's holder cancels, and so does an operator the holder allows
   (Membership.may_cancel_receipts, set on the kiosk's Users page). Nobody else:
   not another operator, not the accountant, not the LSP or DoIT.
3. Each line only within its service's cancellation window, counted from the
   payment (Service.cancellation_window_hours); after it nobody at the kiosk can
   cancel it, and the holder takes the case to the kiosk's LSP.

Nothing else decides it: services.cancel_receipt asks may_cancel, receipt_refusal and
window_refusal; the cancel page asks may_cancel; the receipt page asks standing; the
paper asks paper_rule. (A line another app owns may still refuse on its own terms,
through payments.line_hooks: an application's fee once its office has acted.)

`standing` answers the receipt page: the rule for this receipt, whether this
person may cancel now, and if not why and whom to ask (the holder by name and
mobile, or the LSP).
"""
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.models import Membership, Role
from emitra.payments.models import Receipt, ReceiptLine


def may_cancel(person, kiosk, roles=None):
    """Rule 2: the kiosk's holder, or an operator the holder allows. roles: the request's (its live
    memberships, read with the session), asked instead of a query of its own (issue 14)."""
    if roles is not None:
        return roles.may_cancel_receipts(kiosk.pk)
    return person.memberships.live().filter(
        Q(role=Role.KIOSK_HOLDER) | Q(role=Role.KIOSK_OPERATOR, may_cancel_receipts=True), kiosk=kiosk).exists()


def deadline(receipt, line):
    """Rule 3: the last moment a line may be cancelled."""
    return receipt.created + datetime.timedelta(hours=line.service.cancellation_window_hours)


def window_refusal(receipt, lines, now):
    """Rule 3 applied to the lines to be cancelled: the words cancel_receipt refuses with for the
    first whose window has closed, or "" when every one is still open."""
    for line in lines:
        if now > deadline(receipt, line):
            return _("%(service)s can be cancelled only within %(hours)s hours of payment.") % {
                "service": line.service.name, "hours": line.service.cancellation_window_hours}
    return ""


def receipt_refusal(receipt):
    """Rule 1: why this receipt cannot be cancelled at the kiosk at all, or "" when it can."""
    if receipt.mode != Receipt.Mode.WALLET:
        return _("A cheque receipt is settled by the department: cleared or dishonoured.")
    if receipt.state == Receipt.State.AWAITING:
        return _("The department has not yet confirmed this payment; it can be cancelled once it has.")
    if receipt.state != Receipt.State.PAID:
        return _("Only a paid receipt can be cancelled.")
    return ""


@dataclass(frozen=True)
class Standing:
    """What the receipt page says about cancelling (issue 9 item 13)."""

    rule: str  # who may cancel this receipt and until when; "" when it cannot be cancelled at all
    until: list  # [(position, last moment)] of the lines still paid, for the rule
    allowed: bool  # this person may cancel (some of) it now: the page links the cancel form
    why_not: str  # why this person may not, "" when allowed
    ask: str  # whom to ask instead, "" when nobody can help

    @property
    def per_line(self):
        """The lines' windows end at different times: the page lists each."""
        return len({moment for _position, moment in self.until}) > 1


def _holder_text(kiosk):
    holder = kiosk.holder
    name = holder.name or holder.sso_id
    if holder.mobile:
        return _("the kiosk holder, %(name)s (mobile %(mobile)s)") % {"name": name, "mobile": holder.mobile}
    return _("the kiosk holder, %(name)s") % {"name": name}


def _lsp_text(kiosk):
    officer = (Membership.objects.live().filter(role=Role.LSP_OFFICER, lsp_id=kiosk.lsp_id)
               .select_related("person").order_by("pk").first())
    if officer is not None and officer.person.mobile:
        return _("the kiosk's LSP, %(lsp)s (%(name)s, mobile %(mobile)s)") % {
            "lsp": kiosk.lsp.name, "name": officer.person.name or officer.person.sso_id,
            "mobile": officer.person.mobile}
    return _("the kiosk's LSP, %(lsp)s") % {"lsp": kiosk.lsp.name}


def _role_at(person, kiosk):
    roles = set(person.memberships.live().filter(kiosk=kiosk).values_list("role", flat=True))
    if Role.KIOSK_HOLDER in roles:
        return Role.KIOSK_HOLDER
    for role in (Role.KIOSK_OPERATOR, Role.KIOSK_ACCOUNTANT):
        if role in roles:
            return role
    return None


def standing(receipt, lines, person, now=None, roles=None):
    """The rules above applied to this receipt and this person (roles: theirs, as may_cancel takes
    them), in words; None when nothing is left to cancel (a receipt cancelled, refused or
    dishonoured says so itself)."""
    if receipt.state in (Receipt.State.CANCELLED, Receipt.State.FAILED, Receipt.State.DISHONOURED):
        return None
    kiosk = receipt.kiosk
    refusal = receipt_refusal(receipt)
    if refusal:
        ask = _lsp_text(kiosk) if receipt.mode == Receipt.Mode.CHEQUE else ""
        return Standing(rule="", until=[], allowed=False, why_not=refusal,
                        ask=_("If the consumer wants the money back, ask %(whom)s.") % {"whom": ask} if ask else "")
    now = now or timezone.now()
    live = [line for line in lines if line.state == ReceiptLine.State.ACTIVE]
    until = [(line.position, deadline(receipt, line)) for line in live]
    last = max((moment for _position, moment in until), default=None)
    rule = _("The kiosk holder, or an operator the holder allows, may cancel this receipt or a line of it, "
             "with a reason, until %(when)s; the amount goes back to the wallet.") % {
        "when": timezone.localtime(last).strftime("%d-%m-%Y %H:%M") if last else "—"}
    open_now = any(moment >= now for _position, moment in until)
    if not open_now:
        return Standing(rule=rule, until=until, allowed=False,
                        why_not=_("The time to cancel this receipt has ended: nobody at the kiosk can cancel it now."),
                        ask=_("If the consumer was charged wrongly, the holder takes it to %(whom)s.")
                        % {"whom": _lsp_text(kiosk)})
    if may_cancel(person, kiosk, roles):
        return Standing(rule=rule, until=until, allowed=True, why_not="", ask="")
    role = _role_at(person, kiosk)
    if role == Role.KIOSK_OPERATOR:
        why = _("You may not cancel receipts at this kiosk: the holder has not allowed you.")
        ask = _("Ask %(holder)s to cancel it, or to allow you to cancel receipts on the kiosk's Users page.")
    elif role == Role.KIOSK_ACCOUNTANT:
        why = _("You may not cancel receipts: a kiosk accountant sees the reports only.")
        ask = _("Ask %(holder)s to cancel it.")
    else:
        why = _("Only the kiosk can cancel its receipts.")
        ask = _("Ask %(holder)s to cancel it.")
    return Standing(rule=rule, until=until, allowed=False, why_not=why, ask=ask % {"holder": _holder_text(kiosk)})


def paper_rule(receipt, lines):
    """The line the receipt itself carries (page, print, PDF; the DMP has its own English words):
    until when the kiosk may cancel it. "" when it cannot be cancelled at the kiosk."""
    until = paper_deadline(receipt, lines)
    if until is None:
        return ""
    return _("Cancellation: only at this kiosk, by its holder or an operator the holder allows, until %(when)s.") % {
        "when": timezone.localtime(until).strftime("%d-%m-%Y %H:%M")}


def paper_deadline(receipt, lines):
    """The last moment any line of the receipt may be cancelled; None when it cannot be at the kiosk."""
    if receipt_refusal(receipt):
        return None
    return max((deadline(receipt, line) for line in lines if line.state == ReceiptLine.State.ACTIVE), default=None)
