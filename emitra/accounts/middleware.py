from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from emitra.accounts.models import Membership, Person
from emitra.accounts.roles import Roles
from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY, sign_out


class PersonMiddleware:
    """Sets request.person and request.roles for every request.

    F31: a person whose membership was deactivated or de-registered since
    signing in is signed out at the next request and told why. Both are read
    from the database on every request (revocation takes effect at once); for
    anyone with a membership that is one query, which also brings the kiosk
    that kiosk_for() then needs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        request.roles = Roles([])
        request.kiosk = None
        person_id = request.session.get(PERSON_KEY)
        if person_id is not None:
            person, memberships = _person_and_memberships(person_id)
            opened_with = set(request.session.get(MEMBERSHIPS_KEY, []))
            if person is None or opened_with - {m.pk for m in memberships}:
                sign_out(request)
                messages.warning(request, _("Your access was changed, so you were signed out. Sign in again."))
                return redirect("core:home")
            request.person = person
            request.roles = Roles(memberships)
        return self.get_response(request)


def _person_and_memberships(person_id):
    """(active person or None, their live memberships): one joined query when they have any."""
    memberships = list(
        Membership.objects.live().filter(person_id=person_id, person__is_active=True)
        .select_related("person", "kiosk__district", "kiosk__lsp", "lsp").order_by("pk")
    )
    if not memberships:
        return Person.objects.filter(pk=person_id, is_active=True).first(), []
    person = memberships[0].person
    for m in memberships:
        m.person = person
    return person, memberships
