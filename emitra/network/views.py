"""Pages of the kiosk network: onboarding (F6), kiosk users (F31-F33), LSP and DoIT desks."""
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required, is_holder_of, kiosk_for, lsp_required, lsp_scope, person_required
from emitra.accounts.models import Membership
from emitra.accounts.session import remember_memberships
from emitra.network import services
from emitra.network.forms import AddKioskUserForm, KioskApplicationForm, RemarksForm
from emitra.network.models import Kiosk, KioskApplication
from emitra.core.text import query_text


def _application_for(request, pk):
    """An application its applicant, its district's LSP officer, or DoIT may see; else 404."""
    application = get_object_or_404(KioskApplication.objects.select_related("district", "applicant", "kiosk"), pk=pk)
    roles = request.roles
    if not (application.applicant_id == request.person.pk or roles.is_doit
            or application.district.lsp_id in roles.lsp_ids):
        raise Http404
    return application


@person_required
def apply(request):
    """Apply to open a kiosk (F6); a person who may not apply is told why instead of
    being shown the form (issue 9 item 20)."""
    refusal = services.why_cannot_apply(request.person)
    if refusal:
        return render(request, "network/apply.html", {"refusal": refusal, "back_url": reverse("accounts:home")},
                      status=409 if request.method == "POST" else 200)
    form = KioskApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items()}
        try:
            application = services.submit_application(request.person, fields=fields,
                                                      actor_ip=request.META.get("REMOTE_ADDR"))
        except services.NetworkError as e:
            form.add_error(None if isinstance(e, services.CannotApply) else "district", str(e))
        else:
            messages.success(request, _("Your application is sent to the LSP of %(district)s.")
                             % {"district": application.district})
            return redirect("network:application", pk=application.pk)
    return render(request, "network/apply.html", {"form": form, "back_url": reverse("accounts:home")})


@person_required
def my_applications(request):
    applications = KioskApplication.objects.filter(applicant=request.person).select_related("district", "kiosk")
    return render(request, "network/my_applications.html", {"applications": applications,
                                                             "back_url": reverse("accounts:home")})


@person_required
def application(request, pk):
    application = _application_for(request, pk)
    is_applicant = application.applicant_id == request.person.pk
    correction = None
    if is_applicant and application.status == KioskApplication.Status.RETURNED:
        correction = KioskApplicationForm(request.POST or None, request.FILES or None, instance=application)
        if request.method == "POST" and correction.is_valid():
            fields = {k: v for k, v in correction.cleaned_data.items() if v is not None}
            application.refresh_from_db()  # the form wrote onto the instance; the service writes
            try:
                services.resubmit_application(application, request.person, fields=fields)
            except services.NetworkError as e:
                correction.add_error(None, str(e))
            else:
                messages.success(request, _("Your corrected application is sent again."))
                return redirect("network:application", pk=pk)
    if request.roles.is_doit:
        back = reverse("network:doit_applications")
    elif application.district.lsp_id in request.roles.lsp_ids:
        back = reverse("network:lsp_applications")
    else:
        back = reverse("network:my_applications")
    return render(request, "network/application.html", {
        "application": application, "steps": application.steps.select_related("actor"),
        "correction": correction, "remarks_form": RemarksForm(),
        "can_verify": application.district.lsp_id in request.roles.lsp_ids
        and application.status == KioskApplication.Status.SUBMITTED,
        "can_approve": request.roles.is_doit and application.status == KioskApplication.Status.VERIFIED,
        "back_url": back,
    })


@person_required
def application_document(request, pk, which):
    application = _application_for(request, pk)
    if which not in ("id_proof", "address_proof"):
        raise Http404
    f = getattr(application, which)
    if not f:
        raise Http404
    response = FileResponse(f.open("rb"), as_attachment=False, filename=f.name.rsplit("/", 1)[-1])
    return response


@require_POST
@person_required
def decide(request, pk, action):
    application = _application_for(request, pk)
    remarks = request.POST.get("remarks", "")[:1000]
    try:
        if action == "verify":
            services.verify_application(application, request.person, request.roles)
            messages.success(request, _("Verified. It now goes to DoIT for approval."))
        elif action == "return":
            services.return_application(application, request.person, request.roles, remarks)
            messages.success(request, _("Returned to the applicant with your remarks."))
        elif action == "approve":
            application = services.approve_application(application, request.person, request.roles)
            messages.success(request, _("Approved. Kiosk %(code)s is open.") % {"code": application.kiosk.code})
        elif action == "reject":
            services.reject_application(application, request.person, request.roles, remarks)
            messages.success(request, _("Rejected. The applicant sees your reason."))
        else:
            raise Http404
    except services.NetworkError as e:  # AlreadyRegistered included: its message says where
        messages.error(request, str(e))
    return redirect("network:application", pk=pk)


@lsp_required
def lsp_applications(request):
    scope = lsp_scope(request)
    applications = KioskApplication.objects.filter(district__lsp_id__in=scope).select_related("district", "applicant")
    status = request.GET.get("status", KioskApplication.Status.SUBMITTED)
    if status in KioskApplication.Status.values:
        applications = applications.filter(status=status)
    return render(request, "network/queue.html", {
        "applications": applications[:200], "status": status, "statuses": KioskApplication.Status.choices,
        "title": _("Kiosk applications of your districts"), "back_url": reverse("network:lsp_home")})


@doit_required
def doit_applications(request):
    applications = KioskApplication.objects.select_related("district", "applicant")
    status = request.GET.get("status", KioskApplication.Status.VERIFIED)
    if status in KioskApplication.Status.values:
        applications = applications.filter(status=status)
    return render(request, "network/queue.html", {
        "applications": applications[:200], "status": status, "statuses": KioskApplication.Status.choices,
        "title": _("Kiosk applications for approval"), "back_url": reverse("network:doit_home")})


