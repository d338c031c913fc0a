"""Verifying a receipt from its QR code (issue 5 req. 3; F14).

Every printed receipt carries a QR code of an absolute URL to the public page
/v/<number>.<signature>/. The signature is a keyed HMAC of the receipt number,
cut to 12 base64url characters (72 bits) so that the QR stays small; a number
that was made up or altered has no valid signature and shows as unknown. The
page tells only what a citizen needs to trust the paper: the state in plain
words, the amount, the date, the kiosk and the consumer's mobile masked.
"""
import base64
import hmac
import ipaddress
import time

import segno
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from emitra.payments.models import Receipt, ReceiptLine

SALT = "emitra.payments.verification"
SIGNATURE_LENGTH = 12
WINDOW_SECONDS = 60


def _signature(number, secret):
    digest = salted_hmac(SALT, number, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_LENGTH]


def token(number):
    """The receipt number with its signature: 'K0001-2604-000001.AbCd12_-XyZ0'."""
    return f"{number}.{_signature(number, settings.SECRET_KEY)}"


def number_from_token(text):
    """The receipt number a token carries if its signature is ours, else None.

    Signatures made with a retired key (SECRET_KEY_FALLBACKS) still verify, so
    rotating the key does not make printed receipts unknown.
    """
    number, dot, signature = str(text).rpartition(".")
    if not dot or not number or len(number) > 40 or len(signature) != SIGNATURE_LENGTH:
        return None
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if hmac.compare_digest(_signature(number, secret).encode(), signature.encode("utf-8", "replace")):
            return number
    return None


def verify_url(receipt, request=None):
    """The absolute URL the receipt's QR code opens: EMITRA_BASE_URL, else the request's own host."""
    path = reverse("payments:verify", args=[token(receipt.number)])
    if settings.BASE_URL:
        return settings.BASE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return "http://127.0.0.1:8000" + path


def qr(url):
    # medium error correction survives a crease or a smudged thermal/ribbon print
    return segno.make(url, error="m", micro=False)


def qr_svg(url):
    """The QR as one compact inline <svg> (a single path, scaled by CSS) for HTML pages."""
    return qr(url).svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)


def qr_data_uri(url):
    """The QR as an SVG data: URI, for WeasyPrint's <img> in the PDF (vector, sharp at any size)."""
    return qr(url).svg_data_uri(scale=1, border=2)


def mask_mobile(mobile):
    """'9414000007' -> '******0007': enough for the consumer to recognise, useless to anyone else."""
    mobile = mobile or ""
    return "*" * max(len(mobile) - 4, 0) + mobile[-4:]


def standing(receipt):
    """(word, explanation, is_valid) in plain words for the public page."""
    state = receipt.state
    if state == Receipt.State.PAID:
        if receipt.cheque_state == Receipt.ChequeState.IN_HAND:
            return _("Valid"), _("Paid by cheque; the cheque is not yet cleared by the department."), True
        if receipt.lines.exclude(state=ReceiptLine.State.ACTIVE).exists():
            return _("Valid"), _("Part of this receipt was cancelled and refunded."), True
        return _("Valid"), _("This receipt was issued by an e-Mitra kiosk and is paid."), True
    if state == Receipt.State.CANCELLED:
        return _("Cancelled"), _("This receipt was cancelled and the money refunded. It is not valid."), False
    if state == Receipt.State.AWAITING:
        return _("Awaiting"), _("Paid at the kiosk; the department has not yet confirmed it."), False
    if state == Receipt.State.FAILED:
        return _("Not paid"), _("The department refused this payment and it was refunded. It is not valid."), False
    if state == Receipt.State.DISHONOURED:
        return _("Not paid"), _("The cheque for this receipt was dishonoured. It is not valid."), False
    return _("Unknown receipt"), "", False


def valid_amount(receipt):
    """What the receipt is still good for: the total less lines cancelled, refunded or unpaid."""
    return sum(line.total for line in receipt.lines.all() if line.state == ReceiptLine.State.ACTIVE)


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
