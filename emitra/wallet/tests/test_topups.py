"""Top-ups (issue 3 req. 5): the holder records a bank transfer, the LSP officer confirms
or rejects it; online payments are reconciled in the background; a UTR is credited once."""
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from emitra.ledger import services as ledger
from emitra.ledger.models import JournalEntry
from emitra.wallet import accounts, gateways, services
from emitra.wallet.models import TopUp
from emitra.wallet.tests.conftest import balance, seal_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]


def record(client, kiosk, key, utr, amount="2500.50", day=None):
    return client.post(f"/k/{kiosk.code}/wallet/topup/", {
        "key": key, "amount": amount, "utr": utr, "transferred_on": (day or timezone.localdate()).isoformat()})


def test_a_confirmed_top_up_credits_the_wallet_exactly_once(cast, client_as, key, utr):
    holder, officer = client_as(cast.holder), client_as(cast.lsp_jaipur)
    k, u = key(), utr()
    assert record(holder, cast.kiosk, k, u).status_code == 302
    assert record(holder, cast.kiosk, k, u).status_code == 302  # the same POST again over a flaky link
    topup = TopUp.objects.get()
    assert topup.state == "pending" and topup.amount == 250050 and balance(cast.kiosk) == 0

    page = officer.get(f"/lsp/wallet/topups/{topup.pk}/").content.decode()
    assert "₹2,500.50" in page and u in page  # the officer sees amount and UTR before confirming
    decision, seen = key(), seal_on(officer, f"/lsp/wallet/topups/{topup.pk}/")
    for _ in range(2):
        r = officer.post(f"/lsp/wallet/topups/{topup.pk}/confirm/", {"key": decision, "seen": seen})
        assert r.status_code == 302
    assert balance(cast.kiosk) == 250050
    assert JournalEntry.objects.filter(ref=f"topup:{topup.pk}").count() == 1
    topup.refresh_from_db()
    assert topup.state == "confirmed" and topup.decided_by == cast.lsp_jaipur
    assert ledger.balance(accounts.BANK) == -250050


def test_a_second_confirmation_of_the_same_top_up_is_refused(cast, client_as, key, utr):
    topup = services.record_topup(cast.kiosk, by=cast.holder, amount=1000, utr=utr(),
                                  transferred_on=timezone.localdate(), idempotency_key=key())
    officer = client_as(cast.lsp_jaipur)
    seen = seal_on(officer, f"/lsp/wallet/topups/{topup.pk}/")
    officer.post(f"/lsp/wallet/topups/{topup.pk}/confirm/", {"key": key(), "seen": seen})
    r = officer.post(f"/lsp/wallet/topups/{topup.pk}/confirm/", {"key": key(), "seen": seen}, follow=True)
    assert "was already dealt with" in r.content.decode()
    assert balance(cast.kiosk) == 1000
    with pytest.raises(services.WalletError):
        services.confirm_topup(topup, by=cast.lsp_jaipur, seen=seen)


def test_a_utr_used_before_is_refused_beside_the_field(cast, client_as, key, utr):
    holder = client_as(cast.holder)
    u = utr()
    record(holder, cast.kiosk, key(), u)
    r = record(holder, cast.kiosk, key(), u.lower())
    assert r.status_code == 200 and "is already recorded" in r.content.decode()
    assert 'id="id_utr-error"' in r.content.decode()
    other = record(client_as(cast.other_holder), cast.other_kiosk, key(), u)
    assert "is already recorded" in other.content.decode()
    assert TopUp.objects.count() == 1


def test_the_database_refuses_a_utr_twice(cast, key, utr):
    u = utr()
    TopUp.objects.create(kiosk=cast.kiosk, method="bank", amount=100, utr=u, idempotency_key=key(),
                         requested_by=cast.holder)
    with pytest.raises(IntegrityError), transaction.atomic():
        TopUp.objects.create(kiosk=cast.other_kiosk, method="bank", amount=100, utr=u, idempotency_key=key(),
                             requested_by=cast.other_holder)


def test_a_rejected_top_up_posts_nothing_and_frees_its_utr(cast, client_as, key, utr):
    u = utr()
    topup = services.record_topup(cast.kiosk, by=cast.holder, amount=5000, utr=u,
                                  transferred_on=timezone.localdate(), idempotency_key=key())
    officer = client_as(cast.lsp_jaipur)
    r = officer.post(f"/lsp/wallet/topups/{topup.pk}/reject/", {"key": key(), "reason": "  "})
    assert "This field is required" in r.content.decode()
    officer.post(f"/lsp/wallet/topups/{topup.pk}/reject/", {"key": key(), "reason": "Amount differs from bank"})
    topup.refresh_from_db()
    assert topup.state == "rejected" and topup.reason == "Amount differs from bank"
    assert balance(cast.kiosk) == 0 and not JournalEntry.objects.exists()
    assert "Amount differs from bank" in client_as(cast.holder).get(f"/k/{cast.kiosk.code}/wallet/").content.decode()
    # the holder records the same transfer again with the right amount
    services.record_topup(cast.kiosk, by=cast.holder, amount=4000, utr=u, transferred_on=timezone.localdate(),
                          idempotency_key=key())


