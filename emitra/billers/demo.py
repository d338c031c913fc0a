"""The built-in demo department (issue 4 req. 4; issue 9 item 16).

It knows a few consumers of each bill service (KNOWN_CONSUMERS, shown on the
service page while the service is served by this in-process demo department)
and answers "unknown consumer" for any other number, so that a new user sees
both. A bill is derived from a hash of the service code and the consumer
number, so the same number always shows the same bill and tests and demos need
no data. A few documented consumer numbers behave the same for every service,
badly on purpose (SPECIAL_CONSUMERS):

=============  ==========================================================
consumer no    behaviour
=============  ==========================================================
1000000404     unknown consumer (the department has no such number)
1000000503     the department's system is down
1000000504     the department's system is slow: time-out
1000000409     the bill is fetched, but the department rejects the posting
1000000100     a bill of ₹10,00,00,000.00 (F21: no maximum amount)
=============  ==========================================================

Load tests need more consumers than a page can show: issued_consumer_number(n)
gives the n-th of a series the department also knows (a check part that a
typed guess almost never has), never shown.
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

# what each special number does, for the service page's list (the table above)
SPECIAL_CONSUMERS = {UNKNOWN: "unknown", REJECTS: "rejects", DOWN: "down", SLOW: "slow", CRORE_BILL: "crore"}

KNOWN_CONSUMERS = {
    "JVVNL-BILL": ("JV1234567", "JV2345678", "JV3456789"),
    "AVVNL-BILL": ("AV1234567", "AV2345678", "AV3456789"),
    "JDVVNL-BILL": ("JD1234567", "JD2345678", "JD3456789"),
    "PHED-BILL": ("PH1234567", "PH1234568", "PH7654321", "PH1111111", "PH5555555"),
    "BSNL-LANDLINE": ("0141-2345678", "0141-2712345", "0291-2654321"),
    "BSNL-BROADBAND": ("BB12345", "BB67890", "BB24680"),
    "BSNL-POSTPAID": ("9414012345", "9414067890"),
    "RTO-ROADTAX": ("RJ14CA1234", "RJ14CB5678"),
    "RTO-CHALLAN": ("CH2607000123", "CH2607000456"),
    "LSG-UDTAX": ("UDT-JPR-000123", "UDT-JPR-000456"),
    "LIC-PREMIUM": ("512345678", "587654321"),
    "RSGL-BILL": ("RSGL100123", "RSGL100456"),
}
# a bill service DoIT adds later and serves from the demo department
DEFAULT_CONSUMERS = ("1000000001", "1000000002", "1000000003")

FIRST = ["Ramesh", "Sita", "Mohan", "Geeta", "Suresh", "Kamla", "Arjun", "Pooja", "Bhanwar", "Santosh",
         "Lalit", "Meera", "Hemant", "Radha", "Dinesh", "Sunita"]
LAST = ["Sharma", "Meena", "Jat", "Gurjar", "Rathore", "Saini", "Agarwal", "Choudhary", "Bishnoi", "Joshi",
        "Kumawat", "Prajapat"]


def _digest(service_code, consumer_no):
    return hashlib.sha256(f"{service_code}|{consumer_no}".encode()).digest()


def known_consumers(service_code):
    """The consumer numbers of a service that get a bill, as shown to a new user."""
    return KNOWN_CONSUMERS.get(service_code, DEFAULT_CONSUMERS)


def _series_check(service_code, n):
    return int.from_bytes(hashlib.sha256(f"series|{service_code}|{n}".encode()).digest()[:4], "big") % 10_000


def issued_consumer_number(service_code, n):
    """The n-th (0 <= n < 10**7) consumer of the load-test series the department knows."""
    return f"DM{n:07d}{_series_check(service_code, n):04d}"


def _in_series(service_code, consumer_no):
    if len(consumer_no) != 13 or not consumer_no.startswith("DM") or not consumer_no[2:].isdigit():
        return False
    return int(consumer_no[9:]) == _series_check(service_code, int(consumer_no[2:9]))


def is_known(service_code, consumer_no):
    """Does the demo department have this consumer (a bill, or one of the special numbers)?"""
    return (consumer_no in known_consumers(service_code) or consumer_no in SPECIAL_CONSUMERS
            or _in_series(service_code, consumer_no))


def demo_bill(service_code, consumer_no, today=None):
    """The deterministic bill of the demo department, or raise as the table above says;
    UnknownConsumer for a number it does not know."""
    if consumer_no == UNKNOWN or not is_known(service_code, consumer_no):
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

    def sample_consumers(self, service):
        """[(consumer number, behaviour)] to show on the service page: "bill" for each known one,
        then the special numbers (SPECIAL_CONSUMERS)."""
        return [(n, "bill") for n in known_consumers(service.code)] + list(SPECIAL_CONSUMERS.items())

    def fetch_bill(self, service, consumer_no):
        return demo_bill(service.code, consumer_no)

    def post_payment(self, service, *, consumer_no, bill_number, amount, reference):
        return demo_post(service.code, consumer_no, amount, reference)

    def cancel_payment(self, service, *, reference, reason):
        return demo_cancel(service.code, reference)
