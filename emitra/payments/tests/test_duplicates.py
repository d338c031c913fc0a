"""Duplicate alert (F24): same service, consumer number and amount paid within 30 days."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emitra.payments import services
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.conftest import add, assert_ledger_sound, pay, pay_form, shown_receipt

pytestmark = pytest.mark.django_db


def pay_water_bill(client, kiosk, **extra):
    add(client, kiosk, "PHED-BILL", "PH7654321")
    return pay(client, kiosk, pay_form(client, kiosk, **extra))


def test_a_duplicate_within_30_days_warns_and_shows_the_earlier_receipt(funded, client_as):
    pay_water_bill(client_as(funded.operator), funded.kiosk)
    first = Receipt.objects.get()
    # another kiosk anywhere in the state
    from emitra.payments.tests.conftest import fund

    fund(funded.jodhpur_kiosk, 10_000_00)
    other = client_as(funded.jodhpur_holder)
    response = pay_water_bill(other, funded.jodhpur_kiosk)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Possible duplicate payment" in page and first.number in page and funded.kiosk.code in page
    assert Receipt.objects.count() == 1
    assert_ledger_sound()


def test_confirming_the_duplicate_goes_on(funded, client_as):
    c = client_as(funded.operator)
    pay_water_bill(c, funded.kiosk)
    response = pay_water_bill(c, funded.kiosk)
    assert response.status_code == 400
    data = pay_form(c, funded.kiosk, confirm_duplicate="on")
    assert shown_receipt(pay(c, funded.kiosk, data))
    assert Receipt.objects.count() == 2
    assert_ledger_sound()


def test_a_payment_older_than_30_days_does_not_warn(funded, client_as):
    c = client_as(funded.operator)
    pay_water_bill(c, funded.kiosk)
    ReceiptLine.objects.update(paid_at=ReceiptLine.objects.get().paid_at - datetime.timedelta(days=30, minutes=1))
    assert shown_receipt(pay_water_bill(c, funded.kiosk))
    assert Receipt.objects.count() == 2


def test_a_cancelled_payment_does_not_warn(funded, client_as):
    c = client_as(funded.holder)
    pay_water_bill(c, funded.kiosk)
    receipt = Receipt.objects.get()
    services.cancel_receipt(receipt, by=funded.holder, reason="wrong consumer number",
                            seen=services.cancel_seal(receipt, funded.holder))
    assert shown_receipt(pay_water_bill(c, funded.kiosk))


def test_the_duplicate_check_is_part_of_the_cart_lines_one_indexed_query(funded, client_as):
    """The lookup the pay page and the payment run (services.cart_lines' earlier_id) finds the
    earlier line in the lines' own one query, through the duplicate check's index."""
    from emitra.payments.models import Cart

    c = client_as(funded.operator)
    pay_water_bill(c, funded.kiosk)
    line = ReceiptLine.objects.get()
    add(c, funded.kiosk, "PHED-BILL", "PH7654321")  # the same bill in the next cart
    cart = Cart.objects.get(kiosk=funded.kiosk, state=Cart.State.OPEN)
    with CaptureQueriesContext(connection) as queries:
        assert [found.earlier_id for found in services.cart_lines(cart)] == [line.pk]
    assert len(queries) == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            # With one line in the table every index costs the planner the same, and the
            # reports' index of live lines by day (payments_line_live_day) wins the tie;
            # at a state's volume a 30-day range is millions of lines and the equality
            # index is the only sane plan. Drop the day index inside this test's
            # transaction (PostgreSQL DDL rolls back) so the plan shows the duplicate
            # check's own index serves it.
            cursor.execute("DROP INDEX payments_line_live_day")
            cursor.execute("EXPLAIN " + queries[0]["sql"])
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        assert "payments_line_duplicate" in plan, plan