def test_an_lsp_officer_of_another_district_gets_404(cast, client_as, key, utr):
    topup = services.record_topup(cast.kiosk, by=cast.holder, amount=1000, utr=utr(),
                                  transferred_on=timezone.localdate(), idempotency_key=key())
    jodhpur = client_as(cast.lsp_jodhpur)
    assert jodhpur.get(f"/lsp/wallet/topups/{topup.pk}/").status_code == 404
    assert jodhpur.post(f"/lsp/wallet/topups/{topup.pk}/confirm/", {"key": key()}).status_code == 404
    assert str(topup.amount) not in jodhpur.get("/lsp/wallet/topups/").content.decode()
    assert client_as(cast.holder).get(f"/lsp/wallet/topups/{topup.pk}/").status_code == 404
    assert balance(cast.kiosk) == 0


@pytest.mark.parametrize("amount, message", [
    ("0", "more than zero"), ("-500", "more than zero"), ("abc", "like 2500 or 2500.50"),
    ("10.555", "at most two digits"), ("1e3", "like 2500 or 2500.50"), ("", "This field is required"),
    ("99999999999999999999", "far too large"), ("50000000", "Check the amount"),
])
def test_bad_amounts_are_refused_beside_the_field(cast, client_as, key, utr, amount, message):
    r = record(client_as(cast.holder), cast.kiosk, key(), utr(), amount=amount)
    body = r.content.decode()
    assert r.status_code == 200 and message in body and 'id="id_amount-error"' in body
    assert not TopUp.objects.exists()


def test_bad_utrs_dates_and_missing_keys_are_refused(cast, client_as, key):
    holder = client_as(cast.holder)
    assert "12 to 22 letters" in record(holder, cast.kiosk, key(), "12AB").content.decode()
    future = timezone.localdate() + timezone.timedelta(days=2)
    assert "cannot be in the future" in record(holder, cast.kiosk, key(), "SBIN000000000777", day=future).content.decode()
    assert "out of date" in record(holder, cast.kiosk, "", "SBIN000000000778").content.decode()
    assert not TopUp.objects.exists()


def test_only_the_holder_tops_up(cast, client_as, key, utr):
    assert client_as(cast.operator).get(f"/k/{cast.kiosk.code}/wallet/topup/").status_code == 404
    assert record(client_as(cast.operator), cast.kiosk, key(), utr()).status_code == 404
    assert record(client_as(cast.other_holder), cast.kiosk, key(), utr()).status_code == 404


def test_an_online_top_up_is_credited_by_the_background_task(cast, client_as, key,
                                                             django_capture_on_commit_callbacks):
    holder = client_as(cast.holder)
    k = key()
    with django_capture_on_commit_callbacks(execute=True):
        r = holder.post(f"/k/{cast.kiosk.code}/wallet/topup/online/", {"key": k, "amount": "1200"})
        holder.post(f"/k/{cast.kiosk.code}/wallet/topup/online/", {"key": k, "amount": "1200"})
    assert r.status_code == 302
    topup = TopUp.objects.get()
    assert topup.state == "confirmed" and topup.gateway == "demo" and topup.gateway_ref
    assert balance(cast.kiosk) == 120000
    assert ledger.balance(accounts.TOPUPS_IN_TRANSIT) == -120000


class SlowGateway(gateways.PaymentGateway):
    """Says 'pending' until told otherwise."""

    name = "slow"
    answer = gateways.GatewayStatus(gateways.PENDING)

    def start(self, topup):
        return f"SLOW{topup.pk}"

    def status(self, topup):
        return self.answer


@override_settings(EMITRA_PAYMENT_GATEWAY="emitra.wallet.tests.test_topups.SlowGateway")
def test_a_pending_online_top_up_is_reconciled_later(cast, key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        topup = services.start_gateway_topup(cast.kiosk, by=cast.holder, amount=70000, idempotency_key=key())
    topup.refresh_from_db()
    assert topup.state == "pending" and topup.attempts == 1 and balance(cast.kiosk) == 0
    SlowGateway.answer = gateways.GatewayStatus(gateways.PAID, 70000)
    try:
        call_command("reconcile_topups", stdout=io.StringIO())
        call_command("reconcile_topups", stdout=io.StringIO())
    finally:
        SlowGateway.answer = gateways.GatewayStatus(gateways.PENDING)
    topup.refresh_from_db()
    assert topup.state == "confirmed" and balance(cast.kiosk) == 70000


@override_settings(EMITRA_PAYMENT_GATEWAY="emitra.wallet.tests.test_topups.SlowGateway")
def test_a_gateway_reporting_another_amount_fails_the_top_up_and_posts_nothing(cast, key):
    topup = services.start_gateway_topup(cast.kiosk, by=cast.holder, amount=70000, idempotency_key=key())
    SlowGateway.answer = gateways.GatewayStatus(gateways.PAID, 7000)
    try:
        assert services.settle_gateway_topup(topup.pk) == "failed"
    finally:
        SlowGateway.answer = gateways.GatewayStatus(gateways.PENDING)
    topup.refresh_from_db()
    assert "expected 70000" in topup.reason and balance(cast.kiosk) == 0
