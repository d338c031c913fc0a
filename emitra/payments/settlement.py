"""Settlement with departments: each paid line delivered to its department's system through
the outbox, with retries, and the department's answer recorded (F29; issue 4 req. 4 and 9;
issue 5 req. 5; the module named in issue 14 req. 3).

"Postings" are ledger legs only (emitra.payments.entries); what goes to a department here is
a delivery: a payment, or a cancellation notice.

The outbox is the receipt lines themselves. `pay_cart` writes each line of a
service with a biller as dept_state=pending, and `cancel_receipt` turns such a
line into cancel_pending, inside the transaction that moves the money. So a
delivery exists exactly when its cause was committed; the task (`settle_receipt`,
enqueued after commit by `enqueue_after_commit`) only makes it quick, and if that
enqueue is lost (a crash between commit and enqueue) the sweep (`deliver_due`, run by
`emitra deliver_outbox` every 60 s under `emitra up`) finds the line when it is due.

One attempt: the line is claimed by one conditional UPDATE that counts the
attempt and moves dept_next_attempt_at one lease ahead, so that no other worker
takes it meanwhile and, if this worker dies, it is due again after the lease.
Then the department's system is called with the line's reference (receipt
number/position), on which it dedupes, so a re-send after a crash is one
payment there. Then the answer is recorded, conditional on the state claimed.

No answer: the line waits with doubling back-off (DEPT_POSTING_RETRY_*). After
the last attempt the delivery is failed, shown to DoIT (with a retry button) and
to the department in its collections; a receipt whose amount was only held is
voided, so nothing is charged for a payment the department never confirmed, and
since the department may have recorded it all the same (its answer lost), the
line gets a cancellation notice through this outbox (`give_up_held_line`).
A department that refuses is final (`reject_line`): the line is refunded (or, on
hold, not charged). A held receipt whose lines are all answered is settled
(`settle_hold`). Every one of these undoes goes through emitra.payments.undo.undo_lines,
as cancellations and dishonoured cheques do.

Imports: this module uses undo, entries, models and errors of payments and nothing
else of it; services and the views call it, never the other way round.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from emitra.billers import services as billers
from emitra.billers.interfaces import BillerError, PostingRejected
from emitra.core import audit, outbox
from emitra.ledger import services as ledger
from emitra.ledger.errors import HoldNotPending
from emitra.ledger.memos import Memo
from emitra.payments.entries import entry_written, receipt_postings
from emitra.payments.errors import AlreadyCancelled
from emitra.payments.models import Receipt, ReceiptLine
from emitra.payments.undo import undo_lines
from emitra.wallet import accounts as network_accounts

log = logging.getLogger("emitra.payments")

DeptState = ReceiptLine.DeptState
# states in which a line is an outbox row waiting to be sent
OUTBOX_STATES = (DeptState.PENDING, DeptState.CANCEL_PENDING)
# what DoIT's page lists: waiting, refused or given up
OPEN_STATES = (DeptState.PENDING, DeptState.REJECTED, DeptState.FAILED, DeptState.CANCEL_PENDING,
               DeptState.CANCEL_FAILED)


def max_attempts():
    return int(getattr(settings, "DEPT_POSTING_MAX_ATTEMPTS", 6))


def retry_delay(attempts):
    """Seconds to wait after the n-th failed attempt: doubling from the base, capped."""
    return outbox.backoff_seconds(attempts, base=getattr(settings, "DEPT_POSTING_RETRY_BASE_SECONDS", 30),
                                  cap=getattr(settings, "DEPT_POSTING_RETRY_MAX_SECONDS", 3600))


def lease():
    """How long a claimed line is left to its worker before another may send it again."""
    return timedelta(seconds=float(getattr(settings, "DEPT_POSTING_LEASE_SECONDS", 120)))


@task()
def settle_receipt(receipt_id):
    """The worker's task: deliver a receipt's due lines (payments or cancellations); on a backend
    that can defer, come back when the next waiting line is due. It takes an id and re-reads the
    rows (STYLE 7), so a retry is harmless."""
    next_due = deliver_receipt(receipt_id)
    if next_due is not None:
        enqueue(receipt_id, run_after=next_due)
    return str(next_due or "done")


def enqueue(receipt_id, *, run_after=None):
    """Hand a receipt's due deliveries to the worker. A failure here loses nothing: the sweep finds them."""
    return outbox.enqueue(settle_receipt, receipt_id, run_after=run_after)


