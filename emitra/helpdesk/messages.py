"""The reporter's SMS and e-mail about a ticket, at every step, in the reporter's language (F34, F26).

Queued through the outbox (emitra.notifications) in the transaction of the
step: when it is raised (its number and the desk it went to), and at every
comment of the desk and every change of state. The texts are fixed per
language, as DLT-registered SMS templates must be; they register with
notifications in AppConfig.ready.
"""
from django.utils import translation

from emitra.notifications.message_templates import MessageTemplate, register
from emitra.notifications.services import queue_message

TEMPLATES = [
    MessageTemplate(
        code="ticket_raised",
        sms={"en": "e-Mitra: your issue ticket {number} is recorded and sent to {desk}. "
                   "You will get an SMS at every update. -GoR",
             "hi": "ई-मित्र: आपका शिकायत टिकट {number} दर्ज हो गया है और {desk} को भेजा गया है। "
                   "हर अपडेट पर आपको SMS मिलेगा। -GoR"},
        subject={"en": "e-Mitra issue ticket {number} recorded", "hi": "ई-मित्र शिकायत टिकट {number} दर्ज"},
        email={"en": "Your issue ticket {number} is recorded and sent to {desk}.\n\n"
                     "{note}\n\nYou will get an e-mail at every update.\n\ne-Mitra, Government of Rajasthan",
               "hi": "आपका शिकायत टिकट {number} दर्ज हो गया है और {desk} को भेजा गया है।\n\n"
                     "{note}\n\nहर अपडेट पर आपको ई-मेल मिलेगा।\n\nई-मित्र, राजस्थान सरकार"},
    ),
    MessageTemplate(
        code="ticket_updated",
        sms={"en": "e-Mitra: your issue ticket {number} is now: {status}. {note} -GoR",
             "hi": "ई-मित्र: आपके शिकायत टिकट {number} की स्थिति अब: {status}। {note} -GoR"},
        subject={"en": "e-Mitra issue ticket {number}: {status}", "hi": "ई-मित्र शिकायत टिकट {number}: {status}"},
        email={"en": "Your issue ticket {number} is now: {status}.\n\n{note}\n\ne-Mitra, Government of Rajasthan",
               "hi": "आपके शिकायत टिकट {number} की स्थिति अब: {status}।\n\n{note}\n\nई-मित्र, राजस्थान सरकार"},
    ),
]

SMS_NOTE_LENGTH = 120


def register_templates():
    for template in TEMPLATES:
        register(template)


def tell_reporter(ticket, event):
    """Queue the SMS and the e-mail about one event of the ticket to the reporter's mobile and
    e-mail, in the ticket's language; the event's id in the key makes each step's message once only."""
    language = ticket.language if ticket.language in ("hi", "en") else "hi"
    with translation.override(language):
        desk = (ticket.lsp.name if ticket.lsp_id else "") or str(ticket.get_desk_display())
        status = str(ticket.get_state_display())
    note = " ".join((event.text or "").split())
    template = "ticket_raised" if event.kind == event.Kind.RAISED else "ticket_updated"
    for channel, to in (("sms", ticket.contact_mobile), ("email", ticket.contact_email)):
        text = note if channel == "email" or len(note) <= SMS_NOTE_LENGTH else note[:SMS_NOTE_LENGTH - 1] + "…"
        queue_message(channel, to, template, {"number": ticket.number, "desk": desk, "status": status,
                                              "note": event.text if channel == "email" else text},
                      language=language, ref=f"ticket:{ticket.pk}", key=f"ticket:{ticket.number}:{event.pk}:{channel}")
