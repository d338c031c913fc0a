"""Commission payouts (F9, issue 10 req. 6-7): PAN, bank account, TDS, payouts.

Rules kept here:

* The holder's PAN is part of the kiosk's payout profile, format-checked (req. 6).
* A bank account for payouts is a new row for every change; it is used only once an
  officer of the kiosk's LSP has verified it, and no payout goes to any other
  account, nor while a change waits for verification (req. 7).
* TDS under section 194H comes from dated rows (TdsRate): the rate with a PAN or
  without one (section 206AA), and the financial year's threshold. Nothing is
  deducted while the holder's payouts in the financial year (April-March) stay
  within the threshold; the payout that takes them past it is taxed on the whole
  year's payouts not yet taxed, and every later one on itself. The year's sum is
  read under a lock of the holder's row, so two payouts at once cannot both miss
  the threshold. Rounding is core.money.apply_rate (half up, to the paisa).
* A payout is one ledger entry: gross off the kiosk's commission account (one
  conditional UPDATE that keeps it at or above zero, emitra.commissions.accounts
  rule 4: a payout above the balance, or while a claw-back is outstanding, is
  refused and writes nothing, never read-then-write), TDS to DoIT's TDS payable, net to payouts
  in transit. It ends paid (in transit -> bank) or failed (the entry reversed: the
  gross back in the commission balance, the TDS not deducted), exactly once: each
  end is a conditional UPDATE of the payout's state, and the holder is told through
  the outbox in the same transaction.
"""
import datetime
import secrets
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.models import Person
from emitra.commissions import accounts as commission_accounts
from emitra.core import audit, confirmation
from emitra.core.money import ABSURD_PAISE, apply_rate, format_paise
from emitra.ledger import services as ledger
from emitra.ledger.errors import InsufficientFunds
from emitra.ledger.memos import Memo
from emitra.ledger.models import AccountKind
from emitra.network.models import Kiosk, account_no_validator, ifsc_validator
from emitra.payouts import messages
from emitra.payouts.models import BankAccount, Payout, PayoutProfile, TdsRate, pan_validator
from emitra.wallet import accounts as network_accounts

TDS_PAYABLE = "doit:tds_payable"
PAYOUT_KINDS = ("payout", "payout_paid")


class PayoutError(Exception):
    """A refused operation; str(e) is the message for the person, `field` the form field it concerns."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class QuoteChanged(PayoutError):
    """What the confirmation page showed is no longer what the payout would be; `quote` is the new one."""

    def __init__(self, quote):
        super().__init__(_("The figures changed since you looked at them. Check the new ones and confirm again."))
        self.quote = quote


class NotConfirmed(PayoutError):
    """The confirmation sent is not a seal of the page that showed the payout (missing, made up,
    altered or too old): the confirmation page is shown again and nothing moves (issue 9 items 1-2)."""

    def __init__(self):
        super().__init__(_("This confirmation does not come from the page that shows the payout, or it is out of "
                           "date. Check the figures below, then confirm again. Nothing was transferred."))


# A payout's confirmation page is good for this long (emitra.core.confirmation max_age).
CONFIRM_MAX_AGE = 30 * 60
PAYOUT = "payout"


def payout_facts(kiosk, by, account_id, quote):
    """What the payout's confirmation page shows and the payout is bound to: gross, TDS, net,
    the account and the day, for this kiosk and this person (issue 9 item 1)."""
    return {"kiosk": kiosk.pk, "by": by.pk if by is not None else None, **quote.seen(account_id)}


def payout_seal(kiosk, by, account_id, quote):
    return confirmation.seal(PAYOUT, payout_facts(kiosk, by, account_id, quote))


def _actor(person):
    return f"person:{person.sso_id}" if person is not None else "system"


# ------------------------------------------------------------------ accounts

def open_tds_account():
    """DoIT's "TDS payable" account (req. 6): what was deducted and is owed to the income-tax department."""
    return ledger.open_account(TDS_PAYABLE, AccountKind.DOIT, name="DoIT: TDS payable (section 194H)",
                               name_hi="डीओआईटी: देय टीडीएस (धारा 194H)",
                               owner_ref="doit")


