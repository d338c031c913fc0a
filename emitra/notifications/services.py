"""The outbox's operations (F26).

Delivery guarantee. A message is written in the caller's transaction and
handed to the worker only after commit, so it exists if and only if its
cause does. Delivery records before and after the gateway call: the row is
claimed (queued -> sending, attempts + 1) in its own committed statement,
then sent with the row's key as the gateway's client reference (SMS) or as
the e-mail's Message-ID, then recorded as sent. If recording fails the
worker retries the recording, not the sending. If the worker dies between
sending and recording, the row stays "sending"; after SENDING_LEASE the sweep
(deliver_due, the `deliver_outbox` command) sends it again with the same key,
which the SMS gateway dedupes on, so the citizen gets one SMS. SMTP has no
such dedupe: in that one window an e-mail may arrive twice, with the same
Message-ID (most mail clients show one). Nothing is lost: every row ends
sent or failed, and failed rows are on DoIT's page with a retry button.
"""
import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from emitra.core import audit, outbox
from emitra.core.database import insert_once
from emitra.notifications import gateways, message_templates
from emitra.notifications.models import Message

log = logging.getLogger("emitra.notifications")


class MessageError(ValueError):
    """The message cannot be queued: bad channel, address, language or template."""


def max_attempts():
    return int(getattr(settings, "NOTIFY_MAX_ATTEMPTS", 8))


def retry_delay(attempts):
    """Seconds to wait after the n-th failed attempt: doubling from the base, capped."""
    return outbox.backoff_seconds(attempts, base=getattr(settings, "NOTIFY_RETRY_BASE_SECONDS", 30),
                                  cap=getattr(settings, "NOTIFY_RETRY_MAX_SECONDS", 3600))


def sending_lease():
    return timedelta(seconds=float(getattr(settings, "NOTIFY_SENDING_LEASE_SECONDS", 300)))


