"""Commission statements (issue 10 req. 8; emitra.commissions.statements): any period, per day, per
service and per receipt line, agreeing with the ledger to the paisa, for the kiosk and for the LSP;
the receipt line shows its commission and rule version, which stay v1's after v2 is published."""
import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from emitra.catalogue.models import Service
from emitra.commissions import accounts, statements
from emitra.commissions.models import LineCommission
from emitra.commissions.tests.conftest import make_rule, published
from emitra.commissions.tests.test_accrual import cancel, paid
from emitra.commissions.tests.test_reversal import verified_account
from emitra.ledger import services as ledger
from emitra.payments import services as payments
from emitra.payments.tests.conftest import assert_ledger_sound, fund
from emitra.payouts import services as payouts
from emitra.payouts.tests.conftest import request_payout

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(catalogue):
    fund(catalogue.kiosk, 50_000_00)
    fund(catalogue.other_kiosk, 50_000_00)
    water = Service.objects.get(code="PHED-BILL")
    income = Service.objects.get(code="REV-INCOME")
    catalogue.water_v1 = make_rule(catalogue.doit, "Water bills", service=water, flat_paise=5_00,
                                   valid_from=datetime.date(2026, 1, 1))  # 4.00 / 0.75 / 0.25
    catalogue.certificates = make_rule(catalogue.doit, "Certificates", department=income.department,
                                       bearer="citizen", flat_paise=10_00)  # 8.00 / 1.50 / 0.50
    return catalogue


def today():
    return timezone.localdate()


def assert_agrees_with_the_ledger(stmt):
    """Opening + every item = closing = the account's balance; each posting is explained to the paisa."""
    assert stmt.opening + sum(item.amount for item in stmt.items) == stmt.closing
    assert stmt.totals.net == stmt.closing - stmt.opening
    assert stmt.days[-1][2] == stmt.closing
    assert sum(d.net for _day, d in stmt.services) == stmt.totals.earned - stmt.totals.taken_back
    assert stmt.closing == ledger.balance(stmt.account)
    ledger_lines = ledger.statement(stmt.account, stmt.date_from, stmt.date_to).lines
    assert [item.running for item in stmt.items if item.running is not None] == [p.running for p in ledger_lines]


