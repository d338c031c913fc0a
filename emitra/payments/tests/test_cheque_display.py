"""Issue 9 item 23, the cheque part (F20): the pay page says in whose name the cheque is drawn;
a dishonoured receipt shows its status once and its reversal (paid, reversed, net 0) on the page,
the paper, the PDF and the DMP; the receipts list says how each cheque stands."""
import html
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from emitra.catalogue.models import Department
from emitra.core.money import format_paise
from emitra.ledger import services as ledger
from emitra.payments.figures import receipt_figures
from emitra.payments.tests.conftest import add, assert_ledger_sound, decide_cheque, receipt_url as url
from emitra.payments.tests.test_cheques import pay_by_cheque
from emitra.payments.tests.test_receipt_figures import cell, paise
from emitra.payments.tests.test_receipt_formats import pdf_text
from emitra.wallet import accounts

pytestmark = pytest.mark.django_db


def payee_text(client, kiosk):
    soup = BeautifulSoup(client.get(f"/k/{kiosk.code}/cart/pay/").content, "html.parser")
    return soup.find(id="cheque-payee").get_text(" ", strip=True)


def test_the_pay_page_names_the_departments_payee_for_a_cheque(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-NEWCONN")
    phed = Department.objects.get(code="PHED")
    assert phed.payee_name  # the demo gives every department one
    assert payee_text(operator, kiosk) == f"Draw the cheque in favour of: {phed.payee_name}"
    # DoIT changes it on the department's page: the pay page follows
    doit = client_as(funded.doit)
    response = doit.post("/doit/departments/PHED/", {"code": "PHED", "name_en": phed.name_en, "name_hi": phed.name_hi,
                                                    "payee_name": "PHED Rajasthan, Jaipur", "active": "on"})
    assert response.status_code == 302
    assert payee_text(operator, kiosk) == "Draw the cheque in favour of: PHED Rajasthan, Jaipur"
    # blank: the department's own name
    Department.objects.filter(pk=phed.pk).update(payee_name="")
    assert payee_text(operator, kiosk).endswith(phed.name_en)


def test_a_cart_of_two_departments_is_told_a_cheque_pays_one(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-NEWCONN")
    add(operator, kiosk, "REV-INCOME")
    assert "a cheque pays one department's services only" in payee_text(operator, kiosk)


def dishonoured(funded, client_as):
    receipt, _before = pay_by_cheque(funded, client_as)
    decide_cheque(client_as(funded.dept), receipt, "dishonoured")
    receipt.refresh_from_db()
    return receipt


def test_a_dishonoured_receipt_shows_its_status_once_and_the_reversal(funded, client_as):
    receipt = dishonoured(funded, client_as)
    operator = client_as(funded.operator)
    for what in ("", "print/"):
        soup = BeautifulSoup(operator.get(url(receipt, what)).content, "html.parser")
        assert soup.find(id="receipt-state").get_text(strip=True) == "Cheque dishonoured · not paid, reversed"
        assert soup.find(class_="fees").get_text().count("dishonoured") == 1
        assert cell(soup, "receipt-paid") == receipt.total
        assert cell(soup, "receipt-refunded") == -receipt.total
        assert cell(soup, "receipt-total") == 0  # never the full total as if paid
        assert "Reversed: the cheque was dishonoured" in soup.get_text()
    figures = receipt_figures(receipt)
    assert figures.net.total == 0 and figures.paid.total == receipt.total
    assert ledger.balance(accounts.CHEQUES_IN_HAND) == 0  # what the figures say the ledger holds
    assert_ledger_sound()


@pytest.mark.needs("poppler")
def test_a_dishonoured_receipts_pdf_and_dmp_show_the_reversal(funded, client_as, tmp_path):
    receipt = dishonoured(funded, client_as)
    operator = client_as(funded.operator)
    text = pdf_text(operator.get(url(receipt, "pdf/")).content, tmp_path)
    assert "Net paid" in text and format_paise(-receipt.total) in text and "₹0.00" in text
    body = operator.get(url(receipt, "dmp/")).content.decode()
    dmp = html.unescape(re.search(r'<pre class="dmp" lang="en">(.*?)</pre>', body, re.S).group(1))
    assert "State: CHEQUE DISHONOURED - NOT PAID, REVERSED" in dmp
    net = next(row for row in dmp.splitlines() if row.strip().startswith("NET PAID"))
    assert paise(net.split()[-1]) == 0 and "TOTAL (Rs.)" not in dmp
    assert "REVERSED: CHEQUE DISHONOURED" in dmp


def list_row(client, kiosk, receipt):
    soup = BeautifulSoup(client.get(f"/k/{kiosk.code}/receipts/").content, "html.parser")
    link = soup.find("a", string=receipt.number)
    return [td.get_text(" ", strip=True) for td in link.find_parent("tr").find_all("td")]


def test_the_receipts_list_says_how_each_cheque_stands(funded, client_as):
    receipt, _before = pay_by_cheque(funded, client_as)
    holder = client_as(funded.holder)
    assert list_row(holder, funded.kiosk, receipt)[-1] == "Paid by cheque · not yet cleared"
    decide_cheque(client_as(funded.dept), receipt, "cleared")
    assert list_row(holder, funded.kiosk, receipt)[-1] == "Paid by cheque · cleared"


def test_the_receipts_list_shows_a_dishonoured_cheque_as_not_paid_with_nothing_left(funded, client_as):
    receipt = dishonoured(funded, client_as)
    row = list_row(client_as(funded.holder), funded.kiosk, receipt)
    assert row[-1] == "Cheque dishonoured · not paid, reversed"
    assert row[-2] == f"₹0.00 was {format_paise(receipt.total)}"


def test_the_receipts_list_shows_a_partly_cancelled_receipts_net(funded, client_as):
    from emitra.payments.models import Receipt
    from emitra.payments.tests.conftest import pay, pay_form
    from emitra.payments.tests.test_cancel import cancel

    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk))
    receipt = Receipt.objects.get()
    cancel(client_as(funded.holder), kiosk, receipt, what="2")
    row = list_row(operator, kiosk, receipt)
    net = receipt.total - receipt.lines.get(position=2).total
    assert row[-1] == "Paid · partly cancelled"
    assert row[-2] == f"{format_paise(net)} was {format_paise(receipt.total)}"
    assert timezone.localtime(receipt.created).strftime("%d-%m-%Y") in row[1]
