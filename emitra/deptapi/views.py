"""DoIT's page of departments' API clients (F29, issue 11 req. 9): issue one (its secret shown
once, on the answer to the POST, never stored in clear) and revoke one."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from emitra.accounts.access import doit_required
from emitra.deptapi import services
from emitra.deptapi.forms import IssueClientForm
from emitra.deptapi.models import SCOPES, DepartmentClient


def _context(form, **extra):
    clients = DepartmentClient.objects.select_related("department", "issued_by", "revoked_by")
    return {"live": clients.filter(revoked_at__isnull=True), "revoked": clients.filter(revoked_at__isnull=False)[:20],
            "form": form, "scope_names": SCOPES, "back_url": reverse("network:doit_home"), **extra}


@doit_required
def clients(request):
    """The live clients, the last revoked ones, and the form to issue one."""
    form = IssueClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, secret = services.issue_client(form.cleaned_data["department"],
                                                   scopes=form.cleaned_data["scopes"], by=request.person)
        except services.ClientError as e:
            form.add_error(e.field if e.field in form.fields else None, e.text)
        else:
            response = render(request, "deptapi/issued.html", {
                "client": client, "secret": secret, "token_url": request.build_absolute_uri("/sso/token/"),
                "api_url": request.build_absolute_uri("/api/dept/v1/"), "back_url": reverse("deptapi_doit:clients")})
            add_never_cache_headers(response)  # the secret is on this page once, and kept nowhere
            return response
    return render(request, "deptapi/clients.html", _context(form),
                  status=400 if request.method == "POST" else 200)


@doit_required
def revoke(request, pk):
    """Confirm, then revoke, a department's client: its tokens stop at once (POST only revokes)."""
    client = get_object_or_404(DepartmentClient.objects.select_related("department"), pk=pk,
                               revoked_at__isnull=True)
    if request.method == "POST":
        services.revoke_client(client, by=request.person)
        messages.success(request, _("The client %(client)s of %(department)s is revoked.")
                         % {"client": client.client_id, "department": client.department.name})
        return redirect("deptapi_doit:clients")
    return render(request, "deptapi/revoke.html", {"client": client, "back_url": reverse("deptapi_doit:clients")})
