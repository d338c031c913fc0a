"""Reports (issue 13 req. 1-4; F10-F13): sorting by every column both ways, exports that equal
the screen, scope, tampered tokens, bad filters and background exports."""
import csv
import io
import re
from urllib.parse import unquote

import pytest
from django.contrib.staticfiles import finders
from django.core import signing
from openpyxl import load_workbook

from emitra.ledger.integrity import ledger_violations
from emitra.payments.models import ReceiptLine
from emitra.payments.tests.conftest import add, fund, pay, pay_form, shown_receipt
from emitra.reports import background, engine, registry, scopes, views
from emitra.reports.definition import DEPT, DOIT, KIOSK, LSP
from emitra.reports.models import ReportExport
from emitra.reports.tests.conftest import sell

pytestmark = pytest.mark.django_db


def body_rows(html):
    """The cells of the report table's body rows, as text."""
    tbody = re.search(r"<table class=\"report[^\"]*\">.*?<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S)]


def foot_cells(html):
    foot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", foot, re.S)]


def url(role, slug, kiosk=None, suffix=""):
    prefix = {KIOSK: f"/k/{getattr(kiosk, 'code', '')}/", LSP: "/lsp/", DEPT: "/dept/", DOIT: "/doit/"}[role]
    return f"{prefix}reports/{slug}/{suffix}"


def person_for(cast, role):
    return {KIOSK: cast.holder, LSP: cast.lsp_jaipur, DEPT: cast.dept, DOIT: cast.doit}[role]


class Request:
    """What scopes.resolve reads from a request, for running a report outside a view."""

    def __init__(self, person):
        from emitra.accounts.roles import Roles

        self.person = person
        self.roles = Roles(list(person.memberships.live()))


def test_every_column_of_every_report_sorts_both_ways(sales, client_as):
    for report in registry.every():
        person = person_for(sales, report.role)
        client = client_as(person)
        scope, ref = scopes.resolve(Request(person), report, sales.kiosk.code)
        for column in report.columns:
            up = engine.run(report, scope, ref, {"sort": column.key}, page=False)
            down = engine.run(report, scope, ref, {"sort": "-" + column.key}, page=False)
            assert (up.column.key, up.descending, down.descending) == (column.key, False, True)
            ups, downs = list(up.rows), list(down.rows)
            values = [row[column.key] for row in ups]
            assert values == sorted(values, key=lambda v: (v is None, v)), (report.slug, column.key)
            assert [row[report.key] for row in downs] == [row[report.key] for row in reversed(ups)]
            for sort in (column.key, "-" + column.key):
                page = client.get(url(report.role, report.slug, sales.kiosk), {"sort": sort}).content.decode()
                assert f'aria-sort="{"descending" if sort[0] == "-" else "ascending"}"' in page
                assert len(body_rows(page)) == max(1, min(len(ups), engine.PAGE_ROWS)), (report.slug, sort)


def screen_amount(text):
    return text.replace("₹", "").replace(",", "")


def test_the_export_equals_the_screen_in_xlsx_and_csv(sales, client_as):
    holder = client_as(sales.holder)
    query = {"state": "active", "sort": "-total"}
    page = holder.get(url(KIOSK, "transactions", sales.kiosk), query).content.decode()
    screen, totals = body_rows(page), foot_cells(page)
    assert len(screen) == 5 and totals[0] == "Total of 5 rows"
    exports = {}
    for fmt in ("csv", "xlsx"):
        response = holder.get(url(KIOSK, "transactions", sales.kiosk, f"export/{fmt}/"),
                              dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', page), **query))
        assert response.status_code == 200
        exports[fmt] = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(exports["csv"].decode("utf-8-sig"))))
    header, lines, csv_totals = rows[0], rows[1:-1], rows[-1]
    assert header[:3] == ["Paid at", "Receipt", "Service"]
    sheet = load_workbook(io.BytesIO(exports["xlsx"])).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    head = next(n for n, row in enumerate(cells) if row[0] == "Paid at")
    assert sheet.freeze_panes == f"A{head + 2}"
    assert any(row[0] == "Status" and row[1] == "Paid" for row in cells[:head])  # the filters above the table
    xlsx_lines, xlsx_totals = cells[head + 1:-1], cells[-1]
    # the same receipts in the same order, the same amounts, the same totals
    assert [r[1] for r in screen] == [r[1] for r in lines] == [r[1] for r in xlsx_lines]
    for s, c, x in zip(screen, lines, xlsx_lines):
        assert [screen_amount(v) for v in s[4:7]] == c[4:7] == [f"{v:.2f}" for v in x[4:7]]
        assert s[0] == x[0].strftime("%d-%m-%Y %H:%M")
    assert [screen_amount(v) for v in totals[4:7]] == csv_totals[4:7] == [f"{v:.2f}" for v in xlsx_totals[4:7]]
    assert csv_totals[0] == xlsx_totals[0] == totals[0]
    assert sheet.cell(row=head + 2, column=5).number_format.startswith("[>=10000000]")


