"""Settlement with departments: deliveries through the outbox (F29; issue 5 req. 5; issue 4 req. 4 and 9).

The department is the demo department's HTTP server on a local port; time is
moved by giving the sweep its `now`, never by waiting.
"""
import datetime
import io

import pytest
from django.core.management import call_command

from emitra.billers.http_adapter import HttpBiller
from emitra.billers.interfaces import PostingRejected
from emitra.core.models import AuditEvent
from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import Hold
from emitra.payments import settlement
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.tests.conftest import add, assert_ledger_sound, pay, pay_form, shown_receipt, wallet_balance
from emitra.payments.tests.conftest import cancel as cancel_from_page

pytestmark = pytest.mark.django_db
S = datetime.timedelta(seconds=1)


def posts_of(department, consumer_no):
    return [call for call in department.calls if call[0] == "POST" and call[2] == consumer_no]


def pay_water_bill(funded, client_as, capture, consumer_no="PH1234567", execute=True, department=None):
    """Pay one water bill; with department given, that department is down from the payment on."""
    c, kiosk = client_as(funded.operator), funded.kiosk
    assert add(c, kiosk, "PHED-BILL", consumer_no).status_code == 302
    if department is not None:
        department.down = True
    with capture(execute=execute):
        assert shown_receipt(pay(c, kiosk, pay_form(c, kiosk)))
    return Receipt.objects.get(), c


def test_a_posting_to_a_department_that_is_down_is_retried_with_back_off_and_delivered_once(
        funded, client_as, department, django_capture_on_commit_callbacks):
    c, kiosk = client_as(funded.operator), funded.kiosk
    assert add(c, kiosk, "PHED-BILL", "PH1234567").status_code == 302
    department.down = True
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    line = receipt.lines.get()
    assert receipt.state == Receipt.State.PAID  # the money is taken; the department is told when it is up
    assert line.dept_state == "pending" and line.dept_attempts == 1 and "did not answer" in line.dept_message
    page = c.get(f"/k/{kiosk.code}/receipts/{receipt.number}/").content.decode()
    assert "Being sent to the department" in page

    first_due = line.dept_next_attempt_at
    assert settlement.deliver_due(now=first_due - S) == 0  # not due yet: nothing is sent
    assert settlement.deliver_due(now=first_due) == 1
    line.refresh_from_db()
    assert line.dept_attempts == 2 and line.dept_next_attempt_at == first_due + datetime.timedelta(seconds=60)

    department.down = False
    assert settlement.deliver_due(now=line.dept_next_attempt_at) == 1
    line.refresh_from_db()
    assert line.dept_state == "confirmed" and line.dept_reference.startswith("DEMO-")
    assert list(department.postings) == [f"{receipt.number}/1"]
    assert len(posts_of(department, "PH1234567")) == 3
    assert settlement.deliver_due(now=line.dept_next_attempt_at + datetime.timedelta(days=1)) == 0
    assert len(posts_of(department, "PH1234567")) == 3
    assert "Confirmed by the department" in c.get(f"/k/{kiosk.code}/receipts/{receipt.number}/").content.decode()


def test_a_posting_whose_task_was_lost_is_sent_by_the_sweep_and_counted_once(
        funded, client_as, department, django_capture_on_commit_callbacks):
    # execute=False: the process died between the commit and the enqueue
    receipt, _ = pay_water_bill(funded, client_as, django_capture_on_commit_callbacks, execute=False)
    line = receipt.lines.get()
    assert line.dept_state == "pending" and line.dept_attempts == 0
    # and, worse, a first worker had sent it and died before recording the answer
    HttpBiller("demo", department.url).post_payment(line.service, consumer_no=line.consumer_no,
                                                    bill_number=line.bill_number, amount=line.government_amount,
                                                    reference=line.reference)
    call_command("deliver_outbox", stdout=io.StringIO())
    line.refresh_from_db()
    assert line.dept_state == "confirmed"
    assert list(department.postings) == [line.reference]
    assert department.postings[line.reference] == line.dept_reference
    assert len(posts_of(department, line.consumer_no)) == 2  # sent twice, one payment at the department


def test_a_claimed_posting_is_left_to_its_worker_for_the_lease(funded, client_as, department,
                                                              django_capture_on_commit_callbacks):
    receipt, _ = pay_water_bill(funded, client_as, django_capture_on_commit_callbacks, execute=False)
    line = receipt.lines.get()
    now = line.dept_next_attempt_at
    assert settlement.claim(line.pk, now) == 1  # a worker took it and died
    assert settlement.deliver_due(now=now + settlement.lease() - S) == 0
    assert settlement.deliver_due(now=now + settlement.lease()) == 1
    line.refresh_from_db()
    assert line.dept_state == "confirmed" and line.dept_attempts == 2


