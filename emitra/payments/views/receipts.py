"""The kiosk's receipts (issue 4 req. 8-10; issue 9 items 13, 14; F14, F26): the list, one
receipt with its messages and who may cancel it, and the cancellation."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from emitra.accounts.access import kiosk_for, person_required
from emitra.notifications.services import messages_for
from emitra.payments import cancellation, consumer_messages, figures, services
from emitra.payments.errors import CancelNotConfirmed, PaymentError, ReceiptChanged
from emitra.payments.forms import CancelForm
from emitra.payments.models import Receipt
from emitra.payments.views.access import SELLERS, receipt_for
from emitra.payments.views.paper import document
from emitra.wallet.services import wallet_summary


@person_required
def receipts(request, code):
    """The kiosk's receipts, newest first, each with its status in the receipt's own words (a cheque
    cleared, not yet cleared or dishonoured; part cancelled) and, once a line is undone, what it is
    worth now (issue 9 items 14, 23)."""
    kiosk = kiosk_for(request, code, page="receipts")
    page = Paginator(figures.with_line_counts(Receipt.objects.filter(kiosk=kiosk).order_by("-created", "-id")),
                     50).get_page(request.GET.get("page"))
    rows = [(r, figures.status_text(r, cancelled=r.cancelled_lines > 0, undone=r.undone_lines > 0))
            for r in page.object_list]
    return render(request, "payments/receipts.html", {
        "kiosk": kiosk, "page": page, "rows": rows,
        "back_url": reverse("network:kiosk_home", args=[kiosk.code]),
    })


@person_required
def receipt(request, code, number):
    """One receipt with its lines, fee breakdown, state, QR code and its messages' delivery (req. 10; F14, F26),
    and who may cancel it, or why this person may not and whom to ask (issue 9 item 13)."""
    return receipt_page(request, receipt_for(request, code, number))


def receipt_page(request, receipt):
    """The receipt page of a receipt the caller may show: receipt_for's, or the one a payment just
    wrote, with `written` (services.Written): the payment's answer then shows its lines, figures,
    messages, commission and the wallet in the header as the payment wrote them, reading none of
    them again (issue 14 req. 2)."""
    written = getattr(receipt, "written", None)
    doc = document(request, receipt, lines=written and written.lines, posted=written and written.posted)
    context = {
        **doc, "kiosk": receipt.kiosk,
        "notices": consumer_messages.labelled(written.messages if written else messages_for(f"receipt:{receipt.pk}"),
                                              doc["lines"]),
        "cancelling": cancellation.standing(receipt, doc["lines"], request.person, roles=request.roles),
        "back_url": reverse("payments:receipts", args=[receipt.kiosk.code]),
        # the page's own address for the language switch and the issue ticket (base.html), also
        # when it is the payment's answer at /cart/pay/ (which would show the empty cart)
        "page_path": reverse("payments:receipt", args=[receipt.kiosk.code, receipt.number]),
    }
    if written and written.wallet:
        # the wallet's row as the payment's UPDATE left it, in place of the header's own read
        context["wallet"] = wallet_summary(receipt.kiosk, row=written.wallet)
    return render(request, "payments/receipt.html", context)


@person_required
def cancel(request, code, number):
    """Cancel a receipt or a line of it, with a reason; who may is emitra.payments.cancellation's
    rule 2 (req. 9), asked here only to answer 404 to anyone else."""
    receipt = receipt_for(request, code, number, roles=SELLERS, overseers=False)
    kiosk = receipt.kiosk
    if not cancellation.may_cancel(request.person, kiosk):
        raise Http404
    form = CancelForm(request.POST or None, receipt=receipt)
    status = 200
    if request.method == "POST" and form.is_valid():
        what = form.cleaned_data["what"]
        try:
            services.cancel_receipt(receipt, by=request.person, reason=form.cleaned_data["reason"],
                                    seen=form.cleaned_data["seen"], positions=None if what == "all" else [int(what)])
        except (ReceiptChanged, CancelNotConfirmed) as e:
            form.add_error(None, e.text)  # the page again, with the receipt as it is now
            status = 409 if isinstance(e, ReceiptChanged) else 400
        except PaymentError as e:
            form.add_error(e.field if e.field in form.fields else "what", e.text)
        else:
            messages.success(request, _("Receipt %(number)s: cancelled and refunded to the wallet.")
                             % {"number": receipt.number})
            return redirect("payments:receipt", kiosk.code, receipt.number)
    if request.method == "POST":
        status = max(status, 400)
        receipt.refresh_from_db()  # the receipt as it is now
        receipt.kiosk = kiosk
    # the form sent back confirms the receipt as this page shows it (issue 9 item 1)
    seal = services.cancel_seal(receipt, request.person)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["seen"] = seal
    else:
        form.initial["seen"] = seal
    return render(request, "payments/cancel.html", {
        "kiosk": kiosk, "receipt": receipt, "form": form,
        "back_url": reverse("payments:receipt", args=[kiosk.code, receipt.number]),
    }, status=status)
