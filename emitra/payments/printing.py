"""Receipts on paper: the 80-column dot-matrix text, its raw ESC/P file and the PDF (F14, F15).

A dot-matrix printer (DMP) in its own character set cannot draw Devanagari, so
the DMP receipt is in English and plain ASCII: amounts in Indian grouping with
"Rs." (the rupee sign is not ASCII), dates as dd-mm-yyyy, and a consumer name
typed in Devanagari is transliterated to Latin letters. Every line fits 80
columns at 10 characters an inch (8 inches: continuous stationery). Its words
are fixed English on purpose and so are not marked for translation.

The PDF is the laser receipt drawn by WeasyPrint, which shapes Devanagari
with HarfBuzz and the system's Noto fonts (Debian's fonts-noto-core).
"""
import textwrap
import unicodedata

from django.utils import timezone, translation

from emitra.core.money import format_paise
from emitra.core.pdf import render_pdf
from emitra.payments import cancellation
from emitra.payments.figures import Sums, receipt_figures
from emitra.payments.models import Receipt, ReceiptLine

WIDTH = 80

# ---------------------------------------------------------------- ASCII for the DMP

_CONSONANTS = dict(zip(
    "कखगघङचछजझञटठडढणतथदधनपफबभमयरलळवशषसह",
    ["k", "kh", "g", "gh", "n", "ch", "chh", "j", "jh", "n", "t", "th", "d", "dh", "n", "t", "th", "d", "dh",
     "n", "p", "ph", "b", "bh", "m", "y", "r", "l", "l", "v", "sh", "sh", "s", "h"]))
