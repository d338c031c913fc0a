"""The ledger postings of receipt lines (DESIGN "How money moves"; F17, F20, F22).

One function builds the legs of a receipt's entry, and the same function with
sign=-1 builds the legs that give some of its lines back (emitra.payments.undo),
so that what a reversal returns is exactly what the payment moved.

Legs of the apps above payments (issue 10 req. 3, 4)
----------------------------------------------------
payments imports no app above it. An app whose money moves with a receipt's
lines (the commission a line earns, emitra.commissions.accrual) registers a leg
provider once, from its AppConfig.ready (`register_leg_provider`), with:

- legs(lines, sign, now) -> [(account code, signed paise)]: the app's legs of
  these lines' entry, balanced among themselves; sign=1 when the lines are paid
  (computed then, and kept on the provider's side until `written`), sign=-1 when
  they are given back (exactly what was written for them, read back).
- open(code) -> Account: opens one of its accounts on first use.
- written(entry, lines, now): the entry that paid the lines (sign=1) is written,
  inside the same transaction; the app records what it moved.

Legs on the same account are added up (each account is named once in an
entry): a department bearing a line's commission gets its amount less the
commission in one posting. Every entry that pays receipt lines (the receipt's
own, a held receipt's when the department confirms, a cheque's when it clears)
takes its legs from `receipt_postings` or `provider_postings` and then calls
`entry_written`.
"""
from collections import defaultdict

from django.utils import timezone

from emitra.core.prepared import Prepared
from emitra.ledger.models import Account
from emitra.payments.models import Receipt
from emitra.wallet import accounts as network_accounts


def network_account(code):
    """A network account by its code (DoIT, cheques in hand, the bank), opened on first use."""
    account = Account.objects.filter(code=code).first()
    if account is None:
        network_accounts.open_network_accounts([])
        account = Account.objects.get(code=code)
    return account


def source_account(receipt):
    """What paid the receipt: the kiosk's wallet, or the cheques in hand (F20)."""
    if receipt.mode == Receipt.Mode.WALLET:
        return network_accounts.wallet_account(receipt.kiosk)
    return network_account(network_accounts.CHEQUES_IN_HAND)


def source_code(receipt):
    """The code of source_account(receipt), without reading or opening it."""
    if receipt.mode == Receipt.Mode.WALLET:
        return network_accounts.wallet_code(receipt.kiosk)
    return network_accounts.CHEQUES_IN_HAND


_LEG_PROVIDERS = []


def register_leg_provider(provider):
    """Register an app's leg provider (see the module docstring); the same one again changes nothing."""
    if provider not in _LEG_PROVIDERS:
        _LEG_PROVIDERS.append(provider)


def receipt_postings(source, lines, sign, *, now=None, providers=True):
    """Postings for receipt lines: the source (wallet or cheques in hand) pays the total, each
    department gets its government amounts and DoIT the service charges, and the providers'
    legs are added (a line's commission). sign=-1 reverses. All the accounts in one query:
    source is an Account, or a network.Kiosk whose wallet is then found in that same query
    (opened if a kiosk made before the ledger has none).
    providers=False leaves the providers' legs out: a cheque's receipt entry, whose lines earn
    when the cheque clears (provider_postings then)."""
    amounts = defaultdict(int)
    departments = {}
    for line in lines:
        dept = network_accounts.department_code(line.service.department)
        departments[dept] = line.service.department
        amounts[dept] += sign * line.government_amount
        amounts[network_accounts.DOIT] += sign * line.service_charge
    openers = _provider_legs(amounts, lines, sign, now) if providers else {}
    total = sum(line.total for line in lines)
    if isinstance(source, Account):
        return [(source, -sign * total), *_resolve(amounts, departments, openers)]
    wallet = network_accounts.wallet_code(source)
    amounts[wallet] += -sign * total
    openers[wallet] = _WalletOf(source)
    return _resolve(amounts, departments, openers)


def _accounts_named(codes):
    """The accounts of these codes (those there are), with what the ledger takes of an account it
    is handed (its id and whether it has a floor) and the code: one query, built once a process
    for each count of codes (emitra.core.prepared; issue 14)."""
    if not codes:
        return []
    if len(codes) not in _ACCOUNTS_NAMED:
        _ACCOUNTS_NAMED[len(codes)] = Prepared(
            lambda *codes: Account.objects.filter(code__in=codes).only("id", "code", "floor"), *[str] * len(codes))
    return _ACCOUNTS_NAMED[len(codes)](*codes)


_ACCOUNTS_NAMED = {}  # {count of codes: Prepared}


class _WalletOf:
    """Opens a kiosk's wallet where _resolve finds none (a kiosk made before the ledger)."""

    def __init__(self, kiosk):
        self.kiosk = kiosk

    def open(self, code):
        return network_accounts.wallet_account(self.kiosk)


def provider_postings(lines, sign, *, now=None):
    """The providers' legs alone for these lines (a cheque's clearing entry carries them)."""
    amounts = defaultdict(int)
    openers = _provider_legs(amounts, lines, sign, now)
    return _resolve(amounts, {}, openers)


def entry_written(entry, lines, *, now=None):
    """Tell the providers that entry paid these lines (inside its transaction)."""
    for provider in _LEG_PROVIDERS:
        provider.written(entry, lines, now or timezone.now())


def _provider_legs(amounts, lines, sign, now):
    openers = {}
    for provider in _LEG_PROVIDERS:
        for code, amount in provider.legs(lines, sign, now or timezone.now()):
            amounts[code] += amount
            openers[code] = provider
    return openers


def _resolve(amounts, departments, openers):
    """[(Account, paise)] of the non-zero amounts: one query; an account missing is opened
    (a department's on its first payment, a provider's by the provider)."""
    codes = [code for code, amount in amounts.items() if amount]
    accounts = {a.code: a for a in _accounts_named(codes)}
    for code in codes:
        if code in accounts:
            continue
        if code in departments:
            accounts[code] = network_accounts.department_account(departments[code])
        elif code in openers:
            accounts[code] = openers[code].open(code)
        else:
            accounts[code] = network_account(code)
    return [(accounts[code], amounts[code]) for code in codes]
