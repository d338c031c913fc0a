"""The one way a page gets the kiosk's wallet (F23; issue 9 item 12; issue 14 req. 3).

A kiosk page names its kiosk through `emitra.accounts.access.kiosk_for`, which sets
`request.kiosk`. On such a page this processor puts `wallet` in the template context:
a lazy WalletSummary (emitra.wallet.services.wallet_summary, one read of the wallet's
account row), read when the template first draws it, so after everything the view
moved (a payment, a refund or a top-up shows at once), and read once however often the
page shows it: the header (partials/wallet_bar.html) and a page that shows the wallet
in its body (the pay page's "Wallet available") use this same `wallet`. Two views pass their
own, read in a statement they make anyway, never before they move money (a view's context
takes precedence over a processor's, and this lazy read is then never made): the payment's
answer (the receipt page of emitra.payments.views.receipts.receipt_page), with wallet_summary
made from the row the payment's ledger UPDATE returned, which is the wallet after everything
that view moved; and the pay page (emitra.payments.services.open_cart_page), whose wallet row
is read in the cart lines' own statement (issue 14), which moves nothing. On pages of no
kiosk `wallet` is absent.
"""
from django.utils.functional import SimpleLazyObject


def wallet(request):
    kiosk = getattr(request, "kiosk", None)
    if kiosk is None:
        return {}
    from emitra.wallet.services import wallet_summary

    return {"wallet": SimpleLazyObject(lambda: wallet_summary(kiosk))}
