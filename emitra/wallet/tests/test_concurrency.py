"""Races that only a real database shows: the same top-up confirmed by 8 requests at once
credits once; the same UTR recorded by 8 requests at once is recorded once (req. 5)."""
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from emitra.ledger.integrity import ledger_violations
from emitra.ledger.models import JournalEntry
from emitra.wallet import services
from emitra.wallet.models import TopUp
from emitra.wallet.tests.conftest import balance

pytestmark = pytest.mark.django_db(transaction=True)


def race(n, work):
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL; run with DATABASE_URL")
    barrier = threading.Barrier(n)
    outcomes = []

    def run(i):
        try:
            barrier.wait()
            outcomes.append(work(i))
        except services.WalletError as e:
            outcomes.append(f"refused: {e}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_eight_confirmations_of_one_top_up_at_once_credit_it_once(cast):
    topup = services.record_topup(cast.kiosk, by=cast.holder, amount=123_400, utr="SBIN0000RACE0001",
                                  transferred_on=timezone.localdate(), idempotency_key=uuid.uuid4().hex)
    seal = services.topup_seal(topup, cast.lsp_jaipur)
    outcomes = race(8, lambda i: services.confirm_topup(topup, by=cast.lsp_jaipur, decision_key=f"k{i}",
                                                                seen=seal) and "ok")
    assert outcomes.count("ok") == 1 and len(outcomes) == 8
    assert balance(cast.kiosk) == 123_400
    assert JournalEntry.objects.filter(ref=f"topup:{topup.pk}").count() == 1
    assert ledger_violations() == []


def test_one_utr_recorded_eight_times_at_once_is_recorded_once(cast):
    outcomes = race(8, lambda i: services.record_topup(
        cast.kiosk, by=cast.holder, amount=1000 + i, utr="SBIN0000RACE0002", transferred_on=timezone.localdate(),
        idempotency_key=uuid.uuid4().hex) and "ok")
    assert outcomes.count("ok") == 1
    assert all("already recorded" in o for o in outcomes if o != "ok")
    assert TopUp.objects.filter(utr="SBIN0000RACE0002").count() == 1