def enqueue_after_commit(receipt_id):
    """Once the transaction that wrote the receipt's due lines commits, hand them to the worker."""
    outbox.enqueue_after_commit(settle_receipt, receipt_id)


def claim(line_id, now):
    """Due -> claimed for one lease, attempts + 1, in one conditional UPDATE: two workers never both send."""
    return ReceiptLine.objects.filter(pk=line_id, dept_state__in=OUTBOX_STATES, dept_next_attempt_at__lte=now).update(
        dept_attempts=F("dept_attempts") + 1, dept_next_attempt_at=now + lease())


def attempt(line_id, now=None):
    """One attempt at one due line (a payment or a cancellation); returns the line afterwards.

    A line not due, already answered, or claimed by another worker: nothing happens.
    """
    now = now or timezone.now()
    if claim(line_id, now):
        line = ReceiptLine.objects.select_related("receipt__kiosk", "service").get(pk=line_id)
        if line.dept_state == DeptState.PENDING:
            _post_payment(line, now)
        else:
            _post_cancellation(line, now)
    return ReceiptLine.objects.filter(pk=line_id).first()


def _post_payment(line, now):
    receipt = line.receipt
    on_hold = receipt.state == Receipt.State.AWAITING
    try:
        confirmation = billers.post_payment(line.service, consumer_no=line.consumer_no,
                                            bill_number=line.bill_number, amount=line.government_amount,
                                            reference=line.reference)
    except PostingRejected as e:
        reject_line(receipt, line, str(e), on_hold)
    except Exception as e:  # BillerError, or a bug in an adapter: must not leave the line claimed
        if not isinstance(e, BillerError):
            log.exception("biller adapter crashed on line %s", line.pk)
        with transaction.atomic():
            if _retry_or_give_up(line, e, now, DeptState.PENDING, DeptState.FAILED) and on_hold:
                give_up_held_line(receipt, line, now)
    else:
        ReceiptLine.objects.filter(pk=line.pk, dept_state=DeptState.PENDING).update(
            dept_state=DeptState.CONFIRMED, dept_reference=confirmation.reference[:60], dept_message="")
    if on_hold:
        settle_hold(receipt, now)


VOID_REASON = "not confirmed in time: the held amount was released and nothing was charged"


def give_up_held_line(receipt, line, now):
    """A held line given up on: not charged, and the department told to cancel it (F29; emitra.payments.undo).

    No answer is not a refusal: the department may have recorded the payment and
    only its answer was lost (a slow or broken link). The hold is voided, so the
    department must reverse whatever it recorded; the cancellation notice goes to
    it as for a cancelled line, with retries, and is idempotent there on the
    line's reference (a payment that arrives after it is refused).
    """
    try:
        with transaction.atomic():
            undone = undo_lines(receipt, [line], state=ReceiptLine.State.FAILED, reason=VOID_REASON,
                                key=f"void:{line.pk}", charged=False, now=now, dept_message=_(
                                    "Not confirmed in time: nothing was charged, and the department is told "
                                    "to cancel it."))
            if undone.told:
                enqueue_after_commit(receipt.pk)
    except AlreadyCancelled:
        return
    audit.record("payments.void_notice_queued", kiosk=receipt.kiosk, target=receipt, reference=line.reference)


