"""Background work of the wallet: reconciling online top-ups with the gateway (req. 5, F4).

A task takes a top-up's id and re-reads the row (STYLE 7). While the gateway
says "pending", the task enqueues itself again a little later (backends that
can defer, such as the database backend the worker runs); after the last
attempt the top-up is marked failed for a person to see. The management
command `reconcile_topups` sweeps every pending online top-up, for a cron job
or after the worker was down.
"""
import datetime

from django.utils import timezone
from django_tasks import task

from emitra.wallet.models import TopUp

# Wait before attempt n+1: quick at first, then every half hour, for about a day.
RETRY_DELAYS = [30, 60, 120, 300, 600, 1200] + [1800] * 46


@task()
def reconcile_topup(topup_id):
    from emitra.wallet import services

    state = services.settle_gateway_topup(topup_id)
    if state != TopUp.State.PENDING:
        return state
    attempts = TopUp.objects.filter(pk=topup_id).values_list("attempts", flat=True).get()
    if attempts > len(RETRY_DELAYS):
        return services.give_up_gateway_topup(topup_id)
    backend = reconcile_topup.get_backend()
    if backend.supports_defer:
        delay = RETRY_DELAYS[max(attempts, 1) - 1]
        reconcile_topup.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(topup_id)
    return state


@task()
def reconcile_pending_topups():
    """Settle every online top-up still pending; returns how many were looked at."""
    from emitra.wallet import services

    ids = list(TopUp.objects.filter(state=TopUp.State.PENDING, method=TopUp.Method.GATEWAY)
               .exclude(gateway_ref=None).order_by("created").values_list("pk", flat=True)[:1000])
    for pk in ids:
        services.settle_gateway_topup(pk)
    return len(ids)
