"""Wallet pages: the kiosk's (k/<code>/wallet/...), the LSP officer's (lsp/wallet/...)
and DoIT's (doit/wallet/...). Thin: parse, fetch through an access helper, call
one service, redirect after POST."""
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required, is_holder_of, kiosk_for, lsp_required, lsp_scope, person_required
from emitra.core.money import format_paise
from emitra.ledger import services as ledger
from emitra.ledger.errors import LedgerError
from emitra.ledger.models import Account, AccountKind, Posting
from emitra.network.models import Kiosk
from emitra.wallet import accounts, forms, services
from emitra.wallet.gateways import get_gateway
from emitra.wallet.models import CreditLimitRequest, CreditRule, SecurityDeposit, TopUp
from emitra.core.text import query_text

STATEMENT_LINES_PER_PAGE = 100
ACCOUNTS_PER_PAGE = 50


def _fail(form, error):
    """Put a service's refusal beside its field, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def _reseal(form, token):
    """The form sent back confirms what this page shows now, whatever the page before showed
    (issue 9 items 1-2): a bound form's seal is replaced, an unbound one's is set."""
    if form.is_bound:
        form.data = form.data.copy()
        form.data["seen"] = token
    else:
        form.initial["seen"] = token
    return form


def _holder_kiosk(request, code, page="wallet"):
    """The kiosk for its holder, who alone moves its money; others who may see it get 404 on POST."""
    kiosk = kiosk_for(request, code, page=page)
    return kiosk, is_holder_of(request, kiosk)


# ------------------------------------------------------------------ kiosk pages

@person_required
def home(request, code):
    """The kiosk's wallet: balance, limit, available, deposit, recent top-ups and requests (F16, F18, F23)."""
    kiosk, is_holder = _holder_kiosk(request, code)
    accounts.wallet_account(kiosk)
    return render(request, "wallet/home.html", {
        "kiosk": kiosk, "is_holder": is_holder, "summary": services.wallet_summary(kiosk),
        "deposit": services.deposit_total(kiosk),
        "topups": kiosk.topups.all()[:10],
        "requests": kiosk.credit_requests.all()[:5],
        "back_url": reverse("network:kiosk_home", args=[kiosk.code]),
    })


@person_required
def topup(request, code):
    """The holder records a bank transfer (req. 5); it waits for the LSP officer."""
    kiosk, is_holder = _holder_kiosk(request, code, page="topup")
    if not is_holder:
        raise Http404
    form = forms.TopUpForm(request.POST or None)
    online = forms.GatewayTopUpForm(auto_id="online_%s")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            topup = services.record_topup(kiosk, by=request.person, amount=data["amount"], utr=data["utr"],
                                          transferred_on=data["transferred_on"], idempotency_key=data["key"])
        except services.WalletError as e:
            _fail(form, e)
        else:
            messages.success(request, _("Top-up #%(no)s of %(amount)s is recorded. Your LSP confirms it, then your "
                                        "wallet is credited.") % {"no": topup.pk, "amount": format_paise(topup.amount)})
            return redirect("wallet:home", code=kiosk.code)
    return render(request, "wallet/topup.html", {
        "kiosk": kiosk, "form": form, "online": online,
        "back_url": reverse("wallet:home", args=[kiosk.code])})


@require_POST
@person_required
def topup_online(request, code):
    """The holder pays online through the payment gateway; the wallet is credited when it confirms."""
    kiosk, is_holder = _holder_kiosk(request, code, page="topup")
    if not is_holder:
        raise Http404
    online = forms.GatewayTopUpForm(request.POST, auto_id="online_%s")
    if online.is_valid():
        try:
            topup = services.start_gateway_topup(kiosk, by=request.person, amount=online.cleaned_data["amount"],
                                                 idempotency_key=online.cleaned_data["key"])
        except services.WalletError as e:
            _fail(online, e)
        else:
            messages.success(request, _("Online payment #%(no)s of %(amount)s is started. Your wallet is credited "
                                        "as soon as the gateway confirms it.")
                             % {"no": topup.pk, "amount": format_paise(topup.amount)})
            home = reverse("wallet:home", args=[kiosk.code])
            pay_at = get_gateway(topup.gateway).payment_url(topup, request.build_absolute_uri(home))
            return redirect(pay_at or home)
    return render(request, "wallet/topup.html", {
        "kiosk": kiosk, "form": forms.TopUpForm(), "online": online,
        "back_url": reverse("wallet:home", args=[kiosk.code])})