def test_an_export_as_kiosk_a_holds_none_of_kiosk_b_rows(sales, client_as):
    theirs = set(ReceiptLine.objects.filter(kiosk=sales.other_kiosk).values_list("receipt__number", flat=True))
    ours = set(ReceiptLine.objects.filter(kiosk=sales.kiosk).values_list("receipt__number", flat=True))
    assert theirs and ours
    holder = client_as(sales.holder)
    text = b"".join(holder.get(url(KIOSK, "transactions", sales.kiosk, "export/csv/")).streaming_content).decode()
    numbers = {row[1] for row in list(csv.reader(io.StringIO(text)))[1:-1]}
    assert numbers == ours and not numbers & theirs
    for suffix in ("", "export/csv/", "export/xlsx/", "print/"):
        assert holder.get(url(KIOSK, "transactions", sales.other_kiosk, suffix)).status_code == 404
    assert client_as(sales.lsp_jodhpur).get(url(KIOSK, "transactions", sales.kiosk)).status_code == 404


def test_a_tampered_page_token_or_sort_key_gives_the_default_report(sales, client_as, monkeypatch):
    monkeypatch.setattr(engine, "PAGE_ROWS", 2)
    holder = client_as(sales.holder)
    address = url(KIOSK, "transactions", sales.kiosk)
    default = body_rows(holder.get(address).content.decode())
    for sort in ("nonsense", "-id); DROP TABLE x; --", "--total", "receipt__kiosk__holder", ""):
        response = holder.get(address, {"sort": sort})
        assert response.status_code == 200 and body_rows(response.content.decode()) == default
    first = holder.get(address, {"sort": "-total"}).content.decode()
    token = unquote(re.search(r"after=([^\"&]+)", first).group(1))
    second = body_rows(holder.get(address, {"sort": "-total", "after": token}).content.decode())
    assert second and second != body_rows(first)
    forged = signing.dumps({"s": "-total", "f": "x", "v": 0, "k": 0}, salt="wrong")
    for bad in (token[:-3] + "abc", forged, "x" * 600, "a:b:c"):
        assert body_rows(holder.get(address, {"sort": "-total", "after": bad}).content.decode()) == body_rows(first)
    # a token made for another sort starts that sort from its first page
    other = body_rows(holder.get(address, {"sort": "total"}).content.decode())
    assert body_rows(holder.get(address, {"sort": "total", "after": token}).content.decode()) == other


def test_bad_filters_get_a_message_beside_the_field_and_the_default(sales, client_as):
    holder = client_as(sales.holder)
    address = url(KIOSK, "transactions", sales.kiosk)
    default = body_rows(holder.get(address).content.decode())
    for query, message in (({"paid_from": "soon"}, "Enter the date as DD-MM-YYYY"),
                           ({"paid_from": "2026-02-10", "paid_to": "2026-01-01"}, "The end date is before"),
                           ({"paid_from": "1850-01-01"}, "Check the year"),
                           ({"paid_from": "2024-01-01", "paid_to": "2026-06-01"}, "Give at most 366 days"),
                           ({"state": "paid-twice"}, "Select a valid choice")):
        page = holder.get(address, query).content.decode()
        assert re.search(r'class="field invalid">.*?' + message, page, re.S), query
        assert body_rows(page) == default