def commission_account(kiosk):
    """The account a payout draws from: the kiosk's commission balance (net of any claw-back)."""
    return commission_accounts.kiosk_commission_account(kiosk)


def commission_available(kiosk):
    """What the holder may transfer now (display only; the payout's own debit decides): the balance
    less any claw-back, never below zero (emitra.commissions.accounts rule 4)."""
    return commission_accounts.payable(kiosk)


# ------------------------------------------------------------------ profile (req. 6)

def profile_of(kiosk):
    profile, _created = PayoutProfile.objects.get_or_create(kiosk=kiosk)
    return profile


def normalise_pan(pan):
    return "".join(str(pan or "").split()).upper()


def set_pan(kiosk, *, by, pan):
    """The holder records (or clears) their PAN on the kiosk's profile (req. 6). Format-checked;
    a payout already made keeps the PAN it was made with."""
    pan = normalise_pan(pan)
    if pan:
        try:
            pan_validator(pan)
        except ValidationError as e:
            raise PayoutError(e.messages[0], "pan") from None
    with transaction.atomic():
        profile = profile_of(kiosk)
        PayoutProfile.objects.filter(pk=profile.pk).update(pan=pan, updated_by=by, updated=timezone.now())
        audit.record("payouts.pan.set", actor=by, kiosk=kiosk, target=profile,
                     pan=f"{pan[:5]}****{pan[-1:]}" if pan else "")
    profile.pan = pan
    return profile


def set_auto_payout(kiosk, *, by, enabled, minimum):
    """The holder turns the monthly automatic payout on or off (req. 7): from the 1st of the next
    month, once a month, the whole balance is paid out when it is above the minimum."""
    if type(minimum) is not int or minimum < 0 or minimum >= ABSURD_PAISE:  # noqa: E721
        raise PayoutError(_("Enter the minimum in rupees."), "minimum")
    today = timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    with transaction.atomic():
        profile = PayoutProfile.objects.select_for_update().get(pk=profile_of(kiosk).pk)
        auto_from = (profile.auto_from if profile.auto_payout else next_month) if enabled else None
        PayoutProfile.objects.filter(pk=profile.pk).update(auto_payout=bool(enabled), auto_minimum=minimum,
                                                            auto_from=auto_from, updated_by=by,
                                                            updated=timezone.now())
        audit.record("payouts.auto.set", actor=by, kiosk=kiosk, target=profile,
                     enabled=bool(enabled), minimum_paise=minimum, auto_from=auto_from)
    profile.auto_payout, profile.auto_minimum, profile.auto_from = bool(enabled), minimum, auto_from
    return profile


# ------------------------------------------------------------------ bank account (req. 7)

def verified_account(kiosk):
    return BankAccount.objects.filter(kiosk=kiosk, state=BankAccount.State.VERIFIED).first()


def pending_account(kiosk):
    return BankAccount.objects.filter(kiosk=kiosk, state=BankAccount.State.PENDING).first()


def request_bank_account(kiosk, *, by, name, account_no, ifsc):
    """The holder names a new bank account for payouts; it waits for the LSP officer (req. 7).

    One change waits at a time (a unique constraint decides); the same details as
    the verified account are refused as no change.
    """
    name = " ".join(str(name or "").split())
    account_no = "".join(str(account_no or "").split())
    ifsc = "".join(str(ifsc or "").split()).upper()
    if not name:
        raise PayoutError(_("Enter the name on the bank account."), "name")
    for value, check, field in ((account_no, account_no_validator, "account_no"), (ifsc, ifsc_validator, "ifsc")):
        try:
            check(value)
        except ValidationError as e:
            raise PayoutError(e.messages[0], field) from None
    current = verified_account(kiosk)
    if current and (current.name, current.account_no, current.ifsc) == (name, account_no, ifsc):
        raise PayoutError(_("This is the verified account already."), "account_no")
    try:
        with transaction.atomic():
            account = BankAccount.objects.create(kiosk=kiosk, name=name[:100], account_no=account_no, ifsc=ifsc,
                                                 requested_by=by)
            audit.record("payouts.bank_account.requested", actor=by, kiosk=kiosk, target=account,
                         account=str(account))
    except IntegrityError:
        raise PayoutError(_("A change of bank account is already waiting for the LSP. Wait for it, or ask the "
                            "LSP to reject it first.")) from None
    return account


