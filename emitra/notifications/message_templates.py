"""The texts of the messages, in English and Hindi (F26).

SMS texts are fixed per language because each must match, word for word, a
template registered on the DLT platform, which gives each language its own
template id (settings SMS_DLT_TEMPLATE_IDS, keyed "code:language"). They are
therefore written out here rather than run through gettext. Placeholders are
{name}s; a context value named *_paise is also given formatted without the
suffix ({amount_paise} -> {amount}: "1,234.50").
"""
from dataclasses import dataclass

from emitra.core.money import format_paise


class TemplateError(ValueError):
    """Unknown template, language or a missing placeholder: a programming error."""


@dataclass(frozen=True)
class MessageTemplate:
    code: str
    sms: dict
    subject: dict
    email: dict


_RECEIPT_EMAIL_EN = (
    "Dear {consumer_name},\n\n"
    "Your payment of Rs. {amount} was received at e-Mitra kiosk {kiosk}.\n"
    "Receipt number: {receipt_no}\n\n"
    "Keep this e-mail; the QR code on the printed receipt lets anyone check it.\n\n"
    "e-Mitra, Government of Rajasthan"
)
_RECEIPT_EMAIL_HI = (
    "प्रिय {consumer_name},\n\n"
    "आपका Rs. {amount} का भुगतान ई-मित्र कियोस्क {kiosk} पर प्राप्त हुआ।\n"
    "रसीद संख्या: {receipt_no}\n\n"
    "यह ई-मेल संभाल कर रखें; छपी रसीद के QR कोड से कोई भी इसकी जाँच कर सकता है।\n\n"
    "ई-मित्र, राजस्थान सरकार"
)
_CANCEL_EMAIL_EN = (
    "Dear {consumer_name},\n\n"
    "Receipt {receipt_no} for Rs. {amount} at e-Mitra kiosk {kiosk} has been cancelled.\n"
    "If you did not ask for this, contact the kiosk or the e-Mitra helpdesk.\n\n"
    "e-Mitra, Government of Rajasthan"
)
_CANCEL_EMAIL_HI = (
    "प्रिय {consumer_name},\n\n"
    "ई-मित्र कियोस्क {kiosk} की Rs. {amount} की रसीद {receipt_no} रद्द कर दी गई है।\n"
    "यदि आपने यह नहीं कहा था, तो कियोस्क या ई-मित्र हेल्पडेस्क से संपर्क करें।\n\n"
    "ई-मित्र, राजस्थान सरकार"
)

