"""Undoing paid receipt lines: ONE code path for every way a paid line is undone
(F20, F26, F29; issue 9 item 3).

A line is undone when the kiosk cancels it, when the department refuses it, when
the cheque that paid it is dishonoured, or when a held line is given up on (no
answer from the department in time). Every one of these calls `undo_lines`,
which, inside the caller's transaction:

1. moves the lines from live (ACTIVE) to their undone state by one conditional
   UPDATE; a line another request undid first raises AlreadyCancelled and, the
   caller's transaction being rolled back, nothing changes;
2. gives the money back by ONE reversing entry (never an edit): the receipt's
   whole entry when all its charged lines go, else an entry of just these
   lines' legs (emitra.payments.entries, the same legs the payment had); on a
   hold nothing was charged, so nothing is reversed (charged=False);
3. queues a notice for the department in the outbox (emitra.payments.settlement):
   a line whose delivery was sent or may have been (pending, confirmed, failed: its
   answer may have been lost) becomes cancel_pending; a line the department refused,
   or that needed no delivery, has nothing to tell. So the line never goes on
   reading "Confirmed by the department". The result says whether a notice was
   queued (Undone.told): the caller, which owns the transaction, hands it to the
   worker after commit (settlement.enqueue_after_commit), and the sweep sends it
   in any case;
4. calls every undo listener registered (`register_listener`) with the lines
   and the reversing entry, e.g. the commission reversal of emitra.commissions.

Whatever undoes a line must come through here; then the collections
(emitra.payments.collections: every line not ACTIVE is "undone") count it alike.
"""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from emitra.ledger import services as ledger
from emitra.payments.entries import receipt_postings, source_account
from emitra.payments.errors import AlreadyCancelled
from emitra.payments.models import ReceiptLine

DeptState = ReceiptLine.DeptState
# the postings a department may have recorded: these get a cancellation notice
TOLD_STATES = (DeptState.PENDING, DeptState.CONFIRMED, DeptState.FAILED)

_LISTENERS = []


@dataclass(frozen=True)
class Undone:
    """What undo_lines did: the reversing entry (None when nothing had been charged) and whether
    a cancellation notice now waits in the outbox for the department (told)."""

    entry: object
    told: bool


def register_listener(listener):
    """listener(receipt, lines, *, entry, state, reason) is called inside the undo's transaction,
    after the lines are marked and the money reversed; entry is the reversing JournalEntry, or
    None when nothing had been charged (a hold). Raising rolls the whole undo back. Registered
    once, from an AppConfig.ready; registering the same function again changes nothing."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def unregister_listener(listener):
    """Take a registered listener out again (a test's own listener, once the test is done)."""
    if listener in _LISTENERS:
        _LISTENERS.remove(listener)


def undo_lines(receipt, lines, *, state, reason, key, memo="", charged=True, dept_message="", now=None):
    """Undo paid lines of one receipt: mark them `state`, reverse their money (when `charged`),
    queue a cancellation notice for the department where it may have recorded them, tell the
    listeners. Returns Undone(entry, told): the reversing entry (None when nothing was charged)
    and whether a notice waits for the department. Raises
    AlreadyCancelled if another request undid one of the lines first.

    key is the idempotency key of the reversing entry; reason is kept on the lines and sent to
    the department with the notice; memo (default: reason) is the entry's; dept_message is what
    the line's posting then says.
    """
    now = now or timezone.now()
    ids = [line.pk for line in lines]
    with transaction.atomic():
        charged_before = receipt.lines.filter(state=ReceiptLine.State.ACTIVE).count() if charged else 0
        if ReceiptLine.objects.filter(pk__in=ids, state=ReceiptLine.State.ACTIVE).update(
                state=state, cancelled_at=now, cancel_reason=reason[:300]) != len(ids):
            raise AlreadyCancelled()
        entry = None
        if charged:
            entry = _reverse(receipt, lines, ids, charged_before, memo=memo or reason[:300], key=key)
            ReceiptLine.objects.filter(pk__in=ids).update(reversal_entry=entry)
        told = bool(ReceiptLine.objects.filter(pk__in=ids, dept_state__in=TOLD_STATES).update(
            dept_state=DeptState.CANCEL_PENDING, dept_attempts=0, dept_next_attempt_at=now,
            dept_message=dept_message[:300]))
        for listener in _LISTENERS:
            listener(receipt, lines, entry=entry, state=state, reason=reason)
    return Undone(entry=entry, told=told)


def _reverse(receipt, lines, ids, live_before, *, memo, key):
    """All the receipt's charged lines go: its entry is reversed as a whole; else one entry negates
    just these lines' legs. Lines never charged (FAILED on a hold) were never in the entry."""
    rest_charged = receipt.lines.exclude(pk__in=ids).exclude(state=ReceiptLine.State.FAILED).exists()
    if live_before == len(ids) and not rest_charged:
        return ledger.reverse(receipt.entry, reason=memo, idempotency_key=key)
    return ledger.post("receipt_line_reversal", receipt_postings(source_account(receipt), lines, sign=-1),
                       idempotency_key=key, memo=memo, ref=receipt.number)
