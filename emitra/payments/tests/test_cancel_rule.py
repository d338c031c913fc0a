"""Issue 9 item 13: the receipt says who may cancel it and until when, and a person who may
not cancel sees why and whom to ask; the rule the page states is the one cancelling enforces."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from emitra.accounts.models import Membership
from emitra.network import services as network
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import receipt_url as url
from emitra.payments.tests.test_cancel import cancel, paid_receipt

pytestmark = pytest.mark.django_db


def cancelling(client, receipt):
    soup = BeautifulSoup(client.get(url(receipt)).content, "html.parser")
    box = soup.find(id="cancelling")
    return box.get_text(" ", strip=True) if box else "", soup


def until_text(receipt):
    return (timezone.localtime(receipt.created) + datetime.timedelta(hours=24)).strftime("%d-%m-%Y %H:%M")


def test_an_operator_not_allowed_sees_why_and_whom_to_ask(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    funded.holder.name, funded.holder.mobile = "Ramesh Sharma", "9414011111"
    funded.holder.save()
    text, soup = cancelling(client_as(funded.operator), receipt)
    assert "The kiosk holder, or an operator the holder allows, may cancel" in text
    assert until_text(receipt) in text
    assert "the holder has not allowed you" in soup.find(id="cancel-why-not").get_text()
    assert "Ramesh Sharma (mobile 9414011111)" in text and "Users page" in text
    assert "Cancel this receipt" not in text
    # what the page says is what the cancel form does
    assert cancel(client_as(funded.operator), funded.kiosk, receipt).status_code == 404


def test_the_holder_and_an_allowed_operator_get_the_cancel_link(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    text, soup = cancelling(client_as(funded.holder), receipt)
    assert soup.find(id="cancel-why-not") is None and soup.find("a", string="Cancel this receipt")
    network.set_may_cancel_receipts(Membership.objects.live().get(person=funded.operator, kiosk=funded.kiosk),
                                    funded.holder, True)
    _text, soup = cancelling(client_as(funded.operator), receipt)
    assert soup.find("a", string="Cancel this receipt") and soup.find(id="cancel-why-not") is None


def test_an_accountant_is_told_an_accountant_does_not_cancel(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    network.add_kiosk_user(funded.kiosk, funded.holder, sso_id="CITIZEN.DEMO", role="kiosk_accountant")
    text, _soup = cancelling(client_as(funded.citizen), receipt)
    assert "a kiosk accountant sees the reports only" in text and "Ask the kiosk holder" in text


def test_after_the_window_nobody_may_cancel_and_the_lsp_is_named(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    Receipt.objects.filter(pk=receipt.pk).update(created=receipt.created - datetime.timedelta(hours=25))
    receipt.refresh_from_db()
    text, soup = cancelling(client_as(funded.holder), receipt)
    assert "The time to cancel this receipt has ended" in text
    assert receipt.kiosk.lsp.name in text
    assert soup.find("a", string="Cancel this receipt") is None
    assert cancel(client_as(funded.holder), funded.kiosk, receipt).status_code == 400


def test_a_cheque_receipt_says_the_department_settles_it(funded, client_as):
    from emitra.payments.tests.test_cheques import pay_by_cheque

    receipt, _before = pay_by_cheque(funded, client_as)
    text, _soup = cancelling(client_as(funded.holder), receipt)
    assert "A cheque receipt is settled by the department" in text
    assert "Cancel this receipt" not in text


def test_the_receipt_on_paper_says_until_when_the_kiosk_may_cancel(funded, client_as):
    receipt = paid_receipt(funded, client_as)
    operator = client_as(funded.operator)
    for what in ("", "print/"):
        soup = BeautifulSoup(operator.get(url(receipt, what)).content, "html.parser")
        assert until_text(receipt) in soup.find(id="cancel-rule").get_text()
    dmp = operator.get(url(receipt, "dmp/")).content.decode()
    assert f"Cancellation: only at this kiosk, by its holder or an allowed operator, until {until_text(receipt)}" \
        in dmp.replace("\n", " ")
    cancel(client_as(funded.holder), funded.kiosk, receipt)
    text, soup = cancelling(operator, receipt)
    assert text == "" and soup.find(id="cancel-rule") is None  # nothing left to cancel
