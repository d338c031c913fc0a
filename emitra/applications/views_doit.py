"""DoIT edits the application forms in the portal (issue 11 req. 1): no code, no migration.
Saving makes the next version; a definition at fault is refused beside the row and field."""
from django.contrib import messages
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from emitra.accounts.access import doit_required
from emitra.applications import formdefs, services
from emitra.applications.forms import FieldRows, FormMetaForm, row_initial
from emitra.applications.models import FormDefinition
from emitra.catalogue.models import Service


@doit_required
def forms_list(request):
    """Application services with their form's current version."""
    versions = {row["service"]: row for row in FormDefinition.objects.values("service").annotate(
        latest=Max("version"), count=Count("id"))}
    rows = [(s, versions.get(s.pk)) for s in Service.objects.filter(kind=Service.Kind.APPLICATION)
            .select_related("department").order_by("department__name_en", "name_en")]
    return render(request, "applications/doit_forms.html", {"rows": rows, "back_url": reverse("network:doit_home")})


@doit_required
def form_edit(request, service_code):
    """The current version as rows; saving checks the whole definition and makes the next version."""
    service = get_object_or_404(Service, code=service_code.upper(), kind=Service.Kind.APPLICATION)
    current = services.current_form(service)
    initial_meta = ({"output_en": current.output_en, "output_hi": current.output_hi, "sla_days": current.sla_days}
                    if current else {"output_en": service.name_en, "output_hi": service.name_hi, "sla_days": 7})
    meta = FormMetaForm(request.POST or None, initial=initial_meta)
    rows = FieldRows(request.POST or None, initial=[row_initial(f) for f in current.fields] if current else [],
                     prefix="f")
    definition_errors = []
    if request.method == "POST" and meta.is_valid() and rows.is_valid():
        kept = [r for r in rows.forms if not r.is_blank() and not r.cleaned_data.get("delete")]
        fields = [r.definition_field() for r in kept]
        try:
            saved = services.save_form(service, by=request.person, fields=fields, **meta.cleaned_data)
        except formdefs.DefinitionError as e:
            for row, attr, message in e.errors:
                if row is None:
                    target = meta if attr in meta.fields else None
                    if target is not None:
                        target.add_error(attr, message)
                    else:
                        definition_errors.append(message)
                else:
                    form = kept[row]
                    form.add_error(attr if attr in form.fields else ("options" if attr in ("choices", "kinds")
                                                                     else None), message)
        else:
            if current is not None and saved.pk == current.pk:
                messages.info(request, _("Nothing changed: the form stays at version %(v)s.") % {"v": saved.version})
            else:
                messages.success(request, _("Saved as version %(v)s: new applications use it; earlier ones keep "
                                            "their own version.") % {"v": saved.version})
            return redirect("applications:doit_form", service.code)
    return render(request, "applications/doit_form_edit.html", {
        "service": service, "current": current, "meta": meta, "rows": rows, "definition_errors": definition_errors,
        "versions": FormDefinition.objects.filter(service=service).select_related("created_by")[:10],
        "back_url": reverse("applications:doit_forms"),
    }, status=400 if request.method == "POST" else 200)
