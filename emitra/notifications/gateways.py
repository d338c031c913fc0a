"""Gateways that carry a message to a person (F26).

Each gateway's send returns the gateway's own id for the message, or raises
GatewayError (the outbox retries) or PermanentError (the outbox gives up at
once: a configuration mistake no retry can fix). Settings are read at call
time, so a test or an operator can change them without a restart:

SMS_GATEWAY            "console" (default) or "http"
SMS_HTTP_URL           the gateway's send URL (an NIC-style HttpLink)
SMS_HTTP_METHOD        "POST" (form-encoded, default) or "GET"
SMS_HTTP_USERNAME, SMS_HTTP_PASSWORD   sent as form fields (see SMS_HTTP_FIELDS)
SMS_HTTP_API_KEY       if set, sent as "Authorization: Bearer <key>"
SMS_SENDER_ID          the 6-letter DLT header, e.g. "RJGOVT"
SMS_DLT_ENTITY_ID      the principal entity id registered on DLT
SMS_DLT_TEMPLATE_IDS   {"payment_receipt:en": "1107...", ...}; read when a message is queued
SMS_HTTP_FIELDS        overrides of the form-field names (defaults in HTTP_FIELDS)
SMS_HTTP_SUCCESS_PATTERN  regex a successful answer's body matches
SMS_HTTP_ID_PATTERN    regex whose group 1 is the gateway's message id
SMS_HTTP_TIMEOUT       seconds (default 10)
EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL  Django's mail

The console SMS gateway writes each message to the log and a line to
<data dir>/sms.log, so a laptop install needs nothing.
"""
import hashlib
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

log = logging.getLogger("emitra.notifications")

HTTP_FIELDS = {
    "username": "username",
    "password": "pin",
    "to": "mnumber",
    "text": "message",
    "sender": "signature",
    "entity_id": "dlt_entity_id",
    "template_id": "dlt_template_id",
    "reference": "msgid",
}
# NIC answers "Message Accepted for Request ID=...~code=API000 ..."; C-DAC's
# Mobile Seva answers "402,MsgID = ...".
SUCCESS_PATTERN = r"(?i)^\s*(message accepted|402\s*,)"
ID_PATTERN = r"(?i)(?:request\s*id|msgid)\s*=\s*([\w.-]+)"


class GatewayError(Exception):
    """The gateway did not accept the message; the caller may retry."""


class PermanentError(GatewayError):
    """No retry can help (e.g. no DLT template id configured): fail at once."""


def _setting(name, default=None):
    return getattr(settings, name, default)


def dlt_template_id(template, language):
    """The DLT template id registered for a template's text in a language ("" if none)."""
    return (_setting("SMS_DLT_TEMPLATE_IDS") or {}).get(f"{template}:{language}", "")


def _console_sms(mobile, text, template_id, reference):
    line = {"at": timezone.now().isoformat(), "to": mobile, "template_id": template_id,
            "reference": reference, "text": text}
    with open(settings.DATA_DIR / "sms.log", "a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    log.info("sms", extra={"to": mobile, "text": text})
    return reference or ""


def _http_sms(mobile, text, template_id, reference):
    url = _setting("SMS_HTTP_URL", "")
    if not url:
        raise PermanentError("SMS_HTTP_URL is not set")
    if not template_id:
        raise PermanentError("no DLT template id for this message (SMS_DLT_TEMPLATE_IDS)")
    names = {**HTTP_FIELDS, **(_setting("SMS_HTTP_FIELDS") or {})}
    values = {
        "username": _setting("SMS_HTTP_USERNAME", ""),
        "password": _setting("SMS_HTTP_PASSWORD", ""),
        "to": mobile if len(mobile) != 10 else "91" + mobile,
        "text": text,
        "sender": _setting("SMS_SENDER_ID", ""),
        "entity_id": _setting("SMS_DLT_ENTITY_ID", ""),
        "template_id": template_id,
        "reference": reference or "",
    }
    form = urllib.parse.urlencode({names[k]: v for k, v in values.items() if names.get(k) and v != ""})
    headers = {"Accept": "text/plain, */*"}
    if reference:
        headers["Idempotency-Key"] = reference
    if _setting("SMS_HTTP_API_KEY"):
        headers["Authorization"] = f"Bearer {_setting('SMS_HTTP_API_KEY')}"
    if str(_setting("SMS_HTTP_METHOD", "POST")).upper() == "GET":
        request = urllib.request.Request(url + ("&" if "?" in url else "?") + form, headers=headers)
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        request = urllib.request.Request(url, data=form.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=float(_setting("SMS_HTTP_TIMEOUT", 10))) as response:
            answer = response.read(4096).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        raise GatewayError(f"SMS gateway answered HTTP {e.code}") from e
    except (OSError, ValueError) as e:  # refused, timed out, DNS, a bad URL
        raise GatewayError(f"SMS gateway unreachable: {e}") from e
    if not re.search(_setting("SMS_HTTP_SUCCESS_PATTERN", SUCCESS_PATTERN), answer):
        raise GatewayError("SMS gateway refused the message: " + " ".join(answer.split())[:200])
    found = re.search(_setting("SMS_HTTP_ID_PATTERN", ID_PATTERN), answer)
    return found.group(1) if found else ""


SMS_GATEWAYS = {"console": _console_sms, "http": _http_sms}


def send_sms(mobile, text, *, template_id="", reference=""):
    """Send one SMS through settings.SMS_GATEWAY; returns the gateway's id for it.

    reference is our idempotency key: the gateway's client reference, so a
    resend after a crash is recognised as the same message there.
    """
    name = _setting("SMS_GATEWAY", "console")
    try:
        gateway = SMS_GATEWAYS[name]
    except KeyError:
        raise PermanentError(f"unknown SMS gateway {name!r}") from None
    return gateway(mobile, text, template_id, reference)


def message_id_for(reference):
    """A stable RFC 5322 Message-ID for a reference, so a resend is the same e-mail."""
    digest = hashlib.sha256(reference.encode()).hexdigest()[:32]
    domain = _setting("EMAIL_MESSAGE_ID_DOMAIN", "emitra.localhost")
    return f"<{digest}@{domain}>"


def send_email(to, subject, body, *, reference=""):
    """Send one e-mail through Django's mail; returns its Message-ID."""
    headers = {}
    if reference:
        headers = {"Message-ID": message_id_for(reference), "X-Emitra-Ref": reference}
    try:
        connection = get_connection(fail_silently=False, timeout=_setting("EMAIL_TIMEOUT") or 30)
        EmailMessage(subject, body, None, [to], headers=headers, connection=connection).send()
    except OSError as e:  # smtplib's errors are OSErrors; so are refused connections
        raise GatewayError(f"mail server: {e}") from e
    return headers.get("Message-ID", "")