@lsp_required
def lsp_home(request):
    kiosks = Kiosk.objects.filter(lsp_id__in=lsp_scope(request)).select_related("district", "holder")
    return render(request, "network/kiosk_list.html", {"kiosks": kiosks, "title": _("Kiosks of your LSP"),
                                                       "back_url": reverse("accounts:home")})


@doit_required
def doit_home(request):
    q = query_text(request, "q", max_length=40)
    kiosks = Kiosk.objects.select_related("district", "holder", "lsp")
    if q:
        kiosks = kiosks.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(district__name_en__icontains=q))
    return render(request, "network/kiosk_list.html", {"kiosks": kiosks[:200], "title": _("All kiosks"), "q": q,
                                                       "doit": True, "back_url": reverse("accounts:home")})


# --- one kiosk ---------------------------------------------------------------


@person_required
def kiosk_home(request, code):
    from emitra.network.tehsils import may_set_tehsil

    kiosk = kiosk_for(request, code, page="home")
    return render(request, "network/kiosk_home.html", {
        "kiosk": kiosk, "is_holder": is_holder_of(request, kiosk),
        "tehsils": kiosk.district.tehsils.all() if may_set_tehsil(request.roles, kiosk) else None})


def _holder_kiosk(request, code):
    """The kiosk, for its holder only (DoIT and the LSP may look, not act)."""
    kiosk = kiosk_for(request, code, page="users")
    return kiosk, is_holder_of(request, kiosk)


@person_required
def kiosk_users(request, code):
    kiosk, is_holder = _holder_kiosk(request, code)
    form = AddKioskUserForm(request.POST or None)
    if request.method == "POST":
        if not is_holder:
            raise Http404
        if form.is_valid():
            try:
                membership = services.add_kiosk_user(kiosk, request.person, **form.cleaned_data)
            except services.NetworkError as e:
                form.add_error("sso_id", str(e))
            else:
                messages.success(request, _("%(sso_id)s is added as %(role)s.")
                                 % {"sso_id": membership.person.sso_id, "role": membership.get_role_display()})
                return redirect("network:kiosk_users", code=kiosk.code)
    users = kiosk.memberships.registered().select_related("person").order_by("role", "person__sso_id")
    return render(request, "network/kiosk_users.html", {
        "kiosk": kiosk, "users": users, "form": form, "is_holder": is_holder,
        "back_url": reverse("network:kiosk_home", args=[kiosk.code])})


@require_POST
@person_required
def kiosk_user_change(request, code, pk, action):
    kiosk, is_holder = _holder_kiosk(request, code)
    if not is_holder:
        raise Http404
    membership = get_object_or_404(Membership.objects.registered().select_related("person", "kiosk"),
                                   pk=pk, kiosk=kiosk)
    try:
        if action == "deactivate":
            services.set_kiosk_user_active(membership, request.person, False)
            messages.success(request, _("%(sso_id)s is deactivated.") % {"sso_id": membership.person.sso_id})
        elif action == "activate":
            services.set_kiosk_user_active(membership, request.person, True)
            messages.success(request, _("%(sso_id)s is active again.") % {"sso_id": membership.person.sso_id})
        elif action in ("allow_cancel", "forbid_cancel"):
            services.set_may_cancel_receipts(membership, request.person, action == "allow_cancel")
            if action == "allow_cancel":
                messages.success(request, _("%(sso_id)s may now cancel receipts.")
                                 % {"sso_id": membership.person.sso_id})
            else:
                messages.success(request, _("%(sso_id)s may no longer cancel receipts.")
                                 % {"sso_id": membership.person.sso_id})
        else:
            raise Http404
    except services.NetworkError as e:
        messages.error(request, str(e))
    return redirect("network:kiosk_users", code=kiosk.code)


@person_required
def kiosk_user_deregister(request, code, pk):
    """The holder removes a user from the kiosk (F31, F33): a page says what that does and
    asks to confirm; only its POST de-registers (issue 9 item 15)."""
    kiosk, is_holder = _holder_kiosk(request, code)
    if not is_holder:
        raise Http404
    membership = get_object_or_404(Membership.objects.registered().select_related("person", "kiosk"),
                                   pk=pk, kiosk=kiosk)
    users_url = reverse("network:kiosk_users", args=[kiosk.code])
    if request.method != "POST":
        return render(request, "network/deregister_confirm.html", {
            "m": membership, "myself": False, "back_url": users_url,
            "action": reverse("network:kiosk_user_deregister", args=[kiosk.code, membership.pk])})
    try:
        services.deregister(membership, request.person)
    except services.NetworkError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("%(sso_id)s is de-registered from this kiosk.")
                         % {"sso_id": membership.person.sso_id})
    return redirect(users_url)


@person_required
def deregister_myself(request, pk):
    """A person ends their own kiosk registration (F33) after a page says what that does;
    only its POST de-registers (issue 9 item 15)."""
    membership = get_object_or_404(Membership.objects.registered().select_related("kiosk"), pk=pk,
                                   person=request.person, kiosk__isnull=False)
    if request.method != "POST":
        return render(request, "network/deregister_confirm.html", {
            "m": membership, "myself": True, "back_url": reverse("accounts:me"),
            "action": reverse("network:deregister_myself", args=[membership.pk])})
    try:
        services.deregister(membership, request.person)
    except services.NetworkError as e:
        messages.error(request, str(e))
    else:
        remember_memberships(request, request.person)
        messages.success(request, _("Your SSO ID is de-registered from kiosk %(code)s. You can now be registered at another kiosk.")
                         % {"code": membership.kiosk.code})
    return redirect("accounts:me")
