"""The kiosk's payout pages (k/<code>/payouts/...): PAN, bank account, payouts with their
confirmation, the quarterly TDS statement. The holder acts; the kiosk's accountant, its
LSP and DoIT look. Thin: parse, fetch through an access helper, call one service."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import is_holder_of, kiosk_for, person_required
from emitra.core.money import format_paise, paise_to_input
from emitra.payouts import forms, services, statements
from emitra.payouts.models import BankAccount, Payout

def _fail(form, error):
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def _kiosk(request, code, *, act=False):
    kiosk = kiosk_for(request, code, page="payouts")
    is_holder = is_holder_of(request, kiosk)
    if act and not is_holder:
        raise Http404
    return kiosk, is_holder


def _home(request, kiosk, is_holder, *, payout_form=None, pan_form=None, auto_form=None, status=200):
    profile = services.profile_of(kiosk)
    services.commission_account(kiosk)
    return render(request, "payouts/home.html", {
        "kiosk": kiosk, "is_holder": is_holder, "profile": profile,
        "balance": services.commission_available(kiosk),
        "account": services.verified_account(kiosk), "pending": services.pending_account(kiosk),
        "rejected": BankAccount.objects.filter(kiosk=kiosk, state=BankAccount.State.REJECTED).first(),
        "payouts": services.payouts_of(kiosk)[:20],
        "payout_form": payout_form or forms.PayoutForm(),
        "pan_form": pan_form or forms.PanForm(initial={"pan": profile.pan}),
        "auto_form": auto_form or forms.AutoPayoutForm(
            initial={"enabled": profile.auto_payout, "minimum": profile.auto_minimum}, auto_id="auto_%s"),
        "back_url": reverse("network:kiosk_home", args=[kiosk.code]),
    }, status=status)


@person_required
def home(request, code):
    """The commission balance, the verified bank account, the PAN and every payout's gross, TDS and net (F9)."""
    kiosk, is_holder = _kiosk(request, code)
    return _home(request, kiosk, is_holder)


@require_POST
@person_required
def pan(request, code):
    """The holder records the PAN on the kiosk's profile (req. 6)."""
    kiosk, is_holder = _kiosk(request, code, act=True)
    form = forms.PanForm(request.POST)
    if form.is_valid():
        try:
            services.set_pan(kiosk, by=request.person, pan=form.cleaned_data["pan"])
        except services.PayoutError as e:
            _fail(form, e)
        else:
            messages.success(request, _("The PAN is saved."))
            return redirect("payouts:home", code=kiosk.code)
    return _home(request, kiosk, is_holder, pan_form=form, status=400)


@require_POST
@person_required
def auto(request, code):
    """The holder turns the monthly automatic payout on or off (req. 7)."""
    kiosk, is_holder = _kiosk(request, code, act=True)
    form = forms.AutoPayoutForm(request.POST, auto_id="auto_%s")
    if form.is_valid():
        try:
            services.set_auto_payout(kiosk, by=request.person, enabled=form.cleaned_data["enabled"],
                                     minimum=form.cleaned_data["minimum"])
        except services.PayoutError as e:
            _fail(form, e)
        else:
            messages.success(request, _("The monthly payout is saved."))
            return redirect("payouts:home", code=kiosk.code)
    return _home(request, kiosk, is_holder, auto_form=form, status=400)


@person_required
def bank_account(request, code):
    """The holder names a new bank account; the LSP officer verifies it before any payout goes there."""
    kiosk, is_holder = _kiosk(request, code)
    form = forms.BankAccountForm(request.POST or None)
    if request.method == "POST":
        if not is_holder:
            raise Http404
        if form.is_valid():
            try:
                services.request_bank_account(kiosk, by=request.person, **form.cleaned_data)
            except services.PayoutError as e:
                _fail(form, e)
            else:
                messages.success(request, _("The bank account is sent to your LSP for verification. Payouts go to "
                                            "it once it is verified."))
                return redirect("payouts:home", code=kiosk.code)
    return render(request, "payouts/bank_account.html", {
        "kiosk": kiosk, "is_holder": is_holder, "form": form, "account": services.verified_account(kiosk),
        "history": BankAccount.objects.filter(kiosk=kiosk).select_related("decided_by")[:10],
        "back_url": reverse("payouts:home", args=[kiosk.code])}, status=400 if form.errors else 200)


