"""Every way a paid line is undone tells the department through the one outbox, and the
collections count undone lines alike (issue 9 item 3; F20, F29; emitra.payments.undo).

The department is the demo department's HTTP server on a local port.
"""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from emitra.billers import demo
from emitra.payments import settlement, undo
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.test_collections import paise, summary
from emitra.reports.tests.test_reports import body_rows
from emitra.payments.tests.conftest import (add, assert_ledger_sound, cancel, decide_cheque, fund, pay, pay_form,
                                           shown_receipt, wallet_balance)

pytestmark = pytest.mark.django_db


def pay_water_by_cheque(funded, client_as, capture, consumer_no="PH1234567"):
    c, kiosk = client_as(funded.operator), funded.kiosk
    assert add(c, kiosk, "PHED-BILL", consumer_no).status_code == 302
    with capture(execute=True):
        assert shown_receipt(pay(c, kiosk, pay_form(c, kiosk, mode="cheque", cheque_no="004512",
                                                    cheque_bank="State Bank of India",
                                                    cheque_date=timezone.localdate().isoformat())))
    return Receipt.objects.filter(kiosk=kiosk).order_by("-pk").first(), c


def line_status(client, receipt):
    """The status cell of the receipt page's first line."""
    soup = BeautifulSoup(client.get(f"/k/{receipt.kiosk.code}/receipts/{receipt.number}/").content, "html.parser")
    return soup.select("table.lines tbody tr")[0].find_all("td")[-1].get_text(" ", strip=True)


def test_a_dishonoured_cheque_is_taken_back_from_the_department(
        funded, client_as, department, django_capture_on_commit_callbacks):
    receipt, c = pay_water_by_cheque(funded, client_as, django_capture_on_commit_callbacks)
    line = receipt.lines.get()
    assert line.dept_state == "confirmed" and list(department.postings) == [line.reference]
    assert "Confirmed by the department" in line_status(c, receipt)

    with django_capture_on_commit_callbacks(execute=True):
        assert decide_cheque(client_as(funded.dept), receipt, "dishonoured").status_code == 302
    line.refresh_from_db()
    # the cancellation notice went through the outbox at once (the task after commit)
    assert line.state == ReceiptLine.State.DISHONOURED and line.dept_state == "cancel_confirmed"
    assert department.cancellations[line.reference][1] == f"cheque {receipt.cheque_no} dishonoured"
    status = line_status(c, receipt)
    assert "Confirmed by the department" not in status and "Cancellation confirmed by the department" in status
    assert_ledger_sound()


def test_a_dishonour_while_the_department_is_down_is_retried_by_the_sweep(
        funded, client_as, department, django_capture_on_commit_callbacks):
    receipt, _ = pay_water_by_cheque(funded, client_as, django_capture_on_commit_callbacks)
    department.down = True
    with django_capture_on_commit_callbacks(execute=True):
        decide_cheque(client_as(funded.dept), receipt, "dishonoured")
    line = receipt.lines.get()
    assert line.dept_state == "cancel_pending" and line.dept_attempts == 1
    department.down = False
    assert settlement.deliver_due(now=line.dept_next_attempt_at) == 1
    line.refresh_from_db()
    assert line.dept_state == "cancel_confirmed" and line.reference in department.cancellations


