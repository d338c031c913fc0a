"""The department's collections online (F29; issue 5 req. 5): every receipt line of the
department's services at the kiosks the officer's office covers, sums by day, service and
kiosk, CANCELLED lines, and the CSV of the same lines. Since issue 13 the page and its CSV are
a report (emitra.reports.dept) served at their old addresses; these tests read the same facts
from its table, its summary and its sibling reports by day, service and kiosk."""
import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from emitra.accounts.services import add_department_officer
from emitra.catalogue.models import Department, Office
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.conftest import add, cancel, fund, pay, pay_form, shown_receipt
from emitra.reports import engine
from emitra.reports.tests.test_reports import body_rows

pytestmark = pytest.mark.django_db


def sell(client, kiosk, *lines):
    for service, consumer_no in lines:
        assert add(client, kiosk, service, consumer_no).status_code == 302
    assert shown_receipt(pay(client, kiosk, pay_form(client, kiosk)))
    return Receipt.objects.filter(kiosk=kiosk).order_by("-pk").first()


@pytest.fixture
def sales(funded, client_as):
    """Water bills and a connection at a Jaipur kiosk (one cancelled, one of yesterday), an income
    certificate (another department) there, and a water bill at a Jodhpur kiosk."""
    jaipur, jodhpur = client_as(funded.operator), client_as(funded.jodhpur_holder)
    fund(funded.jodhpur_kiosk, 10_000_00)
    water = sell(jaipur, funded.kiosk, ("PHED-BILL", "PH1234567"), ("PHED-NEWCONN", ""))
    second = sell(jaipur, funded.kiosk, ("PHED-BILL", "PH7654321"))
    revenue = sell(jaipur, funded.kiosk, ("REV-INCOME", ""))
    yesterday = sell(jaipur, funded.kiosk, ("PHED-BILL", "PH5555555"))
    ReceiptLine.objects.filter(receipt=yesterday).update(paid_at=timezone.now() - datetime.timedelta(days=1))
    marwar = sell(jodhpur, funded.jodhpur_kiosk, ("PHED-BILL", "PH1111111"))
    assert cancel(client_as(funded.holder), funded.kiosk, second, "all", "paid at the wrong counter").status_code == 302
    return dict(water=water, second=second, revenue=revenue, yesterday=yesterday, marwar=marwar)


def phed_lines(**filters):
    return ReceiptLine.objects.filter(service__department__code="PHED", **filters)


def two_days():
    today = timezone.localdate()
    return {"date_from": (today - datetime.timedelta(days=1)).isoformat(), "date_to": today.isoformat()}


def test_the_officer_sees_his_departments_collections_of_today_and_not_another_departments(
        funded, sales, client_as):
    r = client_as(funded.dept).get("/dept/collections/")
    assert r.status_code == 200
    page = r.content.decode()
    for name in ("water", "second", "marwar"):
        assert sales[name].number in page
    assert sales["revenue"].number not in page  # the Revenue department's
    assert sales["yesterday"].number not in page  # the default is today
    assert ">CANCELLED<" in page


def test_a_district_officer_sees_the_kiosks_of_his_district_only(funded, sales, client_as):
    page = client_as(funded.dept_jodhpur).get("/dept/collections/", two_days()).content.decode()
    assert sales["marwar"].number in page
    for name in ("water", "second", "yesterday"):
        assert sales[name].number not in page


def test_another_departments_officer_sees_only_his_own(funded, sales, client_as):
    add_department_officer(funded.citizen, Department.objects.get(code="REVENUE"),
                           Office.objects.get(code="REVENUE-JPR"), by=funded.doit)
    page = client_as(funded.citizen).get("/dept/collections/").content.decode()
    assert sales["revenue"].number in page
    assert sales["water"].number not in page and sales["marwar"].number not in page


def summary(html):
    soup = BeautifulSoup(html, "html.parser")
    return {tr.th.get_text(" ", strip=True).split(" (")[0]: tr.td.get_text(strip=True)
            for tr in soup.select("table.summary tr")}


def paise(text):
    return round(float(text.replace("₹", "").replace(",", "")) * 100) if text else 0


def receipts(html):
    """The receipt numbers of the lines on the page (the Receipt column)."""
    return [row[1] for row in body_rows(html)]


def grouped(client, slug, query):
    """{first cell: row} of a sibling report (by day, service or kiosk) for the same days."""
    q = {"paid_from": query["date_from"], "paid_to": query["date_to"]}
    return {row[0]: row for row in body_rows(client.get(f"/dept/reports/{slug}/", q).content.decode())}


