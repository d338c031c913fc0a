"""Payments' pages (issue 4 req. 5-10; F29): cart, confirm-and-pay, receipts, cancellation,
the department's collections and cheque decisions, and postings to departments for DoIT.

Every page works without JavaScript. Views parse, call one service, redirect after POST.
"""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import dept_required, dept_scope, doit_required, kiosk_for, person_required
from emitra.accounts.models import Role
from emitra.billers.interfaces import BillerError
from emitra.catalogue.models import Service
from emitra.network.wallet import wallet_bar
from emitra.payments import cancellation, collections, consumer_messages, figures, services, settlement
from emitra.payments.errors import (
    CancelNotConfirmed,
    DuplicateWarning,
    NotEnoughInWallet,
    PaymentError,
    ReceiptChanged,
)
from emitra.payments.forms import AddToCartForm, CancelForm, CollectionsForm, PayForm, new_key
from emitra.payments.models import Cart, Receipt, ReceiptLine
from emitra.wallet import accounts as network_accounts

SELLERS = (Role.KIOSK_HOLDER, Role.KIOSK_OPERATOR)
COLLECTION_LINES_PER_PAGE = 40


def _seller_kiosk(request, code):
    """Only the kiosk's holder and operators take money at the kiosk; overseers only look."""
    return kiosk_for(request, code, page="cart")


def _put_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.text)


@require_POST
@person_required
def add_to_cart(request, code, service_code):
    """Fetch the bill and add it to the cart; errors go back beside the field on the service page."""
    kiosk = _seller_kiosk(request, code)
    service = get_object_or_404(Service.objects.select_related("department"), code=service_code.upper(),
                                active=True, department__active=True)
    form = AddToCartForm(request.POST)
    if form.is_valid():
        cart = services.current_cart(kiosk, request.person)
        try:
            line = services.add_to_cart(cart, service, form.cleaned_data["consumer_no"],
                                        form.cleaned_data["amount"], by=request.person)
        except BillerError as e:
            form.add_error("consumer_no", str(e))
        except PaymentError as e:
            _put_error(form, e)
        else:
            messages.success(request, _("%(service)s added to the cart.") % {"service": service.name})
            if line.bill_consumer_name:
                messages.info(request, _("Bill of %(name)s, due %(date)s.") % {
                    "name": line.bill_consumer_name, "date": line.bill_due_date.strftime("%d-%m-%Y")})
            return redirect("payments:cart", kiosk.code)
    return render(request, "catalogue/service.html", {
        "kiosk": kiosk, "service": service, "fee_parts": service.fee_parts.select_related("head"),
        "actions_template": "payments/service_actions.html", "add_form": form,
        "back_url": reverse("catalogue:search", args=[kiosk.code]),
    }, status=400)


@person_required
def cart(request, code):
    """The open cart: its lines with the fetched bills and the total (F22)."""
    kiosk = _seller_kiosk(request, code)
    cart = services.current_cart(kiosk, request.person)
    lines = list(cart.lines.select_related("service").order_by("id"))
    return render(request, "payments/cart.html", {
        "kiosk": kiosk, "cart": cart, "lines": lines, "total": sum(line.total for line in lines),
        "back_url": reverse("catalogue:search", args=[kiosk.code]),
    })


@require_POST
@person_required
def remove_line(request, code, line_id):
    kiosk = _seller_kiosk(request, code)
    services.remove_line(services.current_cart(kiosk, request.person), line_id)
    messages.success(request, _("The line was taken out of the cart."))
    return redirect("payments:cart", kiosk.code)


@person_required
def pay(request, code):
    """Confirm and pay: the lines, the total and the wallet's available amount are shown before money moves.

    The form carries the cart's id, an idempotency key made when it was shown
    (a second POST of the same form shows the same receipt, req. 7) and the seal
    of the lines and total shown: a cart changed since is not paid, and the page
    comes back with what the cart holds now (issue 9 item 1).
    """
    kiosk = _seller_kiosk(request, code)
    duplicate_matches = None
    status = 200
    if request.method == "POST":
        form = PayForm(request.POST)
        cart = None
        if form.is_valid():
            cart = Cart.objects.filter(pk=form.cleaned_data["cart"], kiosk=kiosk,
                                       created_by=request.person).first()
            if cart is None:
                raise Http404
            cart.kiosk, cart.created_by = kiosk, request.person
            data = form.cleaned_data
            try:
                receipt = services.pay_cart(
                    cart, by=request.person, idempotency_key=data["key"], seen=data["seen"],
                    consumer_name=data["consumer_name"], mobile=data["mobile"], email=data["email"],
                    language=data["language"], mode=data["mode"], cheque_no=data["cheque_no"],
                    cheque_bank=data["cheque_bank"], cheque_date=data["cheque_date"],
                    confirm_duplicate=data["confirm_duplicate"])
            except DuplicateWarning as e:
                duplicate_matches = e.matches
                form.add_error("confirm_duplicate", e.text)
            except NotEnoughInWallet as e:
                form.add_error(None, e.text)
            except PaymentError as e:
                _put_error(form, e)
            else:
                if receipt is None:
                    raise Http404
                return redirect("payments:receipt", kiosk.code, receipt.number)
        else:
            try:
                cart = Cart.objects.filter(pk=int(request.POST.get("cart", "")), kiosk=kiosk,
                                           created_by=request.person).first()
            except ValueError:
                cart = None
        cart = cart or services.current_cart(kiosk, request.person)
        status = 400
    else:
        cart = services.current_cart(kiosk, request.person)
        form = PayForm(initial={"cart": cart.pk, "key": new_key(), "mode": Receipt.Mode.WALLET, "language": "hi"})
    shown = services.pay_page(cart)
    # the form sent back confirms what this page shows, whatever the page sent before showed
    if form.is_bound:
        form.data = form.data.copy()
        form.data["seen"] = shown.seal
    else:
        form.initial["seen"] = shown.seal
    if duplicate_matches is None:
        duplicate_matches = services.duplicates(shown.lines)
    wallet = wallet_bar(kiosk)
    if wallet is None:  # a kiosk made before the ledger: its wallet opens now
        network_accounts.wallet_account(kiosk)
        wallet = wallet_bar(kiosk)
    return render(request, "payments/pay.html", {
        "kiosk": kiosk, "cart": cart, "lines": shown.lines, "form": form, "total": shown.total,
        "wallet": wallet,  # the header shows the same read (F23)
        "government": shown.government, "service_charge": shown.service_charge,
        "available": wallet.available, "duplicates": duplicate_matches,
        "cheque_payee": services.cheque_payee(shown.lines),
        "back_url": reverse("payments:cart", args=[kiosk.code]),
    }, status=status)


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


