"""Access to applications (issue 11 tests): every view reaches one through these helpers.

Another kiosk's application, or one outside an officer's scope, is 404: nobody
learns which application numbers exist.
"""
from django.http import Http404

from emitra.accounts.access import dept_scope, kiosk_for
from emitra.applications.models import Application
from emitra.applications.workflow import State

def filer_kiosk(request, code):
    """Applications carry a citizen's personal details: the kiosk's holder and operators
    see them, not its accountant nor the LSP's overseers (KIOSK_PAGES["applications"])."""
    return kiosk_for(request, code, page="applications")


def application_for_kiosk(kiosk, number):
    """The kiosk's own application `number`, else 404."""
    application = (Application.objects.select_related("service__department", "form", "office", "kiosk__district",
                                                      "kiosk__tehsil")
                   .filter(kiosk=kiosk, number=str(number).upper()).first())
    if application is None:
        raise Http404
    return application


def application_for_officer(request, number):
    """(application, scope): an application sent to an office in the officer's scope, else 404."""
    scope = dept_scope(request)
    application = (Application.objects.select_related("service__department", "form", "office", "kiosk")
                   .filter(scope.office_q()).exclude(state=State.DRAFT).filter(number=str(number).upper()).first())
    if application is None:
        raise Http404
    return application, scope
