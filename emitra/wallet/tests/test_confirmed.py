"""Every wallet confirmation is bound to what its page showed (issue 9 items 1, 2 and 4): a
security deposit, a top-up's confirmation, a credit-limit request, an LSP's decision on one
and a holder's withdrawal. A form sent without its page's seal (or with a made-up or
altered one) shows the confirmation page and moves nothing; a form shown before the row
changed is refused with the page shown again with what holds now."""
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from emitra.ledger.models import JournalEntry
from emitra.wallet import services
from emitra.wallet.models import CreditLimitChange, CreditLimitRequest, SecurityDeposit, TopUp
from emitra.wallet.tests.conftest import balance, record_deposit, request_limit, seal_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]

DEPOSITS = "/lsp/wallet/deposits/"


@pytest.fixture(autouse=True)
def check_ledger_after():
    """`emitra check-ledger` passes after each of these tests (it exits 1 on a violation)."""
    yield
    call_command("check_ledger")


def hidden_fields(page):
    return {m.group(1): m.group(2) for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
            if m.group(1) != "csrfmiddlewaretoken"}


def errors(response):
    return " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.content.decode(), re.S))


def deposit_form(kiosk, key, amount="10000", **extra):
    return {"key": key, "kiosk": kiosk.code, "amount": amount, "reference": "DD123456",
            "received_on": timezone.localdate().isoformat(), **extra}


# ---------------------------------------------------------------- security deposit (item 2)

@pytest.mark.parametrize("forged", [{"confirmed": "1"}, {"confirmed": "1", "seen": "1"},
                                    {"seen": "made-up"}, {"seen": "x" * 500}])
def test_one_post_without_the_confirmation_page_never_records_a_deposit(cast, client_as, key, forged):
    r = client_as(cast.lsp_jaipur).post(DEPOSITS, deposit_form(cast.kiosk, key(), **forged))
    assert not SecurityDeposit.objects.exists() and balance(cast.kiosk) == 0 and not JournalEntry.objects.exists()
    assert r.status_code in (200, 400)
    assert "Credit ₹10,000.00 as security deposit" in r.content.decode()  # the confirmation page instead
    if forged.get("seen"):
        assert "does not come from the page that shows what it confirms" in errors(r)


def test_a_seal_of_another_kind_of_confirmation_records_no_deposit(cast, client_as, key):
    topup = services.record_topup(cast.kiosk, by=cast.holder, amount=1_000_000, utr="SBIN000000999001",
                                  transferred_on=timezone.localdate(), idempotency_key=key())
    other = services.topup_seal(topup, cast.lsp_jaipur)
    r = client_as(cast.lsp_jaipur).post(DEPOSITS, deposit_form(cast.kiosk, key(), seen=other))
    assert r.status_code == 400 and not SecurityDeposit.objects.exists() and balance(cast.kiosk) == 0


def test_an_amount_changed_after_the_confirmation_page_is_refused_and_shown_again(cast, client_as, key):
    officer = client_as(cast.lsp_jaipur)
    page = officer.post(DEPOSITS, deposit_form(cast.kiosk, key()))
    sent = {**hidden_fields(page.content.decode()), "amount": "100000"}  # ₹10,000 confirmed, ₹1,00,000 sent

    r = officer.post(DEPOSITS, sent)

    assert r.status_code == 409 and not SecurityDeposit.objects.exists() and balance(cast.kiosk) == 0
    assert "Credit ₹1,00,000.00 as security deposit" in r.content.decode()  # the figures now, to confirm
    assert "changed after the page was shown" in errors(r)
    assert officer.post(DEPOSITS, hidden_fields(r.content.decode())).status_code == 302
    assert SecurityDeposit.objects.get().amount == 1_00_000_00 and balance(cast.kiosk) == 1_00_000_00


def test_another_officers_seal_records_no_deposit(cast, client_as, key):
    """A seal names who was shown the page: DoIT's confirmation page is no use to the LSP officer."""
    k = key()
    page = client_as(cast.doit).post("/doit/wallet/deposits/", deposit_form(cast.kiosk, k))
    r = client_as(cast.lsp_jaipur).post(DEPOSITS, hidden_fields(page.content.decode()))
    assert r.status_code == 409 and not SecurityDeposit.objects.exists()


# ---------------------------------------------------------------- top-up confirmation (item 1)

@pytest.fixture
def topup(cast, key):
    return services.record_topup(cast.kiosk, by=cast.holder, amount=250_050, utr="SBIN000000777001",
                                 transferred_on=timezone.localdate(), idempotency_key=key())


@pytest.mark.parametrize("seen", [None, "", "made-up"])
def test_a_top_up_confirmation_without_its_pages_seal_credits_nothing(cast, client_as, key, topup, seen):
    data = {"key": key()} if seen is None else {"key": key(), "seen": seen}
    r = client_as(cast.lsp_jaipur).post(f"/lsp/wallet/topups/{topup.pk}/confirm/", data)
    assert r.status_code == 400 and balance(cast.kiosk) == 0
    topup.refresh_from_db()
    assert topup.state == TopUp.State.PENDING
    assert "does not come from the page that shows what it confirms" in errors(r)
    assert "Confirm and credit ₹2,500.50" in r.content.decode()  # the confirmation page, to confirm from