@person_required
def limit(request, code):
    """The holder asks for a credit limit (F16); the rules approve it at once or send it to the LSP.
    The form carries the seal of the limit the page shows: the request is made against it (issue 9 item 4)."""
    kiosk, is_holder = _holder_kiosk(request, code)
    form = forms.LimitRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not is_holder:
            raise Http404
        if form.is_valid():
            try:
                req = services.request_credit_limit(kiosk, by=request.person, amount=form.cleaned_data["amount"],
                                                    idempotency_key=form.cleaned_data["key"],
                                                    seen=form.cleaned_data["seen"])
            except (services.NotConfirmed, services.Changed) as e:
                form.add_error(None, str(e))
                status = 409 if isinstance(e, services.Changed) else 400
            except services.WalletError as e:
                _fail(form, e)
            else:
                if req.state == CreditLimitRequest.State.APPROVED:
                    messages.success(request, _("Your credit limit is now %(limit)s.")
                                     % {"limit": format_paise(req.amount)})
                else:
                    messages.info(request, _("%(amount)s is more than the rules allow at once (%(at_once)s). "
                                             "Your request is sent to your LSP.")
                                  % {"amount": format_paise(req.amount), "at_once": format_paise(req.allowed_at_once)})
                return redirect("wallet:limit", code=kiosk.code)
    accounts.wallet_account(kiosk)
    if is_holder:
        _reseal(form, services.limit_request_seal(kiosk, request.person))
    return render(request, "wallet/limit.html", {
        "kiosk": kiosk, "is_holder": is_holder, "form": form, "limit": services.current_limit(kiosk),
        "allowance": services.credit_allowance(kiosk),
        "requests": kiosk.credit_requests.select_related("decided_by")[:10],
        "changes": kiosk.credit_changes.select_related("changed_by")[:10],
        "back_url": reverse("wallet:home", args=[kiosk.code])}, status=status)


@person_required
def limit_withdraw(request, code, pk):
    """The holder withdraws a request still waiting for the LSP, after a confirmation page (issue 9 item 4)."""
    kiosk, is_holder = _holder_kiosk(request, code)
    if not is_holder:
        raise Http404
    req = get_object_or_404(CreditLimitRequest, pk=pk, kiosk=kiosk)
    form = forms.ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.withdraw_credit_request(req, by=request.person, seen=form.cleaned_data["seen"])
            except services.NotConfirmed as e:
                form.add_error(None, str(e))
            except services.WalletError as e:
                messages.error(request, str(e))
                return redirect("wallet:limit", code=kiosk.code)
            else:
                messages.success(request, _("Your request for a credit limit of %(amount)s is withdrawn.")
                                 % {"amount": format_paise(req.amount)})
                return redirect("wallet:limit", code=kiosk.code)
        req.refresh_from_db()
    if req.state != CreditLimitRequest.State.PENDING:
        messages.error(request, _("This request was already dealt with: it is now “%(state)s”.")
                       % {"state": req.get_state_display()})
        return redirect("wallet:limit", code=kiosk.code)
    _reseal(form, services.withdraw_seal(req, request.person))
    return render(request, "wallet/limit_withdraw.html", {
        "kiosk": kiosk, "req": req, "form": form, "limit": services.current_limit(kiosk),
        "back_url": reverse("wallet:limit", args=[kiosk.code])}, status=status)


@person_required
def statement(request, code):
    """The wallet statement for any date range (F5) is the report "wallet" of the kiosk's
    Reports (issue 13 req. 1): this address, bookmarked before, goes there with its dates."""
    kiosk = kiosk_for(request, code, page="wallet")
    query = {f"created_{end}": request.GET[f"date_{end}"] for end in ("from", "to") if f"date_{end}" in request.GET}
    url = reverse("reports:kiosk_report", args=[kiosk.code, "wallet"])
    return redirect(url + ("?" + urlencode(query) if query else ""))


