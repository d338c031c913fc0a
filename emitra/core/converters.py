"""The shapes of the portal's path parts (issue 9 item 6).

Every part of a URL path that names something (a kiosk code, a receipt number, a
service code ...) is matched by one of these converters, registered here once
for every app's urls.py. A path part of the wrong shape (a NUL byte, a control
character, a slash-dot-dot, letters no code has, more characters than the column
holds) matches no pattern, so the request is the portal's own 404 page: nothing
malformed reaches a query (PostgreSQL refuses a NUL in text with a DataError,
which was a 500).

The shapes are wide enough for every code the portal makes (the demo's and the
tests' included) and no wider than the column that holds it. Lower-case letters
are taken where a look-up upper-cases what was typed (a kiosk code).
"""
from django.urls import register_converter


class _Shape:
    """A converter that passes the text through unchanged once it has its shape."""

    regex = None

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class RowId:
    """A row's id or a small number (a version): up to 18 digits, so that it fits a 64-bit integer
    (a longer one overflowed SQLite's INTEGER in a foreign-key look-up, a 500)."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class KioskCode(_Shape):
    """KJPR00001: K, the district's letters, a serial (network.services); up to 20 letters and digits."""

    regex = r"[A-Za-z0-9]{1,20}"


class ReceiptNumber(_Shape):
    """KJPR00001-2612-000001: the kiosk, the month, a serial (payments.services); up to 40 characters."""

    regex = r"[A-Za-z0-9][A-Za-z0-9-]{0,39}"


class Code(_Shape):
    """A service's, department's or office's code (catalogue.models.code_validator: capitals,
    digits, hyphens and underscores) or a document kind's (a slug), up to 40 (the longest column)."""

    regex = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"


class ApplicationNumber(_Shape):
    """AP-2612-0000001 (applications.services): up to 20 letters, digits and hyphens."""

    regex = r"[A-Za-z0-9][A-Za-z0-9-]{0,19}"


class TicketNumber(_Shape):
    """TK-2612-000123 (helpdesk.services): up to 20 letters, digits and hyphens."""

    regex = r"[A-Za-z0-9][A-Za-z0-9-]{0,19}"


class PayoutReference(_Shape):
    """EMP and 13 capitals or digits (payouts.neft.REFERENCE_RE); up to 16."""

    regex = r"[A-Za-z0-9]{1,16}"


class AccountCode(_Shape):
    """A ledger account's code, like wallet:KJPR00001 (ledger.models.Account.code, up to 80)."""

    regex = r"[A-Za-z0-9][A-Za-z0-9:._-]{0,79}"


class Word(_Shape):
    """An action or a slot in a path (approve, reject, photo, income_proof): small letters and
    underscores, up to 30 (the views say which words they know)."""

    regex = r"[a-z][a-z0-9_-]{0,29}"


class Token(_Shape):
    """A signed or random token (a receipt's or certificate's QR, a document's secret):
    URL-safe base64 letters and dots, up to 200."""

    regex = r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}"


CONVERTERS = {
    "id": RowId,
    "kiosk": KioskCode,
    "receipt": ReceiptNumber,
    "code": Code,
    "application": ApplicationNumber,
    "ticket": TicketNumber,
    "payout": PayoutReference,
    "account": AccountCode,
    "word": Word,
    "token": Token,
}



def register():
    """Make the converters known to every urls.py (called once, by CoreConfig.ready)."""
    from django.urls.converters import get_converters

    known = get_converters()
    for name, converter in CONVERTERS.items():
        if name not in known:
            register_converter(converter, name)
