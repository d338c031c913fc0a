"""What a ledger entry says, in the reader's language (issue 12 req. 6).

An entry's memo is stored as a code and its parameters (JournalEntry.memo_code and
memo_args), and its words are made when a page shows it: `describe(code, args, memo)`
in the page's language. A writer passes `Memo("receipt", number=...)` wherever the
ledger takes a memo; the English words are kept in `memo` too, for logs and for
exports, and an entry written before memo codes (or with a plain text memo) shows
that text as it is. An argument named ..._paise is an amount, shown in rupees.

Where only the stored English text is at hand (a report's column, which sorts and pages on
it), `in_words(text)` reads it back into its code and parameters by the same words, and says
it in the page's language.
"""
import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from emitra.core.money import format_paise

WORDS = {
    "receipt": _("Receipt %(number)s"),
    "receipt_cancelled": _("Receipt %(number)s cancelled: %(reason)s"),
    "receipt_line_rejected": _("Payment %(reference)s refused by the department"),
    "cheque_cleared": _("Cheque %(cheque_no)s cleared"),
    "cheque_dishonoured": _("Cheque %(cheque_no)s dishonoured"),
    "topup": _("Top-up by bank transfer, UTR %(utr)s"),
    "topup_gateway": _("Online top-up, %(gateway)s %(reference)s"),
    "security_deposit": _("Security deposit, %(reference)s"),
    "commission_given_back": _("Commission given back on receipt %(number)s"),
    "payout": _("Commission payout %(reference)s: gross %(gross_paise)s, TDS %(tds_paise)s, net %(net_paise)s"),
    "payout_paid": _("Commission payout %(reference)s paid, bank reference %(bank_ref)s"),
    "payout_failed": _("Commission payout %(reference)s failed: %(reason)s"),
}
LENGTH = 300  # JournalEntry.memo


class Memo:
    """A memo by code: `Memo("receipt", number="KJPR00001-2612-000001")`."""

    def __init__(self, code, **args):
        assert code in WORDS, code
        self.code, self.args = code, args

    def __str__(self):
        with translation.override("en"):
            return describe(self.code, self.args)


def stored(memo):
    """(English text, code, args) to store for a memo given as a Memo or as plain text."""
    if isinstance(memo, Memo):
        return str(memo)[:LENGTH], memo.code, memo.args
    return (memo or "")[:LENGTH], "", None


def describe(code, args, memo=""):
    """The memo's words in the active language; `memo` (the stored text) when the code is unknown."""
    words = WORDS.get(code or "")
    if words is None:
        return memo
    values = {k: format_paise(v) if k.endswith("_paise") else v for k, v in (args or {}).items()}
    try:
        return str(words) % values
    except (KeyError, TypeError, ValueError):
        return memo


ARGUMENT = re.compile(r"%\((\w+)\)s")


def _pattern(code):
    """The regular expression that reads the English words of `code` back into its parameters."""
    with translation.override("en"):
        english = str(WORDS[code])
    parts, at = [], 0
    for m in ARGUMENT.finditer(english):
        parts.append(re.escape(english[at:m.start()]))
        name = m.group(1)
        parts.append(f"(?P<{name}>.*)" if name == "reason" else f"(?P<{name}>\\S+?)")
        at = m.end()
    parts.append(re.escape(english[at:]))
    return re.compile("^" + "".join(parts) + "$", re.S)


def _paise(rupees):
    return int(rupees.lstrip("₹").replace(",", "").replace(".", ""))


def in_words(text):
    """The English words of a memo (as stored in `memo`) said in the page's language; text
    that no memo's words make is given back as it is."""
    for code in sorted(WORDS, key=lambda c: -len(str(WORDS[c]))):  # the longest words first
        m = _pattern(code).match(text or "")
        if m:
            try:
                args = {k: _paise(v) if k.endswith("_paise") else v for k, v in m.groupdict().items()}
            except ValueError:
                continue
            return describe(code, args, text)
    return text