def _statement_page(request, account, title, context, back):
    today = timezone.localdate()
    data = request.GET if "date_from" in request.GET else {
        "date_from": (today - datetime.timedelta(days=30)).isoformat(), "date_to": today.isoformat()}
    form = forms.StatementForm(data)
    stmt, page = None, None
    if form.is_valid():
        try:
            stmt = ledger.statement(account, form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        except LedgerError as e:
            form.add_error(None, str(e))
        else:
            page = Paginator(stmt.lines, STATEMENT_LINES_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: data[k] for k in ("date_from", "date_to") if k in data})
    return render(request, "wallet/statement.html", {
        **context, "account": account, "label": accounts.account_label(account), "title": title, "form": form, "statement": stmt, "page": page,
        "query": query, "brought_forward": _brought_forward(stmt, page), "rows": _rows(page),
        "back_url": back})


def _rows(page):
    """(line, words for its kind, debit, credit) for the lines of one page; a line whose memo has a
    code says it all in its description (emitra.ledger.memos), one of older entries has its kind's words."""
    if page is None:
        return []
    labels = services.kind_labels()
    return [(line, "" if line.memo_code else labels.get(line.kind, ""), -line.amount if line.amount < 0 else None,
             line.amount if line.amount > 0 else None) for line in page.object_list]


def _brought_forward(stmt, page):
    """The running balance before the first line of this page."""
    if stmt is None or page is None or not page.object_list:
        return None
    first = page.start_index() - 1
    return stmt.opening if first == 0 else stmt.lines[first - 1].running


# ------------------------------------------------------------------ LSP pages

def _lsp_kiosks(request):
    scope = lsp_scope(request)
    kiosks = Kiosk.objects.all() if scope is None else Kiosk.objects.filter(lsp_id__in=scope)
    return kiosks


def _lsp_or_doit(view):
    """The LSP officer (for the LSP's kiosks) or DoIT (for all)."""
    @person_required
    def wrapper(request, *args, **kwargs):
        if not (request.roles.is_lsp or request.roles.is_doit):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@lsp_required
def lsp_topups(request):
    """Bank transfers of the LSP's kiosks waiting for confirmation (req. 5)."""
    topups = (TopUp.objects.filter(kiosk__lsp_id__in=request.roles.lsp_ids, state=TopUp.State.PENDING,
                                   method=TopUp.Method.BANK_TRANSFER)
              .select_related("kiosk", "requested_by").order_by("created", "id"))
    return render(request, "wallet/lsp_topups.html", {"topups": topups[:200],
                                                      "back_url": reverse("network:lsp_home")})


def _lsp_topup(request, pk):
    return get_object_or_404(TopUp.objects.select_related("kiosk", "requested_by", "decided_by"), pk=pk,
                             kiosk__lsp_id__in=request.roles.lsp_ids, method=TopUp.Method.BANK_TRANSFER)


@lsp_required
def lsp_topup(request, pk):
    """One top-up: amount, UTR and date, with confirm and reject (the confirmation step)."""
    topup = _lsp_topup(request, pk)
    return _lsp_topup_page(request, topup)


def _lsp_topup_page(request, topup, confirm=None, reject=None, status=200):
    earlier = (TopUp.objects.filter(kiosk=topup.kiosk, method=TopUp.Method.BANK_TRANSFER)
               .exclude(pk=topup.pk).order_by("-created")[:5])
    confirm = _reseal(confirm or forms.ConfirmForm(auto_id="confirm_%s"), services.topup_seal(topup, request.person))
    return render(request, "wallet/lsp_topup.html", {
        "topup": topup, "kiosk": topup.kiosk, "earlier": earlier, "confirm": confirm,
        "reject": reject or forms.ReasonForm(auto_id="reject_%s"),
        "back_url": reverse("wallet:lsp_topups")}, status=status)


