"""The LSP officer's and DoIT's payout pages (lsp/payouts/..., doit/payouts/...): bank
accounts to verify, NEFT files and the bank's response, the TDS statement per PAN."""
from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import lsp_required, lsp_scope, person_required
from emitra.core import confirmation
from emitra.payouts import forms, neft, services, statements
from emitra.payouts.models import BankAccount, NeftResponse, Payout
from emitra.wallet.forms import ConfirmForm, ReasonForm


def _fail(form, error):
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def lsp_or_doit(view):
    """The LSP officer (for the LSP's kiosks) or DoIT (for all)."""
    @person_required
    def wrapper(request, *args, **kwargs):
        if not (request.roles.is_lsp or request.roles.is_doit):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _home_url(request):
    return reverse("network:doit_home" if request.roles.is_doit else "network:lsp_home")


@lsp_required
def accounts(request):
    """Bank accounts of the LSP's kiosks waiting for verification (req. 7)."""
    return render(request, "payouts/lsp_accounts.html", {
        "accounts": services.accounts_to_verify(request.roles.lsp_ids)[:200], "back_url": _home_url(request)})


def _lsp_account(request, pk):
    return get_object_or_404(BankAccount.objects.select_related("kiosk", "requested_by", "kiosk__holder"), pk=pk,
                             kiosk__lsp_id__in=request.roles.lsp_ids)


def _account_page(request, account, verify=None, reject=None, status=200):
    verify = verify or ConfirmForm(auto_id="verify_%s")
    seal = services.account_seal(account, request.person)  # the account as this page shows it (issue 9 item 1)
    if verify.is_bound:
        verify.data = verify.data.copy()
        verify.data["seen"] = seal
    else:
        verify.initial["seen"] = seal
    return render(request, "payouts/lsp_account.html", {
        "account": account, "kiosk": account.kiosk, "current": services.verified_account(account.kiosk),
        "verify": verify, "reject": reject or ReasonForm(auto_id="reject_%s"),
        "back_url": reverse("payouts:lsp_accounts")}, status=status)


@lsp_required
def account(request, pk):
    """One account change: the details beside the account in force, with verify and reject."""
    return _account_page(request, _lsp_account(request, pk))


@require_POST
@lsp_required
def account_decide(request, pk, action):
    account = _lsp_account(request, pk)
    if action == "verify":
        form = ConfirmForm(request.POST, auto_id="verify_%s")
        if form.is_valid():
            try:
                services.verify_bank_account(account, by=request.person, seen=form.cleaned_data["seen"])
            except services.NotConfirmed as e:
                form.add_error(None, str(e))
                return _account_page(request, account, verify=form, status=400)
            except services.PayoutError as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("The bank account of %(code)s is verified. Payouts go to it from now.")
                                 % {"code": account.kiosk.code})
            return redirect("payouts:lsp_accounts")
        return _account_page(request, account, verify=form, status=400)
    if action == "reject":
        form = ReasonForm(request.POST, auto_id="reject_%s")
        if form.is_valid():
            try:
                services.reject_bank_account(account, by=request.person, reason=form.cleaned_data["reason"])
            except services.PayoutError as e:
                if e.field:
                    _fail(form, e)
                    return _account_page(request, account, reject=form, status=400)
                messages.error(request, str(e))
            else:
                messages.success(request, _("The bank account is rejected. The holder sees your reason."))
            return redirect("payouts:lsp_accounts")
        return _account_page(request, account, reject=form, status=400)
    raise Http404


@lsp_or_doit
def tds(request):
    """The quarterly TDS statement per PAN of the LSP's kiosks (DoIT: all), the Form 16A figures (req. 6)."""
    today = timezone.localdate()
    data = request.GET if "fy" in request.GET else {"fy": services.financial_year(today),
                                                    "quarter": services.quarter_of(today)}
    form = forms.TdsStatementForm(data)
    statement = None
    if form.is_valid():
        statement = statements.tds_statement(fy=form.cleaned_data["fy"], quarter=form.cleaned_data["quarter"],
                                             lsp_ids=lsp_scope(request))
    return render(request, "payouts/tds.html", {"form": form, "statement": statement,
                                                "back_url": _home_url(request)})


def _bank_page(request, *, response=None, faults=None, status=200):
    scope = lsp_scope(request)
    waiting = neft.queued(scope).aggregate(n=Count("id"), net=Sum("net"))
    unanswered = services.in_scope(scope).filter(state=Payout.State.SENT, channel=Payout.Channel.BANK_API,
                                                 next_attempt_at__isnull=True)
    return render(request, "payouts/bank.html", {
        "waiting": waiting, "batch_form": forms.BatchForm(), "response": response or forms.ResponseForm(),
        "faults": faults, "batches": neft.batches(scope).annotate(n=Count("payouts"), net=Sum("payouts__net"))[:20],
        "unanswered": unanswered[:50], "back_url": _home_url(request)}, status=status)


