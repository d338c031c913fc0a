"""Billers' operations as payments uses them."""
from emitra.billers.interfaces import UnknownBiller
from emitra.billers.registry import biller_for


def fetch_bill(service, consumer_no):
    """The bill of consumer_no for this service from its department (issue 4 req. 4).

    Raises a BillerError whose message is meant for the kiosk; nothing is charged.
    """
    biller = biller_for(service)
    if biller is None:
        raise UnknownBiller()
    return biller.fetch_bill(service, consumer_no)


def post_payment(service, *, consumer_no, bill_number, amount, reference):
    """Tell the service's department of a payment; Confirmation or a BillerError."""
    biller = biller_for(service)
    if biller is None:
        raise UnknownBiller()
    return biller.post_payment(service, consumer_no=consumer_no, bill_number=bill_number, amount=amount,
                               reference=reference)


def cancel_payment(service, *, reference, reason):
    """Tell the service's department that the payment under reference is cancelled; Confirmation or a BillerError."""
    biller = biller_for(service)
    if biller is None:
        raise UnknownBiller()
    return biller.cancel_payment(service, reference=reference, reason=reason)