def run_until_given_up(line):
    for _ in range(10):
        line.refresh_from_db()
        if line.dept_state not in settlement.OUTBOX_STATES:
            return line
        settlement.deliver_due(now=line.dept_next_attempt_at)
    raise AssertionError("the posting never gave up")


def test_after_the_last_retry_the_posting_fails_and_doit_and_the_department_see_it(
        funded, client_as, department, django_capture_on_commit_callbacks):
    receipt, c = pay_water_bill(funded, client_as, django_capture_on_commit_callbacks, department=department)
    line = run_until_given_up(receipt.lines.get())
    assert line.dept_state == "failed" and line.dept_attempts == 4 and line.state == "active"
    assert len(posts_of(department, line.consumer_no)) == 4
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.PAID
    assert "Not delivered to the department" in c.get(f"/k/{funded.kiosk.code}/receipts/{receipt.number}/").content.decode()
    doit = client_as(funded.doit)
    page = doit.get("/doit/payments/rejected/").content.decode()
    assert line.reference in page and "Not delivered to the department" in page
    officer = client_as(funded.dept).get("/dept/collections/", {"posting": "failed"}).content.decode()
    assert receipt.number in officer and "Not delivered to the department" in officer

    # DoIT sends it again once the department is back: delivered
    department.down = False
    with django_capture_on_commit_callbacks(execute=True):
        assert doit.post(f"/doit/payments/postings/{line.pk}/retry/").status_code == 302
    line.refresh_from_db()
    assert line.dept_state == "confirmed" and list(department.postings) == [line.reference]
    # and a confirmed posting cannot be "retried" into a second payment
    with django_capture_on_commit_callbacks(execute=True):
        doit.post(f"/doit/payments/postings/{line.pk}/retry/")
    assert len(posts_of(department, line.consumer_no)) == 5
    assert_ledger_sound()


def test_a_held_receipt_is_voided_after_the_last_retry_and_nothing_is_charged(
        funded, client_as, department, django_capture_on_commit_callbacks):
    c, kiosk = client_as(funded.operator), funded.kiosk
    before = wallet_balance(kiosk)
    assert add(c, kiosk, "JVVNL-BILL", "JV1234567").status_code == 302
    assert add(c, kiosk, "REV-INCOME").status_code == 302
    department.down = True
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    assert receipt.state == Receipt.State.AWAITING and wallet_balance(kiosk) == before
    bill = run_until_given_up(receipt.lines.get(position=1))
    receipt.refresh_from_db()
    assert bill.dept_attempts == 4 and bill.state == ReceiptLine.State.FAILED
    # the income certificate needs no department answer: its share of the hold is posted
    income = receipt.lines.get(position=2)
    assert receipt.state == Receipt.State.PAID and income.state == ReceiptLine.State.ACTIVE
    assert wallet_balance(kiosk) == before - income.total
    assert Hold.objects.get(pk=receipt.hold_id).state != "pending"
    # the department, still down, never gets the cancellation notice either: DoIT sees it failed
    assert bill.dept_state == "cancel_failed" and bill.cancel_reason == settlement.VOID_REASON
    assert bill.reference in client_as(funded.doit).get("/doit/payments/rejected/").content.decode()
    assert len(posts_of(department, "JV1234567")) == 4  # a voided line charged nothing: never posted again
    department.down = False
    with django_capture_on_commit_callbacks(execute=True):
        client_as(funded.doit).post(f"/doit/payments/postings/{bill.pk}/retry/")
    bill.refresh_from_db()
    assert bill.dept_state == "cancel_confirmed" and bill.state == ReceiptLine.State.FAILED
    assert len(posts_of(department, "JV1234567")) == 4 and bill.reference in department.cancellations
    assert wallet_balance(kiosk) == before - income.total
    assert_ledger_sound()


def test_a_held_receipt_with_no_answer_at_all_is_voided(funded, client_as, department,
                                                        django_capture_on_commit_callbacks):
    c, kiosk = client_as(funded.operator), funded.kiosk
    before = wallet_balance(kiosk)
    add(c, kiosk, "JVVNL-BILL", "JV1234567")
    department.down = True
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    run_until_given_up(receipt.lines.get())
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.FAILED and receipt.hold.state == "voided"
    assert wallet_balance(kiosk) == before
    assert_ledger_sound()


