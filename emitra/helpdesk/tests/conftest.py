"""Helpdesk fixtures: the payments demo (a receipt), and the real SMTP server and HTTP SMS gateway
of the outbox tests on loopback, with the DLT template ids of the ticket messages."""
import pytest

from emitra.notifications.tests.conftest import DLT_IDS, SmsGateway, SmtpServer
from emitra.payments.tests.conftest import catalogue, funded, receipt  # noqa: F401 - fixtures

TICKET_DLT_IDS = {"ticket_raised:en": "1107170000000000101", "ticket_raised:hi": "1107170000000000102",
                  "ticket_updated:en": "1107170000000000103", "ticket_updated:hi": "1107170000000000104"}


@pytest.fixture
def sinks(settings):
    """(smtp, sms): a real SMTP server (aiosmtpd) and a government-style SMS gateway, both started."""
    smtp, sms = SmtpServer(), SmsGateway()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp.port, 5
    settings.SMS_GATEWAY, settings.SMS_HTTP_URL = "http", sms.url
    settings.SMS_HTTP_USERNAME, settings.SMS_HTTP_PASSWORD = "emitra.rj", "pin-123"
    settings.SMS_SENDER_ID, settings.SMS_DLT_ENTITY_ID = "RJGOVT", "1101000000000000001"
    settings.SMS_DLT_TEMPLATE_IDS = {**DLT_IDS, **TICKET_DLT_IDS}
    settings.SMS_HTTP_TIMEOUT = 5
    smtp.start()
    sms.start()
    yield smtp, sms
    sms.stop()
    smtp.stop()
