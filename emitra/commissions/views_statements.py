"""Commission statements (issue 10 req. 8): the kiosk's at /k/<code>/wallet/commission/ (its share),
the LSP's at /lsp/commission/ (its share and its kiosks'; DoIT chooses the LSP). Any period, per
day, per service and per receipt line, read from the ledger (emitra.commissions.statements)."""
import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.access import kiosk_for, person_required
from emitra.commissions import statements
from emitra.network.models import LSP
from emitra.wallet.forms import StatementForm
from emitra.core.text import query_text

ITEMS_PER_PAGE = 50


def _period(request):
    """The statement form (default: the last 30 days) and its data, for a GET page."""
    today = timezone.localdate()
    data = request.GET if "date_from" in request.GET else {
        "date_from": (today - datetime.timedelta(days=30)).isoformat(), "date_to": today.isoformat()}
    return StatementForm(data), data


def _page(request, build, context, template):
    form, data = _period(request)
    stmt = page = None
    if form.is_valid():
        stmt = build(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        page = Paginator(stmt.items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: data[k] for k in ("date_from", "date_to", "lsp") if k in data})
    return render(request, template, {**context, "form": form, "statement": stmt, "page": page, "query": query})


@person_required
def kiosk_statement(request, code):
    """The kiosk's commission statement: its share of every receipt line, per day and per service."""
    kiosk = kiosk_for(request, code)
    return _page(request, lambda a, b: statements.kiosk_statement(kiosk, a, b),
                 {"kiosk": kiosk, "title": _("Commission statement"),
                  "back_url": reverse("wallet:home", args=[kiosk.code])}, "commissions/kiosk_statement.html")


@person_required
def lsp_statement(request):
    """The LSP's commission statement: its share of its kiosks' lines, per day, service and kiosk."""
    roles = request.roles
    if not (roles.is_lsp or roles.is_doit):
        raise Http404
    lsps = LSP.objects.order_by("code") if roles.is_doit else LSP.objects.filter(pk__in=roles.lsp_ids).order_by("code")
    code = query_text(request, "lsp", max_length=20)
    lsp = get_object_or_404(lsps, code=code) if code else lsps.first()
    if lsp is None:
        raise Http404
    return _page(request, lambda a, b: statements.lsp_statement(lsp, a, b),
                 {"lsp": lsp, "lsps": list(lsps) if len(lsps) > 1 else [], "title": _("LSP commission statement"),
                  "back_url": reverse("network:doit_home" if roles.is_doit else "network:lsp_home")},
                 "commissions/lsp_statement.html")
