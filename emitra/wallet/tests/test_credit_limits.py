"""Credit limit (F16): approved at once within DoIT's rules, else the LSP officer decides;
every change kept in history; the wallet's floor follows through the ledger."""
import datetime

import pytest
from django.utils import timezone

from emitra.ledger.models import Account
from emitra.wallet import accounts, services
from emitra.wallet.models import CreditLimitChange, CreditLimitRequest, CreditRule
from emitra.wallet.tests.conftest import record_deposit, request_limit, seal_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]


def floor(kiosk):
    return Account.objects.get(code=accounts.wallet_code(kiosk)).floor


def deposit(cast, kiosk, paise, key):
    record_deposit(kiosk, cast.lsp_jaipur, paise)


def ask(client, kiosk, key, amount, seen=None):
    """The holder's limit form, sent from the page as it shows now (or with the seal given)."""
    url = f"/k/{kiosk.code}/wallet/limit/"
    return client.post(url, {"key": key, "amount": amount, "seen": seal_on(client, url) if seen is None else seen})


def decide(client, req, follow=False, **data):
    """The LSP's grant or refuse form, sent from the request's page as it shows now."""
    url = f"/lsp/wallet/limits/{req.pk}/"
    return client.post(url, {"seen": seal_on(client, url), **data}, follow=follow)


def test_a_limit_within_the_rules_is_approved_at_once(cast, client_as, key, rule):
    deposit(cast, cast.kiosk, 1_000_000, key)
    holder = client_as(cast.holder)
    k = key()
    assert ask(holder, cast.kiosk, k, "8000").status_code == 302
    assert ask(holder, cast.kiosk, k, "8000").status_code == 302
    req = CreditLimitRequest.objects.get()
    assert req.state == "approved" and req.rule == rule
    assert floor(cast.kiosk) == -800_000
    change = CreditLimitChange.objects.get()
    assert (change.old_limit, change.new_limit, change.source) == (0, 800_000, "rules")
    page = holder.get(f"/k/{cast.kiosk.code}/wallet/limit/").content.decode()
    assert "₹8,000.00" in page and "Approved by the rules" in page
    assert services.wallet_summary(cast.kiosk).available == 1_000_000 + 800_000


def test_a_limit_beyond_the_rules_goes_to_the_lsp_who_grants_it(cast, client_as, key, rule):
    deposit(cast, cast.kiosk, 1_000_000, key)
    r = ask(client_as(cast.holder), cast.kiosk, key(), "25000")
    assert r.status_code == 302
    req = CreditLimitRequest.objects.get()
    assert req.state == "pending" and req.allowed_at_once == 1_000_000 and floor(cast.kiosk) == 0
    officer = client_as(cast.lsp_jaipur)
    assert f"/lsp/wallet/limits/{req.pk}/" in officer.get("/lsp/wallet/limits/").content.decode()
    r = decide(officer, req, **{"grant": "1", "key": key(), "amount": "20000"})
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.state == "granted" and req.granted_amount == 2_000_000 and req.decided_by == cast.lsp_jaipur
    assert floor(cast.kiosk) == -2_000_000
    assert CreditLimitChange.objects.get().source == "lsp"
    again = officer.post(f"/lsp/wallet/limits/{req.pk}/", {"refuse": "1", "key": key(), "reason": "no",
                                                          "seen": "from-the-page-before"}, follow=True)
    assert "already dealt with" in again.content.decode()
    assert floor(cast.kiosk) == -2_000_000


def test_the_lsp_may_not_grant_more_than_was_asked(cast, client_as, key, rule):
    request_limit(cast.kiosk, cast.holder, 6_000_000)
    req = CreditLimitRequest.objects.get()
    r = client_as(cast.lsp_jaipur).post(f"/lsp/wallet/limits/{req.pk}/", {"grant": "1", "key": key(), "amount": "70000"})
    assert r.status_code == 200 and "Check the amount" in r.content.decode()
    assert floor(cast.kiosk) == 0


