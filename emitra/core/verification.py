"""Papers anyone can check (F14; issue 11): a signed token for a QR code, and the one rate
limit of every public check (receipts, certificates, application status).

A paper (a receipt, a certificate) carries a QR code of an absolute URL with a
token: its number and a keyed HMAC of it, cut to 12 base64url characters (72
bits) so that the QR stays small. Each kind of paper signs with its own salt,
so a receipt's token never verifies as a certificate's. A number made up or
altered has no valid signature. Signatures made with a retired key
(SECRET_KEY_FALLBACKS) still verify, so rotating the key does not make
printed papers unknown.

Every public check counts against one limit per client address
(settings.VERIFY_PER_MINUTE), whichever page it uses.
"""
import base64
import hmac
import ipaddress
import time

import segno
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

SIGNATURE_LENGTH = 12
WINDOW_SECONDS = 60


class Signer:
    """Tokens of one kind of paper: Signer("emitra.payments.verification").token("K1-2604-000001")."""

    def __init__(self, salt, max_length=40):
        self.salt = salt
        self.max_length = max_length

    def _signature(self, number, secret):
        digest = salted_hmac(self.salt, number, secret=secret, algorithm="sha256").digest()
        return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_LENGTH]

    def token(self, number):
        """The number with its signature: 'K0001-2604-000001.AbCd12_-XyZ0'."""
        return f"{number}.{self._signature(number, settings.SECRET_KEY)}"

    def number_from_token(self, text):
        """The number a token carries if its signature is ours, else None."""
        number, dot, signature = str(text).rpartition(".")
        if not dot or not number or len(number) > self.max_length or len(signature) != SIGNATURE_LENGTH:
            return None
        for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
            if hmac.compare_digest(self._signature(number, secret).encode(), signature.encode("utf-8", "replace")):
                return number
        return None


def absolute_url(path, request=None):
    """The address a QR code opens: EMITRA_BASE_URL, else the request's own host."""
    if settings.BASE_URL:
        return settings.BASE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return "http://127.0.0.1:8000" + path


QR_MASK = 2


def qr(url):
    """The QR of url. Medium error correction survives a crease or a smudged thermal/ribbon print.
    One fixed data mask (every one of the eight is a valid symbol that any reader reads; the
    encoder's search for the best-scoring one was two thirds of a QR's CPU, ~2.4 ms on every
    receipt page, issue 14)."""
    return segno.make(url, error="m", micro=False, mask=QR_MASK)


def qr_svg(url):
    """The QR as one compact inline <svg> (a single path, scaled by CSS) for HTML pages."""
    return qr(url).svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)


def qr_data_uri(url):
    """The QR as an SVG data: URI, for WeasyPrint's <img> in a PDF (vector, sharp at any size)."""
    return qr(url).svg_data_uri(scale=1, border=2)


def mask_mobile(mobile):
    """'9414000007' -> '******0007': enough for its owner to recognise, useless to anyone else."""
    mobile = mobile or ""
    return "*" * max(len(mobile) - 4, 0) + mobile[-4:]


def client_ip(request):
    """The client's address, which the rate limit counts by.

    Behind N trusted proxies (settings.TRUSTED_PROXY_COUNT, EMITRA_TRUSTED_PROXY_COUNT)
    each proxy appends the address it was reached from to X-Forwarded-For, so the
    client is the Nth entry from the right; entries further left were written by
    the client and may be anything. With 0 (the default) the header is never read,
    since anyone can send it. A header too short to have passed all N proxies, or
    whose entry is no IP address, counts by REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return remote


def over_limit(request):
    """A fixed-window counter per client address in the shared cache (no in-process state).

    add() starts a window's counter and incr() counts in it; the key names the
    window, so counts from one minute never leak into the next. Under heavy
    concurrency the database cache may undercount by a few, which only makes
    the limit a little gentler.
    """
    window = int(time.time()) // WINDOW_SECONDS
    key = f"verify-rate:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count > settings.VERIFY_PER_MINUTE
