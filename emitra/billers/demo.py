"""The built-in demo department: deterministic bills for any consumer number (issue 4 req. 4).

A bill is derived from a hash of the service code and the consumer number, so
the same number always shows the same bill and tests and demos need no data.
A few documented consumer numbers behave badly on purpose:

=============  ==========================================================
consumer no    behaviour
=============  ==========================================================
1000000404     unknown consumer (the department has no such number)
1000000503     the department's system is down
1000000504     the department's system is slow: time-out
1000000409     the bill is fetched, but the department rejects the posting
1000000100     a bill of ₹10,00,00,000.00 (F21: no maximum amount)
=============  ==========================================================
"""
import datetime
import hashlib

from django.utils import timezone

from emitra.billers.interfaces import (
    Bill,
    BillerDown,
    BillerTimeout,
    Confirmation,
    PostingRejected,
    UnknownConsumer,
)

UNKNOWN = "1000000404"
DOWN = "1000000503"
SLOW = "1000000504"
REJECTS = "1000000409"
CRORE_BILL = "1000000100"

FIRST = ["Ramesh", "Sita", "Mohan", "Geeta", "Suresh", "Kamla", "Arjun", "Pooja", "Bhanwar", "Santosh",
         "Lalit", "Meera", "Hemant", "Radha", "Dinesh", "Sunita"]
LAST = ["Sharma", "Meena", "Jat", "Gurjar", "Rathore", "Saini", "Agarwal", "Choudhary", "Bishnoi", "Joshi",
        "Kumawat", "Prajapat"]


def _digest(service_code, consumer_no):
    return hashlib.sha256(f"{service_code}|{consumer_no}".encode()).digest()


def demo_bill(service_code, consumer_no, today=None):
    """The deterministic bill of the demo department, or raise as the table above says."""
    if consumer_no == UNKNOWN:
        raise UnknownConsumer()
    if consumer_no == DOWN:
        raise BillerDown()
    if consumer_no == SLOW:
        raise BillerTimeout()
    today = today or timezone.localdate()
    h = _digest(service_code, consumer_no)
    amount = 10_000 + int.from_bytes(h[:4], "big") % 490_000  # ₹100.00 .. ₹4,999.99
    if consumer_no == CRORE_BILL:
        amount = 10_00_00_000 * 100
    name = f"{FIRST[h[4] % len(FIRST)]} {LAST[h[5] % len(LAST)]}"
    # the bill of the current month: same number all month, due on a day from the hash
    due = today.replace(day=1) + datetime.timedelta(days=14 + h[6] % 14)
    number = f"{service_code[:4]}{today:%y%m}{int.from_bytes(h[7:11], 'big') % 10**8:08d}"
    return Bill(consumer_no=consumer_no, consumer_name=name, amount_due=amount, due_date=due, bill_number=number)


def demo_post(service_code, consumer_no, amount, reference):
    if consumer_no == REJECTS:
        raise PostingRejected("The department rejected the posting: the connection is under dispute.")
    if consumer_no == DOWN:
        raise BillerDown()
    if consumer_no == SLOW:
        raise BillerTimeout()
    h = hashlib.sha256(f"{service_code}|{reference}".encode()).hexdigest()[:10].upper()
    return Confirmation(reference=f"DEMO-{h}")


def demo_cancel(service_code, reference):
    """The demo department keeps no state: the same reference always gets the same acknowledgement."""
    h = hashlib.sha256(f"cancel|{service_code}|{reference}".encode()).hexdigest()[:10].upper()
    return Confirmation(reference=f"DEMO-C-{h}")


class DemoBiller:
    """The demo department, in this process (the default for `emitra up`)."""

    code = "demo"

    def fetch_bill(self, service, consumer_no):
        return demo_bill(service.code, consumer_no)

    def post_payment(self, service, *, consumer_no, bill_number, amount, reference):
        return demo_post(service.code, consumer_no, amount, reference)

    def cancel_payment(self, service, *, reference, reason):
        return demo_cancel(service.code, reference)
