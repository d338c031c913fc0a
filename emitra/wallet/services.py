"""The kiosk's money operations (issue 3): top-ups, security deposits, credit limits.

Each operation is atomic, takes the acting person, writes the audit log, posts
through emitra.ledger (the only code that changes a balance) and raises a
WalletError whose text is the message for the person. An operation started
from a form takes the form's idempotency key: the same key again returns the
first result and moves no more money.
"""
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.core import audit, confirmation
from emitra.core.money import ABSURD_PAISE, format_paise
from emitra.ledger import services as ledger
from emitra.ledger.errors import BalanceBelowNewFloor, LedgerError
from emitra.ledger.memos import Memo
from emitra.ledger.models import Account, Posting
from emitra.wallet import accounts
from emitra.wallet.gateways import FAILED, PAID, get_gateway
from emitra.wallet.models import CreditLimitChange, CreditLimitRequest, CreditRule, SecurityDeposit, TopUp

# A single top-up or deposit above this is a typing slip, not a transfer.
MAX_TOPUP = 1_00_00_000 * 100  # ₹1 crore
# Rules count the kiosk's wallet debits over this many days (F16).
VOLUME_WINDOW_DAYS = 30
# How old a bank transfer may be when it is recorded.
MAX_TRANSFER_AGE = datetime.timedelta(days=180)


