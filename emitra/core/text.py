"""Which characters text may hold (issue 9 items 6 and 7), in one place.

Text a person types goes through the form base (core.forms), which refuses a value
holding a control character or a direction-changing one, with a message. Text
that arrives from elsewhere, which nobody is there to correct (a biller's answer,
an identity provider's claims, a file's lines, a request's path written to the
audit log), is made safe with `safe_text` before it is stored or shown: put in
Unicode NFC, control and direction-changing characters taken out. PostgreSQL
refuses a NUL in text, so nothing with one may reach a query.
"""
import re
import unicodedata

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Invisible characters that change how the text around them is shown: the
# bidirectional embeddings, overrides and isolates, the direction marks, and the
# line and paragraph separators. The zero-width joiners that Devanagari needs stay.
BIDI_AND_SEPARATORS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                "\u2066\u2067\u2068\u2069\u2028\u2029\ufeff")
MULTILINE_ALLOWED = frozenset("\n\r\t")
# A terminal's escape sequence (ESC [ 31 m and its kind, ECMA-48 CSI): taken out whole, so
# no "[31m" is left behind when the ESC goes.
TERMINAL_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")

TEXT_REFUSED = _("Remove the control or direction-changing characters from this text "
                 "(they are invisible and cannot be stored).")


def _refused(char, multiline):
    return char in BIDI_AND_SEPARATORS or (
        unicodedata.category(char) == "Cc" and not (multiline and char in MULTILINE_ALLOWED))


def refused_character(text, *, multiline=False):
    """The first character of text that no text field accepts, or None."""
    for char in text:
        if _refused(char, multiline):
            return char
    return None


def clean_text(text, *, multiline=False):
    """text in NFC; raises ValidationError when it holds a refused character (item 7).
    For text a person sent that does not come through a form (a query string, a file's lines)."""
    text = unicodedata.normalize("NFC", str(text))
    if refused_character(text, multiline=multiline) is not None:
        raise ValidationError(TEXT_REFUSED, code="control_character")
    return text


def is_safe_text(text, *, multiline=False):
    return refused_character(str(text), multiline=multiline) is None


def safe_text(text, *, multiline=False):
    """Text from outside the portal (a biller's consumer name, a name claimed by an identity
    provider, a path written to the audit log) as it may be stored and shown: NFC, without
    control or direction-changing characters; on one line, white space runs become one space
    (item 7). None stays None."""
    if text is None:
        return None
    text = TERMINAL_SEQUENCE.sub("", unicodedata.normalize("NFC", str(text)))
    if multiline:
        return "".join(char for char in text if not _refused(char, True))
    spaced = "".join(" " if char in MULTILINE_ALLOWED else char for char in text)
    return " ".join("".join(char for char in spaced if not _refused(char, False)).split())


QUERY_REFUSED = _("The address held characters that cannot be used in a search or filter; "
                  "they were left out and the page shows its default.")


def query_text(request, name, default="", *, max_length=None):
    """One value of a GET page's query string that no form reads (a search box, a
    filter's code), as a query may use it (issue 9 item 6): NFC and stripped, cut to
    max_length; a value holding a NUL, control or direction-changing character is
    not used: the default is, and the page says why in a message."""
    value = request.GET.get(name)
    if value is None:
        return default
    value = unicodedata.normalize("NFC", value).strip()
    if not is_safe_text(value):
        messages.error(request, QUERY_REFUSED)
        return default
    return value[:max_length] if max_length else value
