"""Gateways that carry a message to a person (F26).

The default SMS gateway is the console: each message becomes a structured log
line and a line in <data dir>/sms.log, so a laptop install needs nothing.
E-mail goes through Django's mail (console backend by default, SMTP by
EMAIL_BACKEND). The outbox with retries arrives with the receipts issue.
"""
import json
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

log = logging.getLogger("emitra.notifications")


class GatewayError(Exception):
    """The gateway did not accept the message; the caller may retry."""


def send_sms(mobile, text, *, template_id=""):
    if settings.SMS_GATEWAY != "console":
        raise GatewayError(f"unknown SMS gateway {settings.SMS_GATEWAY!r}")
    line = {"at": timezone.now().isoformat(), "to": mobile, "template_id": template_id, "text": text}
    with open(settings.DATA_DIR / "sms.log", "a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    log.info("sms", extra={"to": mobile, "text": text})


def send_email(to, subject, body):
    try:
        send_mail(subject, body, None, [to])
    except OSError as e:
        raise GatewayError(str(e)) from e
