"""The outbox (issue 5 req. 4, F26), against a real SMTP server and a real HTTP SMS gateway."""
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from emitra.notifications import services
from emitra.notifications.models import Message

RECEIPT = {"consumer_name": "रमेश शर्मा", "receipt_no": "RJ2601000123", "amount_paise": 123450,
           "kiosk": "K1001 Bassi"}


def queue_payment(language="en", *, mobile="9829012345", email="ramesh@example.com", n=123):
    """What payments' pay does: both messages in the payment's transaction."""
    with transaction.atomic():
        sms = services.queue_message("sms", mobile, "payment_receipt", RECEIPT, language=language,
                                     ref=f"receipt:{n}", key=f"receipt:{n}:paid:sms")
        mail = services.queue_message("email", email, "payment_receipt", RECEIPT, language=language,
                                      ref=f"receipt:{n}", key=f"receipt:{n}:paid:email")
    return sms, mail


def later(**kw):
    return timezone.now() + timedelta(**kw)


def refresh(*messages):
    return [Message.objects.get(pk=m.pk) for m in messages]


@pytest.mark.parametrize("language, words", [
    ("en", ["Dear रमेश शर्मा", "payment of Rs. 1,234.50", "kiosk K1001 Bassi", "Receipt no. RJ2601000123"]),
    ("hi", ["प्रिय रमेश शर्मा", "Rs. 1,234.50 का भुगतान", "कियोस्क K1001 Bassi", "रसीद संख्या RJ2601000123"]),
])
def test_a_payment_sends_one_sms_and_one_email_in_the_chosen_language(
        db, smtp_server, sms_gateway, django_capture_on_commit_callbacks, language, words):
    smtp_server.start()
    sms_gateway.start()
    with django_capture_on_commit_callbacks(execute=True):
        sms, mail = queue_payment(language)

    assert len(sms_gateway.handset) == 1
    mobile, text = sms_gateway.handset[0]
    assert mobile == "919829012345"
    for w in words:
        assert w in text
    form = sms_gateway.requests[0]
    assert form["signature"] == "RJGOVT" and form["username"] == "emitra.rj" and form["pin"] == "pin-123"
    assert form["dlt_entity_id"] == "1101000000000000001"
    assert form["dlt_template_id"] == {"en": "1107170000000000001", "hi": "1107170000000000002"}[language]
    assert form["msgid"] == form["_idempotency_key"] == "receipt:123:paid:sms"

    assert len(smtp_server.mails) == 1
    rcpt, message = smtp_server.mails[0]
    assert rcpt == ["ramesh@example.com"]
    assert "RJ2601000123" in message["Subject"]
    body = message.get_body().get_content()
    assert RECEIPT["consumer_name"] in body and "1,234.50" in body and "K1001 Bassi" in body
    assert ("आपका Rs. 1,234.50 का भुगतान" if language == "hi" else "Your payment of Rs. 1,234.50") in body

    sms, mail = refresh(sms, mail)
    assert (sms.state, sms.attempts, sms.gateway_ref) == ("sent", 1, "1000")
    assert (mail.state, mail.attempts) == ("sent", 1)
    assert mail.gateway_ref == message["Message-ID"]
    assert [m.channel for m in services.messages_for("receipt:123")] == ["sms", "email"]


def test_a_cancellation_message_names_the_receipt(db, sms_gateway, django_capture_on_commit_callbacks):
    sms_gateway.start()
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_message("sms", "+91 98290-12345", "receipt_cancelled", RECEIPT, language="hi",
                               ref="receipt:123", key="receipt:123:cancelled:sms")
    assert sms_gateway.handset == [("919829012345", "ई-मित्र: प्रिय रमेश शर्मा, कियोस्क K1001 Bassi की Rs. 1,234.50 "
                                                    "की रसीद RJ2601000123 रद्द कर दी गई है। -GoR")]


def test_queueing_the_same_key_again_sends_nothing_more(db, sms_gateway, django_capture_on_commit_callbacks):
    sms_gateway.start()
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = queue_payment(email="")
        again, _ = queue_payment(email="")
    assert first.pk == again.pk
    assert len(sms_gateway.requests) == 1
    assert Message.objects.count() == 1  # a blank e-mail address queues no e-mail


def test_a_rolled_back_payment_sends_nothing(db, sms_gateway, django_capture_on_commit_callbacks):
    sms_gateway.start()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                queue_payment()
                raise RuntimeError("the ledger refused the debit")
    assert Message.objects.count() == 0
    assert sms_gateway.requests == []