class WalletError(Exception):
    """A refused operation; str(e) is the message for the person, `field` the form field it concerns."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# ------------------------------------------------------------------ confirmations (issue 9 items 1, 2, 4)
#
# Every wallet step a person confirms (a top-up's confirmation, a security deposit, a
# credit-limit request, an LSP's decision on one, a holder withdrawing one) carries the
# seal of what its page showed (emitra.core.confirmation). The service works the same
# facts out again inside its transaction, after locking the rows they come from, and
# goes on only when they are the same: a changed row raises Changed (the page is shown
# again with what holds now), a missing or made-up seal NotConfirmed (the confirmation
# page is shown; nothing moves).

TOPUP, DEPOSIT, LIMIT_REQUEST, LIMIT_DECISION, LIMIT_WITHDRAW = (
    "wallet-topup", "wallet-deposit", "wallet-limit-request", "wallet-limit-decision", "wallet-limit-withdraw")


class NotConfirmed(WalletError):
    """No seal of the page that shows what is confirmed (or an altered one): show that page."""

    def __init__(self):
        super().__init__(_("This form does not come from the page that shows what it confirms, or it was changed. "
                           "Check what is shown below, then confirm again. Nothing was changed."))


class Changed(WalletError):
    """What the page showed is no longer what holds: the page is shown again with the figures now."""

    def __init__(self, message=None):
        super().__init__(message or _("This changed after the page was shown. Check the figures now, below, "
                                      "then confirm again. Nothing was changed."))


def _check_seal(kind, seen, facts, changed=None):
    try:
        confirmation.check(kind, seen, facts)
    except confirmation.Changed:
        raise (changed or Changed)() from None
    except confirmation.NotConfirmed:
        raise NotConfirmed() from None


def _actor(person):
    return f"person:{person.sso_id}" if person is not None else "system"


def check_amount(amount, maximum=MAX_TOPUP, field="amount"):
    if type(amount) is not int or amount <= 0:  # noqa: E721 -- paise are ints, never floats
        raise WalletError(_("Enter an amount of more than zero rupees."), field)
    if amount > maximum or amount >= ABSURD_PAISE:
        raise WalletError(_("That is more than %(max)s. Check the amount.") % {"max": format_paise(maximum)}, field)


def normalise_utr(utr):
    return "".join(str(utr or "").split()).upper()


# ------------------------------------------------------------------ wallet bar (F23)

@dataclass(frozen=True)
class WalletSummary:
    balance: int
    held: int
    limit: int
    url: str

    @property
    def available(self):
        """What the kiosk can still spend: balance + credit limit - holds (F16, F23)."""
        return self.balance + self.limit - self.held

    @property
    def in_wallet(self):
        """The wallet figure in front of the operator (F23): the balance less what is held for
        payments a department has still to confirm. A held payment has left the wallet for the
        operator the moment it is paid, so the figure does not change when the department
        confirms it a little later (issue 9 item 12); it comes back if the department refuses."""
        return self.balance - self.held


def wallet_summary(kiosk, row=None):
    """Balance, held and limit from the wallet's one account row: no sum over postings (F23).
    row: that row's (balance, held, floor) as the caller has it just written (a payment's
    ledger UPDATE ... RETURNING), which is then not read again (issue 14)."""
    if row is None:
        row = Account.objects.filter(code=accounts.wallet_code(kiosk)).values_list("balance", "held", "floor").first()
    if row is None or row[2] is None:
        return None
    balance, held, floor = row
    return WalletSummary(balance=balance, held=held, limit=-floor, url=reverse("wallet:home", args=[kiosk.code]))


def current_limit(kiosk):
    floor = Account.objects.filter(code=accounts.wallet_code(kiosk)).values_list("floor", flat=True).first()
    return -(floor or 0)


# ------------------------------------------------------------------ top-ups (req. 5)

def record_topup(kiosk, *, by, amount, utr, transferred_on, idempotency_key):
    """The holder records a bank transfer; it waits for the LSP officer. A UTR that is pending
    or credited already is refused (the database's unique constraint decides)."""
    check_amount(amount)
    utr = normalise_utr(utr)
    today = timezone.localdate()
    if transferred_on > today:
        raise WalletError(_("The date of transfer cannot be in the future."), "transferred_on")
    if transferred_on < today - MAX_TRANSFER_AGE:
        raise WalletError(_("A transfer older than 180 days cannot be recorded here. Ask your LSP."), "transferred_on")
    existing = TopUp.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_kiosk(existing, kiosk)
    accounts.wallet_account(kiosk)
    try:
        with transaction.atomic():
            topup = TopUp.objects.create(
                kiosk=kiosk, method=TopUp.Method.BANK_TRANSFER, amount=amount, utr=utr,
                transferred_on=transferred_on, idempotency_key=idempotency_key, requested_by=by)
            audit.record("wallet.topup.recorded", actor=by, kiosk=kiosk, target=topup,
                         amount_paise=amount, utr=utr)
    except IntegrityError:
        existing = TopUp.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same_kiosk(existing, kiosk)
        if _utr_in_use(utr):
            raise _utr_used(utr) from None
        raise
    return topup


def _same_kiosk(topup, kiosk):
    if topup.kiosk_id != kiosk.pk:
        raise WalletError(_("This form was already used. Open the page again."))
    return topup


def _utr_in_use(utr):
    return TopUp.objects.filter(utr=utr, state__in=[TopUp.State.PENDING, TopUp.State.CONFIRMED]).exists()


def _utr_used(utr):
    return WalletError(_("UTR %(utr)s is already recorded. A bank transfer is credited only once.") % {"utr": utr},
                       "utr")


def check_utr_free(utr):
    """Raise WalletError when the UTR is pending or credited already (a friendly early check;
    the unique constraint is what guarantees it)."""
    utr = normalise_utr(utr)
    if _utr_in_use(utr):
        raise _utr_used(utr)


def topup_facts(topup, by):
    """What the LSP officer's top-up page shows and a confirmation is bound to (issue 9 item 1)."""
    return {"topup": topup.pk, "kiosk": topup.kiosk_id, "amount": topup.amount, "utr": topup.utr,
            "transferred_on": topup.transferred_on, "state": topup.state, "by": by.pk}


def topup_seal(topup, by):
    return confirmation.seal(TOPUP, topup_facts(topup, by))


def confirm_topup(topup, *, by, seen, decision_key=""):
    """The LSP officer confirms a bank transfer: the wallet is credited, once (req. 5).

    seen is the seal of the top-up page (topup_seal): the row is locked and the
    confirmation goes on only for exactly what that page showed (issue 9 items 1-2).
    The state change is one conditional UPDATE, so two officers (or one POST
    sent twice) cannot both credit it; the entry's idempotency key is the top-up's.
    """
    now = timezone.now()
    with transaction.atomic():
        current = TopUp.objects.select_for_update().get(pk=topup.pk)
        if current.state == TopUp.State.CONFIRMED and decision_key and current.decision_key == decision_key:
            return current
        if current.state != TopUp.State.PENDING or current.method != TopUp.Method.BANK_TRANSFER:
            raise _already_decided(current)
        _check_seal(TOPUP, seen, topup_facts(current, by))
        changed = TopUp.objects.filter(pk=topup.pk, state=TopUp.State.PENDING,
                                       method=TopUp.Method.BANK_TRANSFER).update(
            state=TopUp.State.CONFIRMED, decided_by=by, decided_at=now, decision_key=decision_key)
        if not changed:
            raise _already_decided(TopUp.objects.get(pk=topup.pk))
        topup = TopUp.objects.select_related("kiosk").get(pk=topup.pk)
        entry = ledger.post(
            "topup", [(accounts.wallet_code(topup.kiosk), topup.amount), (accounts.BANK, -topup.amount)],
            idempotency_key=f"topup:{topup.pk}", memo=Memo("topup", utr=topup.utr),
            actor_ref=_actor(by), ref=f"topup:{topup.pk}")
        TopUp.objects.filter(pk=topup.pk).update(entry=entry)
        audit.record("wallet.topup.confirmed", actor=by, kiosk=topup.kiosk, target=topup,
                     amount_paise=topup.amount, reference=topup.utr)
    topup.entry = entry
    return topup


def reject_topup(topup, *, by, reason):
    """The LSP officer rejects a bank transfer with a reason; nothing is posted."""
    reason = (reason or "").strip()
    if not reason:
        raise WalletError(_("Give the reason for rejecting, for the holder to read."), "reason")
    with transaction.atomic():
        changed = TopUp.objects.filter(pk=topup.pk, state=TopUp.State.PENDING,
                                       method=TopUp.Method.BANK_TRANSFER).update(
            state=TopUp.State.REJECTED, decided_by=by, decided_at=timezone.now(), reason=reason[:300])
        if not changed:
            raise _already_decided(TopUp.objects.get(pk=topup.pk))
        topup = TopUp.objects.select_related("kiosk").get(pk=topup.pk)
        audit.record("wallet.topup.rejected", actor=by, kiosk=topup.kiosk, target=topup,
                     amount_paise=topup.amount, reason=reason)
    return topup


def _already_decided(topup):
    return WalletError(_("Top-up #%(no)s was already dealt with: it is now “%(state)s”.")
                       % {"no": topup.pk, "state": topup.get_state_display()})


def start_gateway_topup(kiosk, *, by, amount, idempotency_key):
    """The holder pays online. The top-up waits until the gateway says it was paid; the
    background task (tasks.reconcile_topup, enqueued after commit) asks it (F4: no button)."""
    from emitra.wallet.tasks import reconcile_topup

    check_amount(amount)
    existing = TopUp.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_kiosk(existing, kiosk)
    gateway = get_gateway()
    accounts.wallet_account(kiosk)
    try:
        with transaction.atomic():
            topup = TopUp.objects.create(kiosk=kiosk, method=TopUp.Method.GATEWAY, amount=amount,
                                         gateway=gateway.name, idempotency_key=idempotency_key, requested_by=by)
    except IntegrityError:
        return _same_kiosk(TopUp.objects.get(idempotency_key=idempotency_key), kiosk)
    # Outside the row's transaction: a gateway call may be slow and must not hold locks.
    try:
        reference = gateway.start(topup)
    except Exception as e:  # a gateway outage must leave a visible, failed top-up, not a 500
        TopUp.objects.filter(pk=topup.pk).update(state=TopUp.State.FAILED, reason=f"gateway: {e}"[:300])
        raise WalletError(_("The payment gateway could not be reached. Nothing was charged; try again later.")) \
            from None
    with transaction.atomic():
        TopUp.objects.filter(pk=topup.pk).update(gateway_ref=reference)
        topup.gateway_ref = reference
        audit.record("wallet.topup.started", actor=by, kiosk=kiosk, target=topup,
                     amount_paise=amount, gateway=gateway.name, reference=reference)
        transaction.on_commit(lambda: reconcile_topup.enqueue(topup.pk))
    return topup


def settle_gateway_topup(topup_id):
    """Ask the gateway about one pending online top-up and credit it when paid, once.
    Returns the top-up's state afterwards. Called by the background task only."""
    topup = TopUp.objects.select_related("kiosk").get(pk=topup_id)
    if topup.state != TopUp.State.PENDING or topup.method != TopUp.Method.GATEWAY or not topup.gateway_ref:
        return topup.state
    status = get_gateway(topup.gateway).status(topup)
    TopUp.objects.filter(pk=topup.pk).update(attempts=F("attempts") + 1)
    if status.state == PAID and status.amount != topup.amount:
        return _fail_gateway_topup(topup, f"gateway reports {status.amount} paise, expected {topup.amount}")
    if status.state == FAILED:
        return _fail_gateway_topup(topup, status.detail or "refused by the gateway")
    if status.state != PAID:
        return TopUp.State.PENDING
    with transaction.atomic():
        if not TopUp.objects.filter(pk=topup.pk, state=TopUp.State.PENDING).update(
                state=TopUp.State.CONFIRMED, decided_at=timezone.now()):
            return TopUp.objects.get(pk=topup.pk).state
        entry = ledger.post(
            "topup_gateway",
            [(accounts.wallet_code(topup.kiosk), topup.amount), (accounts.TOPUPS_IN_TRANSIT, -topup.amount)],
            idempotency_key=f"topup:{topup.pk}", memo=Memo("topup_gateway", gateway=topup.gateway, reference=topup.gateway_ref),
            actor_ref="system", ref=f"topup:{topup.pk}")
        TopUp.objects.filter(pk=topup.pk).update(entry=entry)
        audit.record("wallet.topup.confirmed", kiosk=topup.kiosk, target=topup,
                     amount_paise=topup.amount, gateway=topup.gateway, reference=topup.gateway_ref)
    return TopUp.State.CONFIRMED


def _fail_gateway_topup(topup, reason):
    with transaction.atomic():
        if TopUp.objects.filter(pk=topup.pk, state=TopUp.State.PENDING).update(
                state=TopUp.State.FAILED, decided_at=timezone.now(), reason=reason[:300]):
            audit.record("wallet.topup.failed", kiosk=topup.kiosk, target=topup, amount_paise=topup.amount,
                         reason=reason)
    return TopUp.objects.get(pk=topup.pk).state


def give_up_gateway_topup(topup_id):
    """A gateway top-up still pending after every reconciliation attempt: mark it failed,
    for a person to look into with the gateway's reference (STYLE 7)."""
    topup = TopUp.objects.select_related("kiosk").get(pk=topup_id)
    return _fail_gateway_topup(topup, "no answer from the gateway after every attempt")


# ------------------------------------------------------------------ security deposit (F18)

def check_deposit(kiosk, *, amount, reference, received_on):
    """Refuse a deposit that cannot be recorded, before its confirmation page is shown (F18)."""
    check_amount(amount)
    if not (reference or "").strip():
        raise WalletError(_("Enter the receipt, DD or UTR number of the deposit."), "reference")
    if received_on > timezone.localdate():
        raise WalletError(_("The date received cannot be in the future."), "received_on")


def deposit_facts(kiosk, *, by, amount, reference, received_on, idempotency_key):
    """What the deposit's confirmation page shows and the deposit is bound to (issue 9 item 2)."""
    return {"kiosk": kiosk.pk, "amount": amount, "reference": (reference or "").strip()[:40],
            "received_on": received_on, "key": idempotency_key, "by": by.pk}


def deposit_seal(kiosk, **facts):
    return confirmation.seal(DEPOSIT, deposit_facts(kiosk, **facts))


def record_deposit(kiosk, *, by, amount, reference, received_on, idempotency_key, seen):
    """The LSP officer or DoIT records a kiosk's security deposit (F18): one entry credits the
    wallet (usable balance) and records the amount against deposits held.

    seen is the seal of the confirmation page (deposit_seal): a deposit is recorded only
    as that page showed it, so posting the form without the page is refused (issue 9 item 2)."""
    check_deposit(kiosk, amount=amount, reference=reference, received_on=received_on)
    reference = (reference or "").strip()
    existing = SecurityDeposit.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_kiosk(existing, kiosk)
    _check_seal(DEPOSIT, seen, deposit_facts(kiosk, by=by, amount=amount, reference=reference,
                                             received_on=received_on, idempotency_key=idempotency_key))
    accounts.wallet_account(kiosk)
    with transaction.atomic():
        try:
            with transaction.atomic():
                deposit = SecurityDeposit.objects.create(
                    kiosk=kiosk, amount=amount, reference=reference[:40], received_on=received_on,
                    recorded_by=by, idempotency_key=idempotency_key)
        except IntegrityError:
            return _same_kiosk(SecurityDeposit.objects.get(idempotency_key=idempotency_key), kiosk)
        entry = ledger.post(
            "security_deposit", [(accounts.wallet_code(kiosk), amount), (accounts.DEPOSITS_HELD, -amount)],
            idempotency_key=f"deposit:{deposit.pk}", memo=Memo("security_deposit", reference=reference),
            actor_ref=_actor(by), ref=f"deposit:{deposit.pk}")
        SecurityDeposit.objects.filter(pk=deposit.pk).update(entry=entry)
        audit.record("wallet.deposit.recorded", actor=by, kiosk=kiosk, target=deposit,
                     amount_paise=amount, reference=reference)
    deposit.entry = entry
    return deposit


def deposit_total(kiosk):
    return SecurityDeposit.objects.filter(kiosk=kiosk).aggregate(s=Coalesce(Sum("amount"), 0))["s"]


# ------------------------------------------------------------------ credit limit (F16)

def rule_in_force(day=None):
    day = day or timezone.localdate()
    return CreditRule.objects.filter(valid_from__lte=day).order_by("-valid_from", "-id").first()


def average_daily_debits(kiosk, days=VOLUME_WINDOW_DAYS):
    """The kiosk's wallet debits over the last `days` days, per day, in whole paise."""
    since = timezone.now() - datetime.timedelta(days=days)
    total = Posting.objects.filter(account__code=accounts.wallet_code(kiosk), amount__lt=0,
                                   created__gte=since).aggregate(s=Coalesce(Sum("amount"), 0))["s"]
    return -total // days


@dataclass(frozen=True)
class CreditAllowance:
    rule: CreditRule | None
    deposit: int
    average_daily_debits: int
    at_once: int  # approved without asking anyone
    lsp_max: int | None  # the most the LSP may grant; None: no rule, no cap but sanity

    @property
    def by_deposit(self):
        return self.deposit * self.rule.deposit_percent // 100 if self.rule else 0

    @property
    def by_volume(self):
        return self.average_daily_debits * self.rule.volume_days if self.rule else 0


def credit_allowance(kiosk):
    """What the rules in force allow this kiosk now (F16)."""
    rule = rule_in_force()
    deposit, volume = deposit_total(kiosk), average_daily_debits(kiosk)
    if rule is None:
        return CreditAllowance(None, deposit, volume, 0, None)
    allowance = CreditAllowance(rule, deposit, volume, 0, rule.lsp_max)
    at_once = min(rule.auto_max, max(allowance.by_deposit, allowance.by_volume))
    return CreditAllowance(rule, deposit, volume, at_once, rule.lsp_max)


def limit_request_facts(kiosk, by, limit):
    """What the holder's credit-limit page shows and a request is bound to: the limit now (issue 9 item 4)."""
    return {"kiosk": kiosk.pk, "limit": limit, "by": by.pk}


def limit_request_seal(kiosk, by):
    return confirmation.seal(LIMIT_REQUEST, limit_request_facts(kiosk, by, current_limit(kiosk)))


class LimitChangedSinceShown(Changed):
    def __init__(self):
        super().__init__(_("The credit limit changed after this page was shown. Check the limit now, below, "
                           "then ask again. Nothing was changed."))


def _lock_wallet(kiosk):
    """Lock the kiosk's wallet row (the credit limit is its floor) for this transaction; the limit now."""
    return -(Account.objects.select_for_update().get(code=accounts.wallet_code(kiosk)).floor or 0)


def request_credit_limit(kiosk, *, by, amount, idempotency_key, seen):
    """The holder asks for a credit limit (F16). Within the rules (or lower than now) it is
    approved at once; above them but within what an LSP may grant it waits for the LSP
    officer; above that it is refused. Returns the CreditLimitRequest.

    seen is the seal of the limit page (limit_request_seal): the request is made against
    the limit that page showed, and records it (base_limit); a limit changed since is
    refused with the page shown again (issue 9 item 4)."""
    existing = CreditLimitRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_kiosk(existing, kiosk)
    check_amount(amount, maximum=ABSURD_PAISE - 1)
    accounts.wallet_account(kiosk)
    with transaction.atomic():
        limit = _lock_wallet(kiosk)
        _check_seal(LIMIT_REQUEST, seen, limit_request_facts(kiosk, by, limit), LimitChangedSinceShown)
        if amount == limit:
            raise WalletError(_("Your credit limit is %(limit)s already.") % {"limit": format_paise(limit)}, "amount")
        allowance = credit_allowance(kiosk)
        if allowance.lsp_max is not None and amount > allowance.lsp_max:
            raise WalletError(_("The rules allow a credit limit of at most %(max)s.")
                              % {"max": format_paise(allowance.lsp_max)}, "amount")
        at_once = amount <= allowance.at_once or amount < limit
        try:
            with transaction.atomic():
                request = CreditLimitRequest.objects.create(
                    kiosk=kiosk, amount=amount, requested_by=by, idempotency_key=idempotency_key,
                    state=CreditLimitRequest.State.APPROVED if at_once else CreditLimitRequest.State.PENDING,
                    allowed_at_once=allowance.at_once, rule=allowance.rule, base_limit=limit,
                    decided_at=timezone.now() if at_once else None)
        except IntegrityError:
            existing = CreditLimitRequest.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return _same_kiosk(existing, kiosk)
            raise WalletError(_("A request for a credit limit is already waiting for your LSP.")) from None
        if at_once:
            _change_limit(kiosk, amount, source=CreditLimitChange.Source.RULES, request=request, by=by)
        audit.record("wallet.limit.requested", actor=by, kiosk=kiosk, target=request,
                     amount_paise=amount, state=request.state, limit_paise=limit)
    return request


def decision_facts(request, by, limit):
    """What the LSP's page of a waiting request shows and a decision is bound to: the request
    as it stands (its state, the limit asked and the limit it was made against) and the limit now."""
    return {"request": request.pk, "kiosk": request.kiosk_id, "state": request.state, "amount": request.amount,
            "base": request.base_limit, "limit": limit, "by": by.pk}


def decision_seal(request, by):
    return confirmation.seal(LIMIT_DECISION, decision_facts(request, by, current_limit(request.kiosk)))


def changes_since(request):
    """The changes of the kiosk's limit since the request was made (newest first): what the LSP
    is shown when the limit is no longer the one the request was made against (issue 9 item 4)."""
    return (CreditLimitChange.objects.filter(kiosk_id=request.kiosk_id, created__gte=request.created)
            .exclude(request=request).select_related("changed_by", "request"))


class LimitChangedSinceShownToLsp(Changed):
    def __init__(self):
        super().__init__(_("The request or the kiosk's credit limit changed after this page was shown. "
                           "What holds now is shown below: decide again. Nothing was changed."))


def _lock_request(request, by, seen):
    """Lock the kiosk's wallet and the request (in this order, as a grant changes both), refuse a
    request no longer waiting, check the decision's seal; the request and the limit now."""
    limit = _lock_wallet(request.kiosk)
    current = CreditLimitRequest.objects.select_for_update().select_related("kiosk").get(pk=request.pk)
    if current.state != CreditLimitRequest.State.PENDING:
        raise _request_decided(current)
    _check_seal(LIMIT_DECISION, seen, decision_facts(current, by, limit), LimitChangedSinceShownToLsp)
    return current, limit


def grant_credit_limit(request, *, by, seen, amount=None, decide_again=False):
    """The LSP officer grants a waiting request, for the amount asked or less (F16).

    The grant applies to the limit the request was made against (base_limit): when the limit
    changed since (a smaller request approved at once by the rules meanwhile, say), it is
    refused unless the officer decides again on a page that shows what changed
    (decide_again; the seal binds the limit that page showed), so a late grant never
    silently replaces a newer limit (issue 9 item 4). A withdrawn request cannot be granted.
    """
    amount = request.amount if amount is None else amount
    check_amount(amount, maximum=request.amount, field="amount")
    allowance = credit_allowance(request.kiosk)
    if allowance.lsp_max is not None and amount > allowance.lsp_max:
        raise WalletError(_("The rules allow a credit limit of at most %(max)s.")
                          % {"max": format_paise(allowance.lsp_max)}, "amount")
    with transaction.atomic():
        request, limit = _lock_request(request, by, seen)
        if request.base_limit is not None and limit != request.base_limit and not decide_again:
            raise WalletError(_("The credit limit was %(then)s when this request was made and is %(now)s now. "
                                "Check what changed since, then decide again.")
                              % {"then": format_paise(request.base_limit), "now": format_paise(limit)},
                              "decide_again")
        CreditLimitRequest.objects.filter(pk=request.pk, state=CreditLimitRequest.State.PENDING).update(
            state=CreditLimitRequest.State.GRANTED, decided_by=by, decided_at=timezone.now(), granted_amount=amount)
        _change_limit(request.kiosk, amount, source=CreditLimitChange.Source.LSP, request=request, by=by)
        audit.record("wallet.limit.granted", actor=by, kiosk=request.kiosk, target=request,
                     amount_paise=amount, limit_paise=limit)
    request.refresh_from_db()
    return request


def refuse_credit_limit(request, *, by, reason, seen):
    """The LSP officer refuses a waiting request with a reason for the holder, on the page
    the seal binds (decision_seal)."""
    reason = (reason or "").strip()
    if not reason:
        raise WalletError(_("Give the reason for refusing, for the holder to read."), "reason")
    with transaction.atomic():
        request, _limit = _lock_request(request, by, seen)
        CreditLimitRequest.objects.filter(pk=request.pk, state=CreditLimitRequest.State.PENDING).update(
            state=CreditLimitRequest.State.REFUSED, decided_by=by, decided_at=timezone.now(), reason=reason[:300])
        audit.record("wallet.limit.refused", actor=by, kiosk=request.kiosk, target=request,
                     amount_paise=request.amount, reason=reason)
    request.refresh_from_db()
    return request


def withdraw_facts(request, by):
    """What the holder's withdrawal page shows: the waiting request (issue 9 item 4)."""
    return {"request": request.pk, "kiosk": request.kiosk_id, "state": request.state, "amount": request.amount,
            "by": by.pk}


def withdraw_seal(request, by):
    return confirmation.seal(LIMIT_WITHDRAW, withdraw_facts(request, by))


def withdraw_credit_request(request, *, by, seen):
    """The kiosk's holder withdraws a request still waiting for the LSP, after a confirmation page
    (withdraw_seal); a withdrawn request can no longer be granted or refused (issue 9 item 4)."""
    with transaction.atomic():
        current = CreditLimitRequest.objects.select_for_update().select_related("kiosk").get(pk=request.pk)
        if current.state == CreditLimitRequest.State.WITHDRAWN and current.decided_by_id == by.pk:
            return current  # the same confirmation sent twice
        if current.kiosk.holder_id != by.pk:
            raise WalletError(_("Only the kiosk's holder can withdraw its request."))
        if current.state != CreditLimitRequest.State.PENDING:
            raise _request_decided(current)
        _check_seal(LIMIT_WITHDRAW, seen, withdraw_facts(current, by))
        CreditLimitRequest.objects.filter(pk=current.pk, state=CreditLimitRequest.State.PENDING).update(
            state=CreditLimitRequest.State.WITHDRAWN, decided_by=by, decided_at=timezone.now())
        audit.record("wallet.limit.withdrawn", actor=by, kiosk=current.kiosk, target=current,
                     amount_paise=current.amount)
    current.refresh_from_db()
    return current


def _request_decided(request):
    current = CreditLimitRequest.objects.get(pk=request.pk)
    return WalletError(_("This request was already dealt with: it is now “%(state)s”.")
                       % {"state": current.get_state_display()})


def _change_limit(kiosk, new_limit, *, source, request=None, by=None):
    """Set the wallet's floor to -new_limit through the ledger and keep the change in history.
    Inside the caller's transaction; the wallet row is locked so that the history's old
    limit is the one replaced."""
    account = Account.objects.select_for_update().get(code=accounts.wallet_code(kiosk))
    old_limit = -account.floor
    try:
        ledger.set_floor(account, -new_limit)
    except BalanceBelowNewFloor:
        raise WalletError(_("The wallet already uses more credit than %(limit)s. Top up first, then ask again.")
                          % {"limit": format_paise(new_limit)}, "amount") from None
    except LedgerError as e:
        raise WalletError(str(e)) from None
    return CreditLimitChange.objects.create(kiosk=kiosk, old_limit=old_limit, new_limit=new_limit, source=source,
                                            request=request, changed_by=by)


def add_credit_rule(*, by, valid_from, deposit_percent, volume_days, auto_max, lsp_max):
    """DoIT adds a credit rule in force from a day (today or later): rules in force are never
    edited, so an old decision can always be explained (STYLE 8)."""
    if valid_from < timezone.localdate():
        raise WalletError(_("A rule comes into force today or later; past decisions keep their rule."),
                          "valid_from")
    if auto_max > lsp_max:
        raise WalletError(_("What is approved at once cannot be more than what an LSP may grant."), "auto_max")
    with transaction.atomic():
        rule = CreditRule.objects.create(valid_from=valid_from, deposit_percent=deposit_percent,
                                         volume_days=volume_days, auto_max=auto_max, lsp_max=lsp_max, created_by=by)
        audit.record("wallet.credit_rule.added", actor=by, target=rule,
                     valid_from=valid_from, deposit_percent=deposit_percent,
                     volume_days=volume_days, auto_max_paise=auto_max, lsp_max_paise=lsp_max)
    return rule


# ------------------------------------------------------------------ statements (F5)

def kiosk_statement(kiosk, which, date_from, date_to):
    """The wallet or commission statement of a kiosk for days date_from..date_to (F5)."""
    account = accounts.wallet_account(kiosk) if which == "wallet" else accounts.commission_account(kiosk)
    return ledger.statement(account, date_from, date_to)


def kind_labels():
    """Words for the entry kinds a kiosk sees on its statements (issue 12 req. 6: none shown as its code)."""
    return {
        "topup": _("Top-up (bank transfer)"),
        "topup_gateway": _("Top-up (online)"),
        "security_deposit": _("Security deposit"),
        "reversal": _("Reversal"),
        "receipt": _("Payment"),
        "receipt_cheque": _("Payment by cheque"),
        "receipt_line_reversal": _("Reversal of receipt lines"),
        "cheque_cleared": _("Cheque cleared"),
        "commission_reversal": _("Commission taken back"),
        "payout": _("Commission payout"),
        "payout_paid": _("Payout paid"),
    }