def _confirm_page(request, kiosk, amount, status=200, error=None, key=None):
    """The figures of a payout of amount, for the holder to confirm, with the seal of exactly those."""
    account, quote, after = services.quote_for_confirmation(kiosk, amount)
    initial = {"gross": quote.gross, "seen": services.payout_seal(kiosk, request.person, account.pk, quote)}
    if key:
        initial["key"] = key
    return render(request, "payouts/confirm.html", {
        "kiosk": kiosk, "quote": quote, "account": account, "form": forms.PayoutConfirmForm(initial=initial),
        "error": error, "after": after, "back_url": reverse("payouts:home", args=[kiosk.code])}, status=status)


def _refused(request, kiosk, is_holder, error, amount=None, key=None):
    """The home page with the payout form showing the refusal beside the amount."""
    form = forms.PayoutForm({"amount": paise_to_input(amount) if amount else "", "key": key or ""})
    form.is_valid()
    _fail(form, error)
    return _home(request, kiosk, is_holder, payout_form=form, status=400)


@require_POST
@person_required
def new(request, code):
    """Step 1: the amount; the answer is the confirmation page with gross, TDS and net (req. 6-7)."""
    kiosk, is_holder = _kiosk(request, code, act=True)
    form = forms.PayoutForm(request.POST)
    if form.is_valid():
        try:
            return _confirm_page(request, kiosk, form.cleaned_data["amount"])
        except services.PayoutError as e:
            _fail(form, e)
    return _home(request, kiosk, is_holder, payout_form=form, status=400)


@require_POST
@person_required
def confirm(request, code):
    """Step 2: the payout, exactly as the confirmation page showed it, or nothing."""
    kiosk, is_holder = _kiosk(request, code, act=True)
    form = forms.PayoutConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This confirmation is out of date. Enter the amount again."))
        return redirect("payouts:home", code=kiosk.code)
    data = form.cleaned_data
    try:
        payout = services.request_payout(kiosk, by=request.person, gross=data["gross"], seen=data["seen"],
                                         idempotency_key=data["key"])
    except services.QuoteChanged as e:
        return _confirm_page(request, kiosk, e.quote.gross, status=409, error=str(e), key=data["key"])
    except services.NotConfirmed as e:
        # the confirmation page, never the payout (issue 9 item 2)
        try:
            return _confirm_page(request, kiosk, data["gross"], status=400, error=str(e), key=data["key"])
        except services.PayoutError as refused:
            return _refused(request, kiosk, is_holder, refused, data["gross"], data["key"])
    except services.PayoutError as e:
        return _refused(request, kiosk, is_holder, e, data["gross"], data["key"])
    messages.success(request, _("Payout %(ref)s of %(net)s is on its way to your bank account.")
                     % {"ref": payout.reference, "net": format_paise(payout.net)})
    return redirect("payouts:payout", code=kiosk.code, reference=payout.reference)


@person_required
def payout(request, code, reference):
    """One payout: gross, TDS, net, the account, where it stands."""
    kiosk, is_holder = _kiosk(request, code)
    payout = get_object_or_404(Payout.objects.select_related("bank_account", "batch"), kiosk=kiosk,
                               reference=reference.upper())
    return render(request, "payouts/payout.html", {
        "kiosk": kiosk, "payout": payout, "back_url": reverse("payouts:home", args=[kiosk.code])})


@person_required
def tds(request, code):
    """The kiosk holder's quarterly TDS statement: the figures a Form 16A carries (req. 6)."""
    kiosk, is_holder = _kiosk(request, code)
    today = timezone.localdate()
    data = request.GET if "fy" in request.GET else {"fy": services.financial_year(today),
                                                    "quarter": services.quarter_of(today)}
    form = forms.TdsStatementForm(data)
    statement = None
    if form.is_valid():
        statement = statements.tds_statement(fy=form.cleaned_data["fy"], quarter=form.cleaned_data["quarter"],
                                             kiosk=kiosk)
    return render(request, "payouts/tds.html", {
        "kiosk": kiosk, "form": form, "statement": statement,
        "back_url": reverse("payouts:home", args=[kiosk.code])})
