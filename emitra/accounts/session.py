"""The portal's own sign-in state, kept apart from the identity provider's.

The bundled SSO provider runs in the same site and signs identities in with
Django's auth; the portal keeps its person under its own session keys, set
only by the OIDC callback (F2).

SessionStore (SESSION_ENGINE = "emitra.accounts.session") is Django's database
session in accounts.PortalSession, whose row also names the person: loading the
session reads the person and their live memberships in the same statement
(issue 14), which PersonMiddleware then takes instead of a query of its own.
The row is read on every request as before, so signing out (the row deleted or
its key changed) and a membership taken away count at the next request (F31).
"""
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
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


class SessionStore(DatabaseStore):
    """Django's database session store on accounts.PortalSession (see the module docstring)."""

    # (person id, Person or None, [Membership]) read with the session, or None
    person_and_memberships = None

    @classmethod
    def get_model_class(cls):
        from emitra.accounts.models import PortalSession

        return PortalSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        obj.person_id = data.get(PERSON_KEY)
        return obj

    def _get_session_from_db(self):
        from emitra.accounts.middleware import session_person_and_memberships

        found = session_person_and_memberships(self.session_key) if self._validate_session_key(
            self.session_key) else None
        if found is None:
            self._session_key = None
            return None
        session_data, person_id, person, memberships = found
        if person_id is not None:
            self.person_and_memberships = (person_id, person, memberships)
        return _Row(session_data)


class _Row:
    """What DatabaseStore.load reads of a session row."""

    def __init__(self, session_data):
        self.session_data = session_data
