"""Security deposit (F18): recorded by the LSP officer or DoIT after a confirmation step,
credited to the wallet as usable balance and recorded against deposits held."""
import re

import pytest
from django.utils import timezone

from emitra.ledger import services as ledger
from emitra.ledger.models import JournalEntry
from emitra.wallet import accounts, services
from emitra.wallet.models import SecurityDeposit
from emitra.wallet.tests.conftest import balance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]


def deposit_form(kiosk, key, amount="10000", **extra):
    return {"key": key, "kiosk": kiosk.code, "amount": amount, "reference": "DD123456",
            "received_on": timezone.localdate().isoformat(), **extra}


def confirmed(client, url, data):
    """Step 1 (the confirmation page), then step 2: its form sent as the page shows it."""
    page = client.post(url, data)
    assert page.status_code == 200 and not JournalEntry.objects.filter(kind="security_deposit").exists()
    return client.post(url, hidden_fields(page.content.decode()))


def hidden_fields(page):
    return {m.group(1): m.group(2) for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
            if m.group(1) != "csrfmiddlewaretoken"}


def test_the_lsp_records_a_deposit_credited_to_the_wallet_and_held(cast, client_as, key):
    officer = client_as(cast.lsp_jaipur)
    assert officer.get("/lsp/wallet/deposits/").status_code == 200
    k = key()
    r = officer.post("/lsp/wallet/deposits/", deposit_form(cast.kiosk, k))
    assert r.status_code == 200 and "Credit ₹10,000.00 as security deposit" in r.content.decode()
    assert not JournalEntry.objects.exists()  # the confirmation step moves nothing
    confirm = hidden_fields(r.content.decode())
    assert confirm["seen"]
    for _ in range(2):
        r = officer.post("/lsp/wallet/deposits/", confirm)
        assert r.status_code == 302
    deposit = SecurityDeposit.objects.get()
    assert deposit.amount == 1_000_000 and deposit.recorded_by == cast.lsp_jaipur
    assert balance(cast.kiosk) == 1_000_000
    assert ledger.balance(accounts.DEPOSITS_HELD) == -1_000_000
    assert services.deposit_total(cast.kiosk) == 1_000_000
    assert ledger.available(accounts.wallet_code(cast.kiosk)) == 1_000_000


def test_doit_records_a_deposit_for_any_kiosk(cast, client_as, key):
    r = confirmed(client_as(cast.doit), "/doit/wallet/deposits/", deposit_form(cast.jodhpur_kiosk, key()))
    assert r.status_code == 302
    assert balance(cast.jodhpur_kiosk) == 1_000_000


def test_an_lsp_cannot_record_a_deposit_for_another_lsps_kiosk(cast, client_as, key):
    r = client_as(cast.lsp_jaipur).post("/lsp/wallet/deposits/", deposit_form(cast.jodhpur_kiosk, key(), seen="x"))
    assert r.status_code == 200 and "Select a valid choice" in r.content.decode()
    assert balance(cast.jodhpur_kiosk) == 0


def test_kiosk_people_cannot_record_deposits(cast, client_as, key):
    for person in (cast.holder, cast.operator, cast.citizen):
        assert client_as(person).post("/lsp/wallet/deposits/", deposit_form(cast.kiosk, key(), seen="x")).status_code == 404
    assert not SecurityDeposit.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-100", "ten", "1000000000"])
def test_bad_deposit_amounts_are_refused(cast, client_as, key, amount):
    r = client_as(cast.lsp_jaipur).post("/lsp/wallet/deposits/", deposit_form(cast.kiosk, key(), amount, seen="x"))
    assert r.status_code == 200 and 'id="id_amount-error"' in r.content.decode()
    assert not SecurityDeposit.objects.exists() and balance(cast.kiosk) == 0


def test_a_refused_deposit_asks_for_confirmation_again(cast, client_as, key):
    future = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    r = client_as(cast.lsp_jaipur).post("/lsp/wallet/deposits/", dict(deposit_form(cast.kiosk, key(), seen="x"),
                                                                      received_on=future))
    body = r.content.decode()
    assert "cannot be in the future" in body and 'name="seen" value="x"' not in body
    assert not SecurityDeposit.objects.exists()
