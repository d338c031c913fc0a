"""The department's side of payments (F20): the cheques in hand it marks cleared or dishonoured.
What an officer sees is dept_scope's. Its collections are a report (emitra.reports.dept,
served at /dept/collections/ by emitra.reports.views)."""
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import dept_required, dept_scope
from emitra.payments import services
from emitra.payments.errors import PaymentError
from emitra.payments.models import Receipt, ReceiptLine

def dept_receipts(scope):
    """Receipts with a line of the officer's department, sold at a kiosk the office covers (F29)."""
    of_department = ReceiptLine.objects.filter(receipt=OuterRef("pk"), service__department=scope.department)
    return Receipt.objects.filter(scope.kiosk_q()).filter(Exists(of_department))


@dept_required
def dept_cheques(request):
    """Cheques in hand of the officer's department, to mark cleared or dishonoured (F20)."""
    scope = dept_scope(request)
    rows = (dept_receipts(scope).filter(cheque_state=Receipt.ChequeState.IN_HAND).select_related("kiosk")
            .order_by("created").prefetch_related("lines")[:200])
    rows = [(r, services.cheque_seal(r, request.person)) for r in rows]
    return render(request, "payments/dept_cheques.html", {"rows": rows, "scope": scope,
                                                          "back_url": reverse("reports:dept_collections")})


@require_POST
@dept_required
def dept_cheque_decide(request, number):
    """Another department's cheque is not found (404), like any page outside one's scope. The
    row's form carries the seal of the cheque as the list showed it (issue 9 items 1-2)."""
    receipt = get_object_or_404(dept_receipts(dept_scope(request)), number=number.upper(), mode=Receipt.Mode.CHEQUE)
    try:
        if request.POST.get("decision") == "cleared":
            services.clear_cheque(receipt, by=request.person, seen=request.POST.get("seen", ""))
            messages.success(request, _("Cheque of receipt %(number)s marked cleared.") % {"number": receipt.number})
        elif request.POST.get("decision") == "dishonoured":
            services.dishonour_cheque(receipt, by=request.person, seen=request.POST.get("seen", ""))
            messages.success(request, _("Cheque of receipt %(number)s marked dishonoured; its lines are reversed.")
                             % {"number": receipt.number})
        else:
            messages.error(request, _("Choose cleared or dishonoured."))
    except PaymentError as e:
        messages.error(request, e.text)
    return redirect("payments:dept_cheques")
