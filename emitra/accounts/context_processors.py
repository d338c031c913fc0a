from django.utils.functional import SimpleLazyObject


def person(request):
    """The signed-in person, roles, and the kiosk wallet bar on kiosk pages (F23).

    The wallet is read lazily, when the page draws it: after everything the view
    did, so a payment, a refund or a top-up the request made shows at once
    (issue 9 item 12). A view that read the wallet already passes `wallet` in
    its own context, which wins over this one, and then nothing is read twice.
    """
    context = {"person": getattr(request, "person", None), "roles": getattr(request, "roles", None)}
    kiosk = getattr(request, "kiosk", None)
    if kiosk is not None:
        from emitra.network.wallet import wallet_bar

        context["wallet"] = SimpleLazyObject(lambda: wallet_bar(kiosk))
    return context
