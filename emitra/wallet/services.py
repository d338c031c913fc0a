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

from emitra.core import audit
from emitra.core.money import ABSURD_PAISE, format_paise
from emitra.ledger import services as ledger
from emitra.ledger.errors import BalanceBelowNewFloor, LedgerError
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


def wallet_summary(kiosk):
    """Balance, held and limit from the wallet's one account row: no sum over postings (F23)."""
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
                         summary=f"{format_paise(amount)} UTR {utr}")
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


def confirm_topup(topup, *, by, decision_key=""):
    """The LSP officer confirms a bank transfer: the wallet is credited, once (req. 5).

    The state change is one conditional UPDATE, so two officers (or one POST
    sent twice) cannot both credit it; the entry's idempotency key is the top-up's.
    """
    now = timezone.now()
    with transaction.atomic():
        changed = TopUp.objects.filter(pk=topup.pk, state=TopUp.State.PENDING,
                                       method=TopUp.Method.BANK_TRANSFER).update(
            state=TopUp.State.CONFIRMED, decided_by=by, decided_at=now, decision_key=decision_key)
        if not changed:
            current = TopUp.objects.get(pk=topup.pk)
            if current.state == TopUp.State.CONFIRMED and decision_key and current.decision_key == decision_key:
                return current
            raise _already_decided(current)
        topup = TopUp.objects.select_related("kiosk").get(pk=topup.pk)
        entry = ledger.post(
            "topup", [(accounts.wallet_code(topup.kiosk), topup.amount), (accounts.BANK, -topup.amount)],
            idempotency_key=f"topup:{topup.pk}", memo=f"Top-up by bank transfer, UTR {topup.utr}",
            actor_ref=_actor(by), ref=f"topup:{topup.pk}")
        TopUp.objects.filter(pk=topup.pk).update(entry=entry)
        audit.record("wallet.topup.confirmed", actor=by, kiosk=topup.kiosk, target=topup,
                     summary=f"{format_paise(topup.amount)} UTR {topup.utr}")
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
        audit.record("wallet.topup.rejected", actor=by, kiosk=topup.kiosk, target=topup, summary=reason)
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
                     summary=f"{format_paise(amount)} {gateway.name} {reference}")
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
            idempotency_key=f"topup:{topup.pk}", memo=f"Online top-up, {topup.gateway} {topup.gateway_ref}",
            actor_ref="system", ref=f"topup:{topup.pk}")
        TopUp.objects.filter(pk=topup.pk).update(entry=entry)
        audit.record("wallet.topup.confirmed", kiosk=topup.kiosk, target=topup,
                     summary=f"{format_paise(topup.amount)} {topup.gateway} {topup.gateway_ref}")
    return TopUp.State.CONFIRMED


def _fail_gateway_topup(topup, reason):
    with transaction.atomic():
        if TopUp.objects.filter(pk=topup.pk, state=TopUp.State.PENDING).update(
                state=TopUp.State.FAILED, decided_at=timezone.now(), reason=reason[:300]):
            audit.record("wallet.topup.failed", kiosk=topup.kiosk, target=topup, summary=reason)
    return TopUp.objects.get(pk=topup.pk).state


def give_up_gateway_topup(topup_id):
    """A gateway top-up still pending after every reconciliation attempt: mark it failed,
    for a person to look into with the gateway's reference (STYLE 7)."""
    topup = TopUp.objects.select_related("kiosk").get(pk=topup_id)
    return _fail_gateway_topup(topup, "no answer from the gateway after every attempt")


# ------------------------------------------------------------------ security deposit (F18)

def record_deposit(kiosk, *, by, amount, reference, received_on, idempotency_key):
    """The LSP officer or DoIT records a kiosk's security deposit (F18): one entry credits the
    wallet (usable balance) and records the amount against deposits held."""
    check_amount(amount)
    reference = (reference or "").strip()
    if not reference:
        raise WalletError(_("Enter the receipt, DD or UTR number of the deposit."), "reference")
    if received_on > timezone.localdate():
        raise WalletError(_("The date received cannot be in the future."), "received_on")
    existing = SecurityDeposit.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_kiosk(existing, kiosk)
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
            idempotency_key=f"deposit:{deposit.pk}", memo=f"Security deposit, {reference}"[:300],
            actor_ref=_actor(by), ref=f"deposit:{deposit.pk}")
        SecurityDeposit.objects.filter(pk=deposit.pk).update(entry=entry)
        audit.record("wallet.deposit.recorded", actor=by, kiosk=kiosk, target=deposit,
                     summary=f"{format_paise(amount)} {reference}")
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