def test_a_held_payment_the_department_recorded_but_never_answered_is_cancelled_there(
        funded, client_as, department, django_capture_on_commit_callbacks):
    """The department records the payment but its answer comes after our time-out, every time: after
    the last retry the hold is voided, and the department is told to cancel what it recorded."""
    c, kiosk = client_as(funded.operator), funded.kiosk
    before = wallet_balance(kiosk)
    assert add(c, kiosk, "JVVNL-BILL", "JV1234567").status_code == 302
    department.answer_late = True
    with django_capture_on_commit_callbacks(execute=True):
        pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    line = receipt.lines.get()
    assert receipt.state == Receipt.State.AWAITING and line.dept_state == "pending"
    assert list(department.postings) == [line.reference]  # recorded there, though we never heard so

    for _ in range(3):  # the retries: the department keeps answering too late
        line.refresh_from_db()
        assert line.dept_state == "pending"
        settlement.deliver_due(now=line.dept_next_attempt_at)
    line.refresh_from_db()
    assert line.dept_state == "cancel_pending" and line.dept_attempts == 0  # the last retry gave up
    assert line.state == ReceiptLine.State.FAILED and line.cancel_reason == settlement.VOID_REASON
    receipt.refresh_from_db()
    assert receipt.state == Receipt.State.FAILED and receipt.hold.state == "voided"
    assert wallet_balance(kiosk) == before
    assert department.cancellations == {}

    # the cancellation notice goes through the same outbox: here, the task enqueued after commit
    with django_capture_on_commit_callbacks(execute=True):
        settlement.deliver_due(now=line.dept_next_attempt_at)
    line.refresh_from_db()
    assert line.dept_state == "cancel_confirmed"
    assert department.cancellations[line.reference][1] == settlement.VOID_REASON
    assert len(posts_of(department, "JV1234567")) == 4
    # the department refuses the payment now, should a lost post of it still arrive
    with pytest.raises(PostingRejected):
        HttpBiller("demo", department.url).post_payment(line.service, consumer_no=line.consumer_no,
                                                        bill_number=line.bill_number,
                                                        amount=line.government_amount, reference=line.reference)
    page = c.get(f"/k/{kiosk.code}/receipts/{receipt.number}/").content.decode()
    assert "Cancellation confirmed by the department" in page
    assert line.reference not in client_as(funded.doit).get("/doit/payments/rejected/").content.decode()
    assert AuditEvent.objects.filter(action="payments.void_notice_queued", detail__reference=line.reference).count() == 1
    assert wallet_balance(kiosk) == before
    assert ledger_violations() == []


def cancel(client, kiosk, receipt, what="all", reason="consumer paid twice by mistake"):
    return cancel_from_page(client, kiosk, receipt, what, reason)


def test_a_cancellation_notice_reaches_the_department(funded, client_as, department,
                                                      django_capture_on_commit_callbacks):
    receipt, _ = pay_water_bill(funded, client_as, django_capture_on_commit_callbacks)
    line = receipt.lines.get()
    assert line.dept_state == "confirmed"
    holder = client_as(funded.holder)
    with django_capture_on_commit_callbacks(execute=True):
        assert cancel(holder, funded.kiosk, receipt).status_code == 302
    line.refresh_from_db()
    assert line.state == "cancelled" and line.dept_state == "cancel_confirmed"
    assert department.cancellations[line.reference][1] == "consumer paid twice by mistake"
    page = holder.get(f"/k/{funded.kiosk.code}/receipts/{receipt.number}/").content.decode()
    assert "CANCELLED" in page and "Cancellation confirmed by the department" in page
    assert_ledger_sound()


def test_a_cancellation_notice_to_a_department_that_is_down_is_retried(
        funded, client_as, department, django_capture_on_commit_callbacks):
    receipt, _ = pay_water_bill(funded, client_as, django_capture_on_commit_callbacks)
    department.down = True
    with django_capture_on_commit_callbacks(execute=True):
        cancel(client_as(funded.holder), funded.kiosk, receipt)
    line = receipt.lines.get()
    assert line.dept_state == "cancel_pending" and line.dept_attempts == 1
    assert "Cancellation being sent" in client_as(funded.holder).get(
        f"/k/{funded.kiosk.code}/receipts/{receipt.number}/").content.decode()
    department.down = False
    assert settlement.deliver_due(now=line.dept_next_attempt_at) == 1
    line.refresh_from_db()
    assert line.dept_state == "cancel_confirmed" and list(department.cancellations) == [line.reference]


def test_a_line_without_a_biller_sends_nothing_on_cancellation(funded, client_as,
                                                               django_capture_on_commit_callbacks):
    c, kiosk = client_as(funded.operator), funded.kiosk
    add(c, kiosk, "REV-INCOME")
    pay(c, kiosk, pay_form(c, kiosk))
    receipt = Receipt.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(client_as(funded.holder), kiosk, receipt)
    assert receipt.lines.get().dept_state == "not_needed"