def test_the_seal_of_one_top_up_does_not_confirm_another(cast, client_as, key, topup):
    officer = client_as(cast.lsp_jaipur)
    small = services.record_topup(cast.kiosk, by=cast.holder, amount=100, utr="SBIN000000777002",
                                  transferred_on=timezone.localdate(), idempotency_key=key())
    seen = seal_on(officer, f"/lsp/wallet/topups/{small.pk}/")
    r = officer.post(f"/lsp/wallet/topups/{topup.pk}/confirm/", {"key": key(), "seen": seen})
    assert r.status_code == 409 and balance(cast.kiosk) == 0
    assert officer.post(f"/lsp/wallet/topups/{small.pk}/confirm/", {"key": key(), "seen": seen}).status_code == 302
    assert balance(cast.kiosk) == 100


def test_a_confirmation_sent_twice_credits_once(cast, client_as, key, topup):
    officer = client_as(cast.lsp_jaipur)
    form = {"key": key(), "seen": seal_on(officer, f"/lsp/wallet/topups/{topup.pk}/")}
    for _ in range(3):
        assert officer.post(f"/lsp/wallet/topups/{topup.pk}/confirm/", form).status_code == 302
    assert balance(cast.kiosk) == 250_050 and JournalEntry.objects.filter(ref=f"topup:{topup.pk}").count() == 1


# ---------------------------------------------------------------- credit limits (item 4)

LIMIT = "/k/{}/wallet/limit/"


@pytest.fixture
def waiting(cast, client_as, key, rule):
    """₹10,000 of deposit (the rules approve up to ₹10,000 at once) and a request for ₹1,00,000
    waiting for the LSP, made against a limit of nothing."""
    record_deposit(cast.kiosk, cast.lsp_jaipur, 10_000_00)
    holder = client_as(cast.holder)
    url = LIMIT.format(cast.kiosk.code)
    assert holder.post(url, {"key": key(), "amount": "100000", "seen": seal_on(holder, url)}).status_code == 302
    req = CreditLimitRequest.objects.get(state=CreditLimitRequest.State.PENDING)
    assert req.base_limit == 0
    return req


def test_a_late_grant_does_not_replace_a_limit_approved_since(cast, client_as, key, waiting):
    officer, holder = client_as(cast.lsp_jaipur), client_as(cast.holder)
    url = f"/lsp/wallet/limits/{waiting.pk}/"
    old_page = seal_on(officer, url)  # the LSP opens the request while the limit is nothing
    mine = LIMIT.format(cast.kiosk.code)
    assert holder.post(mine, {"key": key(), "amount": "8000", "seen": seal_on(holder, mine)}).status_code == 302
    assert services.current_limit(cast.kiosk) == 8_000_00  # approved at once by the rules

    r = officer.post(url, {"grant": "1", "key": key(), "amount": "100000", "seen": old_page})

    assert r.status_code == 409 and services.current_limit(cast.kiosk) == 8_000_00
    waiting.refresh_from_db()
    assert waiting.state == CreditLimitRequest.State.PENDING
    body = r.content.decode()
    assert "changed after this page was shown" in errors(r)
    assert 'id="changed-since"' in body and "₹8,000.00" in body  # what changed since the request
    # granting from the page that shows the change still needs the officer to decide again
    fresh = hidden_fields(body)["seen"]
    r = officer.post(url, {"grant": "1", "key": key(), "amount": "100000", "seen": fresh})
    assert r.status_code == 200 and services.current_limit(cast.kiosk) == 8_000_00
    assert "was ₹0.00 when this request was made and is ₹8,000.00 now" in r.content.decode()
    r = officer.post(url, {"grant": "1", "key": key(), "amount": "100000", "seen": fresh, "decide_again": "on"})
    assert r.status_code == 302 and services.current_limit(cast.kiosk) == 1_00_000_00
    change = CreditLimitChange.objects.filter(source="lsp").get()
    assert (change.old_limit, change.new_limit) == (8_000_00, 1_00_000_00)


def test_a_grant_on_an_unchanged_limit_applies_at_once(cast, client_as, key, waiting):
    officer = client_as(cast.lsp_jaipur)
    url = f"/lsp/wallet/limits/{waiting.pk}/"
    assert 'id="changed-since"' not in officer.get(url).content.decode()
    r = officer.post(url, {"grant": "1", "key": key(), "amount": "60000", "seen": seal_on(officer, url)})
    assert r.status_code == 302 and services.current_limit(cast.kiosk) == 60_000_00


