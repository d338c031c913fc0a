"""The kiosk's rate list (issue 13 req. 7): its page, its A4 poster and the public page the poster's QR opens."""
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from emitra.accounts.access import kiosk_for, person_required
from emitra.catalogue import rates
from emitra.core.verification import WINDOW_SECONDS, over_limit


@person_required
def kiosk_rates(request, code):
    """The kiosk's rates as it will print them, with the poster to download and the public page's address."""
    kiosk = kiosk_for(request, code, page="services")
    return render(request, "catalogue/rates.html", {
        "kiosk": kiosk, "rates": rates.kiosk_rates(kiosk), "public_url": rates.public_url(kiosk, request),
        "today": timezone.localdate(), "back_url": reverse("network:kiosk_home", args=[kiosk.code])})


@person_required
def rate_poster(request, code):
    """The A4 poster (PDF) to put on the wall: every service with its fee and charge, dated, with a QR code."""
    kiosk = kiosk_for(request, code, page="services")
    response = HttpResponse(rates.poster_pdf(kiosk, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rates-{kiosk.code}-{timezone.localdate():%Y-%m-%d}.pdf"'
    return response


def public_rates(request, token):
    """The kiosk's current rates for anyone, no sign-in (the poster's QR code opens it)."""
    if over_limit(request):
        response = render(request, "catalogue/public_rates.html", {"limited": True}, status=429)
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
    kiosk = rates.kiosk_from_token(token)
    if kiosk is None:
        raise Http404
    return render(request, "catalogue/public_rates.html", {
        "kiosk": kiosk, "rates": rates.kiosk_rates(kiosk), "today": timezone.localdate()})
