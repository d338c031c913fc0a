"""Binding a confirmation page to the POST that moves the money (DESIGN: a confirmation
before money moves is bound to exactly what was seen).

The page carries what it showed, signed; the POST is refused unless the service
would now do exactly that. This is the payouts' own signer until the shared
emitra/core/confirmation.py lands; both sign and verify stay these two calls.
"""
from django.core import signing

MAX_AGE_SECONDS = 30 * 60


class NotSeen(Exception):
    """The token is not one this portal signed for this purpose, or it is too old."""


def sign(purpose, seen):
    return signing.dumps(seen, salt=f"emitra.payouts.confirm.{purpose}", compress=True)


def verify(purpose, token, max_age=MAX_AGE_SECONDS):
    try:
        return signing.loads(token or "", salt=f"emitra.payouts.confirm.{purpose}", max_age=max_age)
    except signing.BadSignature:
        raise NotSeen() from None
