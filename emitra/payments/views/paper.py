"""A receipt in every form it travels in (issue 5 req. 1-3; F14, F15): the laser print
page (A4 or half-A4), the PDF, the dot-matrix text page and its ESC/P file, and
the public page its QR code opens.

Who may see a format is who may see the receipt page (receipt_for: another
kiosk's receipt is 404). Every link works without JavaScript.
"""
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from emitra.accounts.access import person_required
from emitra.payments import cancellation, figures, printing, verification
from emitra.payments.models import Receipt
from emitra.payments.views.access import receipt_for


def paper_size(request):
    """?size=a5 prints on half an A4 sheet (A5); anything else is A4."""
    return "a5" if request.GET.get("size") == "a5" else "a4"


def document(request, receipt, *, for_pdf=False, lines=None, posted=None):
    """What payments/_receipt_doc.html needs: the lines, their paid, refunded and net sums (issue 9
    item 14), until when the kiosk may cancel it (item 13), the verification URL and its QR.
    lines: all of the receipt's, in order, with their services, when the caller has them; posted:
    what its entry posted on its source, when just written (figures.receipt_figures)."""
    url = verification.verify_url(receipt, request)
    if lines is None:
        lines = list(receipt.lines.select_related("service").order_by("position"))
    return {
        "receipt": receipt,
        "lines": lines,
        "figures": figures.receipt_figures(receipt, lines, posted=posted),
        "cancel_rule": cancellation.paper_rule(receipt, lines),
        "verify_url": url,
        "qr": None if for_pdf else mark_safe(verification.qr_svg(url)),  # noqa: S308 - segno's own markup
        "qr_src": verification.qr_data_uri(url) if for_pdf else "",
    }


@person_required
def receipt_print(request, code, number):
    """The receipt alone, for a laser printer: A4, or half-A4 with ?size=a5 (F14)."""
    receipt = receipt_for(request, code, number)
    kiosk = receipt.kiosk
    return render(request, "payments/receipt_print.html", {
        **document(request, receipt), "kiosk": kiosk, "size": paper_size(request),
        "back_url": reverse("payments:receipt", args=[kiosk.code, receipt.number]),
    })


@person_required
def receipt_pdf(request, code, number):
    """The laser receipt as a PDF made by WeasyPrint, Devanagari shaped (F14)."""
    receipt = receipt_for(request, code, number)
    kiosk = receipt.kiosk
    size = paper_size(request)
    data = printing.pdf({**document(request, receipt, for_pdf=True), "kiosk": kiosk, "size": size}, request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipt.number}.pdf"'
    return response


@person_required
def receipt_dmp(request, code, number):
    """The 80-column text receipt, printed through the browser on any dot-matrix printer (F15)."""
    receipt = receipt_for(request, code, number)
    kiosk = receipt.kiosk
    return render(request, "payments/receipt_dmp.html", {
        "kiosk": kiosk, "receipt": receipt,
        "text": printing.dmp_text(receipt, verification.verify_url(receipt, request)),
        "back_url": reverse("payments:receipt", args=[kiosk.code, receipt.number]),
    })


@person_required
def receipt_escp(request, code, number):
    """The same text as a raw ESC/P job (.prn) for copying to an LPT or USB printer (F15)."""
    receipt = receipt_for(request, code, number)
    data = printing.escp(printing.dmp_text(receipt, verification.verify_url(receipt, request)))
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{receipt.number}.prn"'
    return response


def verify(request, token):
    """The public page a receipt's QR opens: no sign-in, nothing beyond what proves the paper.

    A token whose signature is not ours, or a receipt that does not exist,
    shows "unknown receipt" with 404; too many look-ups from one address get 429.
    """
    if verification.over_limit(request):
        response = render(request, "payments/verify.html", {"limited": True}, status=429)
        response["Retry-After"] = str(verification.WINDOW_SECONDS)
        return response
    number = verification.number_from_token(token)
    receipt = (Receipt.objects.select_related("kiosk").filter(number=number).first()
               if number is not None else None)
    if receipt is None:
        return render(request, "payments/verify.html", {"unknown": True}, status=404)
    word, explanation, valid = verification.standing(receipt)
    amount = verification.valid_amount(receipt)
    return render(request, "payments/verify.html", {
        "receipt": receipt, "word": word, "explanation": explanation, "valid": valid,
        "amount": amount if valid else receipt.total, "partly": valid and amount != receipt.total,
        "mobile": verification.mask_mobile(receipt.mobile), "token": token,
    })
