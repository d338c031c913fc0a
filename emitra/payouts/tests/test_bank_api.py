"""Payouts through a bank's API (issue 10 req. 7b), against a local demo bank over real HTTP:
sent in the background after commit, paid, failed (money back, holder told), pending until
asked again, and a bank that is down is asked again, never taken for a refusal."""
import datetime
import importlib

import pytest
from django.test import override_settings
from django.utils import timezone

from emitra.ledger import services as ledger
from emitra.notifications.models import Message
from emitra.payouts import bank_api, services
from emitra.payouts.bank_server import DemoBankServer
from emitra.payouts.models import Payout
from emitra.payouts.tests.conftest import RUPEE, commission, request_payout
from emitra.wallet import accounts

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("sound_ledger")]


@pytest.fixture(autouse=True)
def tds_rates():
    """A transactional test empties the tables the migrations filled: the rates as the migration writes them."""
    from django.apps import apps

    importlib.import_module("emitra.payouts.migrations.0002_tds_rates").add_rates(apps, None)


@pytest.fixture
def bank():
    server = DemoBankServer().start()
    with override_settings(PAYOUT_CHANNEL="bank_api", PAYOUT_BANK_URL=server.url, PAYOUT_BANK_MAX_ATTEMPTS=3):
        yield server
    server.stop()


def test_a_payout_is_sent_after_commit_and_paid(cast, bank, verified, earn, key):
    verified()
    earn(cast.kiosk, 5_000 * RUPEE)
    payout = request_payout(cast.kiosk, by=cast.holder, gross=4_000 * RUPEE, idempotency_key=key())
    payout.refresh_from_db()
    assert payout.state == "paid" and payout.bank_ref.startswith("DEMO")
    assert bank.transfers[payout.reference]["amount"] == payout.net == 4_000 * RUPEE
    assert ledger.balance(accounts.PAYOUTS_IN_TRANSIT) == 0 and ledger.balance(accounts.BANK) == 4_000 * RUPEE
    assert commission(cast.kiosk) == 1_000 * RUPEE
    assert Message.objects.filter(ref=f"payout:{payout.pk}", template="payout_paid").count() == 2


def test_a_refused_transfer_returns_the_money_and_tells_the_holder(cast, bank, verified, earn, key):
    verified(account_no="301200000000")  # the demo bank's closed account
    earn(cast.kiosk, 5_000 * RUPEE)
    payout = request_payout(cast.kiosk, by=cast.holder, gross=4_000 * RUPEE, idempotency_key=key())
    payout.refresh_from_db()
    assert (payout.state, payout.reason) == ("failed", "Account closed")
    assert commission(cast.kiosk) == 5_000 * RUPEE
    assert ledger.balance(accounts.PAYOUTS_IN_TRANSIT) == 0
    sms = Message.objects.get(ref=f"payout:{payout.pk}", template="payout_failed", channel="sms")
    assert "4,000.00" in sms.body and sms.to == cast.holder.mobile


def test_a_pending_transfer_is_asked_about_by_the_sweep_until_paid(cast, bank, verified, earn, key):
    verified()
    earn(cast.kiosk, 5_000 * RUPEE)
    bank.set(pending=True)
    payout = request_payout(cast.kiosk, by=cast.holder, gross=1_000 * RUPEE, idempotency_key=key())
    payout.refresh_from_db()
    assert payout.state == "sent"
    later = timezone.now() + datetime.timedelta(hours=2)
    assert bank_api.sweep(now=later) == 1
    assert Payout.objects.get(pk=payout.pk).state == "sent"
    bank.settle_pending()
    bank_api.sweep(now=later + datetime.timedelta(hours=2))
    assert Payout.objects.get(pk=payout.pk).state == "paid"
    assert bank_api.sweep(now=later + datetime.timedelta(hours=4)) == 0


def test_a_bank_that_is_down_is_asked_again_and_the_payout_is_never_failed_on_a_guess(cast, bank, verified, earn, key):
    verified()
    earn(cast.kiosk, 5_000 * RUPEE)
    bank.set(down=True)
    payout = request_payout(cast.kiosk, by=cast.holder, gross=1_000 * RUPEE, idempotency_key=key())
    now = timezone.now()
    for hours in (1, 2, 3, 4):
        bank_api.sweep(now=now + datetime.timedelta(hours=hours))
    payout.refresh_from_db()
    assert payout.state == "sent" and payout.next_attempt_at is None and "check with the bank" in payout.reason
    assert commission(cast.kiosk) == 4_000 * RUPEE  # in transit, not returned: the bank may have paid
    bank.set(down=False)
    bank_api.send_payout(payout.pk)  # a person's retry is harmless: it is sent and is no longer queued
    assert Payout.objects.get(pk=payout.pk).state == "sent"


def test_a_lost_task_is_sent_by_the_sweep_and_sending_twice_is_one_transfer(cast, bank, verified, earn, key):
    verified()
    earn(cast.kiosk, 5_000 * RUPEE)
    with override_settings(PAYOUT_BANK_URL="http://127.0.0.1:9"):  # the worker's send failed
        payout = request_payout(cast.kiosk, by=cast.holder, gross=1_000 * RUPEE, idempotency_key=key())
    assert Payout.objects.get(pk=payout.pk).state == "sent" and bank.transfers == {}
    bank_api.sweep(now=timezone.now() + datetime.timedelta(hours=1))  # the bank never got it: sent now
    payout.refresh_from_db()
    assert payout.state == "paid"
    bank_api.poll_payout(payout.pk)
    assert [c for c in bank.calls if c[0] == "POST"] == [("POST", payout.reference)]
