"""The commission statements as reports (issue 13 req. 1-3 for issue 10 req. 8): the database
view of their items agrees with the ledger's statement, every column sorts both ways, the
exports equal the screen for a filtered, sorted statement, and no one sees another's lines."""
import csv
import datetime
import io
import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from openpyxl import load_workbook

from emitra.commissions import accounts, statements
from emitra.commissions.tests.test_accrual import cancel, paid
from emitra.commissions.tests.test_reversal import verified_account
from emitra.commissions.tests.test_statements import funded  # noqa: F401 (a fixture)
from emitra.payouts.tests.conftest import request_payout
from emitra.reports import engine, registry, scopes
from emitra.reports import statements as statement_reports
from emitra.reports.definition import DOIT, KIOSK, LSP, MONEY, Column
from emitra.reports.exports import screen_text
from emitra.reports.models import CommissionItem
from emitra.reports.tests.test_reports import Request, body_rows, foot_cells, screen_amount

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def history(funded, client_as):  # noqa: F811
    """Two receipts at kiosk A (one line cancelled), a payout, and a receipt at kiosk B of the same LSP."""
    operator = client_as(funded.operator)
    verified_account(funded)
    funded.first = paid(funded, operator, ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    funded.second = paid(funded, operator, ("REV-INCOME", ""))
    cancel(funded.first, by=funded.holder, reason="wrong consumer", positions=[1])
    request_payout(funded.kiosk, by=funded.holder, gross=10_00, idempotency_key=uuid.uuid4().hex)
    funded.theirs = paid(funded, client_as(funded.other_holder), ("REV-INCOME", ""), kiosk=funded.other_kiosk)
    return funded


def test_the_items_are_the_ledger_statement_of_the_kiosk_and_of_the_lsp(history):
    """The view explains each posting as commissions.statements does: the same items, kinds and
    amounts in the same order, and the balance after each posting is the ledger's running balance."""
    days = (today() - datetime.timedelta(days=2), today())
    for account, stmt in (
            (accounts.kiosk_commission_account(history.kiosk), statements.kiosk_statement(history.kiosk, *days)),
            (accounts.lsp_commission_account(history.kiosk.lsp), statements.lsp_statement(history.kiosk.lsp, *days))):
        start, _end = engine.day_range({"d_from": days[0], "d_to": days[1]}, "d")
        items = list(CommissionItem.objects.filter(account=account)
                     .filter(created__gte=start)
                     .annotate(balance=statement_reports.balance_after(account, start, "created", "posting_id"))
                     .order_by("created", "posting_id", "id"))
        assert [(i.entry_id, i.kind, i.amount) for i in items] == [
            (i.entry_id, i.kind, i.amount) for i in stmt.items]
        assert [i.balance for i, s in zip(items, stmt.items) if s.running is not None] == [
            s.running for s in stmt.items if s.running is not None]
        assert sum(i.amount for i in items) == stmt.closing - stmt.opening
    kinds = [i.kind for i in CommissionItem.objects.filter(
        account=accounts.kiosk_commission_account(history.kiosk)).order_by("created", "id")]
    assert kinds == ["earned", "earned", "earned", "taken_back", "paid_out"]


def person_for(cast, role):
    return {KIOSK: cast.holder, LSP: cast.lsp_jaipur, DOIT: cast.doit}[role]


STATEMENTS = (statement_reports.kiosk_statement, statement_reports.lsp_officer_statement,
              statement_reports.doit_lsp_statement)


def address(report, kiosk, suffix=""):
    prefix = {KIOSK: f"/k/{kiosk.code}/", LSP: "/lsp/", DOIT: "/doit/"}[report.role]
    return f"{prefix}reports/{report.slug}/{suffix}"


def test_every_column_of_the_statements_sorts_both_ways(history, client_as):
    assert all(registry.get(r.role, r.slug) is r for r in STATEMENTS)
    for report in STATEMENTS:
        person = person_for(history, report.role)
        scope, ref = scopes.resolve(Request(person), report, history.kiosk.code)
        lsp = {"lsp": history.kiosk.lsp.code} if report.role == DOIT else {}  # DoIT chooses the LSP
        for column in report.columns:
            up = list(engine.run(report, scope, ref, {"sort": column.key, **lsp}, page=False).rows)
            down = list(engine.run(report, scope, ref, {"sort": "-" + column.key, **lsp}, page=False).rows)
            assert len(up) >= 5, report.slug
            values = [row[column.key] for row in up]
            assert values == sorted(values, key=lambda v: (v is None, v)), (report.slug, column.key)
            assert [row["id"] for row in down] == [row["id"] for row in reversed(up)], (report.slug, column.key)
            page = client_as(person).get(address(report, history.kiosk), {"sort": "-" + column.key, **lsp})
            assert [r[0] for r in body_rows(page.content.decode())] == [_date(row["created"]) for row in down]


def _date(value):
    return screen_text(statement_reports.kiosk_statement.column("created"), value)


def exported(client, url, query):
    return b"".join(client.get(url, query).streaming_content)


@pytest.mark.parametrize("role", [KIOSK, LSP])
def test_the_statement_exports_equal_the_screen_filtered_and_sorted(history, client_as, role):
    report = {KIOSK: statement_reports.kiosk_statement, LSP: statement_reports.lsp_officer_statement}[role]
    client = client_as(person_for(history, role))
    query = {"date_from": (today() - datetime.timedelta(days=1)).isoformat(), "date_to": today().isoformat(),
             "sort": "-amount"}
    page = client.get(address(report, history.kiosk), query).content.decode()
    screen, totals = body_rows(page), foot_cells(page)
    share = [c.key for c in report.columns].index("amount")
    assert len(screen) >= 4 and [screen_amount(r[share]) for r in screen] == sorted(
        (screen_amount(r[share]) for r in screen), key=float, reverse=True)
    rows = list(csv.reader(io.StringIO(exported(client, address(report, history.kiosk, "export/csv/"), query)
                                       .decode("utf-8-sig"))))
    header, lines, csv_totals = rows[0], rows[1:-1], rows[-1]
    assert header == [str(c.label) for c in report.columns]
    sheet = load_workbook(io.BytesIO(exported(client, address(report, history.kiosk, "export/xlsx/"), query))).active
    cells = list(sheet.iter_rows(values_only=True))
    head = next(n for n, row in enumerate(cells) if row[0] == "Date")
    xlsx_lines, xlsx_totals = cells[head + 1:-1], cells[-1]
    assert len(screen) == len(lines) == len(xlsx_lines)
    line = [c.key for c in report.columns].index("receipt_line")
    # the page reads these for its own rows (Column.late), the exports in their query: the same text
    texts = [n for n, c in enumerate(report.columns) if c.key in ("kiosk_code", "service_name", "version")]
    for s, c, x in zip(screen, lines, xlsx_lines):
        assert s[line] == c[line] == (x[line] or "")  # the same lines in the same order
        assert [s[n] for n in texts] == [c[n] for n in texts] == [x[n] or "" for n in texts]
        assert screen_amount(s[share]) == c[share] == f"{x[share]:.2f}"
        assert s[0] == x[0].strftime("%d-%m-%Y %H:%M")
        assert s[-2] == c[-2] == x[-2]  # the kind of entry
    assert screen_amount(totals[share]) == csv_totals[share] == f"{xlsx_totals[share]:.2f}"
    assert totals[0] == csv_totals[0] == xlsx_totals[0]


def test_kiosk_a_never_sees_kiosk_b_lines_and_an_lsp_only_its_own(history, client_as):
    ours = {history.first.number, history.second.number}
    holder = client_as(history.holder)
    report = statement_reports.kiosk_statement
    text = exported(holder, address(report, history.kiosk, "export/csv/"), {}).decode("utf-8-sig")
    numbers = {row[1].split("/")[0] for row in list(csv.reader(io.StringIO(text)))[1:-1] if row[1]}
    assert numbers == ours and history.theirs.number not in text
    for suffix in ("", "print/", "export/csv/", "export/xlsx/"):
        assert holder.get(address(report, history.other_kiosk, suffix)).status_code == 404
    assert holder.get(f"/k/{history.other_kiosk.code}/wallet/commission/").status_code == 404
    theirs = client_as(history.other_holder).get(f"/k/{history.other_kiosk.code}/wallet/commission/")
    assert history.theirs.number in theirs.content.decode() and history.first.number not in theirs.content.decode()
    # the LSP of both kiosks sees both; another LSP's officer, asking for it, sees only its own (none)
    lsp = statement_reports.lsp_officer_statement
    both = exported(client_as(history.lsp_jaipur), address(lsp, history.kiosk, "export/csv/"), {}).decode()
    assert history.first.number in both and history.theirs.number in both
    other = client_as(history.lsp_jodhpur)
    asked = other.get(address(lsp, history.kiosk), {"lsp": history.kiosk.lsp.code})
    assert asked.status_code == 200 and 'id="id_lsp-error"' in asked.content.decode()
    assert history.first.number not in asked.content.decode()
    csv_other = other.get(address(lsp, history.kiosk, "export/csv/"), {"lsp": history.kiosk.lsp.code})
    assert csv_other.status_code == 400 and history.theirs.number not in csv_other.content.decode()  # no file
    own = exported(other, address(lsp, history.kiosk, "export/csv/"), {}).decode()
    assert history.first.number not in own and history.theirs.number not in own
    assert other.get("/lsp/commission/", {"lsp": history.kiosk.lsp.code}).status_code == 404
    assert holder.get(address(lsp, history.kiosk)).status_code == 404
    # DoIT chooses any LSP
    doit = client_as(history.doit).get(address(statement_reports.doit_lsp_statement, history.kiosk),
                                       {"lsp": history.kiosk.lsp.code}).content.decode()
    assert history.first.number in doit


def test_the_statement_pages_summary_is_the_ledgers(history, client_as):
    soup = BeautifulSoup(client_as(history.holder).get(f"/k/{history.kiosk.code}/wallet/commission/").content,
                         "html.parser")
    summary = {tr.th.get_text(" ", strip=True).split(" (")[0]: tr.td.get_text(strip=True)
               for tr in soup.select("table.summary tr")}
    stmt = statements.kiosk_statement(history.kiosk, today() - datetime.timedelta(days=30), today())
    assert summary["Opening balance"] == "₹0.00" and summary["Closing balance"] == "₹6.00" == f"₹{stmt.closing / 100:.2f}"
    assert summary["Taken back"] == "-₹4.00" and summary["Paid out to the bank"] == "-₹10.00"
    share = [th.get_text(" ", strip=True).split(" ")[0] for th in soup.select("table.lines thead th")].index("Share")
    assert soup.select("table.lines tfoot td")[share - 1].get_text(strip=True) == "₹6.00"  # the period's net
    assert re.search(r"Total of 5 rows", soup.select_one("table.lines tfoot").get_text())


def test_the_print_view_carries_the_ledgers_summary(history, client_as):
    """On paper too (F13): the opening and closing balance above the lines, the page laid out landscape."""
    html = client_as(history.holder).get(address(statement_reports.kiosk_statement, history.kiosk, "print/")).content
    soup = BeautifulSoup(html, "html.parser")
    figures = {tr.th.get_text(" ", strip=True).split(" (")[0]: tr.td.get_text(strip=True)
               for tr in soup.select("table.summary tr")}
    assert figures["Opening balance"] == "₹0.00" and figures["Closing balance"] == "₹6.00"
    assert "landscape" in soup.body.get("class", []) and len(body_rows(html.decode())) == 5


def sums_tables(html):
    """{title: [[cell text]]} of the statement's summary tables (per day, per service, per kiosk)."""
    soup = BeautifulSoup(html, "html.parser")
    return {table.find_previous("h2").get_text(strip=True): [
        [td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
        for table in soup.select("table.sums")}


def rupees(paise):
    return screen_text(Column("amount", "", MONEY), paise)


@pytest.mark.parametrize("role", [KIOSK, LSP])
def test_the_statement_shows_per_day_per_service_and_per_kiosk_as_the_ledger_statement(history, client_as, role):
    """Issue 10 req. 8's tables, back on the statement as a report (issue 13): the same figures as
    commissions.statements gives, on the screen, on paper and in the PDF."""
    report = {KIOSK: statement_reports.kiosk_statement, LSP: statement_reports.lsp_officer_statement}[role]
    client = client_as(person_for(history, role))
    days = (today() - datetime.timedelta(days=30), today())
    stmt = (statements.kiosk_statement(history.kiosk, *days) if role == KIOSK
            else statements.lsp_statement(history.kiosk.lsp, *days))
    expected = {
        "Per day": [[day.strftime("%d-%m-%Y"), str(s.lines), rupees(s.earned), rupees(s.taken_back),
                     rupees(s.paid_out), rupees(balance)] for day, s, balance in stmt.days],
        "Per service": [[str(service.name), service.code, str(s.lines), rupees(s.earned), rupees(s.taken_back),
                         rupees(s.net)] for service, s in stmt.services],
    }
    if role == LSP:
        expected["Per kiosk"] = [[k.code, k.name, str(s.lines), rupees(s.earned), rupees(s.taken_back),
                                  rupees(s.net)] for k, s in stmt.kiosks]
        assert len(expected["Per kiosk"]) == 2  # kiosk A and kiosk B of the same LSP
    assert expected["Per day"] and expected["Per day"][-1][-1] == rupees(stmt.closing)
    assert any(row[3] != "₹0.00" for row in expected["Per service"])  # a line taken back
    for suffix in ("", "print/"):
        assert sums_tables(client.get(address(report, history.kiosk, suffix)).content.decode()) == expected, suffix
    pdf = exported(client, address(report, history.kiosk, "export/pdf/"), {})
    assert pdf.startswith(b"%PDF")
    # another period: the tables follow the filter (no entries before the history)
    empty = sums_tables(client.get(address(report, history.kiosk), {
        "date_from": (today() - datetime.timedelta(days=60)).isoformat(),
        "date_to": (today() - datetime.timedelta(days=40)).isoformat()}).content.decode())
    assert empty["Per day"] == [["No entries in these days."]]


def test_the_statements_totals_and_count_read_from_their_days_are_the_rows(history):
    """A statement's totals row and row count come from its per day figures (Report.counted, one
    read of the items for the summary, the days and the totals): they are the sum and the number
    of the rows the report shows, for each statement."""
    for report in STATEMENTS:
        scope, ref = scopes.resolve(Request(person_for(history, report.role)), report, history.kiosk.code)
        lsp = {"lsp": history.kiosk.lsp.code} if report.role == DOIT else {}
        result = engine.run(report, scope, ref, {**lsp}, page=False)
        rows = list(result.rows)
        assert result.count == len(rows) >= 5, report.slug
        assert result.totals == {"amount": sum(row["amount"] for row in rows)}, report.slug
