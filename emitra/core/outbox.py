"""What every outbox in the portal shares (DESIGN "How a payment flows": outbox rows
written in the transaction that causes them, sent by the worker, swept every 60 s).

The outboxes are the SMS/e-mail messages (emitra.notifications, F26) and the
postings to departments (emitra.payments.settlement, F29). Each keeps its own rows
and settings; the back-off and the hand-over to the worker are the same.
"""
import logging

from django.db import connection, transaction

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


def enqueue_after_commit(task, row_id):
    """Hand one outbox row to the worker once the caller's transaction commits; outside one, now.

    Every row one transaction hands over goes to the worker in ONE task (deliver_rows, or the
    row's own task when it is alone), not a task each: a receipt's SMS and its postings to
    departments cost the payment one insert into the task queue, not two (issue 14). A
    transaction rolled back hands over nothing. Rows are batched within one block of the
    transaction (the same savepoints), so a savepoint rolled back takes its rows' hand-over with it.
    """
    if not connection.in_atomic_block:
        enqueue(task, row_id)
        return
    batch = getattr(connection, "emitra_outbox_batch", None)
    here = set(connection.savepoint_ids)  # a batch joins rows of one block (a savepoint's own apart)
    if batch is None or batch.flushed or batch.savepoints != here or not any(
            getattr(func, "__self__", None) is batch for _sids, func, _robust in connection.run_on_commit):
        batch = _Batch(here)
        connection.emitra_outbox_batch = batch
        transaction.on_commit(batch.flush, robust=True)
    batch.rows.append((task, row_id))


class _Batch:
    """The rows of one transaction, handed to the worker when it commits."""

    def __init__(self, savepoints):
        self.rows = []
        self.savepoints = savepoints
        self.flushed = False

    def flush(self):
        rows, self.rows, self.flushed = self.rows, [], True
        if len(rows) == 1:
            enqueue(*rows[0])
        elif rows:
            from emitra.core.tasks import deliver_rows

            try:
                deliver_rows.enqueue([[task.module_path, row_id] for task, row_id in rows])
            except Exception:
                log.exception("could not enqueue %d outbox rows; the outbox sweep will send them", len(rows))