def test_the_kiosk_statement_agrees_with_the_ledger_per_day_service_and_line(funded, client_as):
    kiosk, operator = funded.kiosk, client_as(funded.operator)
    verified_account(funded)
    first = paid(funded, operator, ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    paid(funded, operator, ("REV-INCOME", ""))
    cancel(first, by=funded.holder, reason="wrong consumer", positions=[1])
    request_payout(kiosk, by=funded.holder, gross=10_00, idempotency_key=uuid.uuid4().hex)
    stmt = statements.kiosk_statement(kiosk, today() - datetime.timedelta(days=3), today())
    assert_agrees_with_the_ledger(stmt)
    t = stmt.totals
    assert (t.earned, t.taken_back, t.paid_out, t.lines, stmt.closing) == (20_00, 4_00, 10_00, 3, 6_00)
    by_service = {service.code: (d.lines, d.earned, d.taken_back) for service, d in stmt.services}
    assert by_service == {"PHED-BILL": (1, 4_00, 4_00), "REV-INCOME": (2, 16_00, 0)}
    assert [kind for kind in (item.kind for item in stmt.items)] == [
        "earned", "earned", "earned", "taken_back", "paid_out"]

    page = client_as(funded.holder).get(f"/k/{kiosk.code}/wallet/commission/")
    soup = BeautifulSoup(page.content, "html.parser")
    lines = soup.select("table.lines tbody tr")
    assert len(lines) == 5
    cells = [td.get_text(" ", strip=True) for td in lines[0].find_all("td")]
    assert cells[1] == f"{first.number}/1" and cells[3] == "Water bills v1" and cells[5] == "₹4.00"
    assert "taken back" in lines[3].get_text() and lines[3].find_all("td")[5].get_text(strip=True) == "-₹4.00"
    summary = {tr.th.get_text(" ", strip=True).split(" (")[0]: tr.td.get_text(strip=True)
               for tr in soup.select("table.summary tr")}
    assert summary["Closing balance"] == "₹6.00" and summary["Earned"] == "₹20.00"


def test_a_period_before_the_receipts_has_their_sum_as_the_opening_of_the_next(funded, client_as):
    paid(funded, client_as(funded.operator), ("REV-INCOME", ""))
    before = statements.kiosk_statement(funded.kiosk, today() - datetime.timedelta(days=10),
                                        today() - datetime.timedelta(days=1))
    assert (before.opening, before.closing, before.items) == (0, 0, [])
    later = statements.kiosk_statement(funded.kiosk, today() + datetime.timedelta(days=1),
                                       today() + datetime.timedelta(days=5))
    assert later.opening == later.closing == 8_00 and later.items == []


def test_cancel_after_payout_shows_the_claw_back_and_its_recovery(funded, client_as, capsys):
    kiosk, operator = funded.kiosk, client_as(funded.operator)
    verified_account(funded)
    first = paid(funded, operator, ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    request_payout(kiosk, by=funded.holder, gross=12_00, idempotency_key=uuid.uuid4().hex)
    cancel(first, by=funded.holder, reason="consumer paid at the office")
    stmt = statements.kiosk_statement(kiosk, today(), today())
    assert_agrees_with_the_ledger(stmt)
    assert stmt.closing == -12_00 and stmt.clawback == 12_00
    page = client_as(funded.holder).get(f"/k/{kiosk.code}/wallet/commission/").content.decode()
    assert "is recovered from the next commission earned before any payout" in page
    paid(funded, operator, ("PHED-BILL", "PH1234568"), ("REV-INCOME", ""))
    stmt = statements.kiosk_statement(kiosk, today(), today())
    assert_agrees_with_the_ledger(stmt)
    assert stmt.closing == 0 and stmt.clawback == 0 and accounts.balance(kiosk) == 0
    assert (stmt.totals.earned, stmt.totals.taken_back, stmt.totals.paid_out) == (24_00, 12_00, 12_00)
    assert_ledger_sound()
    call_command("check_ledger")
    out = capsys.readouterr().out
    assert "ok   line commissions equal their entries' commission postings: 0 violations" in out
    assert out.rstrip().endswith("ledger sound")


def test_a_receipt_paid_under_v1_shows_v1_after_v2_is_published(funded, client_as):
    operator = client_as(funded.operator)
    first = paid(funded, operator, ("PHED-BILL", "PH1234567"))
    v1 = funded.water_v1
    v2 = published(v1.rule, number=2, valid_from=today(), flat_paise=9_00)  # 7.20 / 1.35 / 0.45
    second = paid(funded, operator, ("PHED-BILL", "PH1234568"))
    rows = {row.line.receipt_id: row for row in LineCommission.objects.select_related("line")}
    assert (rows[first.pk].version, rows[first.pk].total, rows[first.pk].kiosk_share) == (v1, 5_00, 4_00)
    assert (rows[second.pk].version, rows[second.pk].total, rows[second.pk].kiosk_share) == (v2, 9_00, 7_20)
    for receipt, label, total in ((first, "Water bills v1", "₹5.00"), (second, "Water bills v2", "₹9.00")):
        soup = BeautifulSoup(operator.get(f"/k/{receipt.kiosk.code}/receipts/{receipt.number}/").content,
                             "html.parser")
        cells = [td.get_text(strip=True) for td in soup.select("table.commission tbody tr")[0].find_all("td")]
        assert cells[1:3] == [label, total]
    # the version a receipt used is a dated row: never edited
    v1.flat_paise = 1_00
    with pytest.raises(ValidationError):
        v1.save()
    stmt = statements.kiosk_statement(funded.kiosk, today(), today())
    assert [item.row.version.label for item in stmt.items] == ["Water bills v1", "Water bills v2"]
    assert_agrees_with_the_ledger(stmt)


def test_the_lsp_sees_its_share_and_its_kiosks(funded, client_as):
    paid(funded, client_as(funded.operator), ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    paid(funded, client_as(funded.other_holder), ("REV-INCOME", ""), kiosk=funded.other_kiosk)
    lsp = funded.kiosk.lsp
    assert funded.other_kiosk.lsp_id == lsp.pk
    stmt = statements.lsp_statement(lsp, today(), today())
    assert_agrees_with_the_ledger(stmt)
    assert stmt.totals.earned == 75 + 1_50 + 1_50
    assert {k.code: d.earned for k, d in stmt.kiosks} == {funded.kiosk.code: 2_25, funded.other_kiosk.code: 1_50}
    shares = LineCommission.objects.filter(lsp=lsp).aggregate(s=Sum("lsp_share"))["s"]
    assert stmt.closing == shares
    page = client_as(funded.lsp_jaipur).get("/lsp/commission/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    # the statement is a report (issue 13): each line carries its kiosk in the Kiosk column
    heads = [th.get_text(" ", strip=True).split(" ")[0] for th in soup.select("table.lines thead th")]
    kiosk_column = heads.index("Kiosk")
    assert {tr.find_all("td")[kiosk_column].get_text(strip=True) for tr in soup.select("table.lines tbody tr")
            } >= {funded.kiosk.code, funded.other_kiosk.code}
    # another LSP's officer sees only its own LSP; a kiosk holder none
    assert client_as(funded.lsp_jodhpur).get("/lsp/commission/", {"lsp": lsp.code}).status_code == 404
    assert client_as(funded.holder).get("/lsp/commission/").status_code == 404
    assert client_as(funded.doit).get("/lsp/commission/", {"lsp": lsp.code}).status_code == 200


def test_a_bad_period_is_refused_beside_the_field(funded, client_as):
    page = client_as(funded.holder).get(f"/k/{funded.kiosk.code}/wallet/commission/",
                                        {"date_from": today().isoformat(), "date_to": "yesterday"})
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select("table.lines") == [] and soup.find(id="id_date_to") is not None
