"""The kiosk's official rate list (issue 13 req. 7): what every service it offers costs.

A kiosk offers every active service of an active department (the catalogue is
the state's, the same at every kiosk). The list gives each one's government fee
(or "as per the bill" for a bill, whose amount the department decides) and its
service charge, read live from the catalogue: the poster a kiosk prints (an A4
PDF, in Hindi and English, dated) and the public page its QR code opens show
the same rows. The public page is addressed by the kiosk code and a keyed
signature (emitra.core.verification.Signer), so that its address cannot be
made up for kiosk codes one does not know.
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation

from emitra.catalogue.models import Service
from emitra.core.pdf import render_pdf
from emitra.core.verification import Signer, absolute_url, qr_data_uri

RATE_LISTS = Signer("emitra.catalogue.rates", max_length=20)


@dataclass(frozen=True)
class Rate:
    code: str
    name_en: str
    name_hi: str
    department_en: str
    department_hi: str
    government_fee: object  # paise, or None: the bill's amount
    service_charge: int

    @property
    def total(self):
        return None if self.government_fee is None else self.government_fee + self.service_charge


def kiosk_rates(kiosk):
    """The rates of the services `kiosk` offers, by department and service name (English)."""
    rows = (Service.objects.filter(active=True, department__active=True).select_related("department")
            .order_by("department__name_en", "name_en", "pk"))
    return [Rate(s.code, s.name_en, s.name_hi or s.name_en, s.department.name_en,
                 s.department.name_hi or s.department.name_en, None if s.is_bill else s.government_fee,
                 s.service_charge) for s in rows]


def public_url(kiosk, request=None):
    """The absolute URL of the kiosk's live rate list, which the poster's QR code opens."""
    return absolute_url(reverse("catalogue:public_rates", args=[RATE_LISTS.token(kiosk.code)]), request)


def kiosk_from_token(token):
    """The kiosk a rate list address names, if its signature is ours; else None."""
    from emitra.network.models import Kiosk

    code = RATE_LISTS.number_from_token(token)
    return Kiosk.objects.select_related("district").filter(code=code).first() if code else None


def poster_pdf(kiosk, request=None):
    """The A4 rate poster, Hindi with English beside it whatever the page's language, dated today."""
    url = public_url(kiosk, request)
    with translation.override("hi"):
        district_hi = kiosk.district.name
    return render_pdf("catalogue/rate_poster.html", {
        "kiosk": kiosk, "district_hi": district_hi, "rates": kiosk_rates(kiosk), "today": timezone.localdate(),
        "qr_src": qr_data_uri(url), "public_url": url,
    }, request=request, stylesheets=["emitra/rate-poster.css"])