_NUKTA_FORMS = {"क": "q", "ख": "kh", "ग": "gh", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f", "य": "y"}
_PRECOMPOSED = {"\u0958": "q", "\u0959": "kh", "\u095a": "gh", "\u095b": "z", "\u095c": "r", "\u095d": "rh",
                "\u095e": "f", "\u095f": "y"}
_VOWELS = dict(zip("अआइईउऊऋएऐओऔऑ", ["a", "a", "i", "i", "u", "u", "ri", "e", "ai", "o", "au", "o"]))
_MATRAS = dict(zip("ािीुूृेैोौॉ", ["a", "i", "i", "u", "u", "ri", "e", "ai", "o", "au", "o"]))
_SIGNS = {"ं": "n", "ँ": "n", "ः": "h", "।": ".", "॥": ".", "ॐ": "om"}
_VIRAMA, _NUKTA = "\u094d", "\u093c"


def _devanagari_word(word):
    out, i, last_inherent = [], 0, False
    while i < len(word):
        ch = word[i]
        consonant = _PRECOMPOSED.get(ch) or _CONSONANTS.get(ch)
        if consonant is not None:
            if i + 1 < len(word) and word[i + 1] == _NUKTA:
                consonant = _NUKTA_FORMS.get(ch, consonant)
                i += 1
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if nxt in _MATRAS:
                out.append(consonant + _MATRAS[nxt])
                i += 1
                last_inherent = False
            elif nxt == _VIRAMA:
                out.append(consonant)
                i += 1
                last_inherent = False
            else:
                out.append(consonant + "a")
                last_inherent = True
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
            last_inherent = False
        elif ch in _SIGNS:
            out.append(_SIGNS[ch])
            last_inherent = False
        elif "\u0966" <= ch <= "\u096f":
            out.append(str(ord(ch) - 0x966))
            last_inherent = False
        else:
            out.append(ch)
            last_inherent = False
        i += 1
    text = "".join(out)
    # Hindi drops the inherent vowel at the end of a word: राम is "ram", not "rama"
    if last_inherent and len(out) > 1:
        text = text[:-1]
    return text


def ascii_text(text):
    """Any text as printable ASCII: Devanagari transliterated, accents dropped, the rest as '?'."""
    words = []
    for word in str(text or "").split():
        if any("\u0900" <= ch <= "\u097f" for ch in word):
            latin = _devanagari_word(word)
            word = latin[:1].upper() + latin[1:]
        words.append(word)
    text = unicodedata.normalize("NFKD", " ".join(words))
    return "".join(ch if 32 <= ord(ch) < 127 else ("" if unicodedata.combining(ch) else "?") for ch in text)


def rs(paise):
    """Paise as '1,23,456.50' (Indian grouping, no sign: the column says Rs.)."""
    return format_paise(paise, symbol=False)


# ---------------------------------------------------------------- the 80-column text

def _center(text):
    return text[:WIDTH].center(WIDTH).rstrip()


def _both(left, right):
    """left and right on one line when they fit, else on two."""
    if len(left) + 2 + len(right) <= WIDTH:
        return [left + " " * (WIDTH - len(left) - len(right)) + right]
    return [left, right.rjust(WIDTH)]


def _fit(lines):
    """Hard-wrap anything still wider than the paper (a long address, a long URL)."""
    out = []
    for line in lines:
        while len(line) > WIDTH:
            out.append(line[:WIDTH])
            line = "  " + line[WIDTH:]
        out.append(line)
    return out


def _when(moment):
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def dmp_text(receipt, url):
    """The receipt as 80-column ASCII text for a dot-matrix printer (F15); ends with a newline."""
    with translation.override("en"):
        return _dmp_text(receipt, url)


def _dmp_text(receipt, url):
    kiosk = receipt.kiosk
    lines = list(receipt.lines.select_related("service").order_by("position"))
    out = [_center("e-Mitra"), _center("CITIZEN SERVICE RECEIPT"),
           _center(ascii_text(f"{kiosk.name} ({kiosk.code})"))]
    out += [_center(part) for part in textwrap.wrap(ascii_text(kiosk.address), WIDTH)]
    out.append("=" * WIDTH)
    if receipt.state == Receipt.State.CANCELLED:
        out += [_center("*** CANCELLED ***  THIS RECEIPT IS NOT VALID"), ""]
    out += _both(f"Receipt No.: {receipt.number}", f"Date: {_when(receipt.created)}")
    out += _both(f"Consumer: {ascii_text(receipt.consumer_name)}", f"Mobile: {receipt.mobile}")
    if receipt.email:
        out.append(f"E-mail: {ascii_text(receipt.email)}")
    paid_by = str(receipt.get_mode_display())
    if receipt.mode == Receipt.Mode.CHEQUE:
        paid_by += f" no. {receipt.cheque_no}, {ascii_text(receipt.cheque_bank)}"
        if receipt.cheque_date:
            paid_by += f", {receipt.cheque_date:%d-%m-%Y}"
    out.append(f"Paid by: {paid_by}")
    sums = receipt_figures(receipt, lines)
    out.append(f"State: {ascii_text(sums.status.replace('·', '-')).upper()}")
    if receipt.state == Receipt.State.CANCELLED and receipt.cancelled_at:
        out.append(f"Cancelled on {_when(receipt.cancelled_at)}: {ascii_text(receipt.cancel_reason)}")
    out.append("-" * WIDTH)

    if sums.shows_net:
        # issue 9 items 14, 23: paid, given back and net instead of the first total
        totals = [("PAID (Rs.)", sums.paid)]
        if sums.returned.total:
            totals.append(("REVERSED: CHEQUE DISHONOURED" if sums.dishonoured else "REFUNDED", sums.minus_returned))
        if sums.not_charged.total:
            totals.append(("NOT CHARGED: REFUSED BY DEPT.", sums.not_charged))
        totals.append(("NET PAID (Rs.)", sums.net))
    else:
        totals = [("TOTAL (Rs.)", Sums(receipt.government_total, receipt.service_charge_total, receipt.total))]
    amounts = [rs(a) for line in lines for a in (line.government_amount, line.service_charge, line.total)]
    amounts += [rs(a) for _label, t in totals for a in (t.government, t.service_charge, t.total)]
    width = max(12, *(len(a) for a in amounts))
    name_width = WIDTH - 3 - 3 * (width + 1)

    def row(first, name, govt, charge, total):
        return f"{first:>2} {name:<{name_width}}" + "".join(f" {a:>{width}}" for a in (govt, charge, total))

    out.append(row("#", "Service / consumer no.", "Govt fee", "Charge", "Total").rstrip())
    for line in lines:
        name = textwrap.wrap(ascii_text(line.service.name_en), name_width) or [""]
        out.append(row(str(line.position), name[0], rs(line.government_amount), rs(line.service_charge),
                       rs(line.total)))
        details = name[1:]
        if line.consumer_no:
            details.append(f"Consumer no. {ascii_text(line.consumer_no)}")
        if line.bill_number:
            details.append(f"Bill {ascii_text(line.bill_number)} {ascii_text(line.bill_consumer_name)}".rstrip())
        if line.state != ReceiptLine.State.ACTIVE:
            details.append(f"** {str(line.get_state_display()).upper()} **")
        if line.dept_reference:
            details.append(f"Dept. ref. {ascii_text(line.dept_reference)}")
        for detail in details:
            out += ["   " + part for part in textwrap.wrap(detail, WIDTH - 3)]
    out.append("-" * WIDTH)
    for label, t in totals:
        out.append(row("", label, rs(t.government), rs(t.service_charge), rs(t.total)))
    out.append("=" * WIDTH)
    until = cancellation.paper_deadline(receipt, lines)
    if until is not None:
        out += textwrap.wrap("Cancellation: only at this kiosk, by its holder or an allowed operator, "
                             f"until {_when(until)}.", WIDTH)
    out.append("Amounts in rupees (Rs.). Govt fee goes to the department; charge is the kiosk's.")
    out.append("Verify this receipt (scan the QR on the laser copy, or open):")
    out.append(url)
    return "\n".join(_fit(out)) + "\n"


# ---------------------------------------------------------------- ESC/P

ESC = b"\x1b"
ESCP_START = (ESC + b"@"      # initialise the printer: its own defaults, no left-over modes
              + ESC + b"P"    # 10 characters an inch (pica)
              + b"\x12"       # DC2: condensed off
              + ESC + b"2")   # 1/6 inch line spacing
FORM_FEED = b"\x0c"


def escp(text):
    """The DMP text as a raw ESC/P job for copying straight to an LPT or USB printer (F15)."""
    body = text.rstrip("\n").replace("\n", "\r\n").encode("ascii")
    return ESCP_START + body + b"\r\n" + FORM_FEED


# ---------------------------------------------------------------- PDF

PDF_STYLESHEETS = {size: ["emitra/emitra.css", "emitra/pdf.css", f"emitra/pdf-{size}.css"] for size in ("a4", "a5")}


def pdf(context, request=None):
    """The laser receipt as PDF bytes; context as for payments/receipt_pdf.html (its "size": a4 or a5)."""
    return render_pdf("payments/receipt_pdf.html", context, request=request,
                      stylesheets=PDF_STYLESHEETS[context.get("size", "a4")])