def test_a_background_export_shows_progress_and_ends_with_a_file_that_matches_the_report(
        sales, client_as, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setitem(views.BACKGROUND_ROWS, "csv", 2)
    holder = client_as(sales.holder)
    address = url(KIOSK, "transactions", sales.kiosk, "export/csv/")
    with django_capture_on_commit_callbacks() as callbacks:
        first = holder.get(address, {"sort": "total"})
        again = holder.get(address, {"sort": "total"})
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert ReportExport.objects.count() == 1 and len(callbacks) == 1  # asked twice at once: one task
    status = holder.get(first["Location"]).content.decode()
    assert 'http-equiv="refresh"' in status and 'value="0"' in status and "Waiting to start" in status
    assert client_as(sales.other_holder).get(first["Location"]).status_code == 404
    callbacks[0]()  # the worker runs the task
    done = holder.get(first["Location"]).content.decode()
    assert "Ready" in done and 'value="100"' in done and 'http-equiv="refresh"' not in done
    job = ReportExport.objects.get()
    file = b"".join(holder.get(f"/reports/exports/{job.pk}/file/").streaming_content).decode("utf-8-sig")
    monkeypatch.setitem(views.BACKGROUND_ROWS, "csv", 3000)
    direct = b"".join(holder.get(address, {"sort": "total"}).streaming_content).decode("utf-8-sig")
    assert file == direct and len(file.splitlines()) == 1 + 5 + 1
    assert client_as(sales.other_holder).get(f"/reports/exports/{job.pk}/file/").status_code == 404
    background.sweep()
    assert ReportExport.objects.count() == 1  # kept for a day


def test_the_wallet_statement_balance_is_right_in_any_sort(sales, client_as):
    holder = client_as(sales.holder)
    address = url(KIOSK, "wallet", sales.kiosk)
    by_date = body_rows(holder.get(address).content.decode())
    by_amount = body_rows(holder.get(address, {"sort": "-debit"}).content.decode())
    assert sorted(map(tuple, by_date)) == sorted(map(tuple, by_amount)) and by_date != by_amount
    assert by_date[-1][-1] == "₹39,199.84" or by_date[-1][-1].startswith("₹")
    assert ledger_violations() == []


def test_the_reports_menu_lists_what_the_person_may_open(sales, client_as):
    page = client_as(sales.operator).get(f"/k/{sales.kiosk.code}/reports/").content.decode()
    assert "Transactions and receipts" in page
    assert client_as(sales.holder).get("/doit/reports/").status_code == 404
    assert client_as(sales.doit).get("/doit/reports/").status_code == 200


def test_the_pdf_and_print_view_carry_the_filters_and_the_rows(sales, client_as):
    holder = client_as(sales.holder)
    pdf = holder.get(url(KIOSK, "transactions", sales.kiosk, "export/pdf/"))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    page = holder.get(url(KIOSK, "transactions", sales.kiosk, "print/"), {"state": "active"}).content.decode()
    assert "reports/print.js" in page and 'class="landscape"' in page and "Made at" in page
    # the paper's rules (A4, landscape for a wide report) come with the site's one stylesheet
    with open(finders.find("emitra/emitra.css"), encoding="utf-8") as css:
        assert "@page wide{size:A4 landscape" in css.read()
    assert len(body_rows(page)) == 5


def csv_rows(client, address, query=None):
    text = b"".join(client.get(address, query or {}).streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_department_officers_export_holds_only_the_office_scope(sales, client_as):
    fund(sales.jodhpur_kiosk, 10_000_00)
    sell(client_as(sales.jodhpur_holder), sales.jodhpur_kiosk, "PHED-BILL", "PH5555555", consumer_name="Jodhpur")
    address = url(DEPT, "collections", suffix="export/csv/")
    office = csv_rows(client_as(sales.dept_jodhpur), address)[1:-1]
    whole = csv_rows(client_as(sales.dept), address)[1:-1]
    assert {row[2] for row in office} == {sales.jodhpur_kiosk.code}
    assert {row[2] for row in whole} == {sales.kiosk.code, sales.jodhpur_kiosk.code}
    assert all(row[3].startswith("PHED") for row in whole)  # the department's services only
    sheet = load_workbook(io.BytesIO(b"".join(client_as(sales.dept_jodhpur).get(
        url(DEPT, "collections-by-kiosk", suffix="export/xlsx/")).streaming_content))).active
    kiosks = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("KJ")]
    assert kiosks == [sales.jodhpur_kiosk.code]
    # a title Excel would refuse as a sheet name ("Collections: every receipt line") is made fit
    lines = load_workbook(io.BytesIO(b"".join(client_as(sales.dept_jodhpur).get(
        url(DEPT, "collections", suffix="export/xlsx/")).streaming_content))).active
    assert lines.title == "Collections  every receipt line"
    assert [row[2] for row in lines.iter_rows(values_only=True) if row[2] and str(row[2]).startswith("KJ")] == [
        sales.jodhpur_kiosk.code]
    assert client_as(sales.holder).get(address).status_code == 404


def test_a_duplicate_warning_overridden_is_in_doits_report(sales, client_as):
    operator = client_as(sales.operator)
    add(operator, sales.kiosk, "PHED-BILL", "PH1234567")  # paid already today
    assert pay(operator, sales.kiosk, pay_form(operator, sales.kiosk)).status_code == 400
    assert shown_receipt(pay(operator, sales.kiosk, pay_form(operator, sales.kiosk, confirm_duplicate="on")))
    rows = body_rows(client_as(sales.doit).get(url(DOIT, "duplicates-overridden")).content.decode())
    assert len(rows) == 1 and rows[0][1] == sales.kiosk.code and rows[0][2] == sales.operator.sso_id
    assert ledger_violations() == []


def pages_links(html):
    """{"first", "prev" or "next": href} of the report's page links, by their words."""
    from bs4 import BeautifulSoup

    nav = BeautifulSoup(html, "html.parser").select_one("nav.pages")
    names = {"First page": "first", "Previous page": "prev", "Next page": "next"}
    return {names[a.get_text(strip=True).strip("«‹› ")]: a["href"] for a in nav.find_all("a")}


def test_pages_go_on_and_back_with_signed_tokens(sales, client_as, monkeypatch):
    """Next and previous keyset pages (F11): walking back from the last page gives the same pages
    as walking on, the first page has no way back, and a tampered token gives the first page."""
    monkeypatch.setattr(engine, "PAGE_ROWS", 2)
    holder = client_as(sales.holder)
    address = url(KIOSK, "transactions", sales.kiosk)
    html = holder.get(address, {"sort": "-total"}).content.decode()
    assert set(pages_links(html)) == {"next"}
    forward = [body_rows(html)]
    while "next" in pages_links(html):
        html = holder.get(address + pages_links(html)["next"].replace("&amp;", "&")).content.decode()
        forward.append(body_rows(html))
    assert len(forward) >= 3 and sum(map(len, forward)) == ReceiptLine.objects.filter(kiosk=sales.kiosk).count()
    backward = [body_rows(html)]
    while "prev" in pages_links(html):
        assert "first" in pages_links(html)
        html = holder.get(address + pages_links(html)["prev"].replace("&amp;", "&")).content.decode()
        backward.append(body_rows(html))
    assert backward[::-1] == forward
    assert set(pages_links(html)) == {"next"}  # back on the first page
    second = holder.get(address + pages_links(html)["next"]).content.decode()
    back_token = unquote(re.search(r"after=([^\"&]+)", pages_links(second)["prev"]).group(1))
    tampered = holder.get(address, {"sort": "-total", "after": back_token[:-2] + "xy"})
    assert tampered.status_code == 200 and body_rows(tampered.content.decode()) == forward[0]
    other_sort = holder.get(address, {"sort": "total", "after": back_token}).content.decode()
    assert body_rows(other_sort) == body_rows(holder.get(address, {"sort": "total"}).content.decode())


def test_print_is_a_button_that_works_without_javascript(sales, client_as):
    """The Print button (F13) is a GET form to the print view carrying the filters and the sort,
    so a browser without JavaScript opens the page for paper; the print view loads the small
    deferred script that opens the print dialogue, and has a way back to the report."""
    from bs4 import BeautifulSoup

    holder = client_as(sales.holder)
    address = url(KIOSK, "transactions", sales.kiosk)
    soup = BeautifulSoup(holder.get(address, {"state": "active", "sort": "-total"}).content, "html.parser")
    form = next(f for f in soup.find_all("form") if f.get("action", "").endswith("/print/"))
    assert form.get("method") == "get" and form.button.get_text(strip=True) == "Print"
    assert form.find_parent("a") is None and soup.find("a", href=re.compile("/print/")) is None
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert fields["state"] == "active" and fields["sort"] == "-total"
    printed = holder.get(form["action"], fields).content.decode()
    on_screen = holder.get(address, fields).content.decode()
    assert body_rows(printed) == body_rows(on_screen)
    paper = BeautifulSoup(printed, "html.parser")
    script = paper.find("script", src=re.compile(r"reports/print\.js$"))
    assert script is not None and script.has_attr("defer")
    assert paper.find(id="print-now").has_attr("hidden")  # shown only by the script
    # the print view alone may run a same-site script; the report page none
    printed_response = holder.get(form["action"], fields)
    printed_csp = printed_response["Content-Security-Policy"]
    assert "script-src 'self'" in printed_csp and "default-src 'none'" in printed_csp
    assert "camera=()" in printed_response["Permissions-Policy"]  # a page that runs a script has it
    assert "script-src" not in holder.get(address, fields)["Content-Security-Policy"]
    back = paper.select_one("p.back a")["href"]
    assert back.startswith(address) and "state=active" in back


def test_every_report_page_has_a_way_back(sales, client_as):
    from bs4 import BeautifulSoup

    for report in registry.every():
        client = client_as(person_for(sales, report.role))
        for suffix, back in (("", url(report.role, "", sales.kiosk).rstrip("/").rsplit("/", 1)[0] + "/"),
                             ("print/", url(report.role, report.slug, sales.kiosk))):
            soup = BeautifulSoup(client.get(url(report.role, report.slug, sales.kiosk, suffix)).content,
                                 "html.parser")
            link = soup.select_one("p.back a")
            assert link is not None and link["href"].startswith(back), (report.slug, suffix)
