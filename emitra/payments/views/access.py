"""How a payments page finds its kiosk or its receipt, or answers 404 (issue 14 req. 3)."""
from django.shortcuts import get_object_or_404

from emitra.accounts.access import kiosk_for
from emitra.accounts.models import Role
from emitra.payments.models import Receipt

SELLERS = (Role.KIOSK_HOLDER, Role.KIOSK_OPERATOR)


def seller_kiosk(request, code):
    """The kiosk where this person takes money: its holder and operators only; overseers only look."""
    return kiosk_for(request, code, page="cart")


def receipt_for(request, code, number, **rule):
    """The receipt `number` of kiosk `code`, if this person may see that kiosk's receipts, else 404.

    rule is kiosk_for's (default: the receipts page's, KIOSK_PAGES["receipts"]); a receipt of
    another kiosk is 404 like a kiosk one may not see. The receipt's kiosk is the one kiosk_for
    read (receipt.kiosk, no second query).
    """
    kiosk = kiosk_for(request, code, **(rule or {"page": "receipts"}))
    receipt = get_object_or_404(Receipt.objects.select_related("created_by"), kiosk=kiosk, number=number.upper())
    receipt.kiosk = kiosk
    return receipt