ACCOUNT = "payouts-bank-account"


def account_facts(account, by):
    """What the LSP officer's page of an account change shows and a verification is bound to (issue 9 item 1)."""
    return {"account": account.pk, "kiosk": account.kiosk_id, "name": account.name, "account_no": account.account_no,
            "ifsc": account.ifsc, "state": account.state, "by": by.pk}


def account_seal(account, by):
    return confirmation.seal(ACCOUNT, account_facts(account, by))


def verify_bank_account(account, *, by, seen):
    """An officer of the kiosk's LSP verifies a pending account: it becomes the one payouts go to,
    and the one before is replaced, in one transaction (two officers cannot both win).
    seen is the seal of the page that showed the account (account_seal): payouts go only to the
    account the officer was shown (issue 9 items 1-2)."""
    now = timezone.now()
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().select_related("kiosk").get(pk=account.pk)
        if account.requested_by_id == by.pk:
            raise PayoutError(_("The person who named an account cannot verify it."))
        if account.state != BankAccount.State.PENDING:
            raise _already_decided(account)
        try:
            confirmation.check(ACCOUNT, seen, account_facts(account, by))
        except confirmation.NotConfirmed:
            raise NotConfirmed() from None
        BankAccount.objects.filter(kiosk_id=account.kiosk_id, state=BankAccount.State.VERIFIED).update(
            state=BankAccount.State.REPLACED)
        if not BankAccount.objects.filter(pk=account.pk, state=BankAccount.State.PENDING).update(
                state=BankAccount.State.VERIFIED, decided_by=by, decided_at=now):
            raise _already_decided(BankAccount.objects.get(pk=account.pk))
        # the kiosk's profile shows the account in force
        Kiosk.objects.filter(pk=account.kiosk_id).update(bank_account_name=account.name,
                                                         bank_account_no=account.account_no, ifsc=account.ifsc)
        audit.record("payouts.bank_account.verified", actor=by, kiosk=account.kiosk, target=account,
                     account=str(account))
    account.state, account.decided_by, account.decided_at = BankAccount.State.VERIFIED, by, now
    return account


