"""The consumer's SMS and e-mail about a receipt (F26; issue 9 item 14).

Every payment and every cancellation sends the consumer an SMS (and an e-mail
when given), queued in the same transaction as the money. A cancellation of the
whole receipt says the receipt is cancelled; a cancellation of some of its
lines names those lines (position and service, in the consumer's language), the
amount they came to and what the receipt still stands at, so that a consumer
whose water bill stays paid is not told that "the receipt" was cancelled.

Each message's key says what it is about (`key`: receipt number, event,
channel), and the receipt page's message list reads it back (`labelled`), so
each row says which message it is: "Payment SMS", "Cancellation SMS for line 2".
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from emitra.notifications import message_templates
from emitra.notifications.message_templates import MessageTemplate

PAID = "paid"
CANCEL = "cancel"

LINES_CANCELLED = MessageTemplate(
    code="receipt_lines_cancelled",
    sms={
        "en": "e-Mitra: Dear {consumer_name}, on receipt {receipt_no} at kiosk {kiosk}, {lines} for Rs. {amount} "
              "has been cancelled. The receipt now stands at Rs. {net}. -GoR",
        "hi": "ई-मित्र: प्रिय {consumer_name}, कियोस्क {kiosk} की रसीद {receipt_no} की {lines}, Rs. {amount}, "
              "रद्द कर दी गई है। रसीद की शेष राशि Rs. {net} है। -GoR",
    },
    subject={"en": "e-Mitra receipt {receipt_no}: part cancelled", "hi": "ई-मित्र रसीद {receipt_no}: आंशिक रद्द"},
    email={
        "en": "Dear {consumer_name},\n\n"
              "On receipt {receipt_no} at e-Mitra kiosk {kiosk}, {lines} for Rs. {amount} has been cancelled.\n"
              "The rest of the receipt stays paid: it now stands at Rs. {net}.\n"
              "If you did not ask for this, contact the kiosk or the e-Mitra helpdesk.\n\n"
              "e-Mitra, Government of Rajasthan",
        "hi": "प्रिय {consumer_name},\n\n"
              "ई-मित्र कियोस्क {kiosk} की रसीद {receipt_no} की {lines}, Rs. {amount}, रद्द कर दी गई है।\n"
              "रसीद का शेष भाग भुगतान किया हुआ रहता है: उसकी शेष राशि Rs. {net} है।\n"
              "यदि आपने यह नहीं कहा था, तो कियोस्क या ई-मित्र हेल्पडेस्क से संपर्क करें।\n\n"
              "ई-मित्र, राजस्थान सरकार",
    },
)


def register_templates():
    """From PaymentsConfig.ready: notifications imports nothing of payments."""
    message_templates.register(LINES_CANCELLED)


def key(receipt, event, channel, positions=()):
    """The message's idempotency key: receipt:<number>:paid:<channel> or receipt:<number>:cancel:<1,2>:<channel>."""
    if event == CANCEL:
        return f"receipt:{receipt.number}:{CANCEL}:{','.join(str(p) for p in positions)}:{channel}"
    return f"receipt:{receipt.number}:{event}:{channel}"


def _language(receipt):
    return receipt.language if receipt.language in ("hi", "en") else "hi"


def _queue(receipt, template, context, event, positions=()):
    from emitra.notifications.services import queue_message

    context = {"consumer_name": receipt.consumer_name, "receipt_no": receipt.number, "kiosk": receipt.kiosk.code,
               **context}
    queued = [queue_message(channel, to, template, context, language=_language(receipt), ref=f"receipt:{receipt.pk}",
                            key=key(receipt, event, channel, positions))
              for channel, to in (("sms", receipt.mobile), ("email", receipt.email))]
    return [message for message in queued if message is not None]


def tell_paid(receipt, amount):
    """Queue the payment's SMS (and e-mail); returns the messages, as the receipt page lists them."""
    return _queue(receipt, "payment_receipt", {"amount_paise": amount}, PAID)


def lines_text(lines, language):
    """'line 2 (Water bill)' / 'पंक्ति 2 (पानी का बिल)': the fixed SMS words, not gettext (DLT)."""
    hindi = language == "hi"
    parts = [f"{line.position} ({line.service.name_hi if hindi and line.service.name_hi else line.service.name_en})"
             for line in lines]
    if hindi:
        return ("पंक्ति " if len(parts) == 1 else "पंक्तियाँ ") + ", ".join(parts)
    return ("line " if len(parts) == 1 else "lines ") + ", ".join(parts)


def tell_cancelled(receipt, lines, *, all_lines, net):
    """The cancellation of `lines`: of the whole receipt (every one of its lines at once), or of
    some lines, named, with what the receipt stands at now (net, paise)."""
    positions = [line.position for line in lines]
    amount = sum(line.total for line in lines)
    if all_lines:
        _queue(receipt, "receipt_cancelled", {"amount_paise": amount}, CANCEL, positions)
    else:
        _queue(receipt, LINES_CANCELLED.code, {"amount_paise": amount, "net_paise": net,
                                               "lines": lines_text(lines, _language(receipt))}, CANCEL, positions)


@dataclass(frozen=True)
class Notice:
    label: str  # which message it is: "Payment SMS", "Cancellation SMS for line 2"
    message: object  # notifications.Message


def _label(message, receipt_positions):
    channel = _("SMS") if message.channel == "sms" else _("e-mail")
    parts = message.key.split(":")
    if len(parts) == 5 and parts[2] == CANCEL:
        positions = [p for p in parts[3].split(",") if p]
        if sorted(positions) == sorted(str(p) for p in receipt_positions) and message.template == "receipt_cancelled":
            return _("Cancellation %(channel)s for the whole receipt") % {"channel": channel}
        if len(positions) == 1:
            return _("Cancellation %(channel)s for line %(lines)s") % {"channel": channel, "lines": positions[0]}
        return _("Cancellation %(channel)s for lines %(lines)s") % {"channel": channel, "lines": ", ".join(positions)}
    if len(parts) == 4 and parts[2] == PAID:
        return _("Payment %(channel)s") % {"channel": channel}
    return str(message.get_channel_display())


def labelled(messages, lines):
    """The receipt's messages, each with the words that say which it is."""
    positions = [line.position for line in lines]
    return [Notice(_label(m, positions), m) for m in messages]