def test_sums_by_day_service_and_kiosk_equal_the_lines(funded, sales, client_as):
    officer = client_as(funded.dept)
    html = officer.get("/dept/collections/", two_days()).content.decode()
    live = phed_lines(state=ReceiptLine.State.ACTIVE)
    expected = sum(line.government_amount for line in live)
    assert expected > 0
    figures = summary(html)
    assert (int(figures["Paid lines"]), paise(figures["Amount collected"]), int(figures["Undone lines"])) == (
        live.count(), expected, phed_lines(state="cancelled").count())
    rows = body_rows(html)
    assert sum(paise(row[6]) for row in rows) == expected  # the Collected column
    for slug in ("collections-by-day", "collections-by-service", "collections-by-kiosk"):
        sums = grouped(officer, slug, two_days()).values()
        assert sum(paise(r[-1]) for r in sums) == expected, slug
        assert sum(int(r[-3]) + int(r[-2]) for r in sums) == phed_lines().count(), slug
    days = grouped(officer, "collections-by-day", two_days())
    yesterday, today = (timezone.localdate() - datetime.timedelta(days=1)), timezone.localdate()
    assert list(days) == [yesterday.strftime("%d-%m-%Y"), today.strftime("%d-%m-%Y")]
    assert paise(days[yesterday.strftime("%d-%m-%Y")][-1]) == sales["yesterday"].government_total
    assert paise(grouped(officer, "collections-by-kiosk", two_days())[funded.jodhpur_kiosk.code][-1]) == (
        sales["marwar"].government_total)
    by_service = grouped(officer, "collections-by-service", two_days())
    assert paise(by_service["PHED-NEWCONN"][-1]) == 500_00 and by_service["PHED-BILL"][-2] == "1"
    assert len(rows) == phed_lines().count()


def test_filters_by_service_and_kiosk(funded, sales, client_as):
    officer = client_as(funded.dept)
    html = officer.get("/dept/collections/", {**two_days(), "service": "PHED-NEWCONN"}).content.decode()
    assert [row[3] for row in body_rows(html)] == ["PHED-NEWCONN"]
    html = officer.get("/dept/collections/", {**two_days(), "kiosk": funded.jodhpur_kiosk.code.lower()}).content
    assert receipts(html.decode()) == [sales["marwar"].number]


def test_the_csv_has_the_same_lines(funded, sales, client_as):
    r = client_as(funded.dept).get("/dept/collections.csv", two_days())
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert "attachment" in r["Content-Disposition"]
    text = b"".join(r.streaming_content).decode()
    assert text.splitlines()[0] == ",".join(FEED_HEADER)  # the columns a department's system reads (issue 5)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {(row["receipt"], int(row["line"])) for row in rows} == {
        (line.receipt.number, line.position) for line in phed_lines()}
    cancelled = [row for row in rows if row["receipt"] == sales["second"].number]
    assert [(row["line_state"], row["collected"]) for row in cancelled] == [("cancelled", "0.00")]
    newconn = next(row for row in rows if row["service"] == "PHED-NEWCONN")
    assert newconn["government_amount"] == "500.00" and newconn["total"] == "550.00"
    assert newconn["collected"] == "500.00" and newconn["paid_at"].endswith("+05:30")


# /dept/collections.csv since issue 5: a department's import reads these names, in this order
FEED_HEADER = ["receipt", "line", "paid_at", "kiosk", "district", "service", "service_name", "consumer_no",
               "bill_number", "government_amount", "service_charge", "total", "line_state", "posting_state",
               "department_reference", "collected"]


def test_the_csv_keeps_its_column_names_in_hindi_too(funded, sales, client_as):
    """The CSV is read by another system, not a person: its header and values do not follow the
    reader's language (the report's own CSV export, /dept/reports/collections/export/csv/, does)."""
    officer = client_as(funded.dept)
    english = b"".join(officer.get("/dept/collections.csv", two_days()).streaming_content)
    officer.cookies["django_language"] = "hi"
    assert "संग्रह" in officer.get("/dept/collections/", two_days()).content.decode()  # the page is in Hindi
    hindi = b"".join(officer.get("/dept/collections.csv", two_days()).streaming_content)
    assert hindi == english


@pytest.mark.parametrize("query, field", [
    ({"date_from": "not-a-date"}, "date_from"),
    ({"date_from": "2026-02-10", "date_to": "2026-02-01"}, "date_to"),
    ({"date_from": "2026-01-01", "date_to": "2026-03-01"}, "date_to"),
    ({"kiosk": "KNOWHERE"}, "kiosk"),
    ({"service": "REV-INCOME"}, "service"),
    ({"posting": "garbage"}, "posting"),
])
def test_bad_filters_get_a_message_beside_the_field(funded, client_as, query, field):
    officer = client_as(funded.dept)
    r = officer.get("/dept/collections/", query)
    assert r.status_code == 200 and f'id="id_{field}-error"' in r.content.decode()
    assert BeautifulSoup(r.content, "html.parser").select("table.report") == []  # no lines of other filters
    assert officer.get("/dept/collections.csv", query).status_code == 400


