"""The worker's task for outbox rows handed over together (emitra.core.outbox.enqueue_after_commit)."""
import logging

from django.utils.module_loading import import_string
from django_tasks import task

log = logging.getLogger("emitra.outbox")


@task()
def deliver_rows(rows):
    """Run each row's own task, [[task's import path, row id], ...], in turn, here: one failing
    leaves the others to run (its row stays due, and the sweep or its own retry sends it)."""
    done = 0
    for path, row_id in rows:
        try:
            import_string(path).call(row_id)
            done += 1
        except Exception:
            log.exception("outbox row %s of %s failed; it stays due for the sweep", row_id, path)
    return f"{done} of {len(rows)}"