def reject_line(receipt, line, message, on_hold):
    """The department refused the payment: final. The line is undone (refunded, or on a hold not
    charged); the department recorded nothing, so it gets no cancellation notice."""
    with transaction.atomic():
        if not ReceiptLine.objects.filter(pk=line.pk, dept_state=DeptState.PENDING).update(
                dept_state=DeptState.REJECTED, dept_message=message[:300]):
            return
        undo_lines(receipt, [line], state=ReceiptLine.State.FAILED if on_hold else ReceiptLine.State.REJECTED,
                   reason=f"department rejected {line.reference}", key=f"rejected:{line.pk}", charged=not on_hold,
                   memo=Memo("receipt_line_rejected", reference=line.reference))
        audit.record("payments.department_rejected", kiosk=receipt.kiosk, target=receipt,
                     reference=line.reference, message=message[:300])


def settle_hold(receipt, now):
    """A held receipt whose lines are all answered: the hold is posted for the accepted lines, or
    voided when none is left (or the hold expired meanwhile: then the lines still live are given
    up on, and the department is told to cancel those it confirmed, through emitra.payments.undo)."""
    with transaction.atomic():
        receipt = Receipt.objects.select_for_update().select_related("kiosk").get(pk=receipt.pk)
        if receipt.state != Receipt.State.AWAITING:
            return
        lines = list(receipt.lines.select_related("service__department", "kiosk__lsp"))
        accepted = [line for line in lines if line.state == ReceiptLine.State.ACTIVE]
        if any(line.dept_state == DeptState.PENDING for line in accepted):
            return  # still waiting for an answer
        if accepted:
            wallet = network_accounts.wallet_account(receipt.kiosk)
            try:
                with transaction.atomic():
                    # the accepted lines earn their commission in this entry (issue 10 req. 3)
                    legs = [p for p in receipt_postings(wallet, accepted, sign=1, now=now) if p[0] != wallet]
                    entry = ledger.post_hold(receipt.hold, legs, idempotency_key=f"receipt:{receipt.number}",
                                             kind="receipt", amount=sum(line.total for line in accepted),
                                             memo=Memo("receipt", number=receipt.number), ref=receipt.number)
                    entry_written(entry, accepted, now=now)
            except HoldNotPending:
                if undo_lines(receipt, accepted, state=ReceiptLine.State.FAILED, reason=VOID_REASON,
                              key=f"void:{receipt.number}", charged=False, now=now).told:
                    enqueue_after_commit(receipt.pk)
            else:
                Receipt.objects.filter(pk=receipt.pk).update(state=Receipt.State.PAID, entry=entry)
                audit.record("payments.confirmed", kiosk=receipt.kiosk, target=receipt, number=receipt.number)
                return
        ledger.void_hold(receipt.hold)
        Receipt.objects.filter(pk=receipt.pk).update(state=Receipt.State.FAILED)
        audit.record("payments.refused", kiosk=receipt.kiosk, target=receipt, number=receipt.number)


def _post_cancellation(line, now):
    try:
        billers.cancel_payment(line.service, reference=line.reference,
                               reason=line.cancel_reason or line.receipt.cancel_reason or "cancelled")
    except PostingRejected as e:
        with transaction.atomic():
            if ReceiptLine.objects.filter(pk=line.pk, dept_state=DeptState.CANCEL_PENDING).update(
                    dept_state=DeptState.CANCEL_FAILED, dept_message=str(e)[:300]):
                audit.record("payments.cancellation_refused", kiosk=line.receipt.kiosk, target=line.receipt,
                             reference=line.reference, message=str(e)[:300])
    except Exception as e:
        if not isinstance(e, BillerError):
            log.exception("biller adapter crashed on the cancellation of line %s", line.pk)
        with transaction.atomic():
            _retry_or_give_up(line, e, now, DeptState.CANCEL_PENDING, DeptState.CANCEL_FAILED)
    else:
        ReceiptLine.objects.filter(pk=line.pk, dept_state=DeptState.CANCEL_PENDING).update(
            dept_state=DeptState.CANCEL_CONFIRMED, dept_message="")


