"""The kiosk's application pages (issue 11 req. 1-5; F25): fill in, choose the office, pay the
fee through the cart, the acknowledgement, the re-submit list. Views parse, call one
service, redirect after POST; every page works without JavaScript."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import person_required
from emitra.applications import formdefs, printing, services
from emitra.applications.access import application_for_kiosk, filer_kiosk
from emitra.applications.forms import ApplicantForm, OfficeForm, applicant_initial
from emitra.applications.workflow import MoveNotAllowed, State
from emitra.catalogue.models import Service


def _put(error, *forms_):
    """An ApplicationError beside its field in whichever form has it, else on the first form."""
    for form in forms_:
        if error.field in form.fields:
            form.add_error(error.field, error.text)
            return
    forms_[0].add_error(None, error.text)


def _fill(request, kiosk, *, service, form_def, application=None):
    """The form page for a new application or a correction: both forms checked on the server."""
    initial = applicant_initial(application) if application else None
    applicant = ApplicantForm(request.POST or None, initial=initial, prefix="a")
    answers = formdefs.AnswersForm(form_def.fields, request.POST or None,
                                   initial=formdefs.initial_from(form_def.fields, application.answers)
                                   if application else None)
    if request.method == "POST" and applicant.is_valid() and answers.is_valid():
        try:
            details = services.clean_applicant(**applicant.applicant())
            if application is None:
                application = services.start_application(kiosk, service, by=request.person, applicant=details,
                                                         answers=answers.answers())
                return redirect("applications:office", kiosk.code, application.number)
            services.correct(application, by=request.person, applicant=details, answers=answers.answers())
            messages.success(request, _("The application is corrected."))
            return redirect("applications:detail", kiosk.code, application.number)
        except services.ApplicationError as e:
            _put(e, applicant, answers)
        except MoveNotAllowed as e:
            applicant.add_error(None, e.text)
    back = (reverse("applications:detail", args=[kiosk.code, application.number]) if application
            else reverse("catalogue:service", args=[kiosk.code, service.code]))
    return render(request, "applications/fill.html", {
        "kiosk": kiosk, "service": service, "form_def": form_def, "applicant": applicant, "answers": answers,
        "application": application, "back_url": back,
    }, status=400 if request.method == "POST" else 200)


@person_required
def new(request, code, service_code):
    """Fill in a new application with the service's current form (req. 1)."""
    kiosk = filer_kiosk(request, code)
    service = get_object_or_404(Service.objects.select_related("department"), code=service_code.upper(),
                                active=True, department__active=True)
    form_def = services.current_form(service)
    if form_def is None:
        return redirect("catalogue:service", kiosk.code, service.code)
    return _fill(request, kiosk, service=service, form_def=form_def)


@person_required
def edit(request, code, number):
    """Correct a draft, or an application sent back, against the version it was filled with (F25)."""
    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    if application.state not in (State.DRAFT, State.SENT_BACK, State.WRONG_OFFICE):
        messages.error(request, _("This application cannot be changed now."))
        return redirect("applications:detail", kiosk.code, application.number)
    return _fill(request, kiosk, service=application.service, form_def=application.form, application=application)


@person_required
def office(request, code, number):
    """Choose the destination office among the department's offices for the applicant's place (req. 2)."""
    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    offices = list(services.offices_for(application))
    wrong = services.wrong_offices(application)
    form = OfficeForm(request.POST or None, offices=offices, wrong=wrong,
                      initial={"office": str(application.office_id)}
                      if application.office_id and application.office_id not in wrong else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_office(application, form.chosen_office(), by=request.person)
        except services.ApplicationError as e:
            form.add_error("office", e.text)
        except MoveNotAllowed as e:
            form.add_error(None, e.text)
        else:
            return redirect("applications:detail", kiosk.code, application.number)
    return render(request, "applications/office.html", {
        "kiosk": kiosk, "application": application, "form": form, "wrong": [o for o in offices if o.pk in wrong],
        "back_url": reverse("applications:detail", args=[kiosk.code, application.number]),
    }, status=400 if request.method == "POST" else 200)


@person_required
def detail(request, code, number):
    """One application as the kiosk sees it: its answers in its own version, office, history, next steps."""
    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    return render(request, "applications/detail.html", {
        "kiosk": kiosk, "application": application, "rows": services.display_answers(application),
        "events": services.history(application), "in_cart": services.fee_in_open_cart(application),
        "documents": services.attached_rows(application), "missing": services.missing_documents(application),
        "back_url": reverse("applications:kiosk_list", args=[kiosk.code]),
    })


@require_POST
@person_required
def add_fee(request, code, number):
    """The fee into the cart (req. 5); the cart's payment submits the application."""
    from emitra.payments.services import current_cart

    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    try:
        result = services.add_fee_to_cart(application, current_cart(kiosk, request.person), by=request.person)
    except (services.ApplicationError, MoveNotAllowed) as e:
        messages.error(request, e.text)
        return redirect("applications:detail", kiosk.code, application.number)
    if result is application:  # no fee: submitted at once
        messages.success(request, _("Application %(number)s is submitted.") % {"number": application.number})
        return redirect("applications:detail", kiosk.code, application.number)
    messages.success(request, _("The fee of application %(number)s is in the cart: pay it to submit the "
                                "application.") % {"number": application.number})
    return redirect("payments:cart", kiosk.code)


@require_POST
@person_required
def resubmit(request, code, number):
    """Re-send an application sent back: same number, no new fee (F25)."""
    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    try:
        services.resubmit(application, by=request.person, remark=request.POST.get("remark", "")[:500])
    except (services.ApplicationError, MoveNotAllowed) as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Application %(number)s is re-submitted to %(office)s.")
                         % {"number": application.number, "office": application.office.name})
    return redirect("applications:detail", kiosk.code, application.number)