def test_gateways_down_then_up_deliver_once_after_retries(
        db, smtp_server, sms_gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sms, mail = queue_payment()      # neither server is listening yet
    sms, mail = refresh(sms, mail)
    for m in (sms, mail):
        assert (m.state, m.attempts) == ("queued", 1)
        assert m.last_error
        assert m.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert services.deliver_due() == 0   # not due yet: back-off

    assert services.deliver_due(later(seconds=31)) == 2   # still down: second attempt, longer wait
    sms, mail = refresh(sms, mail)
    assert sms.attempts == 2 and sms.next_attempt_at > later(seconds=50)

    smtp_server.start()
    sms_gateway.start()
    assert services.deliver_due(later(minutes=5)) == 2
    assert services.deliver_due(later(hours=5)) == 0
    assert len(sms_gateway.handset) == 1 and len(smtp_server.mails) == 1
    sms, mail = refresh(sms, mail)
    assert (sms.state, sms.attempts, sms.last_error) == ("sent", 3, "")
    assert (mail.state, mail.attempts) == ("sent", 3)


@pytest.mark.parametrize("mode, error", [("garbage", "refused the message: <html>"), ("error", "HTTP 500"),
                                         ("refuse", "Invalid template id")])
def test_a_gateway_answering_errors_or_garbage_is_retried_then_failed_and_shown_to_doit(
        cast, client_as, settings, sms_gateway, django_capture_on_commit_callbacks, mode, error):
    settings.NOTIFY_MAX_ATTEMPTS = 4
    sms_gateway.mode = mode
    sms_gateway.start()
    with django_capture_on_commit_callbacks(execute=True):
        sms, _ = queue_payment(email="")
    when = timezone.now()
    for _ in range(10):
        when += timedelta(hours=2)
        services.deliver_due(when)
    (sms,) = refresh(sms)
    assert (sms.state, sms.attempts) == ("failed", 4)
    assert error in sms.last_error
    assert len(sms_gateway.requests) == 4 and sms_gateway.handset == []

    doit = client_as(cast.doit)
    page = doit.get("/doit/messages/").content.decode()
    assert "9829012345" in page and "receipt:123" in page and "Failed" in page and "Send again" in page
    assert client_as(cast.holder).get("/doit/messages/").status_code == 404
    assert client_as(cast.holder).post(f"/doit/messages/{sms.pk}/retry/").status_code == 404

    sms_gateway.mode = "ok"
    with django_capture_on_commit_callbacks(execute=True):
        r = doit.post(f"/doit/messages/{sms.pk}/retry/")
    assert r.status_code == 302
    (sms,) = refresh(sms)
    assert (sms.state, sms.attempts) == ("sent", 1)
    assert len(sms_gateway.handset) == 1
    assert "Every message has been delivered." in doit.get("/doit/messages/").content.decode()


def test_a_failure_to_record_after_sending_does_not_send_again(
        db, smtp_server, sms_gateway, monkeypatch, django_capture_on_commit_callbacks):
    smtp_server.start()
    sms_gateway.start()
    record = services._record_sent
    failures = []

    def record_fails_once(*args):
        if len(failures) < 2:            # once for the SMS, once for the e-mail
            failures.append(args[0])
            raise DatabaseError("connection to the database lost")
        return record(*args)

    monkeypatch.setattr(services, "_record_sent", record_fails_once)
    with django_capture_on_commit_callbacks(execute=True):
        sms, mail = queue_payment()
    assert len(failures) == 2
    assert len(sms_gateway.requests) == 1 and len(smtp_server.mails) == 1
    assert [(m.state, m.attempts) for m in refresh(sms, mail)] == [("sent", 1), ("sent", 1)]
    assert services.deliver_due(later(hours=1)) == 0


class WorkerKilled(BaseException):
    """The worker process dying (kill -9, power cut) right after the gateway accepted."""


def test_a_worker_dying_between_sending_and_recording_is_resent_with_the_same_key_and_delivered_once(
        db, smtp_server, sms_gateway, monkeypatch, django_capture_on_commit_callbacks):
    smtp_server.start()
    sms_gateway.start()
    record = services._record_sent
    monkeypatch.setattr(services, "_record_sent", lambda *a: (_ for _ in ()).throw(WorkerKilled()))
    with django_capture_on_commit_callbacks(execute=True):
        sms, mail = queue_payment()
    # both rows went to the worker in one task (emitra.core.outbox): it died after the gateway took
    # the SMS, so the e-mail, next in that task, was never tried and waits, due, for the sweep
    assert [m.state for m in refresh(sms, mail)] == ["sending", "queued"]
    with pytest.raises(WorkerKilled):                         # the sweep's worker dies in turn,
        services.deliver_due(later(seconds=60))               # after the SMTP server took the e-mail
    assert [m.state for m in refresh(sms, mail)] == ["sending", "sending"]
    monkeypatch.setattr(services, "_record_sent", record)     # a new worker starts

    assert services.deliver_due(later(seconds=90)) == 0       # within the leases: left alone
    assert services.deliver_due(later(minutes=7)) == 2        # leases over: sent again, same keys
    assert [(m.state, m.attempts) for m in refresh(sms, mail)] == [("sent", 2), ("sent", 2)]
    # the gateway saw the same client reference twice and sent one SMS
    assert [r["msgid"] for r in sms_gateway.requests] == ["receipt:123:paid:sms"] * 2
    assert len(sms_gateway.handset) == 1
    # SMTP cannot dedupe: the documented window where an e-mail may arrive twice,
    # as the same message (one Message-ID) that mail clients show once
    assert len({m["Message-ID"] for _, m in smtp_server.mails}) == 1


def test_nothing_is_lost_from_the_outbox_when_the_worker_never_got_the_task(db, smtp_server, sms_gateway):
    # the `db` fixture's transaction never commits, so no task is ever enqueued:
    # as if the worker or its queue had been lost after the payments committed
    for n in range(10):
        queue_payment("hi" if n % 2 else "en", mobile=f"98290{n:05d}", email=f"c{n}@example.com", n=n)
    smtp_server.start()
    sms_gateway.start()
    call_command("deliver_outbox", stdout=io.StringIO())
    assert Message.objects.exclude(state="sent").count() == 0
    assert len(sms_gateway.handset) == 10 and len(smtp_server.mails) == 10
    assert sorted(m for m, _ in sms_gateway.handset) == [f"9198290{n:05d}" for n in range(10)]


def test_an_sms_without_a_registered_dlt_template_fails_at_once(
        db, settings, sms_gateway, django_capture_on_commit_callbacks):
    settings.SMS_DLT_TEMPLATE_IDS = {}
    sms_gateway.start()
    with django_capture_on_commit_callbacks(execute=True):
        sms, _ = queue_payment(email="")
    (sms,) = refresh(sms)
    assert (sms.state, sms.attempts) == ("failed", 1)
    assert "DLT template" in sms.last_error
    assert sms_gateway.requests == []


def test_the_console_gateway_is_the_default(db, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sms, mail = queue_payment("hi")
    line = json.loads((settings.DATA_DIR / "sms.log").read_text(encoding="utf-8").splitlines()[-1])
    assert line["to"] == "9829012345" and line["reference"] == "receipt:123:paid:sms"
    assert "रसीद संख्या RJ2601000123" in line["text"]
    from django.core import mail as outbox
    assert outbox.outbox[-1].extra_headers["X-Emitra-Ref"] == "receipt:123:paid:email"
    assert [m.state for m in refresh(sms, mail)] == ["sent", "sent"]


def test_on_a_backend_that_defers_the_task_enqueues_its_own_retry(db, settings, sms_gateway):
    from django_tasks import default_task_backend

    from emitra.notifications.tasks import deliver

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sms, _ = queue_payment(email="")     # gateway down
    assert deliver.call(sms.pk) == "queued"
    (sms,) = refresh(sms)
    results = default_task_backend.results
    assert len(results) == 1
    assert results[0].task.run_after == sms.next_attempt_at


@pytest.mark.parametrize("args, problem", [
    (("sms", "12345", "payment_receipt", RECEIPT), "mobile"),
    (("email", "not-an-address", "payment_receipt", RECEIPT), "e-mail"),
    (("fax", "9829012345", "payment_receipt", RECEIPT), "channel"),
    (("sms", "9829012345", "no_such_template", RECEIPT), "unknown message template"),
    (("sms", "9829012345", "payment_receipt", {"consumer_name": "R"}), "needs"),
])
def test_a_message_that_cannot_be_sent_is_refused_when_queued(db, args, problem):
    with pytest.raises(services.MessageError, match=problem):
        services.queue_message(*args, language="en", key="k1")
    assert Message.objects.count() == 0
