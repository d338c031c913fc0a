"""What an audit row says, in the reader's language (issue 12 req. 6, whole Hindi).

An audit row stores its action (a code, "payments.paid") and its parameters (AuditEvent.detail);
its words are made when a page shows it: `describe(action, detail, summary)` in the page's
language, as ledger memos are (emitra/ledger/memos.py). core knows no app's actions: each app
registers the texts of its own actions from its AppConfig.ready,

    audit_texts.register({"payments.paid": _("Receipt %(number)s paid, %(total_paise)s")},
                         labels={"mode": Receipt.Mode.choices})

with lazily translated format strings and named placeholders (ngettext_lazy with the name of
the counting parameter where the words have a plural; a function of the shown values where the
words branch, as a commission formula's do). A parameter named ..._paise is an amount, shown in
rupees (core.money.format_paise); a parameter named in `labels` is a choice's code, shown by its
label (a role, a state); a name stored twice, as ..._en and ..._hi (a kind of document, a
tehsil), is given under its bare name in the page's language (core.i18n), in place of a code of
that name. The English words are also stored in AuditEvent.summary when the caller gives none
(audit.record), for search and for history; a row whose action has no text (written before its
app registered one), or whose parameters the text does not find, shows that stored summary as it is.
"""
from django.utils import translation

from emitra.core.i18n import in_page_language
from emitra.core.money import format_paise

_TEXTS = {}  # action -> (lazy format string, {parameter: {code: label}})


def register(texts, *, labels=None):
    """Register (or replace) the texts of some actions (a format string, or a function of the
    shown values); `labels` maps a parameter's name to a choice's (code, label) pairs, for every
    text of this call."""
    shared = {name: dict(pairs) for name, pairs in (labels or {}).items()}
    for action, text in texts.items():
        _TEXTS[action] = (text, shared)


def known(action):
    return action in _TEXTS


def describe(action, detail, summary=""):
    """The row's words in the active language; `summary` (the stored text) when the action has no
    registered text or the text asks for a parameter the row does not have."""
    entry = _TEXTS.get(action or "")
    if entry is None:
        return summary
    text, labels = entry
    values = {}
    for name, value in (detail or {}).items():
        if name.endswith("_paise") and isinstance(value, int):
            value = format_paise(value)
        elif name in labels:
            value = labels[name].get(value, value)
        values[name] = value
    for name, value in (detail or {}).items():  # a name in both languages stands for its code, if any
        if name.endswith("_en"):
            values[name[:-3]] = in_page_language(value, detail.get(name[:-2] + "hi"))
    try:
        return str(text(values) if callable(text) else text % values)
    except (KeyError, TypeError, ValueError):
        return summary


def in_english(action, detail):
    """The row's words in English, to store as its summary ("" when the action has no text)."""
    with translation.override("en"):
        return describe(action, detail)