@lsp_or_doit
def bank(request):
    """NEFT files of the queued payouts and the bank's response (req. 7a)."""
    return _bank_page(request)


@require_POST
@lsp_or_doit
def batch_new(request):
    form = forms.BatchForm(request.POST)
    if form.is_valid():
        try:
            batch = neft.make_batch(by=request.person, lsp_ids=lsp_scope(request),
                                    idempotency_key=form.cleaned_data["key"])
        except services.PayoutError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("NEFT file #%(no)s is made. Download it and upload it to the bank.")
                             % {"no": batch.pk})
    return redirect(request.path.rsplit("batches/", 1)[0])


@lsp_or_doit
def batch_csv(request, pk):
    """The NEFT bulk-payment file of a batch (the same file however often it is downloaded)."""
    batch = get_object_or_404(neft.batches(lsp_scope(request)), pk=pk)
    response = HttpResponse(neft.batch_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="emitra-neft-{batch.pk}.csv"'
    return response


def _desk(request):
    return "doit" if request.roles.is_doit else "lsp"


@require_POST
@lsp_or_doit
def response_upload(request):
    """The bank's response file, checked whole (faults listed, nothing kept) and kept for the
    check page, where the officer sees what it settles and fails before confirming (req. 7a)."""
    form = forms.ResponseForm(request.POST, request.FILES)
    if not form.is_valid():
        return _bank_page(request, response=form, status=400)
    try:
        response = neft.receive_response(form.cleaned_data["file"].read(), by=request.person,
                                         lsp_ids=lsp_scope(request))
    except neft.ResponseRefused as e:
        form.add_error("file", _("Nothing was applied: correct the lines below and upload the whole file again."))
        return _bank_page(request, response=form, faults=e.lines, status=400)
    return redirect(f"payouts:{_desk(request)}_response_check", pk=response.pk)


def _pending(request, pk):
    response = neft.pending_response(pk, request.person)
    if response is None:
        raise Http404
    return response


def _check_page(request, response, *, form=None, faults=None, status=200):
    lines = []
    if faults is None:
        try:
            lines = neft.read_response(bytes(response.content), lsp_ids=lsp_scope(request))
        except neft.ResponseRefused as e:
            faults, status = e.lines, 409
    form = form or forms.ResponseConfirmForm()
    if lines:
        seal = neft.response_seal(response, lines, request.person)
        if form.is_bound:
            form.data = form.data.copy()
            form.data["seen"] = seal
        else:
            form.initial["seen"] = seal
    paid = [x for x in lines if x.paid]
    failed = [x for x in lines if not x.paid]
    return render(request, "payouts/response.html", {
        "response": response, "lines": lines[:RESPONSE_LINES_SHOWN], "more": max(0, len(lines) - RESPONSE_LINES_SHOWN),
        "paid": len(paid), "paid_net": sum(x.payout.net for x in paid),
        "failed": len(failed), "failed_net": sum(x.payout.net for x in failed),
        "form": form, "faults": faults, "desk": _desk(request),
        "back_url": reverse(f"payouts:{_desk(request)}_bank")}, status=status)


RESPONSE_LINES_SHOWN = 200  # a longer file's lines beyond these are counted in the totals, not listed


@lsp_or_doit
def response_check(request, pk):
    """What an uploaded response file would do, line by line, with the button that applies it."""
    return _check_page(request, _pending(request, pk))


@require_POST
@lsp_or_doit
def response_apply(request, pk):
    """Apply the response the check page showed, bound to its seal; once (req. 7a, issue 9 items 1-2)."""
    bank_url = reverse(f"payouts:{_desk(request)}_bank")
    response = NeftResponse.objects.filter(pk=pk, uploaded_by=request.person).first()
    if response is None:
        raise Http404
    form = forms.ResponseConfirmForm(request.POST)
    form.is_valid()
    try:
        applied = neft.apply_response(response, seen=form.cleaned_data.get("seen", ""), by=request.person,
                                      lsp_ids=lsp_scope(request))
    except neft.ResponseAlreadyApplied:
        messages.info(request, _("This response file was applied already; nothing was applied again."))
        return redirect(bank_url)
    except neft.ResponseRefused as e:
        return _check_page(request, response, faults=e.lines, status=409)
    except confirmation.NotConfirmed:
        form.add_error(None, _("This confirmation does not come from the page that shows the response file, or the "
                               "file's lines changed. Nothing was applied: check the lines below and confirm again."))
        return _check_page(request, response, form=form, status=400)
    messages.success(request, _("The response is applied: %(paid)s payouts paid, %(failed)s failed and their money "
                                "returned.") % {"paid": applied.paid, "failed": applied.failed})
    return redirect(bank_url)