TEMPLATES = {
    t.code: t
    for t in [
        MessageTemplate(
            code="payment_receipt",
            sms={
                "en": "e-Mitra: Dear {consumer_name}, payment of Rs. {amount} received at kiosk {kiosk}. "
                      "Receipt no. {receipt_no}. -GoR",
                "hi": "ई-मित्र: प्रिय {consumer_name}, कियोस्क {kiosk} पर Rs. {amount} का भुगतान प्राप्त हुआ। "
                      "रसीद संख्या {receipt_no}। -GoR",
            },
            subject={"en": "e-Mitra receipt {receipt_no}", "hi": "ई-मित्र रसीद {receipt_no}"},
            email={"en": _RECEIPT_EMAIL_EN, "hi": _RECEIPT_EMAIL_HI},
        ),
        MessageTemplate(
            code="receipt_cancelled",
            sms={
                "en": "e-Mitra: Dear {consumer_name}, receipt {receipt_no} for Rs. {amount} at kiosk {kiosk} "
                      "has been cancelled. -GoR",
                "hi": "ई-मित्र: प्रिय {consumer_name}, कियोस्क {kiosk} की Rs. {amount} की रसीद {receipt_no} "
                      "रद्द कर दी गई है। -GoR",
            },
            subject={"en": "e-Mitra receipt {receipt_no} cancelled", "hi": "ई-मित्र रसीद {receipt_no} रद्द"},
            email={"en": _CANCEL_EMAIL_EN, "hi": _CANCEL_EMAIL_HI},
        ),
        MessageTemplate(
            code="password_reset",
            sms={
                "en": "e-Mitra SSO: your password reset code is {code}. It is valid for 10 minutes. -GoR",
                "hi": "ई-मित्र SSO: आपका पासवर्ड रीसेट कोड {code} है। यह 10 मिनट तक मान्य है। -GoR",
            },
            subject={"en": "Your e-Mitra SSO reset code", "hi": "आपका ई-मित्र SSO रीसेट कोड"},
            email={
                "en": "e-Mitra SSO: your password reset code is {code}. It is valid for 10 minutes.\n\n"
                      "If you did not ask for it, ignore this e-mail.",
                "hi": "ई-मित्र SSO: आपका पासवर्ड रीसेट कोड {code} है। यह 10 मिनट तक मान्य है।\n\n"
                      "यदि आपने यह नहीं माँगा था, तो इस ई-मेल पर ध्यान न दें।",
            },
        ),
        # the document locker's one-time codes (F30, emitra.documents)
        MessageTemplate(
            code="locker_code_kiosk",
            sms={
                "en": "e-Mitra: {code} is the code to open your document locker at kiosk {kiosk}. Tell it only "
                      "to that kiosk. Valid for 10 minutes. -GoR",
                "hi": "ई-मित्र: कियोस्क {kiosk} पर आपका दस्तावेज़ लॉकर खोलने का कोड {code} है। यह कोड केवल उसी "
                      "कियोस्क को बताएँ। 10 मिनट तक मान्य। -GoR",
            },
            subject={"en": "Your e-Mitra document locker code", "hi": "आपका ई-मित्र दस्तावेज़ लॉकर कोड"},
            email={
                "en": "e-Mitra: {code} is the code to open your document locker at kiosk {kiosk}. Tell it only "
                      "to that kiosk. It is valid for 10 minutes.",
                "hi": "ई-मित्र: कियोस्क {kiosk} पर आपका दस्तावेज़ लॉकर खोलने का कोड {code} है। यह कोड केवल उसी "
                      "कियोस्क को बताएँ। यह 10 मिनट तक मान्य है।",
            },
        ),
        MessageTemplate(
            code="locker_code",
            sms={
                "en": "e-Mitra: {code} is the code to link this mobile to your document locker. Valid for "
                      "10 minutes. Do not tell it to anyone. -GoR",
                "hi": "ई-मित्र: इस मोबाइल को आपके दस्तावेज़ लॉकर से जोड़ने का कोड {code} है। 10 मिनट तक मान्य। "
                      "यह कोड किसी को न बताएँ। -GoR",
            },
            subject={"en": "Your e-Mitra document locker code", "hi": "आपका ई-मित्र दस्तावेज़ लॉकर कोड"},
            email={
                "en": "e-Mitra: {code} is the code to link this mobile to your document locker. It is valid for "
                      "10 minutes. Do not tell it to anyone.",
                "hi": "ई-मित्र: इस मोबाइल को आपके दस्तावेज़ लॉकर से जोड़ने का कोड {code} है। यह 10 मिनट तक मान्य "
                      "है। यह कोड किसी को न बताएँ।",
            },
        ),
    ]
}


def register(template):
    """Add the templates of an app above notifications (from its AppConfig.ready), so that
    notifications imports none of them. A code already taken by another template is an error."""
    existing = TEMPLATES.get(template.code)
    if existing is not None and existing != template:
        raise TemplateError(f"message template {template.code!r} is registered twice")
    if set(template.sms) != {"en", "hi"} or set(template.email) != {"en", "hi"}:
        raise TemplateError(f"message template {template.code!r} needs English and Hindi texts")
    TEMPLATES[template.code] = template


def render(code, channel, language, context):
    """(subject, body) of template `code` for `channel` ("sms"/"email") in `language`."""
    try:
        template = TEMPLATES[code]
    except KeyError:
        raise TemplateError(f"unknown message template {code!r}") from None
    if language not in template.sms:
        raise TemplateError(f"no {language!r} text for message template {code!r}")
    values = {k: ("" if v is None else str(v)) for k, v in context.items()}
    for k, v in context.items():
        if k.endswith("_paise") and v is not None:
            values[k[: -len("_paise")]] = format_paise(v, symbol=False)
    try:
        if channel == "sms":
            return "", template.sms[language].format_map(values)
        return (template.subject[language].format_map(values)[:200],
                template.email[language].format_map(values))
    except KeyError as e:
        raise TemplateError(f"message template {code!r} needs {e.args[0]!r} in its context") from None
