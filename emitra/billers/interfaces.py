"""What a biller adapter is (issue 4 req. 4 and 9): fetch a bill, post a payment, cancel one.

An adapter speaks to one department's system. Payments calls it only through
this interface and reacts to the errors below; it never knows whether the
department is in this process (the demo biller) or at the end of an HTTP link.
"""
import datetime
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Bill:
    consumer_no: str
    consumer_name: str
    amount_due: int  # paise
    due_date: datetime.date
    bill_number: str


@dataclass(frozen=True)
class Confirmation:
    """The department accepted a payment under its own reference."""

    reference: str


class BillerError(Exception):
    """Anything that stops a bill fetch or a posting; its message is shown to the kiosk."""

    message = _("The department's system did not answer.")

    def __init__(self, message=None):
        super().__init__(str(message or self.message))


class UnknownConsumer(BillerError):
    message = _("The department has no consumer with this number. Check the number on the bill.")


class BillerDown(BillerError):
    message = _("The department's system is not reachable just now. Nothing was charged; try again in a while.")


class BillerTimeout(BillerError):
    message = _("The department's system took too long to answer. Nothing was charged; try again.")


class PostingRejected(BillerError):
    message = _("The department refused the payment.")


class UnknownBiller(BillerError):
    message = _("This service has no biller to fetch bills from.")


class BillerAdapter(Protocol):
    code: str

    def fetch_bill(self, service, consumer_no) -> Bill:
        """The bill due for consumer_no, or UnknownConsumer / BillerDown / BillerTimeout."""

    def post_payment(self, service, *, consumer_no, bill_number, amount, reference) -> Confirmation:
        """Tell the department a payment was taken; Confirmation, or PostingRejected / BillerDown / BillerTimeout.

        reference (the portal's receipt line reference) makes a repeated posting harmless.
        """

    def cancel_payment(self, service, *, reference, reason) -> Confirmation:
        """Tell the department a payment it was sent is cancelled (issue 4 req. 9); Confirmation,
        or PostingRejected / BillerDown / BillerTimeout.

        reference is the posting's own; the department acknowledges a reference it
        never received (nothing to cancel) and a repeated cancellation is one.
        """
