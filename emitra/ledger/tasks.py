"""Background work of the ledger: releasing holds that outlived their expiry (DESIGN: holds; F4, F5).

Run expire_pending_holds every minute or so (a worker's periodic schedule or
cron via `manage.py shell -c`); check-ledger reports a hold still pending
EXPIRY_GRACE after its expiry, which means this job is not running.
"""
from django_tasks import task

from emitra.ledger import services


@task()
def expire_pending_holds():
    """Release every pending hold past its expiry; returns how many were released."""
    return services.expire_holds()
