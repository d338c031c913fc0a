"""The fee through the cart and receipt (issue 11 req. 5): one receipt with a bill and a fee;
cancelling the fee withdraws an untouched application and is refused once an office acted."""
import pytest

from emitra.applications.tests.conftest import (
    assert_ledger_sound,
    attach_required,
    decide,
    file_and_pay,
    fill,
    number_from,
    office_id,
    pay_cart,
    person,
    wallet_balance,
)
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import add
from emitra.payments.tests.conftest import cancel as cancel_from_page


def cancel(client, receipt, reason="The citizen changed their mind"):
    return cancel_from_page(client, receipt.kiosk, receipt, "all", reason)


def test_one_receipt_carries_a_bill_and_an_application_fee(apps_demo, client_as):
    from emitra.applications.models import Application

    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    number = number_from(fill(operator, kiosk))
    operator.post(f"/k/{kiosk.code}/applications/{number}/office/", {"office": office_id("REVENUE-JPR-CHAKSU")})
    attach_required(operator, kiosk, number)
    operator.post(f"/k/{kiosk.code}/applications/{number}/fee/")
    add(operator, kiosk, "BSNL-LANDLINE", "0141-2345678")
    pay_cart(operator, kiosk)
    receipt = Receipt.objects.get()
    assert receipt.lines.count() == 2
    fee = receipt.lines.get(linked_ref=number)
    application = Application.objects.get(number=number)
    assert application.state == "submitted" and application.fee_line == fee and fee.consumer_no == number
    assert_ledger_sound()


def test_cancelling_the_fee_withdraws_an_application_no_office_touched(apps_demo, client_as):
    holder, kiosk = client_as(apps_demo.holder), apps_demo.kiosk
    application = file_and_pay(holder, kiosk)
    before = wallet_balance(kiosk)
    assert cancel(holder, application.fee_line.receipt).status_code == 302
    application.refresh_from_db()
    assert application.state == "withdrawn" and wallet_balance(kiosk) == before + 50_00
    assert application.number not in client_as(person("COLLECTOR.JAIPUR")).get("/dept/applications/").content.decode()
    assert_ledger_sound()


@pytest.mark.parametrize("resubmitted", [False, True], ids=["in process", "sent back and re-submitted"])
def test_cancelling_the_fee_is_refused_once_an_office_has_acted(apps_demo, client_as, resubmitted):
    holder, kiosk = client_as(apps_demo.holder), apps_demo.kiosk
    application = file_and_pay(holder, kiosk)
    collector = client_as(person("COLLECTOR.JAIPUR"))
    if resubmitted:  # submitted again, but an office has acted on it
        decide(collector, application.number, "send_back", "Write the income in words too")
        holder.post(f"/k/{kiosk.code}/applications/{application.number}/resubmit/")
    else:
        decide(collector, application.number, "take_up", "Sent to the Patwari")
    before = wallet_balance(kiosk)
    r = cancel(holder, application.fee_line.receipt)
    assert r.status_code == 400 and "its office has acted on it already" in r.content.decode()
    application.refresh_from_db()
    receipt = application.fee_line.receipt
    receipt.refresh_from_db()
    assert application.state == ("submitted" if resubmitted else "in_process")
    assert receipt.state == "paid" and wallet_balance(kiosk) == before
    assert receipt.lines.get().state == "active"
    assert_ledger_sound()
