def person(request):
    """The signed-in person, roles, and the kiosk wallet bar on kiosk pages (F23)."""
    context = {"person": getattr(request, "person", None), "roles": getattr(request, "roles", None)}
    kiosk = getattr(request, "kiosk", None)
    if kiosk is not None:
        from emitra.network.wallet import wallet_bar

        # a view that read the wallet already (the pay page) leaves it on the request
        wallet = getattr(request, "wallet_bar", None)
        context["wallet"] = wallet if wallet is not None else wallet_bar(kiosk)
    return context
