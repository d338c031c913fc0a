"""F26: every payment and every cancellation tells the consumer by SMS and e-mail."""
import json

import pytest
from django.conf import settings
from django.core import mail

from emitra.notifications.models import Message
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import add, pay, pay_form
from emitra.payments.tests.test_cancel import cancel

pytestmark = pytest.mark.django_db


def sms_lines():
    path = settings.DATA_DIR / "sms.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_payment_and_its_cancellation_each_send_one_sms_and_one_email(funded, client_as,
                                                                       django_capture_on_commit_callbacks):
    sms_before, mail_before = len(sms_lines()), len(mail.outbox)
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    form = pay_form(operator, kiosk, email="kamla@example.com", language="en")
    with django_capture_on_commit_callbacks(execute=True):  # deliveries run after commit
        pay(operator, kiosk, form)
    receipt = Receipt.objects.get()

    paid = Message.objects.filter(ref=f"receipt:{receipt.pk}", template="payment_receipt")
    assert sorted(m.channel for m in paid) == ["email", "sms"] and {m.state for m in paid} == {"sent"}
    sent = sms_lines()[sms_before:]
    assert len(sent) == 1 and sent[0]["to"] == "9414000007" and receipt.number in sent[0]["text"]
    assert len(mail.outbox) == mail_before + 1 and receipt.number in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["kamla@example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        cancel(client_as(funded.holder), kiosk, receipt)
    cancelled = Message.objects.filter(ref=f"receipt:{receipt.pk}", template="receipt_cancelled")
    assert sorted(m.channel for m in cancelled) == ["email", "sms"]
    sent = sms_lines()[sms_before:]
    assert len(sent) == 2 and receipt.number in sent[1]["text"]
    assert len(mail.outbox) == mail_before + 2


def test_a_repeated_pay_post_sends_the_consumer_one_message(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "REV-INCOME")
    form = pay_form(operator, kiosk)
    for _ in range(3):
        pay(operator, kiosk, form)
    assert Message.objects.filter(template="payment_receipt", channel="sms").count() == 1
