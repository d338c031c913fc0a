"""A confirmation before money moves is bound to exactly what the person saw
(issue 9 items 1-2; DESIGN "How money moves"; F17, F18, F16, F20-F22).

A page that asks someone to confirm (the pay page, a receipt's cancellation, a
top-up's confirmation, a security deposit, a credit-limit grant) carries a
seal: a digest of the facts the page showed (the cart's lines and total, the
amount, the limit now ...), signed with the secret key and a salt per kind of
confirmation. The POST sends the seal back; the service that moves the money
works the same facts out again from the database, inside its transaction and
after locking the rows they come from, and goes on only when they are the same:

    token = confirmation.seal("pay", facts)            # put in the page's form
    confirmation.check("pay", token, facts_now)        # in the service; raises

- A seal whose facts differ from the facts now raises Changed: the page is shown
  again with what holds now, and nothing moves.
- A seal that is missing, altered, made up or of another kind of confirmation
  raises Forged: a confirmation step cannot be skipped by posting its form
  without the page having been shown.
- check(..., max_age=seconds) also refuses a seal older than that (Expired),
  for confirmations that must not be acted on long after they were shown.

Facts are any JSON value (dicts, lists, str, int, bool, None; dates and other
values are written with str()). Amounts are integer paise. Put in them what the
person saw and what must not change unseen, and who they are (a person's id),
so that one person's seal is no use to another. A seal is no idempotency key:
the form's key still makes a repeated POST harmless.

The digest travels in the token (signed, not secret), so that Changed and
Forged can be told apart. Seals made with a retired key (SECRET_KEY_FALLBACKS)
still check, so rotating the key does not break pages that are open.
"""
import base64
import hashlib
import json

from django import forms
from django.core import signing

SALT = "emitra.core.confirmation"
DIGEST_LENGTH = 22  # 132 bits of SHA-256, base64url
MAX_TOKEN_LENGTH = 200


class NotConfirmed(Exception):
    """The confirmation sent does not bind what is about to happen."""


class Changed(NotConfirmed):
    """What the page showed is no longer what holds: show it again."""


class Forged(NotConfirmed):
    """No valid seal of this kind of confirmation: the page was not shown (or was altered)."""


class Expired(NotConfirmed):
    """A seal of ours, older than the max_age the check allows: show the page again."""


def digest(facts):
    """The facts' digest: SHA-256 of their canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    raw = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(raw).decode("ascii")[:DIGEST_LENGTH]


def _signer(kind):
    return signing.TimestampSigner(salt=f"{SALT}:{kind}", algorithm="sha256")


def seal(kind, facts):
    """The token a confirmation page carries for these facts (about 75 characters)."""
    return _signer(kind).sign(digest(facts))


def check(kind, token, facts, *, max_age=None):
    """Return None when token seals exactly these facts for this kind of confirmation.

    Raises Forged for a missing, malformed, altered or foreign token, Expired for
    one older than max_age seconds (when given), Changed when it is ours but the
    facts differ. Call it where the money moves, after the rows the facts come
    from are locked, so that nothing changes between check and act.
    """
    token = str(token or "")
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise Forged()
    try:
        sealed = _signer(kind).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise Expired() from None
    except signing.BadSignature:
        raise Forged() from None
    if sealed != digest(facts):
        raise Changed()


def is_sealed(kind, token, facts, *, max_age=None):
    """True when check() would pass; for pages that only need to know."""
    try:
        check(kind, token, facts, max_age=max_age)
    except NotConfirmed:
        return False
    return True


class SealField(forms.CharField):
    """The hidden form field that carries a seal back. It is never "required" by the form
    (an error beside a hidden field is seen by no one): the service refuses an empty
    seal as Forged, with a message for the whole form."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        # cut, not refused here: an over-long seal is Forged for check(), with its message
        return super().to_python(value)[:MAX_TOKEN_LENGTH + 1]
