"""The outbox rows of one transaction go to the worker in one task (issue 14; emitra.core.outbox)."""
import pytest
from django.db import transaction
from django_tasks import task

from emitra.core import outbox

SEEN = []


@task()
def note(row_id):
    SEEN.append(row_id)


@task()
def other(row_id):
    SEEN.append(-row_id)


@pytest.fixture
def queued(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SEEN.clear()
    return DBTaskResult.objects


@pytest.mark.django_db(transaction=True)
def test_the_rows_of_one_transaction_are_one_task_that_runs_each_rows_task(queued):
    with transaction.atomic():
        outbox.enqueue_after_commit(note, 1)
        outbox.enqueue_after_commit(other, 2)
        outbox.enqueue_after_commit(note, 3)
        assert queued.count() == 0  # nothing before the commit
    (result,) = queued.all()
    assert result.task_path == "emitra.core.tasks.deliver_rows"
    rows = result.args_kwargs["args"][0]
    assert rows == [[note.module_path, 1], [other.module_path, 2], [note.module_path, 3]]
    from emitra.core.tasks import deliver_rows

    assert deliver_rows.call(rows) == "3 of 3" and SEEN == [1, -2, 3]


@pytest.mark.django_db(transaction=True)
def test_a_row_alone_is_its_own_task_and_a_rolled_back_one_is_not_handed_over(queued):
    with transaction.atomic():
        outbox.enqueue_after_commit(note, 7)
        try:
            with transaction.atomic():
                outbox.enqueue_after_commit(other, 8)
                raise RuntimeError("the savepoint's work fails")
        except RuntimeError:
            pass
    assert [(r.task_path, r.args_kwargs["args"]) for r in queued.all()] == [(note.module_path, [7])]
    with transaction.atomic():
        outbox.enqueue_after_commit(note, 9)
        transaction.set_rollback(True)
    assert queued.count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_rows_task_failing_leaves_the_others_to_run(queued):
    from emitra.core.tasks import deliver_rows

    assert deliver_rows.call([["emitra.core.tests.test_outbox_batch.no_such_task", 1],
                              [note.module_path, 2]]) == "1 of 2"
    assert SEEN == [2]
