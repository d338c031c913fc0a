"""Statements for any date range with no day close (F5), the wallet bar on every kiosk
page (F23), DoIT's view of every account, and the demo money (req. 11)."""
import datetime
import re

import pytest
from django.utils import timezone

from emitra.demo.loaders import load_demo
from emitra.ledger import services as ledger
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import Account, JournalEntry
from emitra.network.models import Kiosk
from emitra.wallet import accounts, services
from emitra.wallet.models import CreditLimitRequest, SecurityDeposit, TopUp
from emitra.wallet.tests.conftest import record_deposit, request_limit
from emitra.reports.engine import PAGE_ROWS
from emitra.reports.tests.test_reports import body_rows, screen_amount

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]


@pytest.fixture
def busy_wallet(cast, key, rule, spend):
    record_deposit(cast.kiosk, cast.lsp_jaipur, 1_000_000)
    request_limit(cast.kiosk, cast.holder, 500_000)
    for n in range(5):
        spend(cast.kiosk, 12_345 + n)
    return cast.kiosk


def test_a_statement_opens_lists_and_closes_in_agreement_with_the_account(cast, client_as, busy_wallet):
    today = timezone.localdate()
    stmt = services.kiosk_statement(busy_wallet, "wallet", today - datetime.timedelta(days=3), today)
    assert stmt.opening + sum(line.amount for line in stmt.lines) == stmt.closing
    assert stmt.closing == ledger.balance(accounts.wallet_code(busy_wallet))
    assert [line.running for line in stmt.lines][-1] == stmt.closing
    body = client_as(cast.holder).get(f"/k/{busy_wallet.code}/wallet/statement/", follow=True).content.decode()
    assert "Opening balance" in body and "Security deposit" in body and "₹123.45" in body
    # a range before any entry: opening = closing = 0, no lines
    empty = services.kiosk_statement(busy_wallet, "wallet", datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))
    assert (empty.opening, empty.lines, empty.closing) == (0, [], 0)
    # a range starting tomorrow opens with today's closing
    later = services.kiosk_statement(busy_wallet, "wallet", today + datetime.timedelta(days=1),
                                     today + datetime.timedelta(days=2))
    assert later.opening == later.closing == stmt.closing


def test_the_statement_page_checks_its_dates(cast, client_as, busy_wallet):
    holder = client_as(cast.holder)
    r = holder.get(f"/k/{busy_wallet.code}/wallet/statement/", {"date_from": "2026-02-10", "date_to": "2026-01-01"},
                   follow=True)
    assert "The end date is before the start date" in r.content.decode()
    r = holder.get(f"/k/{busy_wallet.code}/wallet/statement/", {"date_from": "soon", "date_to": "2026-01-01"},
                   follow=True)
    assert "Enter the date as DD-MM-YYYY" in r.content.decode()


def test_a_long_statement_is_paged_with_the_balance_carried_on(cast, client_as, key, spend, top_up_many):
    top_up_many(cast.kiosk, PAGE_ROWS + 5)
    holder = client_as(cast.holder)
    first = holder.get(f"/k/{cast.kiosk.code}/wallet/statement/", follow=True).content.decode()
    next_page = re.search(r'<a href="([^"]+)">Next page', first).group(1).replace("&amp;", "&")
    second = holder.get(f"/k/{cast.kiosk.code}/reports/wallet/{next_page}").content.decode()
    # the page goes on from the 51st top-up of ₹1 with the balance after it
    assert "₹51.00" in re.search(r"<tbody>(.*?)</tr>", second, re.S).group(1)


@pytest.mark.parametrize("sort", ["created", "-created", "balance", "-balance", "credit", "-entry_id"])
def test_every_page_of_every_sort_shows_the_ledgers_balance_after_each_entry(cast, client_as, key, spend,
                                                                                 top_up_many, sort):
    """The balance is a running sum over the period (reports.statements.balance_after), read once per
    page: a page's keyset must not change the rows it sums, in any sort, on and back."""
    top_up_many(cast.kiosk, PAGE_ROWS + 7)
    for n in range(4):
        spend(cast.kiosk, 1_00 + n)
    today = timezone.localdate()
    stmt = ledger.statement(accounts.wallet_code(cast.kiosk), today - datetime.timedelta(days=30), today)
    expected = {line.entry_id: line.running for line in stmt.lines}
    holder = client_as(cast.holder)
    address, seen, page = f"/k/{cast.kiosk.code}/reports/wallet/", {}, f"?sort={sort}"
    pages = []
    while page:
        html = holder.get(address + page).content.decode()
        rows = body_rows(html)
        pages.append(rows)
        seen.update({int(row[1].replace(",", "")): screen_amount(row[-1]) for row in rows})
        page = (re.search(r'<a href="([^"]+)">Next page', html) or [None, None])[1]
        page = page and page.replace("&amp;", "&")
    assert len(pages) == 2 and seen == {entry: f"{running / 100:.2f}" for entry, running in expected.items()}
    back = re.search(r'<a href="([^"]+)">‹ Previous page', html).group(1).replace("&amp;", "&")
    assert body_rows(holder.get(address + back).content.decode()) == pages[0]  # and back again


