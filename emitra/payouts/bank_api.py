"""Payouts sent through a bank's API (F9, issue 10 req. 7b), in the background (F4).

A payout made while settings.PAYOUT_CHANNEL is "bank_api" is handed to the worker
after commit (tasks.send_payout_task). Sending first marks it sent in its own
committed statement (so a dead worker leaves a payout the sweep asks about, never
one sent twice without the bank's dedupe on the reference), then calls the bank and
applies its answer: paid settles it, failed returns the money, pending waits. The
sweep (`emitra deliver_outbox`, every 60 s) sends queued payouts whose task was lost
and asks the bank about sent ones when due, with back-off; after
PAYOUT_BANK_MAX_ATTEMPTS unanswered asks the payout stays sent and is listed for a
person to check with the bank (it may have been paid), never failed on a guess.
"""
import datetime
import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from emitra.core import outbox
from emitra.payouts import banks, services
from emitra.payouts.models import Payout

log = logging.getLogger("emitra.payouts")
LOST_TASK_AFTER = datetime.timedelta(minutes=2)


def max_attempts():
    return int(getattr(settings, "PAYOUT_BANK_MAX_ATTEMPTS", 8))


def _next_attempt(attempts, now):
    if attempts >= max_attempts():
        return None
    return now + datetime.timedelta(seconds=outbox.backoff_seconds(attempts, base=60, cap=3600))


def apply_answer(payout, answer):
    """Settle, fail or leave a sent payout by the bank's answer; returns the payout's state."""
    if answer.state == banks.PAID:
        services.settle_payout(payout, bank_ref=answer.utr or payout.reference)
    elif answer.state == banks.FAILED:
        services.fail_payout(payout, reason=answer.reason or "refused by the bank")
    return Payout.objects.values_list("state", flat=True).get(pk=payout.pk)


def send_payout(payout_id, now=None):
    """Send one queued bank-API payout (once: the claim is a conditional UPDATE), then apply the answer."""
    now = now or timezone.now()
    claimed = Payout.objects.filter(pk=payout_id, state=Payout.State.QUEUED, channel=Payout.Channel.BANK_API).update(
        state=Payout.State.SENT, attempts=F("attempts") + 1, next_attempt_at=_next_attempt(1, now))
    if not claimed:
        return Payout.objects.values_list("state", flat=True).get(pk=payout_id)
    return _ask(payout_id, send=True)


def poll_payout(payout_id, now=None):
    """Ask the bank where a sent payout stands (sending it again if the bank never got it)."""
    now = now or timezone.now()
    payout = Payout.objects.get(pk=payout_id)
    if payout.state != Payout.State.SENT or payout.channel != Payout.Channel.BANK_API:
        return payout.state
    Payout.objects.filter(pk=payout_id).update(attempts=F("attempts") + 1,
                                               next_attempt_at=_next_attempt(payout.attempts + 1, now))
    return _ask(payout_id, send=False)


def _ask(payout_id, *, send):
    payout = Payout.objects.select_related("bank_account").get(pk=payout_id)
    try:
        bank = banks.get_bank()
        answer = bank.send(payout) if send else bank.status(payout)
        if answer.state == banks.UNKNOWN:
            answer = bank.send(payout)
    except banks.BankUnavailable as e:
        log.warning("payout %s: bank unavailable: %s", payout.reference, e)
        if Payout.objects.filter(pk=payout_id, next_attempt_at__isnull=True, state=Payout.State.SENT).update(
                reason="no answer from the bank after every attempt: check with the bank"):
            log.error("payout %s: no answer from the bank after every attempt", payout.reference)
        return payout.state
    return apply_answer(payout, answer)


def sweep(limit=500, now=None):
    """Queued payouts whose task was lost, and sent ones due to be asked about. Returns how many."""
    now = now or timezone.now()
    lost = list(Payout.objects.filter(state=Payout.State.QUEUED, channel=Payout.Channel.BANK_API,
                                      created__lte=now - LOST_TASK_AFTER)
                .order_by("created").values_list("pk", flat=True)[:limit])
    due = list(Payout.objects.filter(state=Payout.State.SENT, channel=Payout.Channel.BANK_API,
                                     next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for pk in lost:
        send_payout(pk, now=now)
    for pk in due:
        poll_payout(pk, now=now)
    return len(lost) + len(due)
