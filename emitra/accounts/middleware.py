from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from emitra.accounts.models import Person
from emitra.accounts.roles import Roles
from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY, sign_out


class PersonMiddleware:
    """Sets request.person and request.roles for every request.

    F31: a person whose membership was deactivated or de-registered since
    signing in is signed out at the next request and told why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        request.roles = Roles([])
        request.kiosk = None
        person_id = request.session.get(PERSON_KEY)
        if person_id is not None:
            person = Person.objects.filter(pk=person_id, is_active=True).first()
            memberships = (
                list(person.memberships.live().select_related("kiosk", "lsp")) if person is not None else []
            )
            opened_with = set(request.session.get(MEMBERSHIPS_KEY, []))
            if person is None or opened_with - {m.pk for m in memberships}:
                sign_out(request)
                messages.warning(request, _("Your access was changed, so you were signed out. Sign in again."))
                return redirect("core:home")
            request.person = person
            request.roles = Roles(memberships)
        return self.get_response(request)
