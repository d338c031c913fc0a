"""An application on paper (issue 11 req. 3, 5): the acknowledgement (print page and PDF) and
the issued certificate, a PDF whose QR opens the public check /c/<number>.<signature>/.

The certificate's QR is signed like a receipt's (emitra.core.verification) with a
salt of its own, so a receipt's token never passes as a certificate's. PDFs are
drawn by WeasyPrint, which shapes Devanagari with the system's Noto fonts.
"""
from django.urls import reverse
from django.utils import translation

from emitra.applications import services
from emitra.core.pdf import render_pdf
from emitra.payments.printing import PDF_STYLESHEETS
from emitra.core.verification import Signer, absolute_url, qr_data_uri

CERTIFICATES = Signer("emitra.applications.certificate", max_length=20)


def certificate_url(application, request=None):
    return absolute_url(reverse("applications:verify_certificate", args=[CERTIFICATES.token(application.number)]),
                        request)


def ack_context(application, request=None):
    return {"application": application,
            "receipt": application.fee_line.receipt if application.fee_line_id else None,
            "status_url": absolute_url(reverse("applications:status"), request)}


def ack_pdf(application, size, request=None):
    """The acknowledgement as PDF, on A4 or (size "a5") half A4."""
    return render_pdf("applications/ack_pdf.html", {**ack_context(application, request), "size": size},
                      request=request, stylesheets=PDF_STYLESHEETS[size])


def certificate_pdf(application, request=None):
    """The certificate, in Hindi with English beside it, whatever the page's language."""
    url = certificate_url(application, request)
    with translation.override("hi"):
        hi_rows = services.display_answers(application, certificate_only=True)
        output_hi, office_hi, service_hi = application.form.output_hi, application.office.name_hi, application.service.name_hi
    with translation.override("en"):
        en_rows = services.display_answers(application, certificate_only=True)
    rows = [(hi_label, en_label, value) for (hi_label, value), (en_label, _v) in zip(hi_rows, en_rows)]
    decided = application.decided_by
    return render_pdf("applications/certificate_pdf.html", {
        "application": application, "rows": rows, "output_hi": output_hi, "office_hi": office_hi,
        "service_hi": service_hi, "officer": decided.name or decided.sso_id if decided else "",
        "qr_src": qr_data_uri(url), "verify_url": url,
    }, request=request, stylesheets=["emitra/certificate.css"])
