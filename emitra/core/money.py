"""Money is an integer number of paise (STYLE 4). This module parses and formats it.

No float ever touches an amount: parsing goes through Decimal, and rates are
applied in exactly one rounding helper.
"""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ₹1,00,00,00,00,000.00 (one lakh crore): a sanity bound for typed amounts,
# far above any real bill, so that "no maximum limit" (F21) holds in practice
# while a slip of the finger that adds ten digits is still caught.
ABSURD_PAISE = 10**15


class AmountError(ValueError):
    """A typed amount that is not a positive sum of rupees and paise."""


def parse_rupees(text):
    """'1,23,456.50' -> 12345650 paise. Raises AmountError for anything else."""
    cleaned = str(text).strip().replace(",", "").replace("₹", "").strip()
    if not cleaned:
        raise AmountError("empty")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError("not a number") from None
    if not value.is_finite():
        raise AmountError("not a number")
    if value != value.quantize(Decimal("0.01")):
        raise AmountError("more than two decimals")
    paise = int(value * 100)
    if paise <= 0:
        raise AmountError("not positive")
    if paise >= ABSURD_PAISE:
        raise AmountError("too large")
    return paise


def apply_rate(paise, rate):
    """paise x rate (a Decimal such as Decimal('0.0125')), rounded half up to a paisa."""
    return int((Decimal(paise) * Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def group_indian(digits):
    """'12345678' -> '1,23,45,678' (lakh and crore grouping)."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    parts = []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    if head:
        parts.insert(0, head)
    return ",".join(parts) + "," + tail


def format_paise(paise, symbol=True):
    """12345650 -> '₹1,23,456.50'; negative amounts get a leading minus."""
    paise = int(paise)
    sign = "-" if paise < 0 else ""
    rupees, rest = divmod(abs(paise), 100)
    text = f"{group_indian(str(rupees))}.{rest:02d}"
    return f"{sign}{'₹' if symbol else ''}{text}"


def paise_to_input(paise):
    """12345650 -> '123456.50': plain digits, no grouping, no float; for putting an amount back
    into a form field and for exports a spreadsheet reads. Negative amounts get a leading minus."""
    paise = int(paise)
    sign = "-" if paise < 0 else ""
    rupees, rest = divmod(abs(paise), 100)
    return f"{sign}{rupees}.{rest:02d}"
