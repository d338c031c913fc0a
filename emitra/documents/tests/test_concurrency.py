"""The same bytes uploaded at the same moment (F30): the unique hash decides, not a read-then-write;
one Blob, one stored file, and in one locker one Document."""
import threading

import pytest
from django.db import connection

from emitra.documents import services
from emitra.documents.models import Blob, Document
from emitra.documents.tests.conftest import make_pdf, stored_files, upload

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run the calls at the same moment in threads of their own; their results, or the errors raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as e:  # noqa: BLE001 - the test looks at what each thread got
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_lockers_uploading_the_same_bytes_at_once_share_one_blob_and_one_file(kinds, storage_dir):
    data = make_pdf("at the same moment")
    mine, theirs = services.locker_for_person(kinds.citizen), services.locker_for_person(kinds.holder)
    results = race(
        lambda: services.store_upload(mine, upload("a.pdf", data), kind="aadhaar", by=kinds.citizen),
        lambda: services.store_upload(theirs, upload("b.pdf", data), kind="aadhaar", by=kinds.holder))
    assert all(isinstance(r, Document) for r in results), results
    assert Blob.objects.count() == 1 and Document.objects.count() == 2
    assert len(stored_files(storage_dir)) == 1


def test_one_file_sent_twice_at_once_to_one_locker_is_one_document(kinds, storage_dir):
    data = make_pdf("double click")
    mine = services.locker_for_person(kinds.citizen)
    results = race(*[lambda: services.store_upload(mine, upload("a.pdf", data), kind="aadhaar", by=kinds.citizen)]
                   * 2)
    assert all(isinstance(r, Document) for r in results), results
    assert results[0].pk == results[1].pk
    assert Document.objects.count() == 1 and Blob.objects.count() == 1 and len(stored_files(storage_dir)) == 1