def reject_bank_account(account, *, by, reason):
    """The LSP officer rejects a pending account with a reason for the holder; nothing else changes."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise PayoutError(_("Give the reason for rejecting, for the holder to read."), "reason")
    with transaction.atomic():
        if not BankAccount.objects.filter(pk=account.pk, state=BankAccount.State.PENDING).update(
                state=BankAccount.State.REJECTED, decided_by=by, decided_at=timezone.now(), reason=reason[:300]):
            raise _already_decided(BankAccount.objects.get(pk=account.pk))
        audit.record("payouts.bank_account.rejected", actor=by, kiosk=account.kiosk, target=account,
                     account=str(account), reason=reason)
    return BankAccount.objects.get(pk=account.pk)


def _already_decided(account):
    return PayoutError(_("This bank account was already dealt with: it is now “%(state)s”.")
                       % {"state": account.get_state_display()})


# ------------------------------------------------------------------ TDS (req. 6)

def financial_year(day):
    """The first year of the Indian financial year (April-March) of day: 2025 for 2025-26."""
    return day.year if day.month >= 4 else day.year - 1


def fy_bounds(fy):
    return datetime.date(fy, 4, 1), datetime.date(fy + 1, 3, 31)


def quarter_of(day):
    """1 (April-June) .. 4 (January-March), the quarters of a TDS return."""
    return (day.month - 4) % 12 // 3 + 1


def quarter_bounds(fy, quarter):
    start_month = 4 + 3 * (quarter - 1)
    year = fy + (start_month - 1) // 12
    month = (start_month - 1) % 12 + 1
    start = datetime.date(year, month, 1)
    end_month = month + 2
    end = (datetime.date(year + (end_month // 12), end_month % 12 + 1, 1) if end_month != 12
           else datetime.date(year + 1, 1, 1)) - datetime.timedelta(days=1)
    return start, end


def rate_in_force(day):
    rate = TdsRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if rate is None:
        raise PayoutError(_("No TDS rate is in force on %(day)s. DoIT sets the rates.")
                          % {"day": day.strftime("%d-%m-%Y")})
    return rate


@dataclass(frozen=True)
class Quote:
    """What a payout of `gross` would be today: its TDS, net, and the figures behind them."""

    gross: int
    tds: int
    net: int
    rate: Decimal
    base: int
    threshold: int
    paid_in_year: int
    pan: str
    day: datetime.date

    @property
    def rate_percent(self):
        return percent(self.rate)

    def seen(self, account_id):
        """What the confirmation page shows, to be bound to the POST that moves the money."""
        return {"gross": self.gross, "tds": self.tds, "net": self.net, "account": account_id,
                "day": self.day.isoformat()}


def percent(rate):
    """Decimal('0.0200') -> '2%'."""
    return f"{(rate * 100).normalize():f}%"


def tds_quote(gross, *, day, pan, paid_before, taxed_before):
    """TDS on a payout of gross paise on day (req. 6), given the holder's payouts earlier in the
    same financial year (paid_before) and how much of them TDS was already computed on.

    Pure: the one place the rule is computed. Within the threshold: nothing. Past it:
    the rate (with or without a PAN) on everything of the year not taxed yet.
    """
    rate_row = rate_in_force(day)
    rate = rate_row.rate_with_pan if pan else rate_row.rate_without_pan
    total = paid_before + gross
    if total <= rate_row.threshold or rate == 0:
        return Quote(gross, 0, gross, rate, 0, rate_row.threshold, paid_before, pan, day)
    base = total - taxed_before
    tds = apply_rate(base, rate)
    if tds >= gross:
        # the catch-up on the year's earlier payouts is more than this payout can carry
        untaxed = paid_before - taxed_before
        smallest = (int((rate * untaxed / (1 - rate)).to_integral_value(rounding=ROUND_CEILING)) + 1
                    if rate < 1 else ABSURD_PAISE)
        raise PayoutError(_("This payout takes the year's commission past the TDS threshold, and the TDS due on "
                            "the year's earlier payouts is more than it. Transfer at least %(min)s.")
                          % {"min": format_paise(max(smallest, 1))}, "amount")
    return Quote(gross, tds, gross - tds, rate, base, rate_row.threshold, paid_before, pan, day)


def _year_so_far(holder_id, day):
    """The holder's payouts (not failed) in day's financial year: (gross, of which taxed)."""
    start, end = fy_bounds(financial_year(day))
    row = (Payout.objects.filter(holder_id=holder_id, paid_on__range=(start, end))
           .exclude(state=Payout.State.FAILED)
           .aggregate(gross=Coalesce(Sum("gross"), 0), taxed=Coalesce(Sum("tds_base"), 0)))
    return row["gross"], row["taxed"]


def quote_payout(kiosk, gross, *, day=None):
    """The figures a payout of gross would have now, for the confirmation page (req. 6)."""
    day = day or timezone.localdate()
    paid, taxed = _year_so_far(kiosk.holder_id, day)
    return tds_quote(gross, day=day, pan=profile_of(kiosk).pan, paid_before=paid, taxed_before=taxed)


# ------------------------------------------------------------------ payouts (req. 7)

def payout_channel():
    channel = getattr(settings, "PAYOUT_CHANNEL", Payout.Channel.NEFT_FILE)
    if channel not in Payout.Channel.values:
        raise PayoutError(f"unknown payout channel {channel!r}")
    return channel


def check_payable(kiosk):
    """The verified account a payout would go to, or PayoutError saying why none can be made."""
    if pending_account(kiosk) is not None:
        raise PayoutError(_("A change of bank account is waiting for the LSP's verification. Payouts wait until "
                            "it is verified or rejected."))
    account = verified_account(kiosk)
    if account is None:
        raise PayoutError(_("The kiosk has no verified bank account. Add one; your LSP verifies it."))
    return account


def quote_for_confirmation(kiosk, gross):
    """(the verified account, the Quote, the balance after) of a payout of gross, for the confirmation page; refused
    here already when no payout can be made or gross is above the balance (the payout's own
    debit is what guarantees it)."""
    account = check_payable(kiosk)
    available = commission_available(kiosk)
    if gross > available:
        raise PayoutError(_("That is more than the commission balance (%(balance)s).")
                          % {"balance": format_paise(available)}, "amount")
    return account, quote_payout(kiosk, gross), available - gross


def request_payout(kiosk, *, by, gross, idempotency_key, seen=None, auto=False, day=None):
    """Transfer gross paise of the commission balance to the kiosk's verified bank account (F9).

    seen: the seal of the confirmation page (payout_seal; emitra.core.confirmation), for a
    payout a person confirms; None only for the monthly payout, which no one confirms (auto).
    A payout that would now differ from what the page showed (the TDS, the account, the
    gross) raises QuoteChanged; a missing, made-up or too old seal NotConfirmed; nothing moves.
    The same idempotency key again returns the first payout.
    """
    if seen is None and not auto:
        raise NotConfirmed()
    if type(gross) is not int or gross <= 0 or gross >= ABSURD_PAISE:  # noqa: E721
        raise PayoutError(_("Enter an amount of more than zero rupees."), "amount")
    existing = Payout.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_kiosk(existing, kiosk)
    account = check_payable(kiosk)
    day = day or timezone.localdate()
    channel = payout_channel()
    open_tds_account()
    network_accounts.open_network_accounts([kiosk.lsp])
    commission = commission_account(kiosk)
    with transaction.atomic():
        # the deductee's row: the year's sum below is read and added to by one payout at a time
        holder = Person.objects.select_for_update().get(pk=kiosk.holder_id)
        existing = Payout.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same_kiosk(existing, kiosk)
        pan = profile_of(kiosk).pan
        paid, taxed = _year_so_far(holder.pk, day)
        quote = tds_quote(gross, day=day, pan=pan, paid_before=paid, taxed_before=taxed)
        if seen is not None:
            try:
                confirmation.check(PAYOUT, seen, payout_facts(kiosk, by, account.pk, quote), max_age=CONFIRM_MAX_AGE)
            except confirmation.Changed:
                raise QuoteChanged(quote) from None
            except confirmation.NotConfirmed:
                raise NotConfirmed() from None
        payout = Payout.objects.create(
            kiosk=kiosk, holder=holder, bank_account=account, reference=_new_reference(), channel=channel,
            gross=quote.gross, tds=quote.tds, net=quote.net, tds_base=quote.base, tds_rate=quote.rate, pan=pan,
            paid_on=day, auto=auto, idempotency_key=idempotency_key, requested_by=by)
        lines = [(commission, -quote.gross), (network_accounts.PAYOUTS_IN_TRANSIT, quote.net)]
        if quote.tds:
            lines.append((TDS_PAYABLE, quote.tds))
        try:
            # the commission account's floor lets a claw-back take it below zero; a payout
            # keeps it at or above zero (emitra.commissions.accounts rule 4)
            entry = ledger.post("payout", lines, idempotency_key=f"payout:{payout.pk}",
                                keep_at_least=commission_accounts.payout_minimum(kiosk),
                                memo=Memo("payout", reference=payout.reference, gross_paise=quote.gross,
                                          tds_paise=quote.tds, net_paise=quote.net),
                                actor_ref=_actor(by), ref=f"payout:{payout.pk}")
        except InsufficientFunds:
            raise PayoutError(_("That is more than the commission balance (%(balance)s).")
                              % {"balance": format_paise(commission_available(kiosk))}, "amount") from None
        Payout.objects.filter(pk=payout.pk).update(entry=entry)
        payout.entry = entry
        audit.record("payouts.payout.requested", actor=by, kiosk=kiosk, target=payout,
                     reference=payout.reference, gross_paise=quote.gross,
                     tds_paise=quote.tds, net_paise=quote.net, account=str(account))
        if channel == Payout.Channel.BANK_API:
            from emitra.payouts.tasks import send_payout_task
            from emitra.core import outbox

            outbox.enqueue_after_commit(send_payout_task, payout.pk)
    return payout


def _same_kiosk(payout, kiosk):
    if payout.kiosk_id != kiosk.pk:
        raise PayoutError(_("This form was already used. Open the page again."))
    return payout


def _new_reference():
    """EMP + 13 random letters and digits: unguessable, unique (the column decides), fits NEFT's 16."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "EMP" + "".join(secrets.choice(alphabet) for _ in range(13))


