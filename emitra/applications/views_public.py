"""What citizens see (issue 11 req. 8): the public status check by application number and
mobile, the public check of a certificate's QR (both rate-limited like the receipt check,
through the one limit of emitra.core.verification), and a signed-in citizen's own page."""
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from emitra.accounts.access import person_required
from emitra.applications import printing, services
from emitra.applications.forms import StatusForm
from emitra.applications.models import Application
from emitra.applications.workflow import State
from emitra.core import verification


def _limited(request, template):
    response = render(request, template, {"limited": True, "back_url": reverse("accounts:home")}, status=429)
    response["Retry-After"] = str(verification.WINDOW_SECONDS)
    return response


def status(request):
    """Anyone: the state of an application from its number and the applicant's mobile.
    A wrong pair says "not found" and tells nothing more. POST, so that the mobile stays out
    of addresses, browser history and logs."""
    form = StatusForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "back_url": reverse("accounts:home")}
    if form.is_bound and form.is_valid():
        if verification.over_limit(request):
            return _limited(request, "applications/status.html")
        application = services.status_of(form.cleaned_data["number"], form.cleaned_data["mobile"])
        if application is None:
            context["not_found"] = True
            return render(request, "applications/status.html", context, status=404)
        last = application.events.exclude(remark="").order_by("-id").first()
        context.update(application=application, last_remark=last.remark if last else "",
                       events=services.history(application))
    return render(request, "applications/status.html", context)


def verify_certificate(request, token):
    """The page a certificate's QR opens: no sign-in; an unknown or altered token is 404."""
    if verification.over_limit(request):
        return _limited(request, "applications/verify.html")
    number = printing.CERTIFICATES.number_from_token(token)
    application = (Application.objects.select_related("service", "office").filter(number=number).first()
                   if number else None)
    if application is None or application.decided_at is None or application.state not in (
            State.APPROVED, State.REJECTED, State.WITHDRAWN):
        return render(request, "applications/verify.html", {"unknown": True}, status=404)
    return render(request, "applications/verify.html", {
        "application": application, "valid": application.state == State.APPROVED,
        "mobile": verification.mask_mobile(application.mobile),
    })


@person_required
def citizen(request):
    """A citizen signed in with SSO: their applications, the receipts of their fees, their documents."""
    applications = list(services.of_citizen(request.person).select_related("fee_line__receipt")[:100])
    receipts = {a.fee_line.receipt for a in applications if a.fee_line_id}
    return render(request, "applications/citizen.html", {
        "applications": applications, "receipts": sorted(receipts, key=lambda r: r.created, reverse=True),
        "documents": services.documents_of_citizen(request.person), "back_url": reverse("accounts:home"),
    })


@person_required
def citizen_application(request, number):
    application = services.of_citizen(request.person).filter(number=str(number).upper()).first()
    if application is None:
        raise Http404
    return render(request, "applications/citizen_application.html", {
        "application": application, "rows": services.display_answers(application),
        "documents": services.attached_rows(application),
        "events": services.history(application), "back_url": reverse("applications:citizen"),
    })


@person_required
def citizen_certificate(request, number):
    from emitra.applications.views_kiosk import certificate_response

    application = services.of_citizen(request.person).filter(number=str(number).upper()).first()
    if application is None:
        raise Http404
    return certificate_response(request, application)