@pytest.fixture
def top_up_many(cast, key):
    def top_up_many(kiosk, n):
        for _ in range(n):
            ledger.post("topup", [(accounts.wallet_code(kiosk), 100), (accounts.BANK, -100)], idempotency_key=key())
    return top_up_many


def test_the_commission_statement_is_there_too(cast, client_as):
    r = client_as(cast.holder).get(f"/k/{cast.kiosk.code}/wallet/commission/")
    assert r.status_code == 200 and "Commission statement" in r.content.decode()


def test_the_wallet_bar_on_kiosk_pages_shows_balance_and_available(cast, client_as, busy_wallet):
    summary = services.wallet_summary(busy_wallet)
    assert summary.available == summary.balance + 500_000
    for page in (f"/k/{busy_wallet.code}/", f"/k/{busy_wallet.code}/users/", f"/k/{busy_wallet.code}/wallet/"):
        body = client_as(cast.holder).get(page).content.decode()
        assert "Wallet <b>₹9,382.65</b>" in body and "Available <b>₹14,382.65</b>" in body
    assert "Available" not in client_as(cast.holder).get("/").content.decode()


def test_the_wallet_bar_reads_one_row(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert services.wallet_summary(cast.kiosk).balance == 0


def test_people_of_another_kiosk_cannot_see_a_statement(cast, client_as):
    assert client_as(cast.other_holder).get(f"/k/{cast.kiosk.code}/wallet/statement/").status_code == 404
    assert client_as(cast.other_holder).get(f"/k/{cast.kiosk.code}/reports/wallet/").status_code == 404
    assert client_as(cast.lsp_jodhpur).get(f"/k/{cast.kiosk.code}/wallet/").status_code == 404
    assert client_as(cast.lsp_jaipur).get(f"/k/{cast.kiosk.code}/wallet/").status_code == 200


def test_doit_sees_every_account_with_its_balance(cast, client_as, busy_wallet):
    doit = client_as(cast.doit)
    body = doit.get("/doit/wallet/accounts/").content.decode()
    for code in (f"wallet:{cast.kiosk.code}", f"commission:{cast.kiosk.code}", "lsp:LSP-JPR", "deposits_held", "bank", "dept:JVVNL"):
        assert code in body
    assert "-₹10,000.00" in body  # deposits held
    assert "dept:JVVNL" in doit.get("/doit/wallet/accounts/", {"kind": "department_collections"}).content.decode()
    r = doit.get("/doit/wallet/accounts/dept:JVVNL/")
    assert r.status_code == 200 and "Closing balance" in r.content.decode()
    for person in (cast.holder, cast.lsp_jaipur):
        assert client_as(person).get("/doit/wallet/accounts/").status_code == 404


def test_demo_money_loads_twice_with_one_effect(db):
    """The demo has history (a month of paid bills, issue 10 req. 9): its wallet is what its entries
    say, today's money is the wallet demo's, and loading it again changes no balance and adds nothing."""
    load_demo()
    wallet = Account.objects.get(code=accounts.wallet_code(Kiosk.objects.get(holder__sso_id="KIOSK.HOLDER")))
    counts = (JournalEntry.objects.count(), TopUp.objects.count(), SecurityDeposit.objects.count(),
              CreditLimitRequest.objects.count())
    balances = dict(Account.objects.values_list("code", "balance"))
    load_demo()
    assert counts == (JournalEntry.objects.count(), TopUp.objects.count(), SecurityDeposit.objects.count(),
                      CreditLimitRequest.objects.count())
    assert balances == dict(Account.objects.values_list("code", "balance"))
    assert counts[1] >= 8 and counts[2] == 4
    wallet.refresh_from_db()
    assert wallet.balance == ledger.balance(wallet) > 0 and wallet.floor == -10_000 * 100
    assert TopUp.objects.filter(state="pending").count() == 3
    today = timezone.localdate()
    # today: the deposit and the two confirmed top-ups of the wallet demo, and nothing else
    todays = ledger.statement(wallet, today, today)
    assert len(todays.lines) == 3 and todays.closing - todays.opening == (10_000 + 25_000 + 15_000) * 100
    assert ledger_violations() == []
