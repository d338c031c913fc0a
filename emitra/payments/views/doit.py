"""Deliveries to departments for DoIT (issue 4 req. 4; issue 5 req. 5; F29): those refused, failed
after the last retry, or waiting for a retry (emitra.payments.settlement), and sending one again."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required
from emitra.payments import settlement
from emitra.payments.models import ReceiptLine


@doit_required
def doit_rejections(request):
    """Postings to departments that were refused, failed after the last retry, or wait for a retry,
    with a retry button (issue 4 req. 4; issue 5 req. 5)."""
    state = request.GET.get("state", "")
    page = Paginator(settlement.open_deliveries(state), 50).get_page(request.GET.get("page"))
    return render(request, "payments/doit_rejections.html", {
        "page": page, "state": state if state in settlement.OPEN_STATES else "",
        "states": [c for c in ReceiptLine.DeptState.choices if c[0] in settlement.OPEN_STATES],
        "back_url": reverse("network:doit_home")})


@require_POST
@doit_required
def doit_delivery_retry(request, pk):
    line = get_object_or_404(ReceiptLine.objects.select_related("receipt__kiosk"), pk=pk)
    try:
        settlement.retry_delivery(line, by=request.person)
    except settlement.CannotRetry:
        messages.info(request, _("This posting cannot be sent again: it was answered, or nothing was charged."))
    else:
        messages.success(request, _("The posting %(reference)s will be sent to the department again now.")
                         % {"reference": line.reference})
    return redirect("payments:doit_rejections")
