"""Payments' domain errors. Each names the form field it belongs beside (None: the whole form)."""
from django.utils.translation import gettext_lazy as _


class PaymentError(Exception):
    field = None
    message = _("The payment could not be made.")

    def __init__(self, message=None, field=None):
        self.text = str(message or self.message)
        if field is not None:
            self.field = field
        super().__init__(self.text)


class InvalidInput(PaymentError):
    """Bad input found by a service (a form usually catches it first)."""


class EmptyCart(PaymentError):
    message = _("The cart is empty: add a service first.")


class CartFull(PaymentError):
    message = _("A cart holds at most 20 lines; pay this cart and start another.")


class NotEnoughInWallet(PaymentError):
    def __init__(self, total, available):
        from emitra.core.money import format_paise

        self.total, self.available = total, available
        super().__init__(_("The wallet has %(available)s available; this cart needs %(total)s. Nothing was charged.")
                         % {"available": format_paise(available), "total": format_paise(total)})


class DuplicateWarning(PaymentError):
    """F24: a line of the cart was paid in the last 30 days; the operator must confirm."""

    field = "confirm_duplicate"
    message = _("This looks like a payment made already. Check the earlier receipt, then confirm to pay again.")

    def __init__(self, matches):
        self.matches = matches  # [(CartLine, earlier ReceiptLine)]
        super().__init__()


class ChequeNotAllowed(PaymentError):
    field = "mode"
    message = _("A cheque is drawn in one department's name: pay a cart of one department's services by cheque.")


class CannotCancel(PaymentError):
    pass


class AlreadyCancelled(CannotCancel):
    message = _("This receipt is already cancelled.")


class NotAllowed(PaymentError):
    message = _("Only the kiosk holder may do this.")


class CartChanged(PaymentError):
    """Issue 9 item 1: the cart is not what the pay page showed (a line added or taken out meanwhile)."""

    message = _("The cart changed after the pay page was shown. Check its lines and the new total below, "
                "then pay again. Nothing was charged.")


class NotConfirmed(PaymentError):
    """Issue 9 items 1-2: the form was not sent from the page that showed what it confirms (or was altered)."""

    message = _("This form does not come from the page that shows what it confirms, or it was changed. "
                "Check what is shown below, then send it again. Nothing was charged.")


class ReceiptChanged(PaymentError):
    """Issue 9 item 1: the receipt is not what the cancellation page showed (a line cancelled or undone meanwhile)."""

    message = _("The receipt changed after the cancellation page was shown. Check its lines below, then cancel "
                "again. Nothing was cancelled.")


class ChequeChanged(PaymentError):
    """Issue 9 items 1-2: a cheque decided from a list that no longer shows it as it is (a line
    cancelled meanwhile), or from a form that was not the list's (no seal, or altered)."""

    message = _("This cheque is not as the list showed it, or the form was not the list's. Check it below, "
                "then decide again. Nothing was changed.")


class CancelNotConfirmed(PaymentError):
    """Issue 9 items 1-2: a cancellation not sent from the page that shows the receipt (or altered)."""

    message = _("This form does not come from the page that shows what it cancels, or it was changed. Check the "
                "receipt below, then cancel again. Nothing was cancelled.")