def settle_payout(payout, *, bank_ref, by=None):
    """The bank paid the payout: payouts in transit -> bank, once; the holder is told (req. 7).
    A payout not waiting at the bank (paid or failed already) raises PayoutError."""
    now = timezone.now()
    with transaction.atomic():
        if not Payout.objects.filter(pk=payout.pk, state=Payout.State.SENT).update(
                state=Payout.State.PAID, bank_ref=str(bank_ref)[:40], closed=now, next_attempt_at=None):
            raise _not_at_bank(Payout.objects.get(pk=payout.pk))
        payout = Payout.objects.select_related("kiosk", "holder", "bank_account").get(pk=payout.pk)
        entry = ledger.post("payout_paid", [(network_accounts.PAYOUTS_IN_TRANSIT, -payout.net),
                                            (network_accounts.BANK, payout.net)],
                            idempotency_key=f"payout:{payout.pk}:paid",
                            memo=Memo("payout_paid", reference=payout.reference, bank_ref=str(bank_ref)[:40]),
                            actor_ref=_actor(by), ref=f"payout:{payout.pk}")
        Payout.objects.filter(pk=payout.pk).update(close_entry=entry)
        payout.close_entry = entry
        audit.record("payouts.payout.paid", actor=by, kiosk=payout.kiosk, target=payout,
                     reference=payout.reference, net_paise=payout.net, bank_ref=bank_ref)
        messages.tell_holder(payout, "payout_paid")
    return payout


