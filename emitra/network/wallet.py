"""The kiosk's side of the ledger: its accounts and the wallet bar (F17, F23).

Filled in by the ledger issue; until then a kiosk has no wallet to show.
"""


def open_kiosk_accounts(kiosk):
    """Open the kiosk's wallet and commission accounts in the ledger."""


def wallet_bar(kiosk):
    """Balance and available amount for the header of every kiosk page, or None."""
    return None