def _receipt(kiosk, number):
    return get_object_or_404(Receipt.objects.select_related("kiosk", "created_by"), kiosk=kiosk,
                             number=number.upper())


@person_required
def receipt(request, code, number):
    """One receipt with its lines, fee breakdown, state, QR code and its messages' delivery (req. 10; F14, F26),
    and who may cancel it, or why this person may not and whom to ask (issue 9 item 13)."""
    from emitra.notifications.services import messages_for
    from emitra.payments.views_receipts import document

    kiosk = kiosk_for(request, code, page="receipts")
    receipt = _receipt(kiosk, number)
    doc = document(request, receipt)
    return render(request, "payments/receipt.html", {
        **doc, "kiosk": kiosk,
        "notices": consumer_messages.labelled(messages_for(f"receipt:{receipt.pk}"), doc["lines"]),
        "cancelling": cancellation.standing(receipt, doc["lines"], request.person),
        "back_url": reverse("payments:receipts", args=[kiosk.code]),
    })


@person_required
def cancel(request, code, number):
    """Cancel a receipt or a line of it, with a reason; the holder, or an operator the holder allows (req. 9)."""
    kiosk = kiosk_for(request, code, SELLERS, overseers=False)
    if not services.may_cancel(request.person, kiosk):
        raise Http404
    receipt = _receipt(kiosk, number)
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
        receipt = _receipt(kiosk, number)
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


def _dept_receipts(scope):
    """Receipts with a line of the officer's department, sold at a kiosk the office covers (F29)."""
    of_department = ReceiptLine.objects.filter(receipt=OuterRef("pk"), service__department=scope.department)
    return Receipt.objects.filter(scope.kiosk_q()).filter(Exists(of_department))


@dept_required
def dept_cheques(request):
    """Cheques in hand of the officer's department, to mark cleared or dishonoured (F20)."""
    scope = dept_scope(request)
    rows = (_dept_receipts(scope).filter(cheque_state=Receipt.ChequeState.IN_HAND).select_related("kiosk")
            .order_by("created")[:200])
    return render(request, "payments/dept_cheques.html", {"rows": rows, "scope": scope,
                                                          "back_url": reverse("payments:dept_collections")})


@require_POST
@dept_required
def dept_cheque_decide(request, number):
    """Another department's cheque is not found (404), like any page outside one's scope."""
    receipt = get_object_or_404(_dept_receipts(dept_scope(request)), number=number.upper(), mode=Receipt.Mode.CHEQUE)
    try:
        if request.POST.get("decision") == "cleared":
            services.clear_cheque(receipt, by=request.person)
            messages.success(request, _("Cheque of receipt %(number)s marked cleared.") % {"number": receipt.number})
        elif request.POST.get("decision") == "dishonoured":
            services.dishonour_cheque(receipt, by=request.person)
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
    context = {"scope": scope, "form": form, "back_url": reverse("core:home")}
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
                      {"scope": scope, "form": form, "back_url": reverse("core:home")}, status=400)
    f = collections.Filters(**form.cleaned_data)
    response = StreamingHttpResponse(collections.csv_rows(collections.lines(scope, f)),
                                     content_type="text/csv; charset=utf-8")
    name = f"collections-{scope.department.code}-{f.date_from:%Y%m%d}-{f.date_to:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
def doit_posting_retry(request, pk):
    line = get_object_or_404(ReceiptLine.objects.select_related("receipt__kiosk"), pk=pk)
    try:
        settlement.retry_delivery(line, by=request.person)
    except settlement.CannotRetry:
        messages.info(request, _("This posting cannot be sent again: it was answered, or nothing was charged."))
    else:
        messages.success(request, _("The posting %(reference)s will be sent to the department again now.")
                         % {"reference": line.reference})
    return redirect("payments:doit_rejections")
