"""The ledger postings of receipt lines (DESIGN "How money moves"; F17, F20, F22).

One function builds the legs of a receipt's entry, and the same function with
sign=-1 builds the legs that give some of its lines back (emitra.payments.undo),
so that what a reversal returns is exactly what the payment moved.
"""
from collections import defaultdict

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


def receipt_postings(source, lines, sign):
    """Postings for receipt lines: the source (wallet or cheques in hand) pays the total, each
    department gets its government amounts and DoIT the service charges. sign=-1 reverses."""
    amounts = defaultdict(int)
    departments = {}
    for line in lines:
        dept = network_accounts.department_code(line.service.department)
        departments[dept] = line.service.department
        amounts[dept] += line.government_amount
        amounts[network_accounts.DOIT] += line.service_charge
    # the accounts in one query; a department's is opened on its first payment
    accounts = {a.code: a for a in Account.objects.filter(code__in=[c for c, amount in amounts.items() if amount])}
    for dept, department in departments.items():
        if dept not in accounts:
            accounts[dept] = network_accounts.department_account(department)
    if amounts[network_accounts.DOIT] and network_accounts.DOIT not in accounts:
        accounts[network_accounts.DOIT] = network_account(network_accounts.DOIT)
    total = sum(line.total for line in lines)
    postings = [(source, -sign * total)]
    postings += [(accounts[code], sign * amount) for code, amount in amounts.items() if amount]
    return postings