@require_POST
@lsp_required
def lsp_topup_decide(request, pk, action):
    topup = _lsp_topup(request, pk)
    if action == "confirm":
        form = forms.ConfirmForm(request.POST, auto_id="confirm_%s")
        if form.is_valid():
            try:
                services.confirm_topup(topup, by=request.person, seen=form.cleaned_data["seen"],
                                       decision_key=form.cleaned_data["key"])
            except (services.NotConfirmed, services.Changed) as e:
                # the confirmation page again, with the top-up as it is now (issue 9 items 1-2)
                form.add_error(None, str(e))
                return _lsp_topup_page(request, _lsp_topup(request, pk), confirm=form,
                                       status=409 if isinstance(e, services.Changed) else 400)
            except services.WalletError as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("Top-up #%(no)s is confirmed: %(amount)s credited to %(code)s.")
                                 % {"no": topup.pk, "amount": format_paise(topup.amount), "code": topup.kiosk.code})
            return redirect("wallet:lsp_topups")
        return _lsp_topup_page(request, topup, confirm=form, status=400)
    if action == "reject":
        form = forms.ReasonForm(request.POST, auto_id="reject_%s")
        if form.is_valid():
            try:
                services.reject_topup(topup, by=request.person, reason=form.cleaned_data["reason"])
            except services.WalletError as e:
                if e.field:
                    _fail(form, e)
                    return _lsp_topup_page(request, topup, reject=form)
                messages.error(request, str(e))
            else:
                messages.success(request, _("Top-up #%(no)s is rejected. The holder sees your reason.")
                                 % {"no": topup.pk})
            return redirect("wallet:lsp_topups")
        return _lsp_topup_page(request, topup, reject=form)
    raise Http404


@lsp_required
def lsp_limits(request):
    """Credit-limit requests of the LSP's kiosks above what the rules approve at once (F16)."""
    pending = (CreditLimitRequest.objects.filter(kiosk__lsp_id__in=request.roles.lsp_ids,
                                                 state=CreditLimitRequest.State.PENDING)
               .select_related("kiosk", "requested_by").order_by("created", "id"))
    return render(request, "wallet/lsp_limits.html", {"requests": pending[:200],
                                                      "back_url": reverse("network:lsp_home")})


def _lsp_request(request, pk):
    return get_object_or_404(CreditLimitRequest.objects.select_related("kiosk", "requested_by"), pk=pk,
                             kiosk__lsp_id__in=request.roles.lsp_ids)


@lsp_required
def lsp_limit(request, pk):
    """One waiting request with grant and refuse, bound to what the page shows: the request, the
    limit it was made against and the limit now, with every change since (issue 9 item 4)."""
    req = _lsp_request(request, pk)
    grant = forms.GrantForm(request.POST if "grant" in request.POST else None, auto_id="grant_%s",
                            initial={"amount": req.amount})
    refuse = forms.RefuseForm(request.POST if "refuse" in request.POST else None, auto_id="refuse_%s")
    status = 200
    if request.method == "POST":
        form = grant if "grant" in request.POST else refuse
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is grant:
                    services.grant_credit_limit(req, by=request.person, amount=data["amount"], seen=data["seen"],
                                                decide_again=data.get("decide_again", False))
                    messages.success(request, _("Credit limit of %(limit)s granted to %(code)s.")
                                     % {"limit": format_paise(data["amount"]), "code": req.kiosk.code})
                else:
                    services.refuse_credit_limit(req, by=request.person, reason=data["reason"], seen=data["seen"])
                    messages.success(request, _("Request refused. The holder sees your reason."))
            except (services.NotConfirmed, services.Changed) as e:
                form.add_error(None, str(e))
                status = 409 if isinstance(e, services.Changed) else 400
            except services.WalletError as e:
                if not e.field:
                    messages.error(request, str(e))
                    return redirect("wallet:lsp_limit", pk=req.pk)
                _fail(form, e)
            else:
                return redirect("wallet:lsp_limits")
        req.refresh_from_db()
    limit = services.current_limit(req.kiosk)
    changed = req.base_limit is not None and req.base_limit != limit
    if not changed and not grant.errors.get("decide_again"):
        del grant.fields["decide_again"]
    seal = services.decision_seal(req, request.person)
    _reseal(grant, seal)
    _reseal(refuse, seal)
    return render(request, "wallet/lsp_limit.html", {
        "req": req, "kiosk": req.kiosk, "grant": grant, "refuse": refuse, "limit": limit, "changed": changed,
        "changes": services.changes_since(req)[:20] if changed else (),
        "allowance": services.credit_allowance(req.kiosk),
        "back_url": reverse("wallet:lsp_limits")}, status=status)


