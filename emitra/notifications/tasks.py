"""Background delivery of the outbox (F26; STYLE 7).

deliver takes a message's id and re-reads the row. After a gateway error the
row waits with a later next_attempt_at; on a backend that can defer (the
database backend `emitra db_worker` runs) the task enqueues itself for that
time. Backends that cannot defer, a lost enqueue, or a worker that died
mid-send are covered by the sweep: `emitra deliver_outbox` (cron, every
minute) or the deliver_outbox_sweep task.
"""
from django_tasks import task

from emitra.notifications.models import Message


@task()
def deliver(message_id):
    from emitra.notifications import services

    message = services.deliver(message_id)
    if message is None:
        return "gone"
    if message.state == Message.State.QUEUED and message.attempts:
        services.enqueue_delivery(message_id, run_after=message.next_attempt_at)
    return message.state


@task()
def deliver_outbox_sweep():
    """Every due or stale message once; returns how many were attempted."""
    from emitra.notifications import services

    return services.deliver_due()
