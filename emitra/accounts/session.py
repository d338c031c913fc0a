"""The portal's own sign-in state, kept apart from the identity provider's.

The bundled SSO provider runs in the same site and signs identities in with
Django's auth; the portal keeps its person under its own session keys, set
only by the OIDC callback (F2).
"""
from django.utils import timezone

PERSON_KEY = "emitra_person_id"
MEMBERSHIPS_KEY = "emitra_membership_ids"
ID_TOKEN_KEY = "emitra_id_token"
ISSUER_KEY = "emitra_issuer"


def sign_in(request, person, *, id_token, issuer):
    request.session.cycle_key()
    request.session[PERSON_KEY] = person.pk
    request.session[ID_TOKEN_KEY] = id_token
    request.session[ISSUER_KEY] = issuer
    remember_memberships(request, person)
    person.last_sign_in = timezone.now()
    person.save(update_fields=["last_sign_in"])


def remember_memberships(request, person):
    """Record the memberships the session was opened with; losing one signs it out."""
    request.session[MEMBERSHIPS_KEY] = sorted(person.memberships.live().values_list("pk", flat=True))


def sign_out(request):
    for key in (PERSON_KEY, MEMBERSHIPS_KEY, ID_TOKEN_KEY, ISSUER_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()