def fail_payout(payout, *, reason, by=None, states=(Payout.State.SENT,)):
    """The payout cannot be paid: its entry is reversed, so the gross is back in the commission
    balance and the TDS is not deducted, once; the holder is told by SMS and e-mail (req. 7)."""
    reason = " ".join(str(reason or "").split())[:300] or "refused by the bank"
    now = timezone.now()
    with transaction.atomic():
        if not Payout.objects.filter(pk=payout.pk, state__in=states).update(
                state=Payout.State.FAILED, reason=reason, closed=now, next_attempt_at=None):
            raise _not_at_bank(Payout.objects.get(pk=payout.pk))
        payout = Payout.objects.select_related("kiosk", "holder", "bank_account", "entry").get(pk=payout.pk)
        entry = ledger.reverse(payout.entry, reason=Memo("payout_failed", reference=payout.reference, reason=reason),
                               idempotency_key=f"payout:{payout.pk}:failed", actor_ref=_actor(by))
        Payout.objects.filter(pk=payout.pk).update(close_entry=entry)
        payout.close_entry = entry
        audit.record("payouts.payout.failed", actor=by, kiosk=payout.kiosk, target=payout,
                     reference=payout.reference, gross_paise=payout.gross, reason=reason)
        messages.tell_holder(payout, "payout_failed")
    return payout


def _not_at_bank(payout):
    return PayoutError(_("Payout %(ref)s is not waiting at the bank: it is “%(state)s”.")
                       % {"ref": payout.reference, "state": payout.get_state_display()})


def payouts_of(kiosk):
    return Payout.objects.filter(kiosk=kiosk).select_related("bank_account")


def in_scope(lsp_ids):
    """Payouts of the kiosks of these LSPs (None: every LSP, for DoIT)."""
    qs = Payout.objects.select_related("kiosk", "bank_account")
    return qs if lsp_ids is None else qs.filter(kiosk__lsp_id__in=lsp_ids)


def accounts_to_verify(lsp_ids):
    qs = BankAccount.objects.filter(state=BankAccount.State.PENDING).select_related("kiosk", "requested_by")
    return (qs if lsp_ids is None else qs.filter(kiosk__lsp_id__in=lsp_ids)).order_by("requested_at", "id")

