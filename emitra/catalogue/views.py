"""Catalogue pages: service search and service page for kiosks (F19), favourites
(F27), and DoIT's service and department editors. Views parse, call a service, render."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required, kiosk_for, person_required
from emitra.catalogue import services
from emitra.catalogue.forms import DepartmentForm, SearchForm, ServiceForm, fee_part_formset, fee_parts_from
from emitra.catalogue.models import Department, Service
from emitra.core.text import query_text

# Payments adds the "fetch bill / add to cart" form to the service page by
# providing this template; until then the page shows the fees only.
SERVICE_ACTIONS_TEMPLATE = "payments/service_actions.html"
# ... and the consumer number with "Fetch bill" to a bill service's row in the search results
# (issue 12 req. 1: the bill fetched from the results, without opening the service page first).
SEARCH_ROW_ACTIONS_TEMPLATE = "payments/search_row_actions.html"


def _optional_template(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


@person_required
def search(request, code):
    """One box, any script; results link to the service page (F19). With nothing typed, the
    departments and their services to browse, the kiosk's most used first (issue 9 item 19)."""
    kiosk = kiosk_for(request, code, page="services")
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        results, departments = services.search_services(query, kiosk=kiosk), []
    else:
        department = query_text(request, "department", max_length=20).upper()
        results, departments = services.browse_catalogue(kiosk, department=department)
    return render(request, "catalogue/search.html", {
        "kiosk": kiosk, "form": form, "query": query, "results": results, "departments": departments,
        "row_actions_template": _optional_template(SEARCH_ROW_ACTIONS_TEMPLATE),
        "back_url": reverse("network:kiosk_home", args=[kiosk.code]),
    })


@person_required
def service_page(request, code, service_code):
    """A service's names, department and fees; payments adds its form here."""
    kiosk = kiosk_for(request, code, page="services")
    service = get_object_or_404(
        Service.objects.select_related("department"), code=service_code.upper(), active=True,
        department__active=True,
    )
    return render(request, "catalogue/service.html", {
        "kiosk": kiosk, "service": service,
        "fee_parts": service.fee_parts.select_related("head"),
        "actions_template": services.service_actions_template(service, _optional_template(SERVICE_ACTIONS_TEMPLATE)),
        "back_url": reverse("catalogue:search", args=[kiosk.code]),
    })


@require_POST
@person_required
def toggle_favourite(request):
    """Star or unstar a service (field `service`) or a page (`path`, `title`), then go back (F27)."""
    service = None
    if request.POST.get("service"):
        service = get_object_or_404(Service, code=request.POST["service"].upper())
    path = request.POST.get("path", "")
    back = request.POST.get("next") or path
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("accounts:home")
    try:
        favourite = services.toggle_favourite(
            request.person, service=service, path=path, title=request.POST.get("title", ""))
    except services.InvalidFavourite as e:
        messages.error(request, str(e))
    else:
        if favourite is not None:
            messages.success(request, _("Added to your favourites."))
        else:
            messages.success(request, _("Removed from your favourites."))
    return redirect(back)


@person_required
def favourites(request):
    """All of a person's favourites on one page, each one click away (F27)."""
    kiosk = None
    membership = request.roles.kiosk_membership
    if membership is not None:
        kiosk = membership.kiosk
    return render(request, "catalogue/favourites.html", {
        "favourites": services.favourite_links(request.person, kiosk),
    })


# --- DoIT ---------------------------------------------------------------------


@doit_required
def doit_services(request):
    """All services, searchable like the kiosk search but with inactive ones too."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        page = None
        rows = services.search_services(query, limit=50, include_inactive=True)
    else:
        paginator = Paginator(Service.objects.select_related("department").order_by("name_en", "id"), 50)
        page = paginator.get_page(request.GET.get("page"))
        rows = page.object_list
    return render(request, "catalogue/doit_services.html", {
        "form": form, "query": query, "rows": rows, "page": page,
    })


def _apply_errors(error, form, formset):
    """Put a ValidationError from a service beside the field it is about."""
    for field, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        if field in form.fields:
            for message in messages_:
                form.add_error(field, message)
        elif field == "fee_parts":
            formset.fee_part_errors = messages_
        else:
            for message in messages_:
                form.add_error(None, message)


@doit_required
def doit_service_edit(request, service_code=None):
    """Create or change a service. Bad input shows beside its field and changes nothing."""
    service = None
    if service_code is not None:
        service = get_object_or_404(Service, code=service_code)
    if request.method == "POST":
        # a copy for the form, so that the service itself stays as it is until saved
        instance = Service.objects.get(pk=service.pk) if service else None
        form = ServiceForm(request.POST, instance=instance)
        formset = fee_part_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            fields = dict(form.cleaned_data)
            try:
                if service is None:
                    service = services.create_service(by=request.person, fee_parts=fee_parts_from(formset), **fields)
                    messages.success(request, _("Service %(code)s created.") % {"code": service.code})
                else:
                    services.update_service(service, by=request.person, fee_parts=fee_parts_from(formset), **fields)
                    messages.success(request, _("Service %(code)s saved.") % {"code": service.code})
            except ValidationError as e:
                _apply_errors(e, form, formset)
                if service is not None and service.pk is None:
                    service = None
            else:
                return redirect("catalogue:doit_service", service.code)
    else:
        form = ServiceForm(instance=service)
        formset = fee_part_formset(service=service)
    return render(request, "catalogue/doit_service_form.html", {
        "form": form, "formset": formset, "service": service if service and service.pk else None,
        "back_url": reverse("catalogue:doit_services"),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@doit_required
def doit_service_active(request, service_code):
    """Activate or deactivate a service (field `active`: 1 or 0)."""
    service = get_object_or_404(Service, code=service_code)
    active = request.POST.get("active") == "1"
    services.set_service_active(service, active, by=request.person)
    if active:
        messages.success(request, _("Service %(code)s is active: kiosks find and sell it.") % {"code": service.code})
    else:
        messages.success(request, _("Service %(code)s is deactivated: kiosks no longer find it.") % {"code": service.code})
    return redirect("catalogue:doit_service", service.code)


@doit_required
def doit_departments(request):
    """Departments, with a form to add one."""
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            department = services.create_department(by=request.person, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(e, form, None)
        else:
            messages.success(request, _("Department %(code)s created.") % {"code": department.code})
            return redirect("catalogue:doit_departments")
    departments = Department.objects.annotate(service_count=Count("services")).order_by("name_en")
    return render(request, "catalogue/doit_departments.html", {
        "form": form, "departments": departments,
    }, status=400 if request.method == "POST" else 200)


@doit_required
def doit_department_edit(request, department_code):
    department = get_object_or_404(Department, code=department_code)
    form = DepartmentForm(request.POST or None, instance=Department.objects.get(pk=department.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_department(department, by=request.person, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(e, form, None)
        else:
            messages.success(request, _("Department %(code)s saved.") % {"code": department.code})
            return redirect("catalogue:doit_departments")
    return render(request, "catalogue/doit_department_form.html", {
        "form": form, "department": department, "back_url": reverse("catalogue:doit_departments"),
    }, status=400 if request.method == "POST" else 200)
