"""The kiosk sells (issue 4 req. 5-7; F17, F21, F22, F24): add a bill or a certificate to the
cart, see the cart, confirm and pay."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import person_required
from emitra.billers.interfaces import BillerError
from emitra.payments import services
from emitra.payments.errors import DuplicateWarning, NotEnoughInWallet, PaymentError
from emitra.payments.forms import AddToCartForm, PayForm, new_key
from emitra.payments.models import Cart, Receipt
from emitra.payments.views.access import seller_kiosk
from emitra.payments.views.receipts import receipt_page


def put_error(form, error):
    """A service's PaymentError beside the field it names, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.text)


@require_POST
@person_required
def add_to_cart(request, code, service_code):
    """Fetch the bill and add it to the cart; errors go back beside the field on the service page."""
    kiosk = seller_kiosk(request, code)
    # with what the apps' refusal of a plain line reads and the person's open cart: one query
    service = services.service_for_sale(service_code.upper(), kiosk, request.person)
    if service is None:
        raise Http404
    form = AddToCartForm(request.POST)
    if form.is_valid():
        # the cart read first (with the service), not just made if missing: a bill added while this
        # cart is being paid in another tab then waits for the payment and is refused by the paid
        # cart, never put in a new one unseen (test_confirmed)
        cart = services.current_cart(kiosk, request.person, known=service.open_cart_pk)
        try:
            line = services.add_to_cart(cart, service, form.cleaned_data["consumer_no"],
                                        form.cleaned_data["amount"], by=request.person)
        except BillerError as e:
            form.add_error("consumer_no", str(e))
        except PaymentError as e:
            put_error(form, e)
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


@require_POST
@person_required
def remove_line(request, code, line_id):
    kiosk = seller_kiosk(request, code)
    services.remove_line(services.current_cart(kiosk, request.person), line_id)
    messages.success(request, _("The line was taken out of the cart."))
    return redirect("payments:cart", kiosk.code)


@person_required
def pay(request, code):
    """The cart (F22) is the confirmation: its lines with the fetched bills (each with Remove), the
    total and the wallet's available amount are shown with the pay form before money moves; a
    bill fetched lands here, so a sale is one page fewer on GPRS (issue 12 req. 1). Served at
    /cart/ (the kiosk's Cart) and at /cart/pay/, where the form posts.

    The form carries the cart's id, an idempotency key made when it was shown
    (a second POST of the same form shows the same receipt, req. 7; the answer to a
    payment is the receipt itself, at this address) and the seal
    of the lines and total shown: a cart changed since is not paid, and the page
    comes back with what the cart holds now (issue 9 item 1). The wallet's
    available amount is the header's: read with the lines when the cart holds any
    (services.open_cart_page), else the header's own read (emitra.wallet.context_processors).
    """
    kiosk = seller_kiosk(request, code)
    duplicate_matches = None
    status = 200
    if request.method == "POST":
        form = PayForm(request.POST)
        cart = None
        if form.is_valid():
            # the cart the form names, this person's at this kiosk: pay_cart reads it in its one
            # query and finds none of anyone else's (issue 14), which is 404 here
            cart = Cart(pk=form.cleaned_data["cart"], kiosk=kiosk, created_by=request.person)
            data = form.cleaned_data
            try:
                receipt = services.pay_cart(
                    cart, by=request.person, idempotency_key=data["key"], seen=data["seen"],
                    consumer_name=data["consumer_name"], mobile=data["mobile"], email=data["email"],
                    language=data["language"], mode=data["mode"], cheque_no=data["cheque_no"],
                    cheque_bank=data["cheque_bank"], cheque_date=data["cheque_date"],
                    confirm_duplicate=data["confirm_duplicate"])
            except Cart.DoesNotExist:
                raise Http404 from None
            except DuplicateWarning as e:
                duplicate_matches = e.matches
                form.add_error("confirm_duplicate", e.text)
            except NotEnoughInWallet as e:
                form.add_error(None, e.text)
            except PaymentError as e:
                put_error(form, e)
            else:
                if receipt is None:
                    raise Http404
                # The receipt is this very answer, not a redirect to it: on GPRS a redirect costs a
                # round trip and a request's headers up a 20 kbit/s link (issue 12 req. 3). The form
                # sent again (a refresh, a resend over a flaky link) names the same idempotency key,
                # so it shows the same receipt and never pays twice (req. 7).
                return receipt_page(request, receipt)
        else:
            try:
                cart = Cart.objects.filter(pk=int(request.POST.get("cart", "")), kiosk=kiosk,
                                           created_by=request.person).first()
            except ValueError:
                cart = None
        cart = cart or services.current_cart(kiosk, request.person)
        shown = services.pay_page(cart)
        status = 400
    else:
        cart, shown = services.open_cart_page(kiosk, request.person)
        form = PayForm(initial={"cart": cart.pk, "key": new_key(), "mode": Receipt.Mode.WALLET, "language": "hi"})
    # the form sent back confirms what this page shows, whatever the page sent before showed
    if form.is_bound:
        form.data = form.data.copy()
        form.data["seen"] = shown.seal
    else:
        form.initial["seen"] = shown.seal
    if duplicate_matches is None:
        duplicate_matches = services.duplicates(shown.lines)
    context = {
        "kiosk": kiosk, "cart": cart, "lines": shown.lines, "form": form, "total": shown.total,
        "government": shown.government, "service_charge": shown.service_charge,
        "duplicates": duplicate_matches, "cheque_payee": services.cheque_payee(shown.lines),
        "back_url": reverse("catalogue:search", args=[kiosk.code]),
    }
    if shown.wallet is not None:  # read with the lines (open_cart_page), so not by the header again
        context["wallet"] = shown.wallet
    return render(request, "payments/pay.html", context, status=status)
