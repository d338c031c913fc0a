def person(request):
    """The signed-in person and their roles. (The kiosk's wallet for the header is
    emitra.wallet.context_processors.wallet's.)"""
    return {"person": getattr(request, "person", None), "roles": getattr(request, "roles", None)}