def _retry_or_give_up(line, error, now, waiting, failed):
    """Record a failed attempt: wait with back-off, or after the last attempt fail. True when given up."""
    give_up = line.dept_attempts >= max_attempts()
    error_text = str(error) if isinstance(error, BillerError) else f"{type(error).__name__}: {error}"
    if give_up:
        message = _("The department's system did not answer after %(n)s attempts.") % {"n": line.dept_attempts}
    else:
        message = _("The department's system did not answer (attempt %(n)s); it is tried again.") % {
            "n": line.dept_attempts}
    updated = ReceiptLine.objects.filter(pk=line.pk, dept_state=waiting).update(
        dept_state=failed if give_up else waiting,
        dept_next_attempt_at=now + timedelta(seconds=0 if give_up else retry_delay(line.dept_attempts)),
        dept_message=message[:300])
    if updated and give_up:
        audit.record("payments.posting_failed", kiosk=line.receipt.kiosk, target=line.receipt,
                     reference=line.reference, attempts=line.dept_attempts,
                     error=error_text[:300])
        log.warning("posting of %s failed after %s attempts: %s", line.reference, line.dept_attempts, error_text)
    return bool(updated) and give_up


def deliver_receipt(receipt_id, now=None):
    """Attempt every due posting of one receipt once (the task after a payment or a cancellation).

    Returns when the next of its waiting lines is due, or None when none waits.
    """
    now = now or timezone.now()
    ids = list(ReceiptLine.objects.filter(receipt_id=receipt_id, dept_state__in=OUTBOX_STATES,
                                          dept_next_attempt_at__lte=now)
               .order_by("position").values_list("pk", flat=True))
    for pk in ids:
        attempt(pk, now)
    return (ReceiptLine.objects.filter(receipt_id=receipt_id, dept_state__in=OUTBOX_STATES)
            .order_by("dept_next_attempt_at").values_list("dept_next_attempt_at", flat=True).first())


def deliver_due(now=None, limit=500):
    """The sweep: attempt every due posting once, oldest due first; returns how many were attempted."""
    now = now or timezone.now()
    ids = list(ReceiptLine.objects.filter(dept_state__in=OUTBOX_STATES, dept_next_attempt_at__lte=now)
               .order_by("dept_next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in ids:
        attempt(pk, now)
    return len(ids)


class CannotRetry(Exception):
    pass


def retry_delivery(line, *, by):
    """DoIT (or the department) sends a failed posting again now, with a fresh round of attempts.

    A payment posting is sent again only while its line is live (a voided hold
    charged nothing and stays failed); a failed cancellation notice always may be.
    """
    with transaction.atomic():
        updated = ReceiptLine.objects.filter(
            Q(dept_state=DeptState.FAILED, state=ReceiptLine.State.ACTIVE,
              receipt__state=Receipt.State.PAID) | Q(dept_state=DeptState.CANCEL_FAILED),
            pk=line.pk,
        ).update(dept_state=Case(When(dept_state=DeptState.CANCEL_FAILED, then=Value(DeptState.CANCEL_PENDING)),
                                 default=Value(DeptState.PENDING)),
                 dept_attempts=0, dept_next_attempt_at=timezone.now())
        if not updated:
            raise CannotRetry()
        audit.record("payments.posting_retried", actor=by, kiosk=line.receipt.kiosk,
                     target=line.receipt, reference=line.reference)
        enqueue_after_commit(line.receipt_id)


def open_deliveries(state=""):
    """Postings not (yet) answered, refused or given up, for DoIT's page: failed first, then newest."""
    qs = ReceiptLine.objects.filter(dept_state__in=[state] if state in OPEN_STATES else OPEN_STATES)
    given_up = Case(When(dept_state__in=[DeptState.FAILED, DeptState.CANCEL_FAILED], then=Value(0)), default=Value(1))
    return qs.select_related("receipt", "kiosk", "service").order_by(given_up, "-paid_at", "-pk")