_MOBILE = re.compile(r"^[6-9]\d{9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _address(channel, to):
    to = (to or "").strip()
    if channel == Message.Channel.SMS:
        digits = re.sub(r"[\s-]", "", to).removeprefix("+")
        if len(digits) == 12 and digits.startswith("91"):
            digits = digits[2:]
        if not _MOBILE.match(digits):
            raise MessageError(f"not an Indian mobile number: {to!r}")
        return digits
    if not _EMAIL.match(to) or len(to) > 254:
        raise MessageError(f"not an e-mail address: {to!r}")
    return to


def queue_message(channel, to, template, context, *, language="en", ref="", key):
    """Write one outbox row in the caller's transaction; deliver it after commit (F26).

    key is the caller's idempotency key (e.g. "receipt:123:sms"): queueing the
    same key again returns the existing row and sends nothing more. A blank
    `to` (the consumer gave no e-mail) queues nothing and returns None.
    """
    if channel not in Message.Channel.values:
        raise MessageError(f"unknown channel {channel!r}")
    if language not in Message.Language.values:
        raise MessageError(f"unknown language {language!r}")
    if not (to or "").strip():
        return None
    if not key or len(key) > 120:
        raise MessageError("a message needs a key of at most 120 characters")
    to = _address(channel, to)
    try:
        subject, body = message_templates.render(template, channel, language, context)
    except message_templates.TemplateError as e:
        raise MessageError(str(e)) from e
    message = Message(key=key, channel=channel, to=to, language=language, template=template, subject=subject,
                      body=body, ref=ref[:64],
                      dlt_template_id=gateways.dlt_template_id(template, language) if channel == "sms" else "")
    # one INSERT ... ON CONFLICT (key) DO NOTHING, not get_or_create's four statements (issue 14)
    pk, created = insert_once(Message, {f.attname: getattr(message, f.attname)
                                        for f in Message._meta.concrete_fields if not f.primary_key}, unique="key")
    if not created:
        return Message.objects.get(key=key)
    message.pk = pk
    message._state.adding, message._state.db = False, connection.alias
    _deliver_after_commit(pk)
    return message


def _deliver_after_commit(message_id):
    from emitra.notifications.tasks import deliver

    outbox.enqueue_after_commit(deliver, message_id)


def enqueue_delivery(message_id, *, run_after=None):
    """Hand a message to the worker. A failure here loses nothing: the sweep finds the row."""
    from emitra.notifications.tasks import deliver

    return outbox.enqueue(deliver, message_id, run_after=run_after)


def messages_for(ref):
    """The messages about one business object (e.g. "receipt:123"), oldest first, for a status list."""
    return Message.objects.filter(ref=ref).order_by("created", "pk")


def _claim(message_id, now):
    """queued and due -> sending, in one conditional UPDATE, so two workers never both send."""
    return Message.objects.filter(pk=message_id, state=Message.State.QUEUED, next_attempt_at__lte=now).update(
        state=Message.State.SENDING, attempts=F("attempts") + 1, sending_since=now)


def _send(message):
    if message.channel == Message.Channel.SMS:
        # Queued before its DLT id was configured? Use the id configured now.
        template_id = message.dlt_template_id or gateways.dlt_template_id(message.template, message.language)
        return gateways.send_sms(message.to, message.body, template_id=template_id, reference=message.key)
    return gateways.send_email(message.to, message.subject, message.body, reference=message.key)


def _record_sent(message_id, gateway_ref, now):
    return Message.objects.filter(pk=message_id, state=Message.State.SENDING).update(
        state=Message.State.SENT, sent_at=now, gateway_ref=(gateway_ref or "")[:100],
        sending_since=None, last_error="")


RECORD_TRIES = 3


def _record_failure(message, error, now, *, permanent=False):
    give_up = permanent or message.attempts >= max_attempts()
    Message.objects.filter(pk=message.pk, state=Message.State.SENDING).update(
        state=Message.State.FAILED if give_up else Message.State.QUEUED,
        next_attempt_at=now + timedelta(seconds=0 if give_up else retry_delay(message.attempts)),
        sending_since=None, last_error=str(error)[:1000])
    if give_up:
        log.warning("message %s failed after %s attempts: %s", message.pk, message.attempts, error)


def deliver(message_id, now=None):
    """One delivery attempt of a due queued message; returns the message afterwards (None if gone).

    Not due, already sent, failed or being sent by another worker: nothing happens.
    """
    now = now or timezone.now()
    if _claim(message_id, now):
        message = Message.objects.get(pk=message_id)
        try:
            gateway_ref = _send(message)
        except gateways.GatewayError as e:
            _record_failure(message, e, now, permanent=isinstance(e, gateways.PermanentError))
        except Exception as e:  # a bug in a gateway must not leave the row "sending"
            log.exception("gateway crashed on message %s", message_id)
            _record_failure(message, f"{type(e).__name__}: {e}", now)
        else:
            for attempt in range(RECORD_TRIES):
                try:
                    with transaction.atomic():
                        _record_sent(message_id, gateway_ref, now)
                    break
                except DatabaseError:
                    # Sent but not recorded: retry the record, never the send.
                    if attempt == RECORD_TRIES - 1:
                        raise
                    log.warning("recording message %s as sent failed; trying again", message_id)
                    time.sleep(0.05 * (attempt + 1))
    return Message.objects.filter(pk=message_id).first()


def requeue_stale(now=None):
    """Rows left "sending" longer than the lease (a worker died) go back to the queue, due now."""
    now = now or timezone.now()
    return Message.objects.filter(state=Message.State.SENDING, sending_since__lt=now - sending_lease()).update(
        state=Message.State.QUEUED, next_attempt_at=now, sending_since=None,
        last_error="The worker stopped while sending; sent again with the same key.")


def deliver_due(now=None, limit=500):
    """The sweep: requeue stale rows, then attempt every due queued message once; returns how many."""
    now = now or timezone.now()
    requeue_stale(now)
    ids = list(Message.objects.filter(state=Message.State.QUEUED, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in ids:
        deliver(pk, now)
    return len(ids)


def retry_message(message, *, by):
    """DoIT sends a failed (or waiting) message again now, with a fresh round of attempts."""
    with transaction.atomic():
        updated = Message.objects.filter(
            Q(state=Message.State.FAILED) | Q(state=Message.State.QUEUED), pk=message.pk
        ).update(state=Message.State.QUEUED, attempts=0, next_attempt_at=timezone.now())
        if not updated:
            return False
        audit.record("notifications.message.retried", actor=by, target=message,
                     channel=message.channel, to=message.to, template=message.template)
        _deliver_after_commit(message.pk)
    return True


def unsent_messages(state=""):
    """Messages not (yet) delivered, for DoIT's page: failed first, then newest."""
    qs = Message.objects.exclude(state=Message.State.SENT)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by(
        Case(When(state=Message.State.FAILED, then=0), default=1), "-created", "-pk")