def request_credit_limit(kiosk, *, by, amount, idempotency_key):
    """The holder asks for a credit limit (F16). Within the rules (or lower than now) it is
    approved at once; above them but within what an LSP may grant it waits for the LSP
    officer; above that it is refused. Returns the CreditLimitRequest."""
    existing = CreditLimitRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_kiosk(existing, kiosk)
    check_amount(amount, maximum=ABSURD_PAISE - 1)
    accounts.wallet_account(kiosk)
    limit = current_limit(kiosk)
    if amount == limit:
        raise WalletError(_("Your credit limit is %(limit)s already.") % {"limit": format_paise(limit)}, "amount")
    allowance = credit_allowance(kiosk)
    if allowance.lsp_max is not None and amount > allowance.lsp_max:
        raise WalletError(_("The rules allow a credit limit of at most %(max)s.")
                          % {"max": format_paise(allowance.lsp_max)}, "amount")
    at_once = amount <= allowance.at_once or amount < limit
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = CreditLimitRequest.objects.create(
                    kiosk=kiosk, amount=amount, requested_by=by, idempotency_key=idempotency_key,
                    state=CreditLimitRequest.State.APPROVED if at_once else CreditLimitRequest.State.PENDING,
                    allowed_at_once=allowance.at_once, rule=allowance.rule,
                    decided_at=timezone.now() if at_once else None)
        except IntegrityError:
            existing = CreditLimitRequest.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return _same_kiosk(existing, kiosk)
            raise WalletError(_("A request for a credit limit is already waiting for your LSP.")) from None
        if at_once:
            _change_limit(kiosk, amount, source=CreditLimitChange.Source.RULES, request=request, by=by)
        audit.record("wallet.limit.requested", actor=by, kiosk=kiosk, target=request,
                     summary=f"{format_paise(amount)} {request.state}")
    return request


def grant_credit_limit(request, *, by, amount=None):
    """The LSP officer grants a waiting request, for the amount asked or less (F16)."""
    amount = request.amount if amount is None else amount
    check_amount(amount, maximum=request.amount, field="amount")
    allowance = credit_allowance(request.kiosk)
    if allowance.lsp_max is not None and amount > allowance.lsp_max:
        raise WalletError(_("The rules allow a credit limit of at most %(max)s.")
                          % {"max": format_paise(allowance.lsp_max)}, "amount")
    with transaction.atomic():
        if not CreditLimitRequest.objects.filter(pk=request.pk, state=CreditLimitRequest.State.PENDING).update(
                state=CreditLimitRequest.State.GRANTED, decided_by=by, decided_at=timezone.now(),
                granted_amount=amount):
            raise _request_decided(request)
        _change_limit(request.kiosk, amount, source=CreditLimitChange.Source.LSP, request=request, by=by)
        audit.record("wallet.limit.granted", actor=by, kiosk=request.kiosk, target=request,
                     summary=format_paise(amount))
    request.refresh_from_db()
    return request


def refuse_credit_limit(request, *, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise WalletError(_("Give the reason for refusing, for the holder to read."), "reason")
    with transaction.atomic():
        if not CreditLimitRequest.objects.filter(pk=request.pk, state=CreditLimitRequest.State.PENDING).update(
                state=CreditLimitRequest.State.REFUSED, decided_by=by, decided_at=timezone.now(),
                reason=reason[:300]):
            raise _request_decided(request)
        audit.record("wallet.limit.refused", actor=by, kiosk=request.kiosk, target=request, summary=reason)
    request.refresh_from_db()
    return request


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
                     summary=f"from {valid_from}: {deposit_percent}% deposit, {volume_days} days, "
                             f"at once {format_paise(auto_max)}, LSP {format_paise(lsp_max)}")
    return rule


# ------------------------------------------------------------------ statements (F5)

def kiosk_statement(kiosk, which, date_from, date_to):
    """The wallet or commission statement of a kiosk for days date_from..date_to (F5)."""
    account = accounts.wallet_account(kiosk) if which == "wallet" else accounts.commission_account(kiosk)
    return ledger.statement(account, date_from, date_to)


def kind_labels():
    """Words for the entry kinds a kiosk sees on its statements; other kinds show their memo."""
    return {
        "topup": _("Top-up (bank transfer)"),
        "topup_gateway": _("Top-up (online)"),
        "security_deposit": _("Security deposit"),
        "reversal": _("Reversal"),
    }
