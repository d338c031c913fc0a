"""Background work of payments: posting to departments (issue 4 req. 4 and 9; F29).

Tasks take an id and re-read the rows (STYLE 7), so a retry is harmless. The
receipt lines are the outbox (emitra.payments.postings); a lost task is made
good by the sweep (`emitra deliver_outbox`).
"""
from django_tasks import task


@task()
def settle_receipt(receipt_id):
    """Post a receipt's due lines (payments or cancellations); on a backend that can
    defer, come back when the next waiting line is due."""
    from emitra.payments import postings

    next_due = postings.post_receipt(receipt_id)
    if next_due is not None:
        postings.enqueue(receipt_id, run_after=next_due)
    return str(next_due or "done")

