"""The holder's SMS and e-mail about a payout (F9, F26): paid, or failed with the money back.

Fixed texts per language (DLT-registered SMS templates), registered with
notifications in AppConfig.ready and queued through the outbox in the
transaction that settles or fails the payout.
"""
import logging

from emitra.notifications.message_templates import MessageTemplate, register
from emitra.notifications.services import MessageError, queue_message

log = logging.getLogger("emitra.payouts")

TEMPLATES = [
    MessageTemplate(
        code="payout_paid",
        sms={"en": "e-Mitra: commission payout {reference} of Rs. {net} (TDS Rs. {tds}) is paid into your bank "
                   "account {account}. -GoR",
             "hi": "ई-मित्र: कमीशन भुगतान {reference} के Rs. {net} (टीडीएस Rs. {tds}) आपके बैंक खाते {account} में "
                   "जमा हो गए हैं। -GoR"},
        subject={"en": "e-Mitra commission payout {reference} paid", "hi": "ई-मित्र कमीशन भुगतान {reference} जमा"},
        email={"en": "Dear {holder_name},\n\nThe commission payout {reference} of kiosk {kiosk} is paid into your "
                     "bank account {account}.\nGross: Rs. {gross}\nTDS (section 194H): Rs. {tds}\nNet paid: Rs. {net}\n"
                     "Bank reference: {bank_ref}\n\ne-Mitra, Government of Rajasthan",
               "hi": "प्रिय {holder_name},\n\nकियोस्क {kiosk} का कमीशन भुगतान {reference} आपके बैंक खाते {account} में "
                     "जमा हो गया है।\nकुल: Rs. {gross}\nटीडीएस (धारा 194H): Rs. {tds}\nशुद्ध भुगतान: Rs. {net}\n"
                     "बैंक संदर्भ: {bank_ref}\n\nई-मित्र, राजस्थान सरकार"},
    ),
    MessageTemplate(
        code="payout_failed",
        sms={"en": "e-Mitra: commission payout {reference} of Rs. {net} to account {account} failed. Rs. {gross} "
                   "is back in your commission balance. -GoR",
             "hi": "ई-मित्र: खाते {account} में कमीशन भुगतान {reference} (Rs. {net}) विफल रहा। Rs. {gross} आपके "
                   "कमीशन शेष में वापस जमा हैं। -GoR"},
        subject={"en": "e-Mitra commission payout {reference} failed", "hi": "ई-मित्र कमीशन भुगतान {reference} विफल"},
        email={"en": "Dear {holder_name},\n\nThe commission payout {reference} of kiosk {kiosk} to your bank account "
                     "{account} failed: {reason}\nRs. {gross} is back in the kiosk's commission balance; the TDS "
                     "of Rs. {tds} was not deducted.\nCheck the bank account with your LSP and transfer again.\n\n"
                     "e-Mitra, Government of Rajasthan",
               "hi": "प्रिय {holder_name},\n\nकियोस्क {kiosk} का कमीशन भुगतान {reference} आपके बैंक खाते {account} में "
                     "विफल रहा: {reason}\nRs. {gross} कियोस्क के कमीशन शेष में वापस जमा हैं; Rs. {tds} का टीडीएस "
                     "नहीं काटा गया।\nअपने LSP से बैंक खाता जाँचें और फिर से भुगतान करें।\n\n"
                     "ई-मित्र, राजस्थान सरकार"},
    ),
]


def register_templates():
    for template in TEMPLATES:
        register(template)


def tell_holder(payout, template, **extra):
    """Queue the holder's SMS and e-mail about a payout (inside the caller's transaction)."""
    holder = payout.holder
    context = {"holder_name": holder.name or holder.sso_id, "kiosk": payout.kiosk.code,
               "reference": payout.reference, "account": payout.bank_account.masked_no,
               "gross_paise": payout.gross, "tds_paise": payout.tds, "net_paise": payout.net,
               "bank_ref": payout.bank_ref or "-", "reason": payout.reason or "-", **extra}
    for channel, to in (("sms", holder.mobile), ("email", holder.email)):
        try:
            queue_message(channel, to, template, context, language="hi", ref=f"payout:{payout.pk}",
                          key=f"payout:{payout.pk}:{template}:{channel}")
        except MessageError:  # a holder's malformed address must not undo the payout's settlement
            log.warning("payout %s: no %s to the holder, address %r refused", payout.reference, channel, to)