@_lsp_or_doit
def deposit_new(request):
    """The LSP officer or DoIT records a kiosk's security deposit (F18), after a confirmation step.

    The confirmation page's form carries the seal of what it shows: a POST without it (or with a
    made-up or altered one) shows the confirmation page and never posts (issue 9 item 2)."""
    kiosks = _lsp_kiosks(request).order_by("code")
    form = forms.DepositForm(request.POST or None, kiosks=kiosks,
                             initial={"kiosk": query_text(request, "kiosk", max_length=20).upper()})
    back = reverse("network:doit_home" if request.roles.is_doit else "network:lsp_home")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kiosk = get_object_or_404(kiosks, code=data["kiosk"])
        figures = {"by": request.person, "amount": data["amount"], "reference": data["reference"],
                   "received_on": data["received_on"], "idempotency_key": data["key"]}
        try:
            if not data["seen"]:
                services.check_deposit(kiosk, amount=data["amount"], reference=data["reference"],
                                       received_on=data["received_on"])
                return _deposit_confirm(request, form, kiosk, figures, back)
            deposit = services.record_deposit(kiosk, seen=data["seen"], **figures)
        except (services.NotConfirmed, services.Changed) as e:
            return _deposit_confirm(request, form, kiosk, figures, back, error=e)
        except services.WalletError as e:
            form = forms.DepositForm(dict(request.POST.items(), seen=""), kiosks=kiosks)
            form.is_valid()
            _fail(form, e)
        else:
            messages.success(request, _("Security deposit of %(amount)s recorded and credited to %(code)s.")
                             % {"amount": format_paise(deposit.amount), "code": kiosk.code})
            return redirect("wallet:deposit_new")
    recent = SecurityDeposit.objects.filter(kiosk__in=kiosks).select_related("kiosk", "recorded_by")[:10]
    return render(request, "wallet/deposit_new.html", {"form": form, "recent": recent, "back_url": back})


def _deposit_confirm(request, form, kiosk, figures, back, error=None):
    """The deposit's confirmation page: what will be credited, with the seal of exactly that."""
    return render(request, "wallet/deposit_confirm.html", {
        "form": form, "kiosk": kiosk, "data": form.cleaned_data, "error": error and str(error),
        "seal": services.deposit_seal(kiosk, **figures), "back_url": back},
        status=200 if error is None else 409 if isinstance(error, services.Changed) else 400)


# ------------------------------------------------------------------ DoIT pages

@doit_required
def doit_accounts(request):
    """Every ledger account with its balance. Floored accounts read their row; the others
    sum their postings, for this page's accounts only."""
    accounts_qs = Account.objects.order_by("kind", "code")
    kind = request.GET.get("kind", "")
    if kind in AccountKind.values:
        accounts_qs = accounts_qs.filter(kind=kind)
    q = query_text(request, "q", max_length=40)
    if q:
        accounts_qs = accounts_qs.filter(code__icontains=q)
    page = Paginator(accounts_qs, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    unfloored = [a.pk for a in page.object_list if a.floor is None]
    sums = dict(Posting.objects.filter(account_id__in=unfloored).order_by().values("account_id")
                .annotate(s=Sum("amount")).values_list("account_id", "s")) if unfloored else {}
    rows = [(a, a.balance if a.floor is not None else sums.get(a.pk, 0)) for a in page.object_list]
    query = urlencode({k: v for k, v in (("kind", kind), ("q", q)) if v})
    return render(request, "wallet/doit_accounts.html", {
        "rows": rows, "page": page, "kinds": AccountKind.choices, "kind": kind, "q": q, "query": query,
        "back_url": reverse("network:doit_home")})


@doit_required
def doit_account(request, code):
    account = get_object_or_404(Account, code=code)
    return _statement_page(request, account, _("Account statement"), {}, back=reverse("wallet:doit_accounts"))


@doit_required
def doit_rules(request):
    """DoIT's credit rules (F16): dated rows; a new rule from a day replaces the old one from then."""
    form = forms.CreditRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.add_credit_rule(by=request.person, **form.cleaned_data)
        except services.WalletError as e:
            _fail(form, e)
        else:
            messages.success(request, _("The credit rule is in force from %(day)s.")
                             % {"day": rule.valid_from.strftime("%d-%m-%Y")})
            return redirect("wallet:doit_rules")
    return render(request, "wallet/doit_rules.html", {
        "form": form, "rules": CreditRule.objects.select_related("created_by")[:50],
        "in_force": services.rule_in_force(), "back_url": reverse("network:doit_home")})

