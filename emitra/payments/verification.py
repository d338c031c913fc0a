"""Verifying a receipt from its QR code (issue 5 req. 3; F14).

Every printed receipt carries a QR code of an absolute URL to the public page
/v/<number>.<signature>/. The signature is a keyed HMAC of the receipt number,
cut to 12 base64url characters (72 bits) so that the QR stays small; a number
that was made up or altered has no valid signature and shows as unknown. The
page tells only what a citizen needs to trust the paper: the state in plain
words, the amount, the date, the kiosk and the consumer's mobile masked.
Signing, QR codes and the rate limit are the shared pieces of emitra.core.verification.
"""
from django.urls import reverse
from django.utils.translation import gettext as _

from emitra.core.verification import (  # noqa: F401 - the receipt's check uses the shared pieces
    WINDOW_SECONDS,
    Signer,
    absolute_url,
    client_ip,
    mask_mobile,
    over_limit,
    qr_data_uri,
    qr_svg,
)
from emitra.payments.models import Receipt, ReceiptLine

SALT = "emitra.payments.verification"
_SIGNER = Signer(SALT)
token = _SIGNER.token
number_from_token = _SIGNER.number_from_token


def verify_url(receipt, request=None):
    """The absolute URL the receipt's QR code opens: EMITRA_BASE_URL, else the request's own host."""
    return absolute_url(reverse("payments:verify", args=[token(receipt.number)]), request)


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
