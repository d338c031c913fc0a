"""The kiosk's side of the ledger: its accounts and the wallet bar (F17, F23).

Implemented by emitra.wallet; kept here so that the network app has one
place to call.
"""


def open_kiosk_accounts(kiosk):
    """Open the kiosk's wallet and commission accounts in the ledger (and the network's)."""
    from emitra.wallet.accounts import open_kiosk_accounts as open_accounts

    return open_accounts(kiosk)


def wallet_bar(kiosk):
    """Balance and available amount for the header of every kiosk page, or None.

    One read of the wallet's account row (F23); .balance, .available, .limit, .url.
    """
    from emitra.wallet.services import wallet_summary

    return wallet_summary(kiosk)
