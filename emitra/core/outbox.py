"""What every outbox in the portal shares (DESIGN "How a payment flows": outbox rows
written in the transaction that causes them, sent by the worker, swept every 60 s).

The outboxes are the SMS/e-mail messages (emitra.notifications, F26) and the
postings to departments (emitra.payments.settlement, F29). Each keeps its own rows
and settings; the back-off and the hand-over to the worker are the same.
"""
import logging

log = logging.getLogger("emitra.outbox")


def backoff_seconds(attempts, *, base, cap):
    """Seconds to wait after the n-th failed attempt: doubling from base, capped at cap."""
    return min(float(cap), float(base) * 2 ** max(attempts - 1, 0))


def enqueue(task, row_id, *, run_after=None):
    """Hand one outbox row to the worker; returns the task result or None.

    A failure here loses nothing: the row stays due and the sweep
    (`emitra deliver_outbox`) sends it. A deferred run on a backend that cannot
    defer is left to the sweep as well.
    """
    try:
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return None
            return task.using(run_after=run_after).enqueue(row_id)
        return task.enqueue(row_id)
    except Exception:
        log.exception("could not enqueue %s(%s); the outbox sweep will send it", task.name, row_id)
        return None
