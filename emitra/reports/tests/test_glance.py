"""The day at a glance (issue 13 req. 5): the kiosk's home, the LSP's and DoIT's desks."""
import re

import pytest

from emitra.ledger.integrity import ledger_violations
from emitra.payments.models import ReceiptLine

pytestmark = pytest.mark.django_db


def glance(html):
    return re.search(r'<section class="glance card".*?</section>', html, re.S).group(0)


def test_the_kiosk_home_shows_its_day_at_a_glance(sales, client_as):
    lines = ReceiptLine.objects.filter(kiosk=sales.kiosk)
    amount = sum(line.total for line in lines)
    part = glance(client_as(sales.holder).get(f"/k/{sales.kiosk.code}/").content.decode())
    today = re.search(r"<dt>Today</dt><dd>(.*?)</dd>", part).group(1)
    assert "5 receipts" in today and f"₹{amount / 100:,.2f}" in today
    assert "Commission earned this month" in part and "Applications to re-submit" in part
    # the wallet's trend: a line, its words for screen readers, no style attribute
    assert "<polyline" in part and "<desc id=\"trend-desc\">Wallet balance from" in part and "style=" not in part
    assert ledger_violations() == []


def test_the_lsp_and_doit_desks_show_their_scope_at_a_glance(sales, client_as):
    amount = sum(line.total for line in ReceiptLine.objects.filter(kiosk__lsp=sales.kiosk.lsp))
    lsp = glance(client_as(sales.lsp_jaipur).get("/lsp/").content.decode())
    assert f"₹{amount / 100:,.2f}" in lsp and "Top-ups to confirm" in lsp and "<rect" in lsp
    other = glance(client_as(sales.lsp_jodhpur).get("/lsp/").content.decode())
    assert "0 receipts" in other
    doit = glance(client_as(sales.doit).get("/doit/").content.decode())
    assert "6 receipts" in doit and "Failed postings to departments" in doit
