"""The department's collections online (F29; issue 5 req. 5): every receipt line of the
department's services at the kiosks the officer's office covers, sums by day, service and
kiosk, CANCELLED lines, and the CSV of the same lines."""
import csv
import datetime
import io

import pytest
from django.utils import timezone

from emitra.accounts.services import add_department_officer
from emitra.catalogue.models import Department, Office
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.conftest import add, cancel, fund, pay, pay_form

pytestmark = pytest.mark.django_db


def sell(client, kiosk, *lines):
    for service, consumer_no in lines:
        assert add(client, kiosk, service, consumer_no).status_code == 302
    assert pay(client, kiosk, pay_form(client, kiosk)).status_code == 302
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


def test_sums_by_day_service_and_kiosk_equal_the_lines(funded, sales, client_as):
    r = client_as(funded.dept).get("/dept/collections/", two_days())
    ctx = r.context
    live = phed_lines(state=ReceiptLine.State.ACTIVE)
    expected = sum(line.government_amount for line in live)
    assert expected > 0
    assert ctx["totals"] == {"paid": live.count(), "amount": expected,
                             "undone": phed_lines(state="cancelled").count()}
    for rows in (ctx["days"], ctx["services"], ctx["kiosks"]):
        assert sum(r["amount"] for r in rows) == expected
        assert sum(r["paid"] + r["undone"] for r in rows) == phed_lines().count()
    assert [r["day"] for r in ctx["days"]] == [timezone.localdate() - datetime.timedelta(days=1),
                                               timezone.localdate()]
    assert ctx["days"][0]["amount"] == sales["yesterday"].government_total
    by_kiosk = {r["kiosk__code"]: r["amount"] for r in ctx["kiosks"]}
    assert by_kiosk[funded.jodhpur_kiosk.code] == sales["marwar"].government_total
    by_service = {r["service__code"]: r for r in ctx["services"]}
    assert by_service["PHED-NEWCONN"]["amount"] == 500_00
    assert by_service["PHED-BILL"]["undone"] == 1
    assert len(ctx["page"].object_list) == phed_lines().count()


def test_filters_by_service_and_kiosk(funded, sales, client_as):
    officer = client_as(funded.dept)
    r = officer.get("/dept/collections/", {**two_days(), "service": "PHED-NEWCONN"})
    assert [line.service.code for line in r.context["page"].object_list] == ["PHED-NEWCONN"]
    r = officer.get("/dept/collections/", {**two_days(), "kiosk": funded.jodhpur_kiosk.code.lower()})
    assert [line.receipt.number for line in r.context["page"].object_list] == [sales["marwar"].number]


def test_the_csv_has_the_same_lines(funded, sales, client_as):
    r = client_as(funded.dept).get("/dept/collections.csv", two_days())
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert "attachment" in r["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(r.streaming_content).decode())))
    assert {(row["receipt"], int(row["line"])) for row in rows} == {
        (line.receipt.number, line.position) for line in phed_lines()}
    cancelled = [row for row in rows if row["receipt"] == sales["second"].number]
    assert [row["line_state"] for row in cancelled] == ["cancelled"]
    newconn = next(row for row in rows if row["service"] == "PHED-NEWCONN")
    assert newconn["government_amount"] == "500.00" and newconn["total"] == "550.00"


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
    assert officer.get("/dept/collections.csv", query).status_code == 400


def test_only_a_department_officer_sees_collections_and_his_home_links_them(funded, client_as):
    for person in (funded.holder, funded.operator, funded.lsp_jaipur, funded.citizen):
        assert client_as(person).get("/dept/collections/").status_code == 404
    assert "/dept/collections/" in client_as(funded.dept).get("/").content.decode()
    assert "/dept/collections/" not in client_as(funded.holder).get("/").content.decode()


def test_the_collections_page_pages_through_many_lines(funded, client_as):
    from emitra.payments import services

    fund(funded.kiosk, 1_000_000_00)
    for n in range(45):
        cart = services.current_cart(funded.kiosk, funded.operator)
        services.add_to_cart(cart, _service("PHED-NEWCONN"), by=funded.operator)
        services.pay_cart(cart, by=funded.operator, idempotency_key=f"k{n}", seen=services.pay_page(cart).seal,
                          consumer_name="A", mobile="9414000007", confirm_duplicate=True)
    officer = client_as(funded.dept)
    first = officer.get("/dept/collections/")
    assert len(first.context["page"].object_list) == 40 and "page=2" in first.content.decode()
    assert first.context["totals"]["paid"] == 45
    assert len(officer.get("/dept/collections/", {"page": 2}).context["page"].object_list) == 5


def _service(code):
    from emitra.catalogue.models import Service

    return Service.objects.get(code=code)


def test_a_kiosk_outside_the_officers_place_answers_as_one_that_does_not_exist(funded, sales, client_as):
    """Issue 9 item 10: the kiosk filter does not tell an officer which codes exist elsewhere."""
    officer = client_as(funded.dept_jodhpur)
    elsewhere = officer.get("/dept/collections/", {**two_days(), "kiosk": funded.kiosk.code})
    nowhere = officer.get("/dept/collections/", {**two_days(), "kiosk": "KJPR99999"})
    assert elsewhere.status_code == nowhere.status_code == 200
    assert elsewhere.context["form"].errors == nowhere.context["form"].errors
    assert "kiosk" in nowhere.context["form"].errors
    assert "page" not in elsewhere.context  # nothing of the other place's lines shown
    assert sales["water"].number not in elsewhere.content.decode()
    csv_elsewhere = officer.get("/dept/collections.csv", {**two_days(), "kiosk": funded.kiosk.code})
    csv_nowhere = officer.get("/dept/collections.csv", {**two_days(), "kiosk": "KJPR99999"})
    assert csv_elsewhere.status_code == csv_nowhere.status_code == 400
    own = officer.get("/dept/collections/", {**two_days(), "kiosk": funded.jodhpur_kiosk.code})
    assert [line.receipt.number for line in own.context["page"].object_list] == [sales["marwar"].number]