def test_a_held_line_whose_hold_expired_is_given_up_and_the_department_told(
        funded, client_as, department, django_capture_on_commit_callbacks):
    """The department confirmed a held payment only after the hold had expired: nothing is
    charged, and the department, which recorded it, is told to cancel it."""
    from emitra.ledger import services as ledger
    from emitra.ledger.models import Hold

    c, kiosk = client_as(funded.operator), funded.kiosk
    before = wallet_balance(kiosk)
    assert add(c, kiosk, "JVVNL-BILL", "JV1234567").status_code == 302
    with django_capture_on_commit_callbacks(execute=False):
        pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    hold = Hold.objects.get(pk=receipt.hold_id)
    ledger.expire_holds(now=hold.expires_at + datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        settlement.deliver_due(now=timezone.now())
    line = receipt.lines.get()
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.FAILED and line.state == ReceiptLine.State.FAILED
    assert line.dept_state == "cancel_confirmed" and line.reference in department.cancellations
    assert wallet_balance(kiosk) == before
    assert_ledger_sound()


class Listener:
    def __init__(self):
        self.calls = []

    def __call__(self, receipt, lines, *, entry, state, reason):
        self.calls.append((receipt.number, [line.position for line in lines], state, entry is not None))


@pytest.fixture
def listener():
    heard = Listener()
    undo.register_listener(heard)
    yield heard
    undo.unregister_listener(heard)


def test_every_way_of_undoing_a_paid_line_goes_through_the_one_undo_path(
        funded, client_as, department, django_capture_on_commit_callbacks, listener):
    c, kiosk = client_as(funded.operator), funded.kiosk
    # a cancellation of one line of two
    add(c, kiosk, "PHED-BILL", "PH1234567")
    add(c, kiosk, "REV-INCOME")
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))
    cancelled = Receipt.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert cancel(client_as(funded.holder), kiosk, cancelled, "1", "wrong consumer number").status_code == 302
    # a dishonoured cheque
    dishonoured, _ = pay_water_by_cheque(funded, client_as, django_capture_on_commit_callbacks, "PH7654321")
    with django_capture_on_commit_callbacks(execute=True):
        decide_cheque(client_as(funded.dept), dishonoured, "dishonoured")
    # a payment the department refuses
    add(c, kiosk, "PHED-BILL", demo.REJECTS)
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))
    refused = Receipt.objects.order_by("-pk").first()
    # a held line given up on
    add(c, kiosk, "JVVNL-BILL", "JV1234567")
    department.down = True
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))
    held = Receipt.objects.order_by("-pk").first()
    for _ in range(10):
        line = held.lines.get()
        if line.dept_state not in settlement.OUTBOX_STATES or line.state != "active":
            break
        settlement.deliver_due(now=line.dept_next_attempt_at)

    assert listener.calls == [
        (cancelled.number, [1], ReceiptLine.State.CANCELLED, True),
        (dishonoured.number, [1], ReceiptLine.State.DISHONOURED, True),
        (refused.number, [1], ReceiptLine.State.REJECTED, True),
        (held.number, [1], ReceiptLine.State.FAILED, False),  # only held: nothing was charged
    ]
    # the department hears of each one it may have recorded, never of the one it refused
    told = {ref: reason for ref, (_, reason) in department.cancellations.items()}
    assert told == {f"{cancelled.number}/1": "wrong consumer number",
                    f"{dishonoured.number}/1": f"cheque {dishonoured.cheque_no} dishonoured"}
    # the held one is told too, once the department is up again (it is down now)
    assert ReceiptLine.objects.get(receipt=held).dept_state == "cancel_pending"
    assert_ledger_sound()


def test_the_collections_count_undone_lines_alike_in_the_summary_the_sums_the_lines_and_the_csv(
        funded, client_as, department, django_capture_on_commit_callbacks):
    c, kiosk = client_as(funded.operator), funded.kiosk
    fund(kiosk, 10_000_00)
    for consumer_no in ("PH1111111", "PH1234568"):  # two paid bills
        add(c, kiosk, "PHED-BILL", consumer_no)
        with django_capture_on_commit_callbacks(execute=True):
            pay(c, kiosk, pay_form(c, kiosk))
    cancelled = Receipt.objects.order_by("-pk").first()
    cancel(client_as(funded.holder), kiosk, cancelled, "all", "paid at the wrong counter")
    dishonoured, _ = pay_water_by_cheque(funded, client_as, django_capture_on_commit_callbacks, "PH5555555")
    with django_capture_on_commit_callbacks(execute=True):
        decide_cheque(client_as(funded.dept), dishonoured, "dishonoured")
    add(c, kiosk, "PHED-BILL", demo.REJECTS)
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))

    lines = ReceiptLine.objects.filter(service__department__code="PHED")
    live = [line for line in lines if line.state == ReceiptLine.State.ACTIVE]
    assert len(live) == 1 and lines.count() == 4
    amount = sum(line.government_amount for line in live)

    officer = client_as(funded.dept)
    html = officer.get("/dept/collections/").content.decode()  # a report since issue 13 (emitra.reports.dept)
    figures = summary(html)
    assert (figures["Paid lines"], figures["Undone lines"], paise(figures["Amount collected"])) == ("1", "3", amount)
    for slug in ("collections-by-day", "collections-by-service", "collections-by-kiosk"):
        sums = body_rows(officer.get(f"/dept/reports/{slug}/").content.decode())
        assert sum(int(row[-3]) for row in sums) == 1 and sum(int(row[-2]) for row in sums) == 3, slug
        assert sum(paise(row[-1]) for row in sums) == amount, slug
    # each undone line in the list shows its state and collects nothing
    rows = body_rows(html)
    assert len(rows) == 4 and len([row for row in rows if paise(row[6]) == 0]) == 3
    assert {row[7] for row in rows if paise(row[6]) == 0} == {
        "CANCELLED", "Cheque dishonoured", "Rejected by the department; refunded"}

    csv_rows = list(csv.DictReader(io.StringIO(b"".join(  # the feed's columns of issue 5 (a contract)
        officer.get("/dept/collections.csv").streaming_content).decode())))
    assert len(csv_rows) == 4
    assert sum(Decimal(row["collected"]) for row in csv_rows) * 100 == amount
    assert sorted(row["line_state"] for row in csv_rows if Decimal(row["collected"]) == 0) == [
        "cancelled", "dishonoured", "rejected"]