def test_the_lsp_refuses_with_a_reason(cast, client_as, key, rule):
    req = request_limit(cast.kiosk, cast.holder, 6_000_000)
    decide(client_as(cast.lsp_jaipur), req, **{"refuse": "1", "key": key(),
                                                                      "reason": "Deposit first"})
    req.refresh_from_db()
    assert req.state == "refused" and floor(cast.kiosk) == 0 and not CreditLimitChange.objects.exists()
    assert "Deposit first" in client_as(cast.holder).get(f"/k/{cast.kiosk.code}/wallet/limit/").content.decode()


def test_a_limit_above_what_the_rules_allow_anyone_is_refused_beside_the_field(cast, client_as, key, rule):
    r = ask(client_as(cast.holder), cast.kiosk, key(), "300000")
    body = r.content.decode()
    assert r.status_code == 200 and "at most ₹2,00,000.00" in body and 'id="id_amount-error"' in body
    assert not CreditLimitRequest.objects.exists() and floor(cast.kiosk) == 0


def test_one_request_waits_at_a_time(cast, client_as, key, rule):
    holder = client_as(cast.holder)
    ask(holder, cast.kiosk, key(), "60000")
    r = ask(holder, cast.kiosk, key(), "70000")
    assert "already waiting for your LSP" in r.content.decode()
    assert CreditLimitRequest.objects.count() == 1


def test_average_daily_debits_allow_a_limit_by_volume(cast, key, rule, spend):
    deposit(cast, cast.kiosk, 3_000_000, key)
    spend(cast.kiosk, 3_000_000)  # ₹30,000 in 30 days: ₹1,000 a day, 7 days: ₹7,000
    allowance = services.credit_allowance(cast.kiosk)
    assert allowance.average_daily_debits == 100_000 and allowance.by_volume == 700_000
    # the deposit (₹30,000) allows more than the volume here
    assert allowance.at_once == 3_000_000


def test_lowering_the_limit_below_what_is_used_is_refused(cast, client_as, key, rule, spend):
    deposit(cast, cast.kiosk, 1_000_000, key)
    request_limit(cast.kiosk, cast.holder, 1_000_000)
    spend(cast.kiosk, 1_500_000)  # balance -₹5,000
    r = ask(client_as(cast.holder), cast.kiosk, key(), "1000")
    assert "already uses more credit" in r.content.decode()
    assert floor(cast.kiosk) == -1_000_000 and CreditLimitRequest.objects.count() == 1


def test_another_lsps_officer_gets_404_and_the_operator_cannot_ask(cast, client_as, key, rule):
    req = request_limit(cast.kiosk, cast.holder, 6_000_000)
    jodhpur = client_as(cast.lsp_jodhpur)
    assert jodhpur.get(f"/lsp/wallet/limits/{req.pk}/").status_code == 404
    assert jodhpur.post(f"/lsp/wallet/limits/{req.pk}/", {"grant": "1", "key": key(), "amount": "1"}).status_code == 404
    assert ask(client_as(cast.operator), cast.kiosk, key(), "100", seen="x").status_code == 404
    assert ask(client_as(cast.lsp_jaipur), cast.kiosk, key(), "100", seen="x").status_code == 404
    assert floor(cast.kiosk) == 0


def test_without_rules_every_request_goes_to_the_lsp(cast, key):
    req = request_limit(cast.kiosk, cast.holder, 100)
    assert req.state == "pending"


def test_doit_adds_a_dated_rule_and_may_not_backdate_it(cast, client_as, rule):
    doit = client_as(cast.doit)
    assert client_as(cast.lsp_jaipur).get("/doit/wallet/rules/").status_code == 404
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = {"valid_from": yesterday.isoformat(), "deposit_percent": "150", "volume_days": "10",
            "auto_max": "60000", "lsp_max": "300000"}
    assert "today or later" in doit.post("/doit/wallet/rules/", data).content.decode()
    data["valid_from"] = timezone.localdate().isoformat()
    assert doit.post("/doit/wallet/rules/", dict(data, auto_max="400000")).status_code == 200
    assert doit.post("/doit/wallet/rules/", data).status_code == 302
    assert services.rule_in_force().deposit_percent == 150
    assert CreditRule.objects.count() == 2
    assert "in force" in doit.get("/doit/wallet/rules/").content.decode()
