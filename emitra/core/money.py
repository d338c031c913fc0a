"""Money is an integer number of paise (STYLE 4). This module parses and formats it.

No float ever touches an amount: parsing reads the digits themselves (no Decimal that
a typed exponent could overflow), and rates are applied in exactly one rounding helper.
"""
import re
from decimal import ROUND_HALF_UP, Decimal

# ₹1,00,00,00,00,000.00 (one lakh crore): a sanity bound for typed amounts,
# far above any real bill, so that "no maximum limit" (F21) holds in practice
# while a slip of the finger that adds ten digits is still caught.
ABSURD_PAISE = 10**15


class AmountError(ValueError):
    """A typed amount that is not a positive sum of rupees and paise."""


AMOUNT_RE = re.compile(r"^(-)?([0-9]*)(?:\.([0-9]*))?$")
DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def parse_rupees(text, *, allow_zero=False):
    """'1,23,456.50' -> 12345650 paise: the portal's one amount parser (issue 9 item 5).

    Digits, an optional point and at most two paise digits (trailing zeros beyond
    them are harmless); commas, spaces and the rupee sign are ignored, Devanagari
    digits read as digits. No Decimal, no float: nothing typed can overflow it.
    Raises AmountError with the reason ("empty", "not a number", "more than two
    decimals", "negative", "not positive" for zero, "too large" from ABSURD_PAISE).
    """
    cleaned = str(text).translate(DEVANAGARI_DIGITS)
    cleaned = cleaned.replace(",", "").replace("₹", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned:
        raise AmountError("empty")
    match = AMOUNT_RE.match(cleaned)
    if match is None or not (match.group(2) or match.group(3)):
        raise AmountError("not a number")
    minus, whole, fraction = match.group(1), match.group(2).lstrip("0"), match.group(3) or ""
    if len(fraction.rstrip("0")) > 2:
        raise AmountError("more than two decimals")
    if len(whole) > len(str(ABSURD_PAISE // 100)):
        raise AmountError("too large")
    paise = int(whole or "0") * 100 + int((fraction + "00")[:2])
    if minus and paise:
        raise AmountError("negative")
    if paise == 0 and not allow_zero:
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