LIST_FILTERS = ("", "sent_back", "draft", "open", "approved", "rejected")


@person_required
def kiosk_list(request, code):
    """The kiosk's applications; ?show=sent_back is the re-submit list (F25)."""
    kiosk = filer_kiosk(request, code)
    show = request.GET.get("show", "")
    show = show if show in LIST_FILTERS else ""
    qs = services.for_kiosk(kiosk)
    if show == "sent_back":
        qs = services.sent_back(kiosk)
    elif show == "open":
        qs = qs.filter(state__in=[State.SUBMITTED, State.IN_PROCESS])
    elif show:
        qs = qs.filter(state=show)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "applications/kiosk_list.html", {
        "kiosk": kiosk, "page": page, "show": show, "sent_back_count": services.sent_back(kiosk).count(),
        "back_url": reverse("network:kiosk_home", args=[kiosk.code]),
    })


def _size(request):
    return "a5" if request.GET.get("size") == "a5" else "a4"


@person_required
def acknowledgement(request, code, number):
    """The acknowledgement for print (A4, or A5 with ?size=a5): number and expected delivery date."""
    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    if application.state == State.DRAFT:
        return redirect("applications:detail", kiosk.code, application.number)
    return render(request, "applications/ack_print.html", {
        **printing.ack_context(application, request), "kiosk": kiosk, "size": _size(request),
        "back_url": reverse("applications:detail", args=[kiosk.code, application.number]),
    })


@person_required
def acknowledgement_pdf(request, code, number):
    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    if application.state == State.DRAFT:
        return redirect("applications:detail", kiosk.code, application.number)
    data = printing.ack_pdf(application, _size(request), request)
    return _pdf_response(data, f"{application.number}-acknowledgement.pdf")


@person_required
def certificate(request, code, number):
    """The issued certificate as a PDF with its QR (req. 3)."""
    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    return certificate_response(request, application)


def certificate_response(request, application):
    from django.http import Http404

    if application.state != State.APPROVED:
        raise Http404
    if application.output_blob_id:  # the department's system issued its own output (F29)
        from django.http import FileResponse

        from emitra.documents.services import open_blob

        blob = application.output_blob
        return FileResponse(open_blob(blob), content_type=blob.content_type, as_attachment=False,
                            filename=f"{application.number}.{blob.extension}")
    return _pdf_response(printing.certificate_pdf(application, request), f"{application.number}.pdf")


def _pdf_response(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@person_required
def documents(request, code, number):
    """The application's document slots (F30): each takes a document of the citizen's locker, open at
    this kiosk with the citizen's code, or a new file uploaded into that locker (stored once, ever)."""
    from emitra.documents.access import document_url
    from emitra.documents.models import Document

    kiosk = filer_kiosk(request, code)
    application = application_for_kiosk(kiosk, number)
    lockers = services.lockers_open_at(kiosk)
    errors = {}
    if request.method == "POST":
        key = request.POST.get("slot", "")
        try:
            if request.FILES.get("file"):
                locker = next((lk for lk in lockers if str(lk.pk) == request.POST.get("locker")), None)
                if locker is None:
                    raise services.ApplicationError(_("Open the citizen's locker first."), key)
                services.upload_and_attach(application, key, request.FILES["file"], by=request.person,
                                           locker=locker, kind=request.POST.get("kind", ""))
            else:
                document = (Document.objects.select_related("kind", "locker").filter(
                    pk=int(request.POST.get("document") or 0)).first()
                    if (request.POST.get("document") or "").isdigit() else None)
                services.attach(application, key, document, by=request.person)
        except services.ApplicationError as e:
            errors[e.field or key] = e.text
        except MoveNotAllowed as e:
            errors[key] = e.text
        else:
            messages.success(request, _("The document is attached."))
            return redirect("applications:documents", kiosk.code, application.number)
    attached = services.attachments(application)
    slots = []
    for slot in formdefs.document_slots(application.form.fields):
        current = attached.get(slot["key"])
        slots.append({"slot": slot, "label": formdefs.label(slot), "current": current,
                      "url": document_url(current.document) if current else "",
                      "choices": services.documents_for_slot(application, slot), "error": errors.get(slot["key"])})
    from emitra.documents.models import DocumentKind

    return render(request, "applications/documents.html", {
        "kiosk": kiosk, "application": application, "slots": slots, "lockers": lockers,
        "editable": application.state in services.EDITABLE,
        "kinds": {k.code: k.name for k in DocumentKind.objects.all()},
        "back_url": reverse("applications:detail", args=[kiosk.code, application.number]),
    }, status=400 if errors else 200)