def test_only_a_department_officer_sees_collections_and_his_home_links_them(funded, client_as):
    for person in (funded.holder, funded.operator, funded.lsp_jaipur, funded.citizen):
        assert client_as(person).get("/dept/collections/").status_code == 404
        assert client_as(person).get("/dept/collections.csv").status_code == 404
    assert "/dept/collections/" in client_as(funded.dept).get("/").content.decode()
    assert "/dept/collections/" not in client_as(funded.holder).get("/").content.decode()


def test_the_collections_page_pages_through_many_lines(funded, client_as, monkeypatch):
    from emitra.payments import services

    monkeypatch.setattr(engine, "PAGE_ROWS", 40)
    fund(funded.kiosk, 1_000_000_00)
    for n in range(45):
        cart = services.current_cart(funded.kiosk, funded.operator)
        services.add_to_cart(cart, _service("PHED-NEWCONN"), by=funded.operator)
        services.pay_cart(cart, by=funded.operator, idempotency_key=f"k{n}", seen=services.pay_page(cart).seal,
                          consumer_name="A", mobile="9414000007", confirm_duplicate=True)
    officer = client_as(funded.dept)
    first = officer.get("/dept/collections/").content.decode()
    assert len(body_rows(first)) == 40 and summary(first)["Paid lines"] == "45"
    nav = BeautifulSoup(first, "html.parser").select_one("nav.pages")
    second = officer.get("/dept/collections/" + nav.find("a")["href"]).content.decode()
    assert len(body_rows(second)) == 5 and not set(receipts(second)) & set(receipts(first))


def _service(code):
    from emitra.catalogue.models import Service

    return Service.objects.get(code=code)


def test_a_kiosk_outside_the_officers_place_answers_as_one_that_does_not_exist(funded, sales, client_as):
    """Issue 9 item 10: the kiosk filter does not tell an officer which codes exist elsewhere."""
    officer = client_as(funded.dept_jodhpur)
    elsewhere = officer.get("/dept/collections/", {**two_days(), "kiosk": funded.kiosk.code})
    nowhere = officer.get("/dept/collections/", {**two_days(), "kiosk": "KJPR99999"})
    assert elsewhere.status_code == nowhere.status_code == 200
    assert elsewhere.context["result"].form.errors == nowhere.context["result"].form.errors
    assert "kiosk" in nowhere.context["result"].form.errors
    assert elsewhere.context["refused"]  # nothing of the other place's lines shown
    assert sales["water"].number not in elsewhere.content.decode()
    csv_elsewhere = officer.get("/dept/collections.csv", {**two_days(), "kiosk": funded.kiosk.code})
    csv_nowhere = officer.get("/dept/collections.csv", {**two_days(), "kiosk": "KJPR99999"})
    assert csv_elsewhere.status_code == csv_nowhere.status_code == 400
    own = officer.get("/dept/collections/", {**two_days(), "kiosk": funded.jodhpur_kiosk.code}).content.decode()
    assert receipts(own) == [sales["marwar"].number]


def test_the_exports_equal_the_screen_filtered_and_sorted(funded, sales, client_as):
    """Issue 13 req. 3: the CSV and the XLSX hold the rows of the screen in its order, and its totals."""
    from openpyxl import load_workbook

    officer = client_as(funded.dept)
    query = {**two_days(), "service": "PHED-BILL", "sort": "-collected"}
    html = officer.get("/dept/collections/", query).content.decode()
    screen = body_rows(html)
    assert len(screen) == 4 and [paise(r[6]) for r in screen] == sorted((paise(r[6]) for r in screen), reverse=True)
    text = b"".join(officer.get("/dept/reports/collections/export/csv/", query).streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    feed = list(csv.DictReader(io.StringIO(b"".join(officer.get("/dept/collections.csv", query)
                                                    .streaming_content).decode())))
    assert [row["receipt"] for row in feed] == [r[1] for r in screen]  # the feed too: the screen's rows and order
    book = load_workbook(io.BytesIO(b"".join(officer.get("/dept/reports/collections/export/xlsx/", query)
                                             .streaming_content))).active
    cells = list(book.iter_rows(values_only=True))
    head = next(n for n, row in enumerate(cells) if row[0] == "Paid at")
    assert [r[1] for r in screen] == [r[1] for r in lines[1:-1]] == [r[1] for r in cells[head + 1:-1]]
    assert [paise(r[6]) for r in screen] == [paise(r[6]) for r in lines[1:-1]] == [
        round(r[6] * 100) for r in cells[head + 1:-1]]
    assert lines[-1][6] == f"{cells[-1][6]:.2f}" == summary(html)["Amount collected"].replace("₹", "").replace(",", "")
