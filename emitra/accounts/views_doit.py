"""DoIT's pages about people: the department officers (F29) and the audit log (issue 2 req. 7)."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from emitra.accounts import services
from emitra.accounts.access import doit_required
from emitra.accounts.forms import AuditFilterForm, DepartmentOfficerForm
from emitra.accounts.models import Membership, Role
from emitra.core.models import AuditEvent


def _officers():
    return (Membership.objects.registered().filter(role=Role.DEPT_OFFICER)
            .select_related("person", "department", "office")
            .order_by("department__name_en", "person__sso_id"))


@doit_required
def officers(request):
    """The registered department officers, with a form to register one (F29)."""
    form = DepartmentOfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_for_sso_id(data["sso_id"])
            membership = services.add_department_officer(person, data["department"], data["office"],
                                                         by=request.person)
        except services.MembershipError as e:
            form.add_error(e.field, str(e))
        else:
            messages.success(request, _("%(sso_id)s is registered as an officer of %(department)s.")
                             % {"sso_id": person.sso_id, "department": membership.department.name})
            return redirect("accounts:doit_officers")
    return render(request, "accounts/doit_officers.html", {
        "officers": _officers(), "form": form, "back_url": reverse("network:doit_home"),
    }, status=400 if request.method == "POST" else 200)


@doit_required
def officer_end(request, pk):
    """Confirm, then end, one department officer's registration (F29); POST only ends it."""
    membership = get_object_or_404(_officers(), pk=pk)
    if request.method == "POST":
        try:
            services.end_department_officer(membership, by=request.person)
        except services.MembershipError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("%(sso_id)s is no longer an officer of %(department)s.")
                             % {"sso_id": membership.person.sso_id, "department": membership.department.name})
        return redirect("accounts:doit_officers")
    return render(request, "accounts/doit_officer_end.html", {
        "m": membership, "back_url": reverse("accounts:doit_officers")})


@doit_required
def audit(request):
    """The audit log for DoIT, filtered by person, kiosk, action and dates (issue 2, req. 7)."""
    events = AuditEvent.objects.all()
    form = AuditFilterForm(request.GET)
    form.is_valid()  # each valid filter applies; a slip shows beside its field
    f = form.cleaned_data
    if f.get("sso_id"):
        events = events.filter(actor_sso_id=f["sso_id"].strip().upper())
    if f.get("kiosk"):
        events = events.filter(kiosk_code=f["kiosk"].strip().upper())
    if f.get("action"):
        events = events.filter(action__startswith=f["action"].strip())
    if f.get("date_from"):
        events = events.filter(at__date__gte=f["date_from"])
    if f.get("date_to"):
        events = events.filter(at__date__lte=f["date_to"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit.html", {"page": page, "form": form, "query": query.urlencode(),
                                               "back_url": reverse("network:doit_home")})
