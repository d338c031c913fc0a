"""The department's side of payments (F20, F29): its collections online and as CSV, and the
cheques in hand it marks cleared or dishonoured. What an officer sees is dept_scope's."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import dept_required, dept_scope
from emitra.payments import collections, services
from emitra.payments.errors import PaymentError
from emitra.payments.forms import CollectionsForm
from emitra.payments.models import Receipt, ReceiptLine

COLLECTION_LINES_PER_PAGE = 40


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
                                                          "back_url": reverse("payments:dept_collections")})


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


@dept_required
def dept_collections(request):
    """The department's collections online, as they happen: sums by day, service and kiosk,
    and every receipt line, the counter stub that is never carried on paper (F29)."""
    scope = dept_scope(request)
    form = CollectionsForm(request.GET, scope=scope)
    context = {"scope": scope, "form": form, "back_url": reverse("accounts:home")}
    if form.is_valid():
        qs = collections.lines(scope, collections.Filters(**form.cleaned_data))
        kiosks, kiosk_count = collections.by_kiosk(qs)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            totals=collections.totals(qs), days=collections.by_day(qs), services=collections.by_service(qs),
            kiosks=kiosks, more_kiosks=kiosk_count - len(kiosks), query=query.urlencode(),
            page=Paginator(qs.select_related("receipt", "kiosk", "service"), COLLECTION_LINES_PER_PAGE)
            .get_page(request.GET.get("page")))
    return render(request, "payments/dept_collections.html", context)


@dept_required
def dept_collections_csv(request):
    """The same lines as CSV (DESIGN: exports), streamed so that a month of a busy department fits."""
    scope = dept_scope(request)
    form = CollectionsForm(request.GET, scope=scope)
    if not form.is_valid():
        return render(request, "payments/dept_collections.html",
                      {"scope": scope, "form": form, "back_url": reverse("accounts:home")}, status=400)
    f = collections.Filters(**form.cleaned_data)
    response = StreamingHttpResponse(collections.csv_rows(collections.lines(scope, f)),
                                     content_type="text/csv; charset=utf-8")
    name = f"collections-{scope.department.code}-{f.date_from:%Y%m%d}-{f.date_to:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
