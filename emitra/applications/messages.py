"""The citizen's SMS and e-mail about an application, in the citizen's language (issue 11 req. 10).

Queued through the outbox (emitra.notifications) in the transaction of the
move that causes them: at submission and at every change of state. The texts
are fixed per language, as DLT-registered SMS templates must be; they are
registered with notifications in AppConfig.ready.
"""
from django.utils import translation

from emitra.notifications.message_templates import MessageTemplate

_SUBMITTED_EMAIL = {
    "en": ("Dear {applicant_name},\n\n"
           "Your application for {service} is submitted to {office}.\n"
           "Application number: {number}\n"
           "Expected delivery by: {due_date}\n\n"
           "Check its status at any time with the application number and your mobile number.\n\n"
           "e-Mitra, Government of Rajasthan"),
    "hi": ("प्रिय {applicant_name},\n\n"
           "{service} के लिए आपका आवेदन {office} को भेज दिया गया है।\n"
           "आवेदन संख्या: {number}\n"
           "अपेक्षित दिनांक: {due_date}\n\n"
           "आवेदन संख्या और अपने मोबाइल नंबर से आप कभी भी इसकी स्थिति देख सकते हैं।\n\n"
           "ई-मित्र, राजस्थान सरकार"),
}
_STATUS_EMAIL = {
    "en": ("Dear {applicant_name},\n\n"
           "Your application {number} for {service} is now: {status}.\n"
           "{remark}\n\n"
           "e-Mitra, Government of Rajasthan"),
    "hi": ("प्रिय {applicant_name},\n\n"
           "{service} के लिए आपके आवेदन {number} की स्थिति अब: {status}।\n"
           "{remark}\n\n"
           "ई-मित्र, राजस्थान सरकार"),
}

TEMPLATES = [
    MessageTemplate(
        code="application_submitted",
        sms={"en": "e-Mitra: Dear {applicant_name}, your application {number} for {service} is submitted. "
                   "Expected by {due_date}. -GoR",
             "hi": "ई-मित्र: प्रिय {applicant_name}, {service} के लिए आपका आवेदन {number} जमा हो गया है। "
                   "अपेक्षित दिनांक {due_date}। -GoR"},
        subject={"en": "e-Mitra application {number} submitted", "hi": "ई-मित्र आवेदन {number} जमा"},
        email=_SUBMITTED_EMAIL,
    ),
    MessageTemplate(
        code="application_status",
        sms={"en": "e-Mitra: Dear {applicant_name}, your application {number} for {service} is now: {status}. -GoR",
             "hi": "ई-मित्र: प्रिय {applicant_name}, {service} के लिए आपके आवेदन {number} की स्थिति: {status}। -GoR"},
        subject={"en": "e-Mitra application {number}: {status}", "hi": "ई-मित्र आवेदन {number}: {status}"},
        email=_STATUS_EMAIL,
    ),
]


def register_templates():
    from emitra.notifications.message_templates import register

    for template in TEMPLATES:
        register(template)


def tell_citizen(application, event):
    """Queue the SMS (and the e-mail, when given) about one step of the application, in the
    applicant's language; the key makes each step's message once only."""
    from emitra.notifications.services import queue_message

    language = application.language if application.language in ("hi", "en") else "hi"
    with translation.override(language):
        last = application.events.order_by("-id").first()
        context = {
            "applicant_name": application.applicant_name, "number": application.number,
            "service": application.service.name, "office": application.office.name if application.office else "",
            "due_date": application.due_date.strftime("%d-%m-%Y") if application.due_date else "",
            "status": str(application.get_state_display()), "remark": (last.remark if last else "")[:300],
        }
    template = "application_submitted" if event == "submitted" else "application_status"
    step = last.pk if last else 0
    for channel, to in (("sms", application.mobile), ("email", application.email)):
        queue_message(channel, to, template, context, language=language, ref=f"application:{application.pk}",
                      key=f"application:{application.number}:{step}:{channel}")