@pytest.mark.parametrize("action", [{"grant": "1", "amount": "100000"}, {"refuse": "1", "reason": "Deposit first"}])
@pytest.mark.parametrize("seen", [None, "made-up"])
def test_a_decision_without_the_requests_page_changes_nothing(cast, client_as, key, waiting, action, seen):
    data = {"key": key(), **action, **({} if seen is None else {"seen": seen})}
    r = client_as(cast.lsp_jaipur).post(f"/lsp/wallet/limits/{waiting.pk}/", data)
    assert r.status_code == 400 and services.current_limit(cast.kiosk) == 0
    waiting.refresh_from_db()
    assert waiting.state == CreditLimitRequest.State.PENDING


def test_a_request_from_a_page_shown_before_the_limit_changed_is_refused(cast, client_as, key, waiting):
    """The holder's limit page said ₹0; the LSP granted ₹1,00,000 since: the old page's request for
    ₹8,000 (lower than the limit now, so approved at once) must not quietly cut the limit."""
    holder, officer = client_as(cast.holder), client_as(cast.lsp_jaipur)
    mine = LIMIT.format(cast.kiosk.code)
    old_page = seal_on(holder, mine)
    url = f"/lsp/wallet/limits/{waiting.pk}/"
    assert officer.post(url, {"grant": "1", "key": key(), "amount": "100000",
                              "seen": seal_on(officer, url)}).status_code == 302

    r = holder.post(mine, {"key": key(), "amount": "8000", "seen": old_page})

    assert r.status_code == 409 and services.current_limit(cast.kiosk) == 1_00_000_00
    assert "The credit limit changed after this page was shown" in errors(r)
    assert CreditLimitRequest.objects.count() == 1


def test_the_holder_withdraws_a_waiting_request_which_then_cannot_be_granted(cast, client_as, key, waiting):
    holder, officer = client_as(cast.holder), client_as(cast.lsp_jaipur)
    lsp_page = seal_on(officer, f"/lsp/wallet/limits/{waiting.pk}/")
    withdraw = f"/k/{cast.kiosk.code}/wallet/limit/{waiting.pk}/withdraw/"
    assert withdraw in holder.get(LIMIT.format(cast.kiosk.code)).content.decode()
    page = holder.get(withdraw)
    assert page.status_code == 200 and "₹1,00,000.00" in page.content.decode()
    # without the confirmation page's seal: the page again, the request still waits
    r = holder.post(withdraw, {"key": key()})
    assert r.status_code == 400 and "Withdraw the request" in r.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == CreditLimitRequest.State.PENDING

    form = hidden_fields(page.content.decode())
    for _ in range(2):  # the same confirmation twice: one withdrawal
        assert holder.post(withdraw, form).status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == CreditLimitRequest.State.WITHDRAWN and waiting.decided_by == cast.holder

    r = officer.post(f"/lsp/wallet/limits/{waiting.pk}/", {"grant": "1", "key": key(), "amount": "100000",
                                                           "seen": lsp_page}, follow=True)
    assert "Withdrawn by the holder" in r.content.decode() and services.current_limit(cast.kiosk) == 0
    assert f"/lsp/wallet/limits/{waiting.pk}/" not in officer.get("/lsp/wallet/limits/").content.decode()
    with pytest.raises(services.WalletError):
        services.grant_credit_limit(waiting, by=cast.lsp_jaipur, seen=services.decision_seal(waiting, cast.lsp_jaipur))
    assert services.current_limit(cast.kiosk) == 0


def test_only_the_holder_withdraws(cast, client_as, key, waiting):
    withdraw = f"/k/{cast.kiosk.code}/wallet/limit/{waiting.pk}/withdraw/"
    for person in (cast.operator, cast.lsp_jaipur):
        assert client_as(person).post(withdraw, {"key": key(), "seen": "x"}).status_code == 404
    with pytest.raises(services.WalletError):
        services.withdraw_credit_request(waiting, by=cast.operator,
                                         seen=services.withdraw_seal(waiting, cast.operator))
    waiting.refresh_from_db()
    assert waiting.state == CreditLimitRequest.State.PENDING


def test_a_granted_request_cannot_be_withdrawn(cast, client_as, key, waiting):
    holder = client_as(cast.holder)
    withdraw = f"/k/{cast.kiosk.code}/wallet/limit/{waiting.pk}/withdraw/"
    form = hidden_fields(holder.get(withdraw).content.decode())
    services.grant_credit_limit(waiting, by=cast.lsp_jaipur, seen=services.decision_seal(waiting, cast.lsp_jaipur))
    r = holder.post(withdraw, form, follow=True)
    assert "already dealt with" in r.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == CreditLimitRequest.State.GRANTED and services.current_limit(cast.kiosk) == 1_00_000_00


def test_requests_made_through_the_service_record_their_base(cast, key, rule):
    req = request_limit(cast.kiosk, cast.holder, 5_000_00)
    assert req.base_limit == 0 and req.state == CreditLimitRequest.State.PENDING
