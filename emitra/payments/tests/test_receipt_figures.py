"""Issue 9 item 14: a partly cancelled receipt shows paid, refunded and net in every form
(page, print, PDF, DMP), the figures agree with the ledger to the paisa, the consumer's SMS
for a one-line cancellation names that line, and the receipt's message list says which
message each is."""
import html
import re

import pytest
from bs4 import BeautifulSoup

from emitra.core.money import format_paise, parse_rupees
from emitra.notifications.models import Message
from emitra.payments.figures import receipt_figures
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import (
    add,
    assert_ledger_sound,
    pay,
    pay_form,
    receipt_url as url,
    wallet_balance,
)
from emitra.payments.tests.test_cancel import cancel
from emitra.payments.tests.test_receipt_formats import pdf_text

pytestmark = pytest.mark.django_db


def partly_cancelled(funded, client_as, capture):
    """A water bill and an income certificate paid, then line 2 cancelled; the wallet before and after."""
    operator, kiosk = client_as(funded.operator), funded.kiosk
    before = wallet_balance(kiosk)
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    add(operator, kiosk, "REV-INCOME")
    with capture(execute=True):
        pay(operator, kiosk, pay_form(operator, kiosk, language="en"))
    receipt = Receipt.objects.get()
    paid = before - wallet_balance(kiosk)
    with capture(execute=True):
        assert cancel(client_as(funded.holder), kiosk, receipt, what="2").status_code == 302
    receipt.refresh_from_db()
    return receipt, paid, before - wallet_balance(kiosk)


def paise(text):
    """'-₹1,234.50', '0.00' -> paise (parse_rupees takes positive amounts only)."""
    text = text.strip().replace("₹", "").replace("Rs.", "").strip()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    return 0 if text.replace(",", "") in ("0.00", "0") else sign * parse_rupees(text)


def cell(soup, element_id):
    return paise(soup.find(id=element_id).get_text(strip=True))


def test_a_partly_cancelled_receipt_shows_paid_refunded_and_net_as_the_ledger_moved_them(
        funded, client_as, django_capture_on_commit_callbacks):
    receipt, paid, net = partly_cancelled(funded, client_as, django_capture_on_commit_callbacks)
    line2 = receipt.lines.get(position=2)
    assert receipt.state == Receipt.State.PAID and paid == receipt.total
    assert net == receipt.total - line2.total  # the wallet's own figure
    for what in ("", "print/"):
        soup = BeautifulSoup(client_as(funded.operator).get(url(receipt, what)).content, "html.parser")
        assert cell(soup, "receipt-paid") == paid
        assert cell(soup, "receipt-refunded") == -(paid - net)
        assert cell(soup, "receipt-total") == net  # the bold total is the net, not the first total
        assert "Paid · partly cancelled" in soup.find(id="receipt-state").get_text()
    figures = receipt_figures(receipt)
    assert (figures.paid.total, figures.returned.total, figures.net.total) == (paid, paid - net, net)
    assert figures.net.government + figures.net.service_charge == net
    assert_ledger_sound()


@pytest.mark.needs("poppler")
def test_the_pdf_and_the_dmp_of_a_partly_cancelled_receipt_carry_the_net(
        funded, client_as, django_capture_on_commit_callbacks, tmp_path):
    receipt, paid, net = partly_cancelled(funded, client_as, django_capture_on_commit_callbacks)
    operator = client_as(funded.operator)
    text = pdf_text(operator.get(url(receipt, "pdf/")).content, tmp_path)
    assert "Net paid" in text and format_paise(net) in text and format_paise(-(paid - net)) in text
    body = operator.get(url(receipt, "dmp/")).content.decode()
    dmp = html.unescape(re.search(r'<pre class="dmp" lang="en">(.*?)</pre>', body, re.S).group(1))
    rows = {row.strip().split("  ")[0]: paise(row.split()[-1]) for row in dmp.splitlines()
            if row.strip().startswith(("PAID", "REFUNDED", "NET PAID"))}
    assert rows == {"PAID (Rs.)": paid, "REFUNDED": -(paid - net), "NET PAID (Rs.)": net}
    assert "TOTAL (Rs.)" not in dmp
    assert max(len(row) for row in dmp.splitlines()) <= 80


def test_a_receipt_with_nothing_undone_keeps_its_one_total(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk))
    receipt = Receipt.objects.get()
    soup = BeautifulSoup(operator.get(url(receipt)).content, "html.parser")
    assert cell(soup, "receipt-total") == receipt.total and soup.find(id="receipt-paid") is None


def test_the_sms_for_a_one_line_cancellation_names_that_line_and_its_amount(
        funded, client_as, django_capture_on_commit_callbacks):
    receipt, paid, net = partly_cancelled(funded, client_as, django_capture_on_commit_callbacks)
    line2 = receipt.lines.get(position=2)
    sms = Message.objects.get(ref=f"receipt:{receipt.pk}", channel="sms", key__contains=":cancel:")
    assert "line 2 (Income Certificate" in sms.body
    assert f"Rs. {format_paise(line2.total, symbol=False)}" in sms.body
    assert f"now stands at Rs. {format_paise(net, symbol=False)}" in sms.body
    assert "has been cancelled" in sms.body and f"receipt {receipt.number} for" not in sms.body
    # the rest cancelled afterwards: that SMS names line 1 and says nothing is left
    with django_capture_on_commit_callbacks(execute=True):
        cancel(client_as(funded.holder), funded.kiosk, receipt, what="all")
    last = Message.objects.filter(ref=f"receipt:{receipt.pk}", channel="sms").order_by("-pk").first()
    assert "line 1 (" in last.body and "now stands at Rs. 0.00" in last.body


def test_the_hindi_sms_names_the_line_in_hindi(funded, client_as, django_capture_on_commit_callbacks):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk, language="hi"))
    receipt = Receipt.objects.get()
    cancel(client_as(funded.holder), kiosk, receipt, what="2")
    sms = Message.objects.get(ref=f"receipt:{receipt.pk}", channel="sms", key__contains=":cancel:")
    assert "पंक्ति 2 (आय प्रमाण पत्र" in sms.body and "रद्द" in sms.body


def test_a_whole_receipt_cancelled_at_once_gets_the_whole_receipt_sms(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk, language="en"))
    receipt = Receipt.objects.get()
    cancel(client_as(funded.holder), kiosk, receipt)
    sms = Message.objects.get(ref=f"receipt:{receipt.pk}", channel="sms", key__contains=":cancel:")
    assert f"receipt {receipt.number} for Rs. {format_paise(receipt.total, symbol=False)}" in sms.body
    body = client_as(funded.operator).get(url(receipt)).content.decode()
    assert "Cancellation SMS for the whole receipt to 9414000007" in body


def test_the_message_list_says_which_message_each_is(funded, client_as, django_capture_on_commit_callbacks):
    receipt, _paid, _net = partly_cancelled(funded, client_as, django_capture_on_commit_callbacks)
    soup = BeautifulSoup(client_as(funded.operator).get(url(receipt)).content, "html.parser")
    items = [li.get_text(" ", strip=True) for li in soup.find(id="receipt-messages").find_all("li")]
    assert len(items) == 2
    assert items[0].startswith("Payment SMS to 9414000007: Sent")
    assert items[1].startswith("Cancellation SMS for line 2 to 9414000007: Sent")
